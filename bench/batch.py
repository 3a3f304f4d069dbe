"""Batch: parallel speed-up and flat memory.

1. 200 distinct pages, text outputs only (txt, md, json; then also the default set, which
   adds the HTML handout): `plainhealth convert DIR --jobs 2` beside
   `--jobs 1` (the baseline), same run, best of five each (three for the other sets; the
   host's speed varies from run to run). The pages are the 88 dev pages,
   the 4 samples and 108 pages made from Cochrane abstracts. A set that repeats pages flatters
   the serial run: one process meets each repeat with its caches warm (sentence splits,
   htmldate's date cache), where two workers split the repeats between them. A library's
   collection holds no exact copies; the figure for the 92 pages repeated is shown too.
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

from _common import abstract_pages, dev_pages, line

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5
"""Runs of each side for the main figure (the host's speed varies from run to run)."""
RUNS_OTHERS = 3
TEXT = "txt,md,json"
DEFAULT = "txt,md,json,html"
"""What `convert --no-audio` writes when no -f is given (the handout included)."""


def real_pages() -> list[tuple[str, bytes]]:
    return dev_pages() + [(p.stem, p.read_bytes())
                          for p in sorted((ROOT / "samples").glob("*.html"))]


def make_pages(folder: Path, count: int, distinct: bool = True) -> None:
    pages = real_pages() + (abstract_pages() if distinct else [])
    for i in range(count):
        name, html = pages[i % len(pages)]
        (folder / f"{i:05d}-{name}.html").write_bytes(html)


def run(folder: Path, out: Path, jobs: int, formats: str = TEXT) -> tuple[float, float]:
    """Wall seconds, and the largest peak RSS (MB) of any process of one batch conversion."""
    command = [sys.executable, "-m", "plainhealth", "convert", str(folder), "-o", str(out),
               "-f", formats, "--no-audio", "--jobs", str(jobs), "-q", "--force"]
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, _status, usage = os.wait4(child.pid, 0)
    child.returncode = 0
    return time.perf_counter() - started, usage.ru_maxrss / 1024


def speed_up(folder: Path, out: Path, label: str, formats: str = TEXT,
             runs: int = RUNS) -> float:
    """Best of ``runs`` for each, alternating; returns the peak RSS of the --jobs 2 runs."""
    serial, parallel, rss = [], [], 0.0
    for _ in range(runs):
        serial.append(run(folder, out / "1", 1, formats)[0])
        seconds, peak = run(folder, out / "2", 2, formats)
        parallel.append(seconds)
        rss = max(rss, peak)
    print(line(f"{label}: --jobs 2 wall time", min(parallel), "s", "--jobs 1", min(serial)))
    print(f"  speed-up {min(serial) / min(parallel):.2f}x (each run: "
          + ", ".join(f"{s / p:.2f}" for s, p in zip(serial, parallel, strict=True)) + ")")
    return rss


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        small, repeated, large = Path(tmp) / "200", Path(tmp) / "rep", Path(tmp) / "2000"
        for folder in (small, repeated, large):
            folder.mkdir()
        make_pages(small, 200)
        make_pages(repeated, 200, distinct=False)
        make_pages(large, 2000)
        distinct = len({p.name.split("-", 1)[1] for p in small.iterdir()})
        print(f"batch: text outputs, {os.cpu_count()} cores, best of {RUNS} "
              f"({RUNS_OTHERS} for the other sets)")
        rss_small = speed_up(small, Path(tmp) / "out", f"200 pages ({distinct} distinct)")
        speed_up(small, Path(tmp) / "out", "same, default outputs (with html)", DEFAULT,
                 runs=RUNS_OTHERS)
        speed_up(repeated, Path(tmp) / "out", "200 pages (92 repeated)", runs=RUNS_OTHERS)
        _, rss_large = run(large, Path(tmp) / "out3", 2)
        print(line("peak RSS, 2,000 pages, --jobs 2", rss_large, "MB", "200 pages", rss_small))


if __name__ == "__main__":
    main()
