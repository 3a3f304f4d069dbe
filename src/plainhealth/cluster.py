"""Batch conversion on a Dask cluster: ``plainhealth convert SRC… --cluster tcp://HOST:8786``.

The workers run :func:`plainhealth.batch.convert_item`, the very function a local batch
runs, so an item has the same guarantees wherever it runs: it is made in a hidden staging
folder beside the outputs and published by atomic renames (its report last), and any
failure becomes its Outcome. The scheduler only decides where: an item whose worker dies
is sent to another worker. The guarantees come from the staging, not from the scheduler.

- Each worker process loads the glossary, rules and word lists once, when it joins (a
  worker plugin); every item it converts then reuses them.
- The client itself answers what needs no converting (``--skip-existing``, refusals) and
  sends the rest out, at most two per worker thread at a time, so memory stays flat.
- Ctrl-C: no item starts after it (an Event that each item checks before it begins);
  items being converted finish and publish whole; then the command stops.
- Paths are named as on the client, and workers convert from the client's working folder:
  the machines must share it, and the output folder, under the same paths. That is checked
  before anything is sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import os
import re
import socket
import threading
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from distributed import Client, Event, Future, as_completed
from distributed.diagnostics.plugin import WorkerPlugin
from distributed.scheduler import KilledWorker

from plainhealth.batch import Item, Job, check_item, convert_item
from plainhealth.errors import PlainhealthError
from plainhealth.files import write_atomic
from plainhealth.models import Options, Outcome
from plainhealth.output import remove_abandoned_stages
from plainhealth.pipeline import warm_up
from plainhealth.version import __version__

DEFAULT_PORT = 8786
REACH_TIMEOUT = 4.0
"""Seconds for the scheduler's port to accept a connection (refused: said at once)."""
CONNECT_TIMEOUT = 10.0
"""Seconds for what listens there to answer as a Dask scheduler."""
WORKER_TIMEOUT = 10.0
"""Seconds to wait for a first worker on a scheduler that has none."""
_ADDRESS = re.compile(r"(?:(tcp|tls)://)?([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::(\d{1,5}))?")

log = logging.getLogger("plainhealth")


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
        self._stop = Event(f"plainhealth-stop-{uuid.uuid4().hex}", client=self._client)
        self._in_flight: dict[Future[Outcome | None], Item] = {}
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
        # An item the client found free to make: on a worker, outputs under its name can
        # only be those an attempt killed while publishing left, to be replaced.
        sent = dataclasses.replace(job, force=True, skip_existing=False)
        done = as_completed(loop=self._client.loop)
        for item in items:
            ready = check_item(item, job)
            if ready is not None:
                yield ready
                continue
            future = self._client.submit(
                _convert_on_worker, item, sent if item.slug else job, cwd, self._stop.name,
                key=f"plainhealth-{self._stop.name[-32:]}-{item.position}", pure=False)
            self._in_flight[future] = item
            done.add(future)
            while len(self._in_flight) >= self._window():
                yield self._outcome(next(done))
        for future in done:
            yield self._outcome(future)

    def _prepare(self, job: Job, cwd: str) -> None:
        """Check every worker can do the job as named here; warm each one up."""
        self._out_dir = Path(cwd, job.out_dir)
        _check_workers(self._client, cwd, self._out_dir)
        plugin = _WarmUp(job.options, cwd)
        self._plugin = f"plainhealth-warm-up-{uuid.uuid4().hex}"
        self._client.register_plugin(plugin, name=self._plugin)

    def _window(self) -> int:
        """Items in flight: two per worker thread (one converting, one ready to start)."""
        threads: int = sum(self._client.nthreads().values())
        if not threads:
            log.warning("Warning: %s: the cluster has no workers left; waiting for one to join "
                        "(Ctrl-C to stop)", self.address)
        return max(2 * threads, 2)

    def _outcome(self, future: Future[Outcome | None]) -> Outcome:
        item = self._in_flight.pop(future)
        try:
            outcome: Outcome | None = future.result()
        except KilledWorker as error:
            return _failed(item, f"the worker converting it stopped {error.allowed_failures + 1} "
                                 "times (it crashed or ran out of memory); it was not converted")
        except Exception as error:  # the scheduler lost it: say so, keep going
            return _failed(item, f"the cluster lost it ({type(error).__name__}: {error}); "
                                 "run again with --skip-existing to convert it")
        return outcome or _failed(item, "stopped before it began")

    def _halt(self) -> None:
        """No item starts from now on; those being converted finish and publish whole."""
        self._stop.set()
        log.warning("Stopping: waiting for the items being converted on the workers to "
                    "finish (Ctrl-C again to leave them; they still publish whole)")
        for _finished in as_completed(list(self._in_flight), loop=self._client.loop):
            pass
        self._in_flight.clear()

    def _tidy(self) -> None:
        """Remove what workers killed mid-item left (each host clears its own), and
        this run's plugin and stop flag from the scheduler."""
        if self._out_dir is not None:
            self._client.run(remove_abandoned_stages, self._out_dir, on_error="ignore")
            remove_abandoned_stages(self._out_dir)
        if self._plugin is not None:
            with contextlib.suppress(ValueError):
                self._client.unregister_worker_plugin(self._plugin)
        self._stop.clear()


def _connect(address: str) -> Client:
    _reach(address)
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except OSError:
        raise ClusterError(f"{address}: what listens there did not answer as a Dask "
                           f"scheduler within {CONNECT_TIMEOUT:g} s; check the address "
                           "and port") from None
    try:
        client.wait_for_workers(1, timeout=WORKER_TIMEOUT)
    except TimeoutError:
        client.close()
        raise ClusterError(f"{address}: the scheduler has no workers; start some on each "
                           f"machine with `dask worker {address} --nthreads 1`") from None
    return client


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
        views: dict[str, Any] = client.run(_worker_view, cwd, str(marker), on_error="return")
    finally:
        marker.unlink(missing_ok=True)
    crowded = sum(threads > 1 for threads in client.nthreads().values())
    if crowded:
        log.warning("Warning: %d of the workers run several threads, but each converts one item at "
                    "a time; start workers with --nthreads 1, one process a core "
                    "(--nworkers -1)", crowded)
    for worker, view in sorted(views.items()):
        if isinstance(view, BaseException):
            raise ClusterError(f"worker {worker} cannot run plainhealth ({view}); install "
                               f"plainhealth {__version__} on every worker")
        version, sees_cwd, sees_out = view
        if version != __version__:
            raise ClusterError(f"worker {worker} runs plainhealth {version} and this is "
                               f"{__version__}; install the same version on every worker")
        if not sees_cwd or not sees_out:
            missing = cwd if not sees_cwd else str(out_dir)
            raise ClusterError(f"worker {worker} does not see {missing}; run from a folder, "
                               "and write to an output folder, that every worker shares "
                               "under the same path")


def _worker_view(cwd: str, marker: str) -> tuple[str, bool, bool]:
    """On a worker: its plainhealth version, and whether it sees the client's folders."""
    return __version__, Path(cwd).is_dir(), Path(marker).is_file()


_ONE_AT_A_TIME = threading.Lock()
"""A conversion uses per-process memos and the working folder: one at a time in a process
(start workers with ``--nthreads 1``, as many processes as cores)."""


def _convert_on_worker(item: Item, job: Job, cwd: str, stop: str) -> Outcome | None:
    """On a worker: convert one item, unless the run was stopped before it began (None)."""
    if Event(stop).is_set():
        return None
    with _ONE_AT_A_TIME:
        try:
            folder = _working_folder(cwd)
        except OSError as error:
            return _failed(item, f"worker {socket.gethostname()} cannot use the folder "
                                 f"{cwd} ({error.strerror or error}); run from a folder every "
                                 "worker shares under the same path")
        with folder:
            return convert_item(item, job)


def _working_folder(cwd: str) -> contextlib.AbstractContextManager[None]:
    """Enter ``cwd`` now (OSError if it cannot be); go back when the block ends."""
    here = Path.cwd()
    os.chdir(cwd)
    return _back_to(here)


@contextlib.contextmanager
def _back_to(folder: Path) -> Iterator[None]:
    try:
        yield
    finally:
        os.chdir(folder)


class _WarmUp(WorkerPlugin):
    """Loads the glossary, rules and word lists into each worker process once, as it
    joins, away from the worker's event loop."""

    idempotent = True

    def __init__(self, options: Options, cwd: str) -> None:
        self.options = options
        self.cwd = cwd

    async def setup(self, worker: Any) -> None:
        await asyncio.to_thread(self._warm_up)

    def _warm_up(self) -> None:
        # a bad glossary overlay is each item's error to report, as in a local batch
        with _ONE_AT_A_TIME, contextlib.suppress(OSError, PlainhealthError), \
                _working_folder(self.cwd):
            warm_up(self.options)


def _failed(item: Item, reason: str) -> Outcome:
    return Outcome(item.source, item.slug, error=f"{item.source}: {reason}",
                   position=item.position)
