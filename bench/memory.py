"""Peak RSS: converting the kratom sample (text only), a 50 MB page, and a page with
nearly the most text plainhealth converts (extract.MAX_TEXT).

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


def _convert_code(path: Path, max_mb: int | None = None) -> str:
    limits = f", Options(limits=Limits(max_bytes={max_mb} * 2**20))" if max_mb else ""
    return ("from plainhealth import convert\nfrom plainhealth.models import Options, Limits\n"
            "from plainhealth.errors import PlainhealthError\nimport sys\n"
            f"try:\n    r = convert({str(path)!r}{limits})\n"
            "    print(r.before.document.words, 'words converted', file=sys.stderr)\n"
            "except PlainhealthError as e:\n    print(e, file=sys.stderr)\n")


def main() -> None:
    imports, _ = peak_mb("import plainhealth.pipeline, trafilatura")
    kratom, _ = peak_mb(f"from plainhealth import convert; convert({str(KRATOM)!r})")
    print("memory: peak RSS of a fresh process")
    print(line("convert kratom sample (no audio)", kratom, "MB", "imports only", imports))
    html = KRATOM.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big.html"
        # Cut pieces of the real page, so tags stay open and the nesting runs deep: the
        # worst case for extraction.
        paragraph = html.split("<main", 1)[1][:6000]
        _write(big, "<html lang='en'><body><main>", paragraph, "</main></body></html>", 50)
        for label, cap in (("50 MB page, default 10 MB cap", None),
                           ("50 MB page, cap raised to 60 MB", 60)):
            peak, message = peak_mb(_convert_code(big, cap))
            print(line(label, peak, "MB", "imports only", imports))
            print(f"  -> {message}")
        # Nearly the most text a page may hold, in the same worst-case shape.
        most = Path(tmp) / "most.html"
        _write(most, "<html lang='en'><body><main>", paragraph, "</main></body></html>", 2.5)
        peak, message = peak_mb(_convert_code(most, 60))
        print(line("2.5 MB of it (just under MAX_TEXT of text)", peak, "MB", "imports only",
                   imports))
        print(f"  -> {message}")


def _write(path: Path, head: str, piece: str, tail: str, megabytes: float) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write(head)
        while out.tell() < megabytes * 1024 * 1024:
            out.write(piece)
        out.write(tail)


if __name__ == "__main__":
    main()
