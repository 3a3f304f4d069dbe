"""Batch: parallel speed-up and flat memory.

1. 200 pages (the dev pages and samples, repeated), text outputs only:
   `plainhealth convert DIR --jobs 2` beside `--jobs 1` (the baseline), same run.
2. Peak RSS for 2,000 pages beside 200 pages (the baseline), both with --jobs 2: it must
   not grow with the number of items. The figure is the largest peak of any one process of
   the run (the main process or a worker: what wait4 reports for a process tree).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import dev_pages, line

ROOT = Path(__file__).resolve().parent.parent


def make_pages(folder: Path, count: int) -> None:
    pages = dev_pages() + [(p.stem, p.read_bytes()) for p in (ROOT / "samples").glob("*.html")]
    for i in range(count):
        name, html = pages[i % len(pages)]
        (folder / f"{i:05d}-{name}.html").write_bytes(html)


def run(folder: Path, out: Path, jobs: int) -> tuple[float, float]:
    """Wall seconds, and the largest peak RSS (MB) of any process of one batch conversion."""
    command = [sys.executable, "-m", "plainhealth", "convert", str(folder), "-o", str(out),
               "-f", "txt,md,json", "--no-audio", "--jobs", str(jobs), "-q", "--force"]
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, _status, usage = os.wait4(child.pid, 0)
    child.returncode = 0
    return time.perf_counter() - started, usage.ru_maxrss / 1024


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        small, large = Path(tmp) / "200", Path(tmp) / "2000"
        small.mkdir()
        large.mkdir()
        make_pages(small, 200)
        make_pages(large, 2000)
        serial, _ = run(small, Path(tmp) / "out1", 1)
        parallel, rss_small = run(small, Path(tmp) / "out2", 2)
        print(f"batch: 200 pages, text outputs, {os.cpu_count()} cores")
        print(line("--jobs 2 wall time", parallel, "s", "--jobs 1", serial))
        print(f"  speed-up {serial / parallel:.2f}x")
        _, rss_large = run(large, Path(tmp) / "out3", 2)
        print(line("peak RSS, 2,000 pages, --jobs 2", rss_large, "MB", "200 pages", rss_small))


if __name__ == "__main__":
    main()
