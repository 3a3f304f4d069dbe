"""Atomic writes: a file holds either its old content or the whole new one, never a part;
moves that never replace a file (:func:`move_new`); every failure to write is an
OutputError that names the file, the cause in words and what to do."""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from plainhealth.errors import OutputError, OutputExistsError


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

    The block's own errors come out unchanged, except a full or failing disk (which only
    writing can meet); failing to create, sync or rename the file is an OutputError.
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
    except BaseException as error:  # never leave a .part file
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        if isinstance(error, OSError) and error.errno in _DISK_ERRORS:
            raise write_failure(path, error) from None
        raise


@contextlib.contextmanager
def reported(path: Path) -> Iterator[None]:
    """An OSError in writing ``path`` as an OutputError saying what to check."""
    try:
        yield
    except OSError as error:
        raise write_failure(path, error) from None


_CAUSES = {
    errno.ENOSPC: ("the disk is full", "free some space on it and try again"),
    getattr(errno, "EDQUOT", -1): ("your disk quota is used up",
                                   "free some space or ask for a larger quota"),
    errno.EFBIG: ("the file is larger than this file system allows",
                  "write to another disk with -o"),
    errno.EROFS: ("the disk is read-only", "write to another folder with -o"),
    errno.EACCES: ("permission denied", "check the folder's write permission"),
    errno.EPERM: ("permission denied", "check the folder's write permission"),
    errno.EIO: ("the disk reported an input/output error", "check the disk"),
}
_DISK_ERRORS = frozenset(set(_CAUSES) - {errno.EACCES, errno.EPERM})
"""Errors only writing meets: a block of :func:`atomic_file` that raises one was writing."""


def write_failure(path: Path, error: OSError | str) -> OutputError:
    """The error for a write to ``path`` that failed: the cause in words ("the disk is
    full") and what to do about it."""
    cause, advice = _CAUSES.get(getattr(error, "errno", None) or 0, (
        reason(error) if isinstance(error, OSError) else error,
        "check there is space and the folder is writable"))
    return OutputError(f"{path}: cannot write ({cause}); {advice}")


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def reason(error: Exception) -> str:
    """Why ``error`` happened, in words: "the disk is full" for ENOSPC, else the system's."""
    known = _CAUSES.get(getattr(error, "errno", None) or 0)
    return known[0] if known else getattr(error, "strerror", None) or str(error)


def refuse_existing(paths: Iterable[Path]) -> None:
    """OutputError naming the first of ``paths`` that exists (checked before writing)."""
    for path in paths:
        if path.exists():
            raise already_exists(path)


def already_exists(path: Path) -> OutputExistsError:
    return OutputExistsError(f"{path} already exists; use --force to overwrite it "
                             "or --skip-existing to keep it")


def move_new(source: Path, target: Path) -> None:
    """Move ``source`` to ``target`` in one step that fails if ``target`` exists, even if
    another process makes it a moment before: OutputExistsError then, ``source`` kept.

    Linux's renameat2(RENAME_NOREPLACE) or macOS's renamex_np(RENAME_EXCL) where the file
    system supports it; else a hard link (which never replaces) and removing the source;
    else, on a file system with neither (FAT, some network shares), a check then a rename.
    """
    with reported(target):
        try:
            if not (_rename_noreplace(source, target) or _link_then_unlink(source, target)):
                if target.exists():
                    raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(target))
                source.rename(target)
        except FileExistsError:
            raise already_exists(target) from None


_NOT_SUPPORTED = frozenset({errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP,
                            errno.EPERM, errno.EXDEV, errno.EMLINK})


def _rename_noreplace(source: Path, target: Path) -> bool:
    """True once moved; False where the call or the file system does not offer it."""
    call = _noreplace_call()
    if call is None:
        return False
    if call(os.fsencode(source), os.fsencode(target)) == 0:
        return True
    import ctypes

    code = ctypes.get_errno()
    if code in _NOT_SUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(target))


def _link_then_unlink(source: Path, target: Path) -> bool:
    try:
        os.link(source, target)
    except OSError as error:
        if error.errno in _NOT_SUPPORTED:
            return False
        raise
    source.unlink()
    return True


_AT_FDCWD = -100
_RENAME_NOREPLACE = 1  # Linux
_RENAME_EXCL = 4  # macOS


@functools.cache
def _noreplace_call() -> Callable[[bytes, bytes], int] | None:
    """The C library's rename-without-replacing, as f(source, target) -> 0 or -1."""
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
    except OSError:
        return None
    if sys.platform.startswith("linux") and hasattr(libc, "renameat2"):
        renameat2 = libc.renameat2
        renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                              ctypes.c_uint]
        renameat2.restype = ctypes.c_int
        return lambda a, b: int(renameat2(_AT_FDCWD, a, _AT_FDCWD, b, _RENAME_NOREPLACE))
    if sys.platform == "darwin" and hasattr(libc, "renamex_np"):
        renamex_np = libc.renamex_np
        renamex_np.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_uint]
        renamex_np.restype = ctypes.c_int
        return lambda a, b: int(renamex_np(a, b, _RENAME_EXCL))
    return None
