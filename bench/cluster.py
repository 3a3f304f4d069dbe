"""Cluster: the same batch on a local two-worker Dask cluster against `--jobs 2`.

1. 200 distinct pages (the 88 dev pages, the 4 samples and 108 pages made from Cochrane
   abstracts, as batch.py), the default text outputs (txt, md, json and the html
   handout), no audio.
2. 20 dev pages with audio (the system engine, espeak-ng: WAV, MP3 and captions besides).

Both sides are the `plainhealth convert` command on the same machine in the same run,
alternating, best of five (and the median of the runs' ratios, the host's speed varying):
`--jobs 2` (the baseline) and `--cluster ADDRESS` on a scheduler and two worker processes
of one thread each on 127.0.0.1. The cluster is
started before timing, as a consortium's would be running already; its first run (workers
loading the glossary, rules and word lists) is shown on its own. The overhead is the
cluster's time over the baseline's, less one (the goal: at most 10%), in wall time and in
CPU time (every process at work: the command, its worker processes, the scheduler and
the cluster's workers; steadier than wall time on a shared host, and what the extra
machinery costs). The per-item cost is worker-seconds per page: the wall time × 2
workers / pages.

    .venv/bin/python bench/cluster.py
"""

from __future__ import annotations

import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

from _common import abstract_pages, dev_pages, line
from batch import make_pages

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5
WORKERS = 2


class Cluster:
    """`dask scheduler` and two `dask worker` processes, until closed."""

    def __init__(self, folder: Path) -> None:
        from distributed import Client

        scheduler_file = folder / "scheduler.json"
        self.processes = [self._start(folder, "distributed.cli.dask_scheduler", "--host",
                                      "127.0.0.1", "--port", "0", "--no-dashboard",
                                      "--scheduler-file", str(scheduler_file))]
        while not scheduler_file.exists():
            time.sleep(0.1)
        time.sleep(0.2)  # written whole
        self.address = json.loads(scheduler_file.read_text())["address"]
        self.processes += [self._start(folder, "distributed.cli.dask_worker", self.address,
                                       "--nthreads", "1", "--no-nanny", "--no-dashboard",
                                       "--host", "127.0.0.1", "--local-directory",
                                       str(folder / f"worker-{i}")) for i in range(WORKERS)]
        with Client(self.address, set_as_default=False) as client:
            client.wait_for_workers(WORKERS, timeout=120)

    @staticmethod
    def _start(folder: Path, module: str, *args: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen([sys.executable, "-m", module, *args], cwd=folder,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def cpu(self) -> float:
        """CPU seconds the scheduler and workers (and their children: the MP3 encoders)
        have used so far."""
        return sum(sum(psutil.Process(p.pid).cpu_times()[:4]) for p in self.processes)

    def close(self) -> None:
        for process in self.processes:
            process.kill()
            process.wait()


def run(folder: Path, out: Path, where: list[str], audio: bool,
        cluster: Cluster) -> tuple[float, float]:
    """Wall seconds of one `plainhealth convert` of ``folder``, and the CPU seconds of
    every process at work: the command and its children, and the cluster's processes."""
    sound = ["--engine", "system"] if audio else ["--no-audio"]
    command = [sys.executable, "-m", "plainhealth", "convert", str(folder), "-o", str(out),
               "-q", "--force", *sound, *where]
    before = cluster.cpu()
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode not in (0, 1):  # 1: some page failed, as it may on the dev set
        raise SystemExit(f"{' '.join(command)}: exit status {child.returncode}")
    return wall, usage.ru_utime + usage.ru_stime + cluster.cpu() - before


def compare(folder: Path, out: Path, cluster: Cluster, label: str, audio: bool) -> None:
    pages = len(list(folder.iterdir()))
    cold, _ = run(folder, out / "cold", ["--cluster", cluster.address], audio, cluster)
    local, remote = [], []
    for _ in range(RUNS):
        local.append(run(folder, out / "local", ["--jobs", str(WORKERS)], audio, cluster))
        remote.append(run(folder, out / "cluster", ["--cluster", cluster.address], audio,
                          cluster))
    for i, what in enumerate(("wall time", "CPU time")):
        there, here = [r[i] for r in remote], [r[i] for r in local]
        ratios = [r / j - 1 for r, j in zip(there, here, strict=True)]
        print(line(f"{label}: cluster {what}", min(there), "s", "--jobs 2", min(here)))
        print(f"  overhead {min(there) / min(here) - 1:+.1%}, median of the runs "
              f"{statistics.median(ratios):+.1%} (each run: "
              + ", ".join(f"{r:+.1%}" for r in ratios) + ")")
    print(f"  first cluster run {cold:.1f} s; per page: "
          f"{min(r[0] for r in remote) * WORKERS / pages:.2f} worker-seconds on the "
          f"cluster, {min(r[0] for r in local) * WORKERS / pages:.2f} with --jobs 2")
    sizes: dict[str, int] = {}
    for path in (out / "cluster").glob("*.*"):
        if not path.name.startswith("index."):
            sizes[path.suffix] = sizes.get(path.suffix, 0) + path.stat().st_size
    rows = list(csv.DictReader((out / "cluster" / "index.csv").read_text().splitlines()))
    spoken = [float(r["audio_seconds"]) for r in rows if r["audio_seconds"]]
    failed = sum(r["status"] == "failed" for r in rows)
    print(f"  {failed} of {pages} pages failed" + (
        f"; {sum(spoken) / len(spoken):.0f} s of speech a page" if spoken else ""))
    print("  output per page: " + ", ".join(
        f"{suffix[1:]} {size / pages / 1024:.0f} KB" for suffix, size in sorted(sizes.items())))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        text, audio = Path(tmp) / "text", Path(tmp) / "audio"
        text.mkdir()
        audio.mkdir()
        make_pages(text, 200)
        for i, (name, html) in enumerate(dev_pages()[:20]):
            (audio / f"{i:02d}-{name}.html").write_bytes(html)
        print(f"cluster: {WORKERS} workers on 127.0.0.1 vs --jobs {WORKERS}, best of {RUNS}"
              f" ({len(abstract_pages())} abstract pages available)")
        cluster = Cluster(Path(tmp))
        try:
            compare(text, Path(tmp) / "out-text", cluster, "200 pages, text", audio=False)
            compare(audio, Path(tmp) / "out-audio", cluster, "20 pages with audio",
                    audio=True)
        finally:
            cluster.close()


if __name__ == "__main__":
    main()
