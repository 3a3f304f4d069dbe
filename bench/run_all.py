"""Run every benchmark in this folder (`make bench`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent


def main() -> None:
    for script in sorted(HERE.glob("[a-z]*.py")):
        if script.name == "run_all.py":
            continue
        print(f"== {script.stem}", flush=True)
        subprocess.run([sys.executable, str(script)], check=True, cwd=HERE)


if __name__ == "__main__":
    main()
