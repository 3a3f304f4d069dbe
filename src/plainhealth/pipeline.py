"""convert(src, options) -> Result: the whole text pipeline, wiring only."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from plainhealth import __version__
from plainhealth.extract import extract
from plainhealth.fetch import load
from plainhealth.models import Options, Result
from plainhealth.readability import score_article

T = TypeVar("T")


def convert(src: str, options: Options | None = None) -> Result:
    """Read, extract and score one source; the result every renderer works from."""
    options = options or Options()
    timings: list[tuple[str, float]] = []
    page = _timed(timings, "fetch", lambda: load(src, options.limits))
    article = _timed(timings, "extract", lambda: extract(page))
    before = _timed(timings, "score", lambda: score_article(article))
    plain = article  # the glossary, safety and simplify stages will transform this
    after = before if plain is article else score_article(plain)
    return Result(
        source=src, article=article, plain=plain, before=before, after=after,
        generator=f"plainhealth {__version__}", timings=tuple(timings),
    )


def _timed(timings: list[tuple[str, float]], name: str, step: Callable[[], T]) -> T:
    started = time.perf_counter()
    value = step()
    timings.append((name, round(time.perf_counter() - started, 4)))
    return value
