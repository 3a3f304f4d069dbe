"""What every speech engine shares: the protocols it follows, its voices, its errors, and
word timing from an engine's events.

An engine turns one utterance at a time into 16-bit mono PCM. Synthesising utterance by
utterance keeps the work linear in the length of the text and gives every sentence an
exact start time for captions and chapters.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from plainhealth.errors import PlainhealthError
from plainhealth.speech.hints import Hint


class SpeechError(PlainhealthError):
    """Audio could not be made: no engine, no voice, or the engine failed."""


class EngineMissingError(SpeechError):
    """No engine that could do what was asked is installed (the message says how to)."""


@dataclass(frozen=True)
class Voice:
    engine: str
    id: str
    """What ``--voice`` takes."""
    name: str
    language: str
    default: bool = False


class Synth(Protocol):
    """An engine ready to speak with one voice at one rate."""

    @property
    def sample_rate(self) -> int: ...

    @property
    def voice(self) -> str: ...

    def say(self, text: str, hints: Sequence[Hint]) -> bytes:
        """One utterance as 16-bit little-endian mono PCM at :attr:`sample_rate`."""
        ...

    def word_starts(self) -> tuple[int, ...]:
        """The sample where each word of the last ``say`` text (split at spaces) starts,
        as the engine itself reports it; empty when the engine does not tell."""
        ...

    def close(self) -> None: ...


class Engine(Protocol):
    @property
    def name(self) -> str: ...

    def missing(self) -> str | None:
        """None when the engine can run; otherwise what is missing and how to install it."""
        ...

    def voices(self) -> tuple[Voice, ...]: ...

    def owns(self, voice: str) -> bool:
        """Whether ``voice`` (as given to ``--voice``) is one of this engine's."""
        ...

    def start(self, voice: str | None, rate: int) -> Synth:
        """Load the voice (its default when None) to speak at ``rate`` words a minute."""
        ...


def word_samples(text: str, events: Sequence[tuple[int, int]], end: int) -> tuple[int, ...]:
    """The start sample of each space-separated word of ``text``, from an engine's word
    events ((1-based character position, sample)); a word without an event of its own
    ("–") starts where the next one does, or at ``end``."""
    starts = [m.start() for m in re.finditer(r"\S+", text)]
    found: list[int | None] = [None] * len(starts)
    for position, sample in events:
        word = bisect.bisect_right(starts, position - 1) - 1
        if 0 <= word < len(found):
            earlier = found[word]
            found[word] = sample if earlier is None else min(sample, earlier)
    out: list[int] = []
    later = end
    for known in reversed(found):
        if known is not None:
            later = known
        out.append(later)
    return tuple(reversed(out))
