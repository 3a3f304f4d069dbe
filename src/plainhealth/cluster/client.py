"""The client side of ``convert --cluster``: reach the scheduler, check its workers, send
the items out in tasks and gather their Outcomes."""

from __future__ import annotations

import dataclasses
import logging
import re
import socket
import time
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from distributed import Client, Future, as_completed
from distributed.scheduler import KilledWorker

from plainhealth.batch import Item, Job, check_item
from plainhealth.cluster import worker
from plainhealth.cluster.worker import Task, failed
from plainhealth.errors import PlainhealthError
from plainhealth.files import write_atomic
from plainhealth.models import Outcome
from plainhealth.output import remove_abandoned_stages
from plainhealth.version import __version__

DEFAULT_PORT = 8786
REACH_TIMEOUT = 4.0
"""Seconds for the scheduler's port to accept a connection (refused: said at once)."""
CONNECT_TIMEOUT = 10.0
"""Seconds for what listens there to answer as a Dask scheduler."""
WORKER_TIMEOUT = 10.0
"""Seconds to wait for a first worker on a scheduler that has none."""
RECOUNT = 5.0
"""Seconds between counts of the cluster's worker threads (workers come and go)."""
TASK_SECONDS = 0.5
"""Work a task should hold: Dask's few milliseconds a task then cost ~1%. Items that take
longer go one a task; quicker ones (text only) several, as many as the run's measured
seconds an item fit, at most MAX_ITEMS."""
MAX_ITEMS = 16
_ADDRESS = re.compile(r"(?:(tcp|tls)://)?([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::(\d{1,5}))?")

log = logging.getLogger("plainhealth")
Done = Future[tuple[tuple[Outcome | None, ...], float]]


class ClusterError(PlainhealthError):
    """The cluster could not be reached, or cannot convert this batch as asked."""


def scheduler_address(text: str) -> str:
    """``tcp://HOST:PORT`` from what a user typed (``HOST``, ``HOST:PORT`` or a full one)."""
    match = _ADDRESS.fullmatch(text.strip())
    if not match:
        raise ClusterError(f"{text}: not a scheduler address; give tcp://HOST:PORT "
                           f"(for example tcp://scheduler.example.org:{DEFAULT_PORT})")
    scheme, host, port = match.groups()
    return f"{scheme or 'tcp'}://{host}:{port or DEFAULT_PORT}"


class Cluster:
    """A connection to a Dask scheduler; called with (items, job), it converts them on the
    scheduler's workers (a :data:`plainhealth.batch.Runner`). Use it as a context manager:
    leaving it stops the run cleanly however it ends."""

    def __init__(self, address: str) -> None:
        self.address = scheduler_address(address)
        self._client = _connect(self.address)
        self._run = uuid.uuid4().hex
        self._done = as_completed(loop=self._client.loop)
        self._in_flight: dict[Done, Task] = {}
        self._threads, self._counted = 0, -RECOUNT
        self._spent, self._made = 0.0, 0
        self._plugin: str | None = None
        self._out_dir: Path | None = None

    def __enter__(self) -> Cluster:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        try:
            if self._in_flight:  # interrupted (Ctrl-C) or failed: let nothing new start
                self._halt()
            self._tidy()
        finally:
            self._client.close()

    def __call__(self, items: Sequence[Item], job: Job) -> Iterator[Outcome]:
        cwd = str(Path.cwd())
        self._prepare(job, cwd)
        checked = dataclasses.replace(job, force=True, skip_existing=False)
        batch: list[Item] = []
        for item in items:
            ready = check_item(item, job)  # --skip-existing and refusals, answered here
            if ready is not None:
                yield ready
                continue
            batch.append(item)
            if len(batch) >= self._items_a_task():
                self._submit(Task(tuple(batch), job, checked, cwd, self._run))
                batch = []
                while len(self._in_flight) >= self._window():
                    yield from self._outcomes(next(self._done))
        if batch:
            self._submit(Task(tuple(batch), job, checked, cwd, self._run))
        for future in self._done:
            yield from self._outcomes(future)

    def _prepare(self, job: Job, cwd: str) -> None:
        """Check every worker can do the job as named here; warm each one up."""
        self._out_dir = Path(cwd, job.out_dir)
        _check_workers(self._client, cwd, self._out_dir)
        name = f"plainhealth-warm-up-{self._run}"
        self._client.register_plugin(worker.WarmUp(job.options, cwd), name=name)
        self._plugin = name

    def _submit(self, task: Task) -> None:
        future = self._client.submit(worker.convert_task, task, pure=False,
                                     key=f"plainhealth-{self._run}-{task.items[0].position}")
        self._in_flight[future] = task
        self._done.add(future)

    def _items_a_task(self) -> int:
        """One a task until the run has measured what an item takes; then what fits."""
        if self._made < 2 * max(self._threads, 1):
            return 1
        return max(1, min(MAX_ITEMS, round(TASK_SECONDS * self._made / max(self._spent, 1e-6))))

    def _window(self) -> int:
        """Tasks in flight: two per worker thread (one converting, one ready to start)."""
        if time.monotonic() - self._counted >= RECOUNT:
            self._threads = sum(self._client.nthreads().values())
            self._counted = time.monotonic()
            if not self._threads:
                log.warning("Warning: %s: the cluster has no workers left; waiting for one "
                            "to join (Ctrl-C to stop)", self.address)
        return max(2 * self._threads, 2)

    def _outcomes(self, future: Done) -> list[Outcome]:
        task = self._in_flight.pop(future)
        try:
            outcomes, seconds = future.result()
        except KilledWorker as error:
            if len(task.items) > 1:  # which item stops workers? each on its own, then
                for item in task.items:
                    self._submit(dataclasses.replace(task, items=(item,)))
                return []
            return [failed(task.items[0], f"the worker converting it stopped "
                                          f"{error.allowed_failures + 1} times (it crashed or "
                                          "ran out of memory); it was not converted")]
        except Exception as error:  # the scheduler lost it: say so, keep going
            return [failed(item, f"the cluster lost it ({type(error).__name__}: {error}); "
                                 "run again with --skip-existing to convert it")
                    for item in task.items]
        self._spent, self._made = self._spent + seconds, self._made + len(task.items)
        return [outcome or failed(item, "stopped before it began")
                for item, outcome in zip(task.items, outcomes, strict=True)]

    def _halt(self) -> None:
        """No item starts from now on; those being converted finish and publish whole."""
        self._client.run(worker.stop, self._run, on_error="ignore")
        log.warning("Stopping: waiting for the items being converted on the workers to "
                    "finish (Ctrl-C again to leave them; they still publish whole)")
        for _finished in as_completed(list(self._in_flight), loop=self._client.loop):
            pass
        self._in_flight.clear()

    def _tidy(self) -> None:
        """Remove what workers killed mid-item left (each host clears its own), and
        this run's plugin and stop flag from the workers."""
        if self._out_dir is not None:
            self._client.run(remove_abandoned_stages, self._out_dir, on_error="ignore")
            remove_abandoned_stages(self._out_dir)
        if self._plugin is not None:
            self._client.unregister_worker_plugin(self._plugin)
        self._client.run(worker.forget, self._run, on_error="ignore")


def _connect(address: str) -> Client:
    _reach(address)
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except OSError:
        raise ClusterError(f"{address}: what listens there did not answer as a Dask "
                           f"scheduler within {CONNECT_TIMEOUT:g} s; check the address "
                           "and port") from None
    try:
        _check_scheduler(client, address)
        client.wait_for_workers(1, timeout=WORKER_TIMEOUT)
    except TimeoutError:
        client.close()
        raise ClusterError(f"{address}: the scheduler has no workers; start some on each "
                           f"machine with `dask worker {address} --nthreads 1`") from None
    except ClusterError:
        client.close()
        raise
    return client


def _check_scheduler(client: Client, address: str) -> None:
    """The scheduler reads the tasks, so it needs this plainhealth too."""
    try:
        version = client.run_on_scheduler(worker.version)
    except Exception as error:  # whatever its environment raised
        problem = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise ClusterError(f"{address}: the scheduler cannot run plainhealth ({problem}); "
                           f"install plainhealth {__version__} with its [cluster] extra where "
                           "`dask scheduler` runs too") from None
    if version != __version__:
        raise ClusterError(f"{address}: the scheduler runs plainhealth {version} and this is "
                           f"{__version__}; install the same version there")


def _reach(address: str) -> None:
    """A ClusterError at once when nothing listens at ``address`` (Dask itself would keep
    trying until its time-out, as for a scheduler still starting)."""
    host, _, port = address.partition("://")[2].rpartition(":")
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=REACH_TIMEOUT).close()
    except OSError as error:
        reason = error.strerror or str(error) or "timed out"
        raise ClusterError(f"{address}: cannot reach the Dask scheduler ({reason.lower()}); "
                           "check the address, and that `dask scheduler` is running there "
                           "and its port is open") from None


def _check_workers(client: Client, cwd: str, out_dir: Path) -> None:
    """Every worker runs this plainhealth and sees the client's folders (a shared file
    system): else outputs would differ, or land on the workers' own disks."""
    marker = out_dir / f".plainhealth-cluster-check-{uuid.uuid4().hex}"
    write_atomic(marker, f"{socket.gethostname()}\n")
    try:
        views: dict[str, Any] = client.run(worker.view, cwd, str(marker), on_error="return")
    finally:
        marker.unlink(missing_ok=True)
    crowded = sum(threads > 1 for threads in client.nthreads().values())
    if crowded:
        log.warning("Warning: %d of the workers run several threads, but each converts one "
                    "item at a time; start workers with --nthreads 1, one process a core "
                    "(--nworkers -1)", crowded)
    for address, view in sorted(views.items()):
        if isinstance(view, BaseException):
            raise ClusterError(f"worker {address} cannot run plainhealth ({view}); install "
                               f"plainhealth {__version__} on every worker")
        version, sees_cwd, sees_out = view
        if version != __version__:
            raise ClusterError(f"worker {address} runs plainhealth {version} and this is "
                               f"{__version__}; install the same version on every worker")
        if not sees_cwd or not sees_out:
            missing = cwd if not sees_cwd else str(out_dir)
            raise ClusterError(f"worker {address} does not see {missing}; run from a folder, "
                               "and write to an output folder, that every worker shares "
                               "under the same path")
