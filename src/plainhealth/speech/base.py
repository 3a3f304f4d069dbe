"""What every speech engine shares: the protocols it follows, its voices, its errors, and
word timing from an engine's events.

An engine turns one utterance at a time into 16-bit mono PCM. Synthesising utterance by
utterance keeps the work linear in the length of the text and gives every sentence an
exact start time for captions and chapters.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

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


@dataclass(frozen=True)
class Spoken:
    """One utterance as an engine said it."""

    pcm: bytes
    """16-bit little-endian mono PCM."""
    words: tuple[int, ...] = ()
    """The sample where each word of the text (split at spaces) starts, if the engine
    tells (see :meth:`Synth.word_starts`)."""


@runtime_checkable
class Batched(Protocol):
    """A synth that takes a whole script at once: it can work ahead of the caller (in
    another process, or on several cores) and still hand the utterances back in order."""

    def say_all(self, texts: Sequence[str], hints: Sequence[Hint]) -> Iterator[Spoken]: ...


def say_all(synth: Synth, texts: Sequence[str], hints: Sequence[Hint]) -> Iterator[Spoken]:
    """Every text said in order, by the synth's own :class:`Batched` way where it has one."""
    if isinstance(synth, Batched):
        yield from synth.say_all(texts, hints)
        return
    for text in texts:
        pcm = synth.say(text, hints)
        yield Spoken(pcm, synth.word_starts())


class Engine(Protocol):
    @property
    def name(self) -> str: ...

    def missing(self) -> str | None:
        """None when the engine can run; otherwise what is missing and how to install it."""
        ...

    def voices(self) -> tuple[Voice, ...]: ...

    def voice_for(self, language: str) -> str | None:
        """The voice to read a text in ``language`` (a BCP 47 tag) with: the engine's
        default for its own language, else its closest voice; None when it has none."""
        ...

    def owns(self, voice: str) -> bool:
        """Whether ``voice`` (as given to ``--voice``) is one of this engine's."""
        ...

    def start(self, voice: str | None, rate: int) -> Synth:
        """Load the voice (its default when None) to speak at ``rate`` words a minute."""
        ...


def closest_voice(voices: Sequence[Voice], language: str) -> str | None:
    """The id of the voice in ``voices`` for ``language``: the default voice when it speaks
    the language; else the voice for exactly that tag ("pt-br"); else the one for the bare
    language ("es", "fr-fr" for "fr"); else the first of that language; None if none."""
    def tag(text: str) -> str:
        return text.lower().replace("_", "-")

    wanted = tag(language)
    primary = wanted.split("-")[0]
    same = [v for v in voices if tag(v.language).split("-")[0] == primary]
    exact = [v for v in same if tag(v.language) == wanted]
    default = [v for v in same if v.default and (wanted == primary or tag(v.language) == wanted)]
    bare = [v for v in same if tag(v.language) in (primary, f"{primary}-{primary}")]
    found = next(iter(default or exact or bare or same), None)
    return found.id if found else None


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
