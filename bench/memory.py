"""Peak RSS: converting the kratom sample (text only), and a 50 MB page.

Each run is a fresh process; peak RSS comes from the kernel (ru_maxrss of the child).
Baseline: a process that only imports plainhealth's pipeline.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import ROOT, line

KRATOM = ROOT / "samples" / "kratom-chronic-pain.html"


def peak_mb(code: str) -> tuple[float, str]:
    """Run ``code`` in a fresh interpreter; its own peak RSS in MB and its last stderr line."""
    with tempfile.TemporaryFile("w+") as err:
        child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.DEVNULL,
                                 stderr=err)
        _pid, _status, usage = os.wait4(child.pid, 0)
        child.returncode = 0  # reaped by wait4; stop Popen from waiting again
        err.seek(0)
        lines = err.read().strip().splitlines()
    return usage.ru_maxrss / 1024, lines[-1] if lines else ""


def main() -> None:
    imports, _ = peak_mb("import plainhealth.pipeline, trafilatura")
    kratom, _ = peak_mb(f"from plainhealth import convert; convert({str(KRATOM)!r})")
    print("memory: peak RSS of a fresh process")
    print(line("convert kratom sample (no audio)", kratom, "MB", "imports only", imports))
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big.html"
        paragraph = KRATOM.read_text(encoding="utf-8").split("<main", 1)[1][:6000]
        with big.open("w", encoding="utf-8") as out:
            out.write("<html lang='en'><body><main>")
            while out.tell() < 50 * 1024 * 1024:
                out.write(paragraph)
            out.write("</main></body></html>")
        refused, message = peak_mb(
            "from plainhealth import convert\n"
            "from plainhealth.errors import PlainhealthError\n"
            f"try:\n    convert({str(big)!r})\n"
            "except PlainhealthError as e:\n    import sys; print(e, file=sys.stderr)\n")
        print(line("50 MB page, default 10 MB cap", refused, "MB", "imports only", imports))
        print(f"  -> {message}")
        code = ("from plainhealth import convert\nfrom plainhealth.models import Options, Limits\n"
                f"r = convert({str(big)!r}, Options(limits=Limits(max_bytes=60 * 2**20)))\n"
                "import sys; print(r.before.document.words, 'words', file=sys.stderr)\n")
        allowed, message = peak_mb(code)
        print(line("50 MB page, cap raised to 60 MB", allowed, "MB", "imports only", imports))
        print(f"  -> {message}")


if __name__ == "__main__":
    main()
