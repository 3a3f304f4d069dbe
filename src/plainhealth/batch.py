"""Many sources in, one Outcome per source out; one failure never stops the rest.

:func:`convert_item` is the whole of one item's work, wherever it runs: read, convert,
make every output in a hidden staging folder and publish it atomically; any failure
becomes the item's Outcome. :func:`convert_all` runs it serially, in a local pool of
worker processes (``jobs > 1``: at most ``2 × jobs`` items in flight at once, so memory
stays flat however long the list is), or through a :data:`Runner` such as a cluster's
(``plainhealth.cluster``), which runs the same function on other machines.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from plainhealth.errors import FetchError, OutputExistsError, PlainhealthError, printable
from plainhealth.files import refuse_existing
from plainhealth.language.memo import collector_paused
from plainhealth.models import (
    EXPLAINED,
    NotePosition,
    NoteShown,
    Options,
    Outcome,
    Result,
    Summary,
)
from plainhealth.output import (
    existing_outputs,
    publish,
    slug_for,
    staging,
    unstaged,
    write_outputs,
)
from plainhealth.pipeline import convert, warm_up
from plainhealth.source.detect import READABLE
from plainhealth.source.fetch import is_url, read_stdin
from plainhealth.speech import AudioInfo, AudioProblem, SpeechOptions

if TYPE_CHECKING:
    from plainhealth.render.html import Player
    from plainhealth.render.overlay import Narration

PAGE_SUFFIXES = READABLE
log = logging.getLogger("plainhealth")


@dataclass(frozen=True)
class Item:
    source: str
    slug: str
    """File stem for the outputs; empty for stdin, which is named by its title."""
    position: int = 0
    """Where the item stands in the input (the index lists items in this order)."""
    taken: frozenset[str] = frozenset()
    """For stdin: the other items' names, which its title-based name must not reuse."""
    data: bytes | None = None
    """For stdin: its bytes, read by the main process (worker processes have no stdin)."""
    error: str | None = None
    """For stdin: why it could not be read (it must not be read a second time)."""


def expand_sources(sources: Iterable[str]) -> list[Item]:
    """Folders become the pages inside them; every item gets a distinct output name."""
    found = [one for src in sources for one in _expand(src)]
    if found.count("-") > 1:
        raise FetchError("-: standard input can be read only once; give - one time")
    used: set[str] = set()
    slugs = ["" if one == "-" else _unique(slug_for(one, ""), used) for one in found]
    return [Item(one, slug, position, frozenset(used) if one == "-" else frozenset())
            for position, (one, slug) in enumerate(zip(found, slugs, strict=True))]


def read_list(path: str) -> list[str]:
    """Sources from a file, one path or URL per line; blank lines and # comments skipped."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise FetchError(f"{path}: cannot read the list ({error})") from None
    return [line.strip() for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def _expand(src: str) -> list[str]:
    if src == "-" or is_url(src) or not Path(src).is_dir():
        return [src]
    pages = sorted(p for p in Path(src).rglob("*")
                   if p.suffix.lower() in PAGE_SUFFIXES and p.is_file())
    if not pages:
        raise FetchError(f"{src}: the folder holds no .html, .htm, .pdf, .docx, .txt or .md "
                         "files")
    return [str(p) for p in pages]


def _unique(slug: str, used: set[str]) -> str:
    candidate, n = slug, 2
    while candidate in used:
        candidate = f"{slug}-{n}"
        n += 1
    used.add(candidate)
    return candidate


@dataclass(frozen=True)
class Job:
    """Everything a worker needs to convert one item (picklable)."""

    out_dir: Path
    formats: tuple[str, ...]
    """The text formats, and ``epub`` for the book; the audio formats are the speech's."""
    options: Options
    force: bool = False
    skip_existing: bool = False
    keep_changes: bool = False
    speech: SpeechOptions | None = None
    """Audio to make beside the text outputs (and for the book); None for none."""

    def extensions(self) -> tuple[str, ...]:
        return (*self.formats, *(self.speech.formats if self.speech else ()))


Runner = Callable[[Sequence[Item], Job], Iterator[Outcome]]
"""Runs :func:`convert_item` for every item somewhere else (on a cluster), yielding each
Outcome as soon as it is known."""


def convert_all(items: Sequence[Item], job: Job, jobs: int = 1,
                runner: Runner | None = None) -> Iterator[Outcome]:
    """Convert every item, yielding each Outcome as soon as it is known: here (``jobs``
    processes), or through ``runner``."""
    items = [_read_stdin(item, job) if item.source == "-" else item for item in items]
    if runner is not None:
        yield from runner(items, job)
        return
    if len(items) > 1:
        # forked workers inherit what it loads; a bad glossary overlay it meets is left to
        # each item to report, so that the index still lists them all
        with contextlib.suppress(PlainhealthError):
            warm_up(job.options)
    if jobs <= 1 or len(items) <= 1:
        for item in items:
            yield convert_item(item, job)
        return
    yield from _in_pool(items, job, jobs)


def _in_pool(items: Sequence[Item], job: Job, jobs: int) -> Iterator[Outcome]:
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        pending: set[Future[Outcome]] = set()
        queue = iter(items)
        for item in queue:
            pending.add(pool.submit(convert_item, item, job))
            if len(pending) >= 2 * jobs:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                yield from (future.result() for future in done)
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            yield from (future.result() for future in done)


def _read_stdin(item: Item, job: Job) -> Item:
    try:
        return dataclasses.replace(item, data=read_stdin(job.options.limits))
    except PlainhealthError as error:
        return dataclasses.replace(item, error=str(error))


def check_item(item: Item, job: Job) -> Outcome | None:
    """The Outcome of an item that needs no converting: one that could not be read, one
    whose outputs all exist (--skip-existing), or one whose outputs would be overwritten
    (refused without --force); None for an item to convert.

    Cheap (a few ``stat`` calls), so a cluster's client runs it before sending an item out.
    """
    return _check(item, job)[0]


def convert_item(item: Item, job: Job) -> Outcome:
    """Convert one item and publish its outputs; errors become the Outcome's message.

    Existing outputs: refused, unless --force (overwrite) or --skip-existing (keep an item
    whose outputs are all there; finish one that an interrupted run left incomplete). The
    check runs before converting and again, without a gap, as each file is published: the
    outputs another run published meanwhile are never replaced without --force.
    """
    done, replace = _check(item, job)
    return done or _convert_item(item, job, replace)


def _check(item: Item, job: Job) -> tuple[Outcome | None, bool]:
    """:func:`check_item`'s answer, and whether publishing may replace files."""
    if item.error:
        return Outcome(item.source, item.slug, error=item.error, position=item.position), False
    if not item.slug:  # stdin: named by its title, known only once it is converted
        return None, False
    try:
        return _already_done(item, item.slug, job)
    except Exception as error:  # a folder we may not look into, say
        return _failure(item, error), False


def _convert_item(item: Item, job: Job, replace: bool) -> Outcome:
    with collector_paused():  # through the writing of the files too
        return _converted(item, job, replace)


def _converted(item: Item, job: Job, replace: bool) -> Outcome:
    try:
        result = convert(item.source, job.options, item.data)
        slug = item.slug or _unique(slug_for(item.source, result.article.title),
                                    set(item.taken))
        if not item.slug:
            done, replace = _already_done(item, slug, job)
            if done:
                return done
        with staging(job.out_dir, slug) as stage:
            paths, audio, problem = _make_files(result, stage, slug, job)
            paths = publish(stage, job.out_dir, [p.name for p in paths], f"{slug}.json",
                            replace=replace)
            message = unstaged(problem.message, stage, job.out_dir) if problem else ""
    except OutputExistsError as error:  # another run published this name meanwhile
        done = _already_done(item, slug, job)[0] if job.skip_existing else None
        return done or _failure(item, error)
    except Exception as error:
        return _failure(item, error)
    # no engine installed under --engine auto: a warning; any other audio problem: an error
    failed = printable(message) if problem and problem.fatal else None
    warnings = (*((printable(message),) if problem and not failed else ()),
                *_language_warning(result),
                *(printable(f"{result.source}: {warning}") for warning in result.warnings))
    return Outcome(item.source, slug, paths=tuple(paths), error=failed, warnings=warnings,
                   summary=summarize(result, audio), position=item.position,
                   changes=result.changes if job.keep_changes else ())


def _failure(item: Item, error: Exception) -> Outcome:
    """A failed item's Outcome: one broken item must never stop a batch."""
    if isinstance(error, PlainhealthError):
        return Outcome(item.source, item.slug, error=printable(str(error)),
                       position=item.position)
    return Outcome(item.source, item.slug, position=item.position,
                   error=printable(f"{item.source}: unexpected {type(error).__name__}: "
                                   f"{error}; please report this as a plainhealth bug"))


def _already_done(item: Item, slug: str, job: Job) -> tuple[Outcome | None, bool]:
    """A skipped Outcome for an item whose outputs all exist under --skip-existing (else
    None: the item is to be converted), and whether its publishing may replace files
    (--force, or finishing an incomplete set). An OutputError when some exist and neither
    --force nor --skip-existing allows replacing them."""
    existing = existing_outputs(job.out_dir, slug, job.extensions())
    if not existing or job.force:
        return None, job.force
    if not job.skip_existing:
        refuse_existing(existing)
    if not _complete(slug, job, existing):
        log.info("%s: an earlier run left its outputs incomplete; making them again",
                 printable(item.source))
        return None, True
    return Outcome(item.source, slug, paths=tuple(existing), skipped=True,
                   position=item.position,
                   summary=_summary_from_report(job.out_dir / f"{slug}.json")), False


def _complete(slug: str, job: Job, existing: list[Path]) -> bool:
    """Every output there; or every text output, with a report saying that no audio could
    be made then (no engine installed), which a rerun would not change."""
    if len(existing) == len(job.extensions()):
        return True
    if not job.speech or "json" not in job.formats:
        return False
    names = {p.name for p in existing}
    if any(f"{slug}.{ext}" not in names for ext in job.formats):
        return False
    try:
        report = json.loads((job.out_dir / f"{slug}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(report, dict) and report.get("audio") is None


def _make_files(result: Result, stage: Path, slug: str,
                job: Job) -> tuple[list[Path], AudioInfo | None, AudioProblem | None]:
    """Every output of one item, written into ``stage``: audio first, the report last."""
    from plainhealth.render import RENDERERS
    from plainhealth.render.epub import render_epub
    from plainhealth.render.html import render_html
    from plainhealth.render.json import render_json
    from plainhealth.speech import try_synthesize

    book = "epub" in job.formats
    audio, problem = try_synthesize(result, stage, slug, job.speech, keep_mp3=book) \
        if job.speech and (job.speech.formats or book) else (None, None)
    with_audio: dict[str, Callable[[], str | bytes]] = {  # what the audio adds to these
        "json": lambda: render_json(result, audio.report() if audio else None),
        "html": lambda: render_html(result, audio=_player_files(audio) if audio else None),
        "epub": lambda: render_epub(result, _narration(audio) if audio else None),
    }
    rendered = {ext: with_audio[ext]() if ext in with_audio else RENDERERS[ext](result)
                for ext in job.formats}
    paths = write_outputs(stage, slug, rendered, force=True)
    return [*(audio.paths if audio else ()), *paths], audio, problem


def _narration(audio: AudioInfo) -> Narration | None:
    """The book's audio: the MP3, and each utterance with its words' times."""
    from plainhealth.render.overlay import Clip, Narration
    from plainhealth.speech.captions import shown_words

    if audio.mp3 is None:
        return None
    clips = tuple(Clip(c.spot, c.start, c.end, shown_words(c)[c.lead:]) for c in audio.cues)
    return Narration(audio.mp3, audio.duration, clips, f"{audio.voice} ({audio.engine} engine)")


def _language_warning(result: Result) -> tuple[str, ...]:
    from plainhealth.render.text import language_note

    note = language_note(result)
    return (printable(f"{result.source}: {note}; the outputs hold the article as written"),) \
        if note else ()


def _player_files(audio: AudioInfo) -> Player | None:
    """What the handout's <audio> plays (MP3 before WAV), with its captions."""
    from plainhealth.render.html import Player

    paths = {p.suffix: p for p in audio.paths}
    sound = paths.get(".mp3") or paths.get(".wav")
    vtt = paths.get(".vtt")
    if sound is None:
        return None
    return Player(sound.name, vtt.name if vtt else None,
                  vtt.read_text(encoding="utf-8") if vtt else None, audio.duration,
                  tuple((c.title, c.start) for c in audio.chapters))


def summarize(result: Result, audio: AudioInfo | None = None) -> Summary:
    english = result.before.language_supported
    return Summary(title=result.article.title,
                   grade_before=result.before.document.flesch_kincaid_grade if english else None,
                   grade_after=result.after.document.flesch_kincaid_grade if english else None,
                   terms=sum(t.explained for t in result.terms),
                   notes=sum(_shown_note(n.position, n.shown) for n in result.notes),
                   audio_seconds=round(audio.duration, 1) if audio else None)


def _shown_note(position: str, shown: str) -> bool:
    """A safety note counts once, where its full text is shown: not its pointers, nor the
    closing not-medical-advice note every handout has."""
    return position == NotePosition.AFTER_BLOCK and shown == NoteShown.FULL


def _summary_from_report(path: Path) -> Summary | None:
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
        readability = report["readability"]
        audio = report.get("audio") or {}
        english = readability["before"].get("language_supported", True)
        return Summary(title=report["title"],
                       grade_before=readability["before"]["flesch_kincaid_grade"]
                       if english else None,
                       grade_after=readability["after"]["flesch_kincaid_grade"]
                       if english else None,
                       terms=sum(t["shown"] in EXPLAINED for t in report["terms"]),
                       notes=sum(_shown_note(n["position"], n["shown"])
                                 for n in report["notes"]),
                       audio_seconds=audio.get("duration"))
    except (OSError, ValueError, KeyError, TypeError):
        return None
