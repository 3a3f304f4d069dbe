"""Many sources in, one Outcome per source out; one failure never stops the rest."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from plainhealth.errors import FetchError, PlainhealthError
from plainhealth.fetch import is_url
from plainhealth.models import Options
from plainhealth.output import slug_for, write_outputs

PAGE_SUFFIXES = (".html", ".htm", ".xhtml")


@dataclass(frozen=True)
class Item:
    source: str
    slug: str
    """File stem for the outputs; empty for stdin, which is named by its title."""


@dataclass(frozen=True)
class Outcome:
    source: str
    paths: tuple[Path, ...] = ()
    error: str | None = None
    skipped: bool = False


def expand_sources(sources: Iterable[str]) -> list[Item]:
    """Folders become the pages inside them; every item gets a distinct output name."""
    items: list[Item] = []
    used: set[str] = set()
    for src in sources:
        for one in _expand(src):
            slug = "" if one == "-" else _unique(slug_for(one, ""), used)
            items.append(Item(one, slug))
    return items


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


def convert_all(items: Sequence[Item], out_dir: Path, formats: Sequence[str], options: Options,
                *, force: bool = False, skip_existing: bool = False) -> Iterator[Outcome]:
    """Convert each item in turn, yielding its Outcome as soon as it is known."""
    for item in items:
        yield convert_item(item, out_dir, formats, options, force=force,
                           skip_existing=skip_existing)


def convert_item(item: Item, out_dir: Path, formats: Sequence[str], options: Options,
                 *, force: bool = False, skip_existing: bool = False) -> Outcome:
    """Convert one item and write its outputs; errors become the Outcome's message."""
    from plainhealth.pipeline import convert
    from plainhealth.render import RENDERERS

    if skip_existing and item.slug and all(
            (out_dir / f"{item.slug}.{ext}").exists() for ext in formats):
        return Outcome(item.source, skipped=True)
    try:
        result = convert(item.source, options)
        rendered = {ext: RENDERERS[ext](result) for ext in formats}
        slug = item.slug or slug_for(item.source, result.article.title)
        paths = write_outputs(out_dir, slug, rendered, force=force)
    except PlainhealthError as error:
        return Outcome(item.source, error=str(error))
    return Outcome(item.source, paths=tuple(paths))
