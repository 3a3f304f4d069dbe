"""Files: safe names, atomic writes, and the set of outputs for one article."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import tempfile
import unicodedata
import zlib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit

from plainhealth.errors import PlainhealthError
from plainhealth.files import move_new, refuse_existing, reported, write_atomic, write_failure
from plainhealth.source.fetch import is_url

MAX_SLUG = 80
_RESERVED = {"con", "prn", "aux", "nul", "index",
             *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


def slugify(text: str) -> str:
    """A safe file stem: ASCII letters, digits and hyphens, bounded length, never empty."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:MAX_SLUG].strip("-")
    if not slug:
        return "article"
    return f"{slug}-page" if slug in _RESERVED else slug


def slug_for(src: str, title: str) -> str:
    """Files keep their name, URLs their last path part; stdin is named by its title."""
    if src == "-":
        return slugify(title)
    if is_url(src):
        parts = urlsplit(src)
        last = unquote(parts.path.rstrip("/").rsplit("/", 1)[-1])
        stem = last.rsplit(".", 1)[0] if "." in last else last
        return slugify(stem or title or parts.hostname or "")
    return slugify(Path(src).stem)


def existing_outputs(directory: Path, slug: str, extensions: Iterable[str]) -> list[Path]:
    """The ``directory/slug.ext`` files that exist already."""
    return [p for p in (directory / f"{slug}.{ext}" for ext in extensions) if p.exists()]


STAGE_PREFIX = ".plainhealth-"


@contextlib.contextmanager
def staging(directory: Path, slug: str) -> Iterator[Path]:
    """A hidden folder beside the outputs where one item's files are made, then removed.

    An item's files are all made here and only then moved into place (see
    :func:`publish`), so an item interrupted while it is being made leaves no file under
    an output's name. The folder's name carries our process id and host so that a later
    run can tell an abandoned folder from one still in use (:func:`remove_abandoned_stages`),
    even in a folder that the machines of a cluster share. The folder is ours alone: an
    error that names a file in it names the file in ``directory`` instead, where the user
    looks for it.
    """
    try:
        directory.mkdir(parents=True, exist_ok=True)
        stage = Path(tempfile.mkdtemp(prefix=f"{STAGE_PREFIX}{_owner()}-{slug[:40]}-",
                                      dir=directory))
    except OSError as error:
        raise write_failure(directory, error) from None
    try:
        yield stage
    except PlainhealthError as error:
        raise type(error)(unstaged(str(error), stage, directory)) from None
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def unstaged(message: str, stage: Path, directory: Path) -> str:
    """``message`` naming the files of ``stage`` by the names they have once published."""
    return message.replace(f"{stage}{os.sep}", f"{directory}{os.sep}")


def publish(stage: Path, directory: Path, names: Iterable[str], last: str, *,
            replace: bool = False) -> list[Path]:
    """Move the staged files into ``directory``, ``last`` (the JSON report) at the end.

    Each move is an atomic rename within one file system, so every output is whole, and
    the report goes last, so an item whose report exists was published entirely.

    Unless ``replace``, no move replaces a file, however late another run made it: the
    first name taken is an OutputExistsError, and the files this call moved already are
    taken back, so a set is never mixed with another run's. With ``replace`` an old report
    is removed first: it would vouch for a half-replaced set if we were killed mid-way.
    """
    ordered = sorted(names, key=lambda name: name == last)
    if replace:
        with contextlib.suppress(FileNotFoundError):
            (directory / last).unlink()
    published: list[Path] = []
    try:
        for name in ordered:
            target = directory / name
            if replace:
                with reported(target):
                    (stage / name).replace(target)
            else:
                move_new(stage / name, target)
            published.append(target)
    except PlainhealthError:
        for target in [] if replace else published:  # new files only this run made
            with contextlib.suppress(OSError):
                target.unlink()
        raise
    return published


def remove_abandoned_stages(directory: Path) -> None:
    """Staging folders left by runs that were killed (their process is gone).

    Only this host's: another machine's process cannot be looked up from here.
    """
    if not directory.is_dir():
        return
    for stage in directory.glob(f"{STAGE_PREFIX}*"):
        pid, _, host = stage.name[len(STAGE_PREFIX):].split("-", 1)[0].partition(".")
        if stage.is_dir() and pid.isdigit() and host in ("", _host()) \
                and not _alive(int(pid)):
            shutil.rmtree(stage, ignore_errors=True)


def _owner() -> str:
    """``<pid>.<host>``: the process that makes a staging folder, and its machine."""
    return f"{os.getpid()}.{_host()}"


def _host() -> str:
    """This machine, as 8 hex digits (a host name may hold hyphens, which split names)."""
    return f"{zlib.crc32(socket.gethostname().encode()):08x}"


def _alive(pid: int) -> bool:
    if os.name == "nt":  # signal 0 is CTRL_C_EVENT there: never send it; keep the folder
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists but is not ours to signal
        return True
    return True


def write_outputs(directory: Path, slug: str, rendered: Mapping[str, str | bytes], *,
                  force: bool = False) -> list[Path]:
    """Write every rendered format as ``directory/slug.ext``; refuse to overwrite unless forced."""
    paths = {ext: directory / f"{slug}.{ext}" for ext in rendered}
    if not force:
        refuse_existing(paths.values())
    for ext, path in paths.items():
        write_atomic(path, rendered[ext])
    return list(paths.values())
