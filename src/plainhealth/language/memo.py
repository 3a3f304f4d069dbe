"""Caches with a bound, so that a batch of thousands of pages keeps its memory flat.

- :func:`per_conversion`: for texts (blocks, sentences). Every stage of one conversion
  splits and tokenises the same texts; the next page shares none of them, so the pipeline
  empties these caches when a conversion ends (:func:`forget`).
- :func:`per_word`: for single words (syllables, frequencies, verb forms). Pages share most
  of their words, so these last, up to :data:`WORDS` each, the least recently used going first.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import _lru_cache_wrapper, lru_cache
from typing import TypeVar

T = TypeVar("T")

TEXTS = 1 << 18
"""Texts kept per cache within one conversion: every block and sentence of the longest
page plainhealth converts (a list of 200,000 items), so that no stage splits or
tokenises a text again. With 8,192, each stage of such a page evicted what the next
needed, and the page was split seven times over."""
WORDS = 1 << 16
"""Words kept per cache: more than a batch of 2,000 health pages uses (about 40,000)."""

_CLEAR: list[Callable[[], None]] = []


def per_conversion(func: Callable[..., T]) -> _lru_cache_wrapper[T]:
    cached = lru_cache(maxsize=TEXTS)(func)
    _CLEAR.append(cached.cache_clear)
    return cached


def per_word(func: Callable[..., T]) -> _lru_cache_wrapper[T]:
    return lru_cache(maxsize=WORDS)(func)


def forget() -> None:
    """Empty the per-conversion caches (the pipeline calls this when a page is done)."""
    for clear in _CLEAR:
        clear()
