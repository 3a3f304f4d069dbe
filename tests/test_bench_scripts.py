"""The benchmarks in bench/ still run against the code they measure: each script imports
(its helpers and the package names it uses exist), so `make bench` does not break silently
when the code moves (a shared helper renamed left three scripts failing at import)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"


def test_every_bench_script_imports() -> None:
    """Imports every bench/*.py as a module (their work runs only under __main__)."""
    names = sorted(p.stem for p in BENCH.glob("*.py"))
    assert len(names) >= 10
    code = ("import importlib, sys; sys.path.insert(0, sys.argv[1]); failed = []\n"
            "for name in sys.argv[2:]:\n"
            "    try: importlib.import_module(name)\n"
            "    except Exception as error: failed.append(f'{name}: {error!r}')\n"
            "print('\\n'.join(failed))")
    done = subprocess.run([sys.executable, "-c", code, str(BENCH), *names],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""
