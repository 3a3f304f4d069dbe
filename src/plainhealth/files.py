"""Atomic writes: a file holds either its old content or the whole new one, never a part;
every failure to write is an OutputError that names the file and what to check."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from plainhealth.errors import OutputError


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write ``content`` so that ``path`` holds either the old file or the whole new one."""
    try:
        data = content.encode("utf-8") if isinstance(content, str) else content
    except UnicodeError as error:
        raise OutputError(f"{path}: cannot write ({reason(error)})") from None
    with atomic_file(path) as handle:
        handle.write(data)


@contextlib.contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """A new file for ``path``, hidden (``.name.XXXX.part`` beside it) while the block
    writes it; synced and renamed into place when the block ends, removed when it raises
    (KeyboardInterrupt too), so ``path`` holds either the old file or the whole new one.

    The block's own errors come out unchanged; failing to create, sync or rename the file
    is an OutputError.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as error:
        raise OutputError(f"{path}: cannot write ({reason(error)}); "
                          "check the folder exists and is writable") from None
    try:
        with os.fdopen(fd, "w+b") as handle:  # readable: a block may check what it wrote
            yield handle
            with reported(path):
                handle.flush()
                os.fsync(handle.fileno())
        with reported(path):
            Path(tmp).chmod(0o666 & ~_umask())  # mkstemp makes 0600; outputs are shared
            Path(tmp).replace(path)
    except BaseException:  # never leave a .part file
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        raise


@contextlib.contextmanager
def reported(path: Path) -> Iterator[None]:
    """An OSError in writing ``path`` as an OutputError saying what to check."""
    try:
        yield
    except OSError as error:
        raise write_failure(path, reason(error)) from None


def write_failure(path: Path, reason: str) -> OutputError:
    """The error for a write to ``path`` that failed (a full disk, a lost permission)."""
    return OutputError(f"{path}: cannot write ({reason}); "
                       "check there is space and the folder is writable")


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def reason(error: Exception) -> str:
    return getattr(error, "strerror", None) or str(error)


def refuse_existing(paths: Iterable[Path]) -> None:
    """OutputError naming the first of ``paths`` that exists (checked before writing)."""
    for path in paths:
        if path.exists():
            raise OutputError(f"{path} already exists; use --force to overwrite it "
                              "or --skip-existing to keep it")
