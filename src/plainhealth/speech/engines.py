"""Speech engines: the protocol every engine follows, and the list plainhealth chooses from.

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


ENGINES: list[Engine] = []
"""The engines plainhealth knows, in the order ``auto`` tries them.

``system`` (libespeak-ng called directly) comes first: it makes a 9-minute article in
under a second, is deterministic (the same input gives the same report), and stays crisp
at the 300+ words a minute screen-reader users choose. ``pyttsx3`` is the operating
system's own voice (SAPI5 on Windows, NSSpeechSynthesizer on macOS, espeak-ng on Linux),
for where libespeak-ng is not installed. Piper (``neural``) sounds more natural but is
about 40 times slower and varies slightly from run to run. Filled on first use.
"""

GROUPS: dict[str, tuple[str, ...]] = {"system": ("system", "pyttsx3")}
"""Names that stand for the first available of several engines (``auto``: of all)."""


def engines() -> list[Engine]:
    if not ENGINES:
        from plainhealth.speech.neural import PiperEngine
        from plainhealth.speech.portable import PyttsxEngine
        from plainhealth.speech.system import EspeakEngine

        ENGINES.extend([EspeakEngine(), PyttsxEngine(), PiperEngine()])
    return ENGINES


def names() -> tuple[str, ...]:
    """Every name ``--engine`` takes."""
    return tuple(dict.fromkeys(["auto", *(e.name for e in engines()), *GROUPS]))


def choose(name: str, voice: str | None = None) -> Engine:
    """The engine called ``name``; for a group (``auto``, ``system``) the first one that
    is installed and, when a voice is named, owns that voice.

    Raises EngineMissingError when no engine of the group is installed, SpeechError for an
    unknown engine or a voice that no installed engine of the group has.
    """
    group = members(name)
    if not group:
        raise SpeechError(f"unknown speech engine {name!r}; choose from {', '.join(names())}")
    wants_voice = voice is not None and name in ("auto", *GROUPS)
    # lazily: checking an engine can mean importing it (pyttsx3, Piper)
    ready = (e for e in group if e.missing() is None)
    chosen = next((e for e in ready if not wants_voice or e.owns(voice or "")), None)
    if chosen:
        return chosen
    if any(e.missing() is None for e in group):
        raise SpeechError(f"no installed speech engine has a voice {voice!r}; "
                          "see `plainhealth voices` for the ones installed")
    reasons = "; ".join(f"{e.name}: {e.missing()}" for e in group)
    if name == "auto":
        raise EngineMissingError(f"no speech engine is installed ({reasons})")
    raise EngineMissingError(f"the {name} speech engine is not available ({reasons})")


def members(name: str) -> list[Engine]:
    """The engines ``name`` stands for, in order of preference."""
    known = engines()
    if name == "auto":
        return list(known)
    wanted = GROUPS.get(name, (name,))
    return [e for e in known if e.name in wanted]


def all_voices() -> tuple[Voice, ...]:
    """Every voice of every engine that can run."""
    return tuple(v for e in engines() if e.missing() is None for v in e.voices())


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
