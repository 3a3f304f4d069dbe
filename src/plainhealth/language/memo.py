"""Caches with a bound, so that a batch of thousands of pages keeps its memory flat.

- :func:`per_conversion`: for texts (blocks, sentences). Every stage of one conversion
  splits and tokenises the same texts; the next page shares none of them, so the pipeline
  empties these caches when a conversion ends (:func:`forget`).
- :func:`conversion`: around one conversion; empties the first kind when it ends, and
  pauses the cyclic garbage collector while it runs (:func:`collector_paused`, which the
  batch keeps on while the files are written too).
- :func:`per_word`: for single words (syllables, frequencies, verb forms). Pages share most
  of their words, so these last, up to :data:`WORDS` each, the least recently used going first.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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


def on_forget(clear: Callable[[], None]) -> None:
    """Have :func:`forget` call ``clear`` too (a cache kept elsewhere than here)."""
    _CLEAR.append(clear)


def forget() -> None:
    """Empty the per-conversion caches (the pipeline calls this when a page is done)."""
    for clear in _CLEAR:
        clear()


_lock = threading.Lock()
_paused = 0
_collecting = False
_converting = 0


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused while this runs (and while any other such
    block runs at the same time); as it was before, after the last.

    A long page's conversion makes millions of objects that live until the page is done
    (a block, its sentences, their tokens, each stage's results), and writing its files
    as many again; the collector walked them all at each of its full passes, about 3 s of
    22 on a page of 200,000 list items. Reference counting frees everything else as
    usual; the few reference cycles left wait for the collector's next pass after it.
    """
    global _paused, _collecting
    with _lock:
        if _paused == 0:
            _collecting = gc.isenabled()
            gc.disable()
        _paused += 1
    try:
        yield
    finally:
        with _lock:
            _paused -= 1
            if _paused == 0 and _collecting:
                gc.enable()


@contextmanager
def conversion() -> Iterator[None]:
    """One conversion: the collector paused (:func:`collector_paused`), and the
    per-conversion caches emptied when it ends (when the last of several running at once
    ends), before its files are written."""
    global _converting
    with collector_paused():
        with _lock:
            _converting += 1
        try:
            yield
        finally:
            with _lock:
                _converting -= 1
                if _converting == 0:
                    forget()
