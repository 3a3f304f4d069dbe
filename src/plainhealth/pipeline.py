"""convert(src, options) -> Result: the whole text pipeline, wiring only."""

from __future__ import annotations

import dataclasses
import gc
import time
from collections.abc import Callable, Sequence
from functools import cache
from typing import TypeVar

from plainhealth.edit import edit
from plainhealth.errors import ReadabilityError
from plainhealth.explain.annotate import annotate
from plainhealth.explain.glossary import Glossary
from plainhealth.explain.glossary import load as load_glossary
from plainhealth.language.memo import conversion
from plainhealth.language.readability import score_article
from plainhealth.models import (
    Article,
    Options,
    Page,
    Progress,
    Readability,
    Result,
    UnexplainedWord,
)
from plainhealth.rewrite.plain_words import load as load_plain_words
from plainhealth.rewrite.simplify import simplify
from plainhealth.safety.notes import find as find_risks
from plainhealth.safety.rules import load_rules
from plainhealth.source.extract import extract
from plainhealth.source.fetch import load, page_from_bytes
from plainhealth.source.read import read_article
from plainhealth.version import __version__

T = TypeVar("T")


def convert(src: str, options: Options | None = None, data: bytes | None = None) -> Result:
    """Read, extract, rewrite, explain and annotate one source: the Result every renderer
    works from. ``data``: the source's bytes when they were read already (stdin)."""
    options = options or Options()
    timings: list[tuple[str, float]] = []
    with conversion():
        page = _timed(timings, "fetch", lambda: load(src, options.limits) if data is None
                      else page_from_bytes(src, data, options.limits))
        article = _timed(timings, "extract", lambda: read_article(page, options.limits))
        return convert_article(article, source=src, options=options, timings=timings)


def convert_article(article: Article, *, source: str, options: Options | None = None,
                    timings: list[tuple[str, float]] | None = None) -> Result:
    """Everything after extraction, for an Article already in hand."""
    with conversion():  # the next page shares none of this page's texts
        return _convert_article(article, source, options or Options(), timings)


def _convert_article(article: Article, source: str, options: Options,
                     timings: list[tuple[str, float]] | None) -> Result:
    timings = timings if timings is not None else []
    before = _timed(timings, "score", lambda: _score(article, source))
    glossary = glossary_for(options.glossary)
    if not before.language_supported:
        # The glossary, rules, rewriting and formulas are English: add nothing, say so.
        return Result(source=source, article=article, plain=article, before=before,
                      after=before, generator=f"plainhealth {__version__}",
                      glossary_version=glossary.version, timings=tuple(timings))
    rules = load_rules(options.glossary)
    # Claims are found in the words the author wrote, once: rewriting leaves the words
    # they matched alone, and notes go after the same paragraphs of the rewritten text
    # (rewriting never merges or moves paragraphs).
    found = _timed(timings, "safety", lambda: find_risks(article, glossary, rules))
    simplified = _timed(timings, "simplify", lambda: simplify(
        article, glossary, load_plain_words(), options.target_grade, claims=found))
    annotated = _timed(timings, "annotate", lambda: annotate(simplified.article, glossary))
    edited = _timed(timings, "edit", lambda: edit(simplified.article, annotated, found, rules,
                                                  options))
    after = _timed(timings, "score", lambda: _score(edited.article, source))
    warnings = (*found.warnings, *goal_warnings(after, options.target_grade,
                                                annotated.unexplained))
    return Result(
        source=source, article=article, plain=edited.article, before=before, after=after,
        generator=f"plainhealth {__version__}", terms=edited.terms, notes=edited.notes,
        key_points=edited.key_points, explain=options.explain,
        changes=simplified.changes, rejected=simplified.rejected,
        rewriting=_rewriting(simplified.progress, before, after),
        unexplained=annotated.unexplained, glossary_version=glossary.version,
        glossary_overrides=tuple(t.id for t in edited.terms if t.overlay
                                 and t.id in glossary.overridden),
        safety_overrides=rules.overridden, warnings=warnings,
        safety_warnings=found.warnings,
        timings=tuple(timings),
    )


def _rewriting(progress: Progress | None, before: Readability,
               after: Readability) -> Progress | None:
    """The rewriting's progress, with the grades the report shows for the whole page
    (headings and list items too, after the editorial stage) in place of its estimate."""
    if progress is None:
        return None
    return dataclasses.replace(progress, before=before.document.flesch_kincaid_grade,
                               after=after.document.flesch_kincaid_grade)


UNEXPLAINED_SHOWN = 5
"""How many unexplained hard words a warning names."""


def goal_warnings(after: Readability, target: float,
                  unexplained: Sequence[UnexplainedWord]) -> tuple[str, ...]:
    """What a user must know about the result: the target grade missed, hard words left."""
    out = []
    grade = after.document.flesch_kincaid_grade
    if grade > target:
        out.append(f"reads at grade {grade:.1f}; target {target:g}")
    if unexplained:
        total = sum(w.count for w in unexplained)
        names = ", ".join(w.word for w in unexplained[:UNEXPLAINED_SHOWN])
        more = ", …" if len(unexplained) > UNEXPLAINED_SHOWN else ""
        out.append(f"{len(unexplained)} hard word(s) the glossary does not explain "
                   f"({total} use(s)): {names}{more}")
    return tuple(out)


def _score(article: Article, source: str) -> Readability:
    try:
        return score_article(article)
    except ReadabilityError as error:
        raise ReadabilityError(f"{source}: {error}; the page has no prose to convert") from None


_WARM_UP = ("<html lang='en'><body><article><h1>Back pain</h1><p>Most back pain gets better "
            "in 4 to 6 weeks. Take 200 mg of ibuprofen, not more, and rest; kratom is not a "
            "safe alternative to your medicine.</p></article></body></html>")


def warm_up(options: Options | None = None) -> None:
    """Load everything a conversion needs (glossary, rules, word lists, dictionaries).

    A batch calls this before it starts: worker processes forked from it (Linux) inherit
    all of it instead of each loading it again. The tables are a few million objects that
    live as long as the process; the cyclic garbage collector would walk them again and
    again while they are built (0.05 s of start-up) and at every full collection after.
    So the first time, it is paused while they load and then told to leave everything
    loaded alone (``gc.freeze``); later calls find the tables loaded.
    """
    global _frozen
    options = options or Options()
    collecting = gc.isenabled() and not _frozen
    if collecting:
        gc.disable()
    try:
        article = extract(Page("warm-up", None, _WARM_UP, "utf-8"))
        convert_article(article, source="warm-up", options=options)
        if collecting:
            gc.freeze()
            _frozen = True
    finally:
        if collecting:
            gc.enable()


_frozen = False
"""Whether warm_up has set this process's loaded tables aside from the collector."""


@cache
def glossary_for(overlay: str | None) -> Glossary:
    """The glossary, loaded once per process for each overlay (a batch reuses it)."""
    return load_glossary(overlay)


def _timed(timings: list[tuple[str, float]], name: str, step: Callable[[], T]) -> T:
    started = time.perf_counter()
    value = step()
    timings.append((name, round(time.perf_counter() - started, 4)))
    return value
