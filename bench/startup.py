"""Start-up: `plainhealth --version` beside `python -c pass` (baseline), same run."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

from _common import line

RUNS = 15


def wall_ms(argv: list[str]) -> float:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    script = Path(sys.executable).parent / "plainhealth"
    baseline = wall_ms([sys.executable, "-c", "pass"])
    ours = wall_ms([str(script), "--version"])
    print(f"startup: median of {RUNS} runs")
    print(line("plainhealth --version", ours, "ms", "python -c pass", baseline))


if __name__ == "__main__":
    main()
