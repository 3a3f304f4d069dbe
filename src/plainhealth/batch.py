"""Many sources in, one Outcome per source out; one failure never stops the rest.

With ``jobs > 1`` items are converted in worker processes. At most ``2 × jobs`` items
are in flight at once, so memory stays flat however long the list is.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from plainhealth.errors import FetchError, PlainhealthError
from plainhealth.fetch import is_url
from plainhealth.models import Change, Options, Result
from plainhealth.output import slug_for, write_outputs
from plainhealth.speech import AudioInfo, SpeechOptions

PAGE_SUFFIXES = (".html", ".htm", ".xhtml")


@dataclass(frozen=True)
class Item:
    source: str
    slug: str
    """File stem for the outputs; empty for stdin, which is named by its title."""


@dataclass(frozen=True)
class Summary:
    """What the batch index shows for a converted item."""

    title: str
    grade_before: float
    grade_after: float
    terms: int
    notes: int
    audio_seconds: float | None = None


@dataclass(frozen=True)
class Outcome:
    source: str
    slug: str = ""
    paths: tuple[Path, ...] = ()
    error: str | None = None
    skipped: bool = False
    summary: Summary | None = None
    changes: tuple[Change, ...] = ()
    """The rewrites, when the job asked to keep them (for --show-changes)."""
    warnings: tuple[str, ...] = ()
    """Problems that did not stop the item (audio skipped: no speech engine)."""


def expand_sources(sources: Iterable[str]) -> list[Item]:
    """Folders become the pages inside them; every item gets a distinct output name."""
    items: list[Item] = []
    used: set[str] = set()
    for src in sources:
        for one in _expand(src):
            slug = "" if one == "-" else _unique(slug_for(one, ""), used)
            items.append(Item(one, slug))
    return items


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
        raise FetchError(f"{src}: the folder holds no .html or .htm files")
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
    options: Options
    force: bool = False
    skip_existing: bool = False
    keep_changes: bool = False
    speech: SpeechOptions | None = None
    """Audio to make beside the text outputs; None for none."""

    def extensions(self) -> tuple[str, ...]:
        return (*self.formats, *(self.speech.formats if self.speech else ()))


def convert_all(items: Sequence[Item], job: Job, jobs: int = 1) -> Iterator[Outcome]:
    """Convert every item, yielding each Outcome as soon as it is known."""
    if jobs <= 1 or len(items) <= 1:
        for item in items:
            yield convert_item(item, job)
        return
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


def convert_item(item: Item, job: Job) -> Outcome:
    """Convert one item and write its outputs; errors become the Outcome's message."""
    from plainhealth.output import refuse_existing
    from plainhealth.pipeline import convert
    from plainhealth.render import RENDERERS
    from plainhealth.render.html import render_html
    from plainhealth.render.json import render_json
    from plainhealth.speech import try_synthesize

    if job.skip_existing and item.slug and all(
            (job.out_dir / f"{item.slug}.{ext}").exists() for ext in job.extensions()):
        return Outcome(item.source, item.slug, skipped=True,
                       summary=_summary_from_report(job.out_dir / f"{item.slug}.json"))
    try:
        result = convert(item.source, job.options)
        slug = item.slug or slug_for(item.source, result.article.title)
        if not job.force:
            refuse_existing(job.out_dir, slug, job.extensions())
        audio, problem = try_synthesize(result, job.out_dir, slug, job.speech) \
            if job.speech else (None, None)
        rendered = {ext: RENDERERS[ext](result) for ext in job.formats}
        if "json" in rendered:
            rendered["json"] = render_json(result, audio.report() if audio else None)
        if "html" in rendered and audio:
            rendered["html"] = render_html(result, audio=_player_files(audio))
        paths = write_outputs(job.out_dir, slug, rendered, force=True)
    except PlainhealthError as error:
        return Outcome(item.source, item.slug, error=str(error))
    except Exception as error:  # one broken item must never stop a batch: report it
        return Outcome(item.source, item.slug,
                       error=f"{item.source}: unexpected {type(error).__name__}: {error}; "
                             "please report this as a plainhealth bug")
    # no engine under --engine auto: a warning; an engine asked for by name: an error
    failed = problem if problem and job.speech and job.speech.engine != "auto" else None
    return Outcome(item.source, slug, paths=(*paths, *(audio.paths if audio else ())),
                   error=failed, warnings=(problem,) if problem and not failed else (),
                   summary=summarize(result, audio),
                   changes=result.changes if job.keep_changes else ())


def _player_files(audio: AudioInfo) -> tuple[str, str | None] | None:
    """What the handout's <audio> plays (MP3 before WAV) and its captions file."""
    names = {p.suffix: p.name for p in audio.paths}
    sound = names.get(".mp3") or names.get(".wav")
    return (sound, names.get(".vtt")) if sound else None


def summarize(result: Result, audio: AudioInfo | None = None) -> Summary:
    return Summary(title=result.article.title,
                   grade_before=result.before.document.flesch_kincaid_grade,
                   grade_after=result.after.document.flesch_kincaid_grade,
                   terms=len(result.terms), notes=len(result.notes),
                   audio_seconds=round(audio.duration, 1) if audio else None)


def _summary_from_report(path: Path) -> Summary | None:
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
        readability = report["readability"]
        return Summary(title=report["title"],
                       grade_before=readability["before"]["flesch_kincaid_grade"],
                       grade_after=readability["after"]["flesch_kincaid_grade"],
                       terms=len(report["terms"]), notes=len(report["notes"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
