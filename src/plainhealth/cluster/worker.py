"""What runs in a Dask worker process: the client's items converted one at a time by
:func:`plainhealth.batch.convert_item`, from the client's working folder; each process
warmed up once; runs that Ctrl-C stopped."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin

from plainhealth.batch import Item, Job, convert_item
from plainhealth.errors import PlainhealthError
from plainhealth.models import Options, Outcome
from plainhealth.pipeline import warm_up
from plainhealth.version import __version__


@dataclass(frozen=True)
class Task:
    """Some items of one run, to convert in turn on one worker (picklable)."""

    items: tuple[Item, ...]
    job: Job
    checked: Job
    """The job for an item the client found free to make (it has a name): on a worker,
    outputs under its name can only be those that an attempt killed while publishing
    left, to be replaced."""
    cwd: str
    """The client's working folder, from which sources and the output folder are named."""
    run: str


_ONE_AT_A_TIME = threading.Lock()
"""A conversion uses per-process memos and the working folder: one at a time in a process
(start workers with ``--nthreads 1``, as many processes as cores)."""

_STOPPED: set[str] = set()
"""The runs stopped by Ctrl-C (set in each worker process by :func:`stop`)."""


def stop(run: str) -> None:
    _STOPPED.add(run)


def forget(run: str) -> None:
    _STOPPED.discard(run)


def convert_task(task: Task) -> tuple[tuple[Outcome | None, ...], float]:
    """Each item's Outcome (None for one its run was stopped before), and the seconds
    the conversions took."""
    started = time.perf_counter()
    outcomes = tuple(_convert(item, task) for item in task.items)
    return outcomes, time.perf_counter() - started


def _convert(item: Item, task: Task) -> Outcome | None:
    if task.run in _STOPPED:
        return None
    with _ONE_AT_A_TIME:
        try:
            folder = _working_folder(task.cwd)
        except OSError as error:
            return failed(item, f"worker {socket.gethostname()} cannot use the folder "
                                f"{task.cwd} ({error.strerror or error}); run from a folder "
                                "every worker shares under the same path")
        with folder:
            return convert_item(item, task.checked if item.slug else task.job)


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


def version() -> str:
    """The plainhealth that this process runs (the scheduler's is checked too)."""
    return __version__


def view(cwd: str, marker: str) -> tuple[str, bool, bool]:
    """This worker's plainhealth version, and whether it sees the client's folders."""
    return __version__, Path(cwd).is_dir(), Path(marker).is_file()


def failed(item: Item, reason: str) -> Outcome:
    return Outcome(item.source, item.slug, error=f"{item.source}: {reason}",
                   position=item.position)


PROFILER = ("profile", "profile-cycle")
"""The worker's sampling profiler (for Dask's dashboard): it walks the converting thread's
stack every 10 ms, several percent of the work, so it is paused while a run lasts."""


class WarmUp(WorkerPlugin):
    """Loads the glossary, rules and word lists into each worker process once, as it
    joins, away from the worker's event loop; pauses the worker's profiler until the run
    ends."""

    idempotent = True

    def __init__(self, options: Options, cwd: str) -> None:
        self.options = options
        self.cwd = cwd
        self.paused: list[Any] = []

    async def setup(self, worker: Any) -> None:
        self.paused = [callback for name in PROFILER
                       if (callback := worker.periodic_callbacks.get(name))
                       and callback.is_running()]
        for callback in self.paused:
            callback.stop()
        await asyncio.to_thread(self._warm_up)

    def teardown(self, worker: Any) -> None:
        for callback in self.paused:
            callback.start()

    def _warm_up(self) -> None:
        # a bad glossary overlay is each item's error to report, as in a local batch
        with _ONE_AT_A_TIME, contextlib.suppress(OSError, PlainhealthError), \
                _working_folder(self.cwd):
            warm_up(self.options)
