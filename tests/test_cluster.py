"""`convert --cluster`: a batch on a real local Dask cluster (a scheduler and two worker
processes on 127.0.0.1, started here), with its faults: a worker killed in the middle of an
item, Ctrl-C, an unreachable scheduler, a worker that does not share the folders, and no
Dask installed at all."""

from __future__ import annotations

import csv
import os
import pty
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import psutil
import pytest
from click.testing import CliRunner

from conftest import require_engine
from plainhealth.cli import main
from plainhealth.cluster import ClusterError, scheduler_address
from plainhealth.output import remove_abandoned_stages, staging
from plainhealth.speech.system import EspeakEngine

TOPICS = [
    ("Sore throat", "Most sore throats get better on their own in about a week.",
     "Drink warm fluids and rest. See a doctor if you cannot swallow or have a high fever."),
    ("Heartburn", "Heartburn is a burning feeling in the chest after eating.",
     "Eat smaller meals and do not lie down for 3 hours after a meal."),
    ("Sprained ankle", "A sprain happens when the ankle rolls and the ligaments stretch.",
     "Rest it and raise it. Do not walk on it if the pain is very bad."),
    ("Head lice", "Head lice are tiny insects that live in hair. They are common in children.",
     "Comb wet hair with a fine comb every 3 days for 2 weeks."),
    ("Hay fever", "Hay fever makes you sneeze and gives you itchy eyes in spring and summer.",
     "Keep windows shut when pollen counts are high and shower after being outside."),
    ("Nosebleeds", "Nosebleeds look alarming but are rarely serious.",
     "Pinch the soft part of the nose for 10 minutes. Get help if it does not stop in 20 "
     "minutes."),
    ("Earwax", "Earwax keeps the ears clean and usually falls out by itself.",
     "Do not push cotton buds into the ear; they can press the wax deeper."),
    ("Hiccups", "Hiccups are common and most last only a few minutes.",
     "See a doctor if hiccups last longer than 2 days."),
]


def page(title: str, first: str, second: str) -> str:
    return ("<!doctype html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>{title} | Community Health</title></head><body><nav><a href='/'>Home</a>"
            f" <a href='/a-z'>A to Z</a></nav><main><article><h1>{title}</h1><p>{first} It "
            f"is one of the most common reasons people ask for advice.</p><h2>What to do</h2>"
            f"<p>{second}</p></article></main><footer>Community Health 2026</footer>"
            "</body></html>")


def make_pages(folder: Path, count: int = len(TOPICS)) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    pages = []
    for i, topic in enumerate(TOPICS[:count]):
        path = folder / f"{i:02d}-{topic[0].lower().replace(' ', '-')}.html"
        path.write_text(page(*topic), encoding="utf-8")
        pages.append(path)
    return pages


def cli(*args: str, cwd: Path | None = None, stderr: int | None = None,
        timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """The real command in its own process, as a librarian runs it."""
    return subprocess.run([sys.executable, "-m", "plainhealth", *args], cwd=cwd, text=True,
                          stdout=subprocess.PIPE, stderr=stderr or subprocess.PIPE,
                          timeout=timeout, check=False)


def leftovers(folder: Path) -> list[str]:
    """Hidden staging folders and .part files: what an interrupted item could leave."""
    return sorted(p.name for p in folder.rglob("*") if p.name.startswith("."))


# ---- the local cluster ------------------------------------------------------------------

class LocalCluster:
    """``dask scheduler`` and ``dask worker`` processes on 127.0.0.1 (workers without a
    nanny, one thread each: a worker killed here stays dead)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.processes: list[subprocess.Popen[bytes]] = []
        scheduler = self._start("scheduler", "distributed.cli.dask_scheduler", "--host",
                                "127.0.0.1", "--port", "0", "--no-dashboard")
        self.address = self._wait_for(scheduler, r"Scheduler at:\s+(tcp://\S+)")
        self.workers = [self.start_worker() for _ in range(2)]

    def start_worker(self, *wrapper: str, threads: int = 1) -> subprocess.Popen[bytes]:
        name = f"worker-{len(self.processes)}"
        worker = self._start(name, "distributed.cli.dask_worker", self.address, "--nthreads",
                             str(threads), "--no-nanny", "--no-dashboard", "--host", "127.0.0.1",
                             "--local-directory", str(self.folder / name), wrapper=wrapper)
        self._wait_for(worker, r"Registered to:\s+(tcp://\S+)")
        return worker

    def _start(self, name: str, module: str, *args: str,
               wrapper: tuple[str, ...] = ()) -> subprocess.Popen[bytes]:
        log = self.folder / f"{name}.log"
        with log.open("wb") as handle:
            process = subprocess.Popen([*wrapper, sys.executable, "-m", module, *args],
                                       cwd=self.folder, stdout=handle,
                                       stderr=subprocess.STDOUT)
        process.log = log  # type: ignore[attr-defined]
        self.processes.append(process)
        return process

    @staticmethod
    def _wait_for(process: subprocess.Popen[bytes], pattern: str) -> str:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            found = re.search(pattern, process.log.read_text())  # type: ignore[attr-defined]
            if found:
                return found.group(1)
            time.sleep(0.1)
        raise AssertionError(process.log.read_text())  # type: ignore[attr-defined]

    def replace_dead_workers(self) -> None:
        for i, worker in enumerate(self.workers):
            if worker.poll() is not None:
                self.workers[i] = self.start_worker()

    def close(self) -> None:
        for process in self.processes:
            process.kill()  # what a test leaves running is of no further use
            process.wait()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalCluster]:
    local = LocalCluster(tmp_path_factory.mktemp("cluster"))
    try:
        yield local
    finally:
        local.close()


# ---- a page a worker is fetching when it is killed ------------------------------------

class HeldPage:
    """A real HTTP server on 127.0.0.1 whose page can be held: the first request waits,
    so that the test knows which worker is in the middle of that item."""

    def __init__(self) -> None:
        self.hold = False
        self.arrived = threading.Event()
        self.release = threading.Event()
        held = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if held.hold and not held.arrived.is_set():
                    held.arrived.set()
                    held.release.wait(30)
                body = page("Back pain", "Back pain is common and usually gets better.",
                            "Keep moving gently. Get help at once if your legs go numb.")
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body.encode())))
                self.end_headers()
                self.wfile.write(body.encode())

            def date_time_string(self, timestamp: float | None = None) -> str:
                return "Mon, 02 Mar 2026 10:00:00 GMT"  # the same report on any day

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/back-pain.html"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def fetcher(self, processes: list[subprocess.Popen[bytes]]) -> subprocess.Popen[bytes]:
        """The process whose connection the held request came on."""
        for process in processes:
            for connection in psutil.Process(process.pid).net_connections(kind="tcp"):
                if connection.raddr and connection.raddr.port == self.port:
                    return process
        raise AssertionError("no worker is fetching the held page")

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


def read_terminal(master: int, into: list[bytes]) -> None:
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            return
        if not chunk:
            return
        into.append(chunk)


def test_a_cluster_batch_matches_a_local_serial_run_though_a_worker_dies(
        cluster: LocalCluster, tmp_path: Path) -> None:
    """A folder, a URL and broken items on two workers; the worker fetching the URL is
    killed in the middle of it: the item is done again on the other worker, the broken ones
    fail alone (exit 1, errors in both indexes), a progress bar counts them, nothing hidden
    is left, and every file is byte for byte what a local `--jobs 1` run makes."""
    make_pages(tmp_path / "in")
    (tmp_path / "in" / "empty.html").write_text("")
    (tmp_path / "in" / "photo.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    held = HeldPage()
    try:
        sources = [held.url, "in"]
        local = cli("convert", *sources, "-o", "serial", "--jobs", "1", "--no-audio",
                    cwd=tmp_path)
        assert local.returncode == 1
        held.hold = True
        master, terminal = pty.openpty()  # stderr on a terminal: the progress bar shows
        run = subprocess.Popen(
            [sys.executable, "-m", "plainhealth", "convert", *sources, "-o", "cluster",
             "--no-audio", "--cluster", cluster.address],
            cwd=tmp_path, stdout=subprocess.PIPE, stderr=terminal)
        os.close(terminal)
        screen: list[bytes] = []
        reader = threading.Thread(target=read_terminal, args=(master, screen))
        reader.start()
        assert held.arrived.wait(60), "the held page was never asked for"
        victim = held.fetcher(cluster.workers)
        victim.send_signal(signal.SIGKILL)
        victim.wait()
        held.release.set()
        stdout, _ = run.communicate(timeout=120)
        reader.join(10)
        os.close(master)
    finally:
        held.close()
        cluster.replace_dead_workers()
    assert run.returncode == 1
    bar = b"".join(screen).decode()
    assert "converting (2 failed)" in bar
    assert "11/11" in bar
    assert f"Error: {Path('in', 'empty.html')}: is empty; there is no page to convert" in bar
    serial, parallel = tmp_path / "serial", tmp_path / "cluster"
    names = sorted(p.name for p in serial.iterdir())
    assert names == sorted(p.name for p in parallel.iterdir())
    assert len(names) == 2 + 9 * 4  # the indexes, and 4 files for each item converted
    for name in names:
        assert (parallel / name).read_bytes() == (serial / name).read_bytes(), name
    assert stdout.decode().count("\n") == 9 * 4  # the files written, one a line
    rows = list(csv.DictReader((parallel / "index.csv").read_text().splitlines()))
    assert [r["status"] for r in rows].count("failed") == 2
    assert rows[0]["source"] == held.url and rows[0]["status"] == "converted"
    assert "11 items, 2 failed." in (parallel / "index.html").read_text()
    assert leftovers(parallel) == []


def test_ctrl_c_stops_the_workers_leaves_nothing_partial_and_a_rerun_finishes(
        cluster: LocalCluster, tmp_path: Path) -> None:
    """Ctrl-C in the middle of a batch with audio: no item starts after it, those being
    made finish whole, the command stops; nothing half-made is left, and a rerun with
    --skip-existing converts only the rest."""
    require_engine(EspeakEngine())
    make_pages(tmp_path / "in")
    out = tmp_path / "out"
    command = ["convert", str(tmp_path / "in"), "-o", str(out), "--engine", "system",
               "--cluster", cluster.address]
    run = subprocess.Popen([sys.executable, "-m", "plainhealth", *command],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 90
    while len(list(out.glob("*.json"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    run.send_signal(signal.SIGINT)
    stopped = time.monotonic()
    _, stderr = run.communicate(timeout=60)
    assert time.monotonic() - stopped < 30
    assert run.returncode == 1
    assert stderr.endswith("Aborted!\n")
    assert "Stopping: waiting for the items being converted on the workers to finish" in stderr
    made = {p.stem for p in out.glob("*.json")}
    time.sleep(2)  # the workers have stopped: nothing more appears
    assert {p.stem for p in out.glob("*.json")} == made
    assert 2 <= len(made) < len(TOPICS)
    assert leftovers(out) == []
    for stem in {p.stem for p in out.iterdir()}:
        assert sorted(p.suffix for p in out.iterdir() if p.stem == stem) == [
            ".html", ".json", ".md", ".mp3", ".txt", ".vtt"], stem  # no WAV unless asked
    stamps = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    rerun = cli(*command, "--skip-existing")
    assert rerun.returncode == 0, rerun.stderr
    assert len(list(out.glob("*.mp3"))) == len(TOPICS)
    assert all((out / name).stat().st_mtime_ns == stamp for name, stamp in stamps.items())
    rows = list(csv.DictReader((out / "index.csv").read_text().splitlines()))
    assert [r["status"] for r in rows].count("skipped") == len(made)
    assert all(float(r["audio_seconds"]) > 5 for r in rows)


def test_a_worker_that_does_not_share_the_output_folder_stops_the_run_before_it_starts(
        cluster: LocalCluster, tmp_path: Path) -> None:
    """A worker that would write to a disk of its own (here: its own mount over the
    folder) would scatter the outputs: the run refuses, naming the worker, and sends
    nothing out. That worker's second thread, which would sit idle, is pointed out too."""
    out = tmp_path / "out"
    out.mkdir()
    apart = cluster.start_worker("unshare", "--mount", "--propagation", "private", "sh", "-c",
                                 f"mount -t tmpfs none {out} && exec \"$0\" \"$@\"",
                                 threads=2)
    try:
        make_pages(tmp_path / "in", 2)
        result = cli("convert", str(tmp_path / "in"), "-o", str(out), "--no-audio",
                     "--cluster", cluster.address)
    finally:
        apart.terminate()
        apart.wait()
    assert result.returncode == 1
    assert re.fullmatch(
        r"Warning: 1 of the workers run several threads, but each converts one item at a "
        r"time; start workers with --nthreads 1, one process a core \(--nworkers -1\)\n"
        rf"Error: worker tcp://127\.0\.0\.1:\d+ does not see {re.escape(str(out))}; run from "
        r"a folder, and write to an output folder, that every worker shares under the same "
        r"path\n", result.stderr)
    assert list(out.iterdir()) == []


def test_a_scheduler_without_plainhealth_is_refused_before_anything_is_sent(
        tmp_path: Path) -> None:
    """The scheduler reads every task, so it needs plainhealth installed too: said at
    once, naming the install step, rather than as an error for every item."""
    log = tmp_path / "scheduler.log"
    with log.open("wb") as handle:
        scheduler = subprocess.Popen(
            [sys.executable, "-c", "import sys; sys.modules['plainhealth'] = None; "
             "from distributed.cli.dask_scheduler import main; main()", "--host",
             "127.0.0.1", "--port", "0", "--no-dashboard"],
            cwd=tmp_path, stdout=handle, stderr=subprocess.STDOUT)
    scheduler.log = log  # type: ignore[attr-defined]
    try:
        address = LocalCluster._wait_for(scheduler, r"Scheduler at:\s+(tcp://\S+)")
        make_pages(tmp_path / "in", 2)
        result = cli("convert", str(tmp_path / "in"), "-o", str(tmp_path / "out"),
                     "--no-audio", "--cluster", address)
    finally:
        scheduler.kill()
        scheduler.wait()
    assert result.returncode == 1
    assert re.fullmatch(rf"Error: {address}: the scheduler cannot run plainhealth \(.*"
                        r"plainhealth.*\); install plainhealth \S+ with its \[cluster\] "
                        r"extra where `dask scheduler` runs too\n", result.stderr)
    assert not (tmp_path / "out").exists()


def test_an_unreachable_scheduler_is_a_clear_error_within_ten_seconds(tmp_path: Path) -> None:
    """Nothing listens at the address: the command says so, and what to check, at once."""
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    make_pages(tmp_path / "in", 2)
    started = time.monotonic()
    result = cli("convert", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--no-audio",
                 "--cluster", f"127.0.0.1:{port}")
    assert time.monotonic() - started < 10
    assert result.returncode == 1
    assert result.stderr == (
        f"Error: tcp://127.0.0.1:{port}: cannot reach the Dask scheduler (connection "
        "refused); check the address, and that `dask scheduler` is running there and its "
        "port is open\n")
    assert not (tmp_path / "out").exists()


def test_without_the_cluster_extra_the_option_names_the_install_step(tmp_path: Path) -> None:
    """Where Dask is not installed, --cluster says how to get it (and converts nothing)."""
    make_pages(tmp_path / "in", 2)
    result = subprocess.run(
        [sys.executable, "-c", "import sys; sys.modules['distributed'] = None; "
         "from plainhealth.cli import main; main()", "convert", str(tmp_path / "in"), "-o",
         str(tmp_path / "out"), "--no-audio", "--cluster", "tcp://127.0.0.1:8786"],
        capture_output=True, text=True, check=False, timeout=60)
    assert result.returncode == 1
    assert result.stderr == ("Error: --cluster needs Dask's distributed scheduler, an optional "
                             "part of plainhealth: pip install 'plainhealth[cluster]'\n")
    assert not (tmp_path / "out").exists()


def test_jobs_and_cluster_together_is_a_usage_error(tmp_path: Path) -> None:
    """The workers decide how many items run at once; --jobs beside --cluster is a mistake."""
    make_pages(tmp_path / "in", 2)
    result = CliRunner().invoke(main, ["convert", str(tmp_path / "in"), "--jobs", "4",
                                       "--cluster", "tcp://127.0.0.1:8786"])
    assert result.exit_code == 2
    assert ("Error: --jobs and --cluster: the cluster's workers decide how many items run "
            "at once; drop --jobs") in result.stderr


@pytest.mark.parametrize(("typed", "address"), [
    ("head", "tcp://head:8786"),
    ("10.1.2.3:9000", "tcp://10.1.2.3:9000"),
    (" tls://head.example.org:8786 ", "tls://head.example.org:8786"),
    ("[::1]:8786", "tcp://[::1]:8786"),
])
def test_a_scheduler_address_gets_its_scheme_and_port(typed: str, address: str) -> None:
    """A host alone means Dask's default port, over TCP."""
    assert scheduler_address(typed) == address


def test_a_malformed_scheduler_address_is_refused() -> None:
    with pytest.raises(ClusterError) as error:
        scheduler_address("http://head:8786/status")
    assert str(error.value) == (
        "http://head:8786/status: not a scheduler address; give tcp://HOST:PORT (for example "
        "tcp://scheduler.example.org:8786)")


def test_only_this_hosts_abandoned_staging_folders_are_removed(tmp_path: Path) -> None:
    """In a folder that several machines share, a staging folder of another machine's
    process is never taken for abandoned: its process id means nothing here."""
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    with staging(tmp_path, "mine") as stage:
        host = stage.name.split("-")[1].partition(".")[2]  # .plainhealth-PID.HOST-mine-…
        ours = tmp_path / f".plainhealth-{gone.pid}.{host}-mine-abc123"
        ours.mkdir()
        theirs = tmp_path / f".plainhealth-{gone.pid}.0badc0de-theirs-abc123"
        theirs.mkdir()
        remove_abandoned_stages(tmp_path)
        assert stage.exists()  # in use: our process is alive
    assert not ours.exists()
    assert theirs.exists()
