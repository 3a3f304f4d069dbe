"""Speech engines: the protocol every engine follows, and the list plainhealth chooses from.

An engine turns one utterance at a time into 16-bit mono PCM. Synthesising utterance by
utterance keeps the work linear in the length of the text and gives every sentence an
exact start time for captions and chapters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from plainhealth.errors import PlainhealthError
from plainhealth.speech.hints import Hint


class SpeechError(PlainhealthError):
    """Audio could not be made: no engine, no voice, or the engine failed."""


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

    def close(self) -> None: ...


class Engine(Protocol):
    @property
    def name(self) -> str: ...

    def missing(self) -> str | None:
        """None when the engine can run; otherwise what is missing and how to install it."""
        ...

    def voices(self) -> tuple[Voice, ...]: ...

    def start(self, voice: str | None, rate: int) -> Synth:
        """Load the voice (its default when None) to speak at ``rate`` words a minute."""
        ...


ENGINES: list[Engine] = []
"""The engines plainhealth knows, in the order ``auto`` tries them.

The system engine comes first: it makes a 9-minute article in under a second, is
deterministic (the same input gives the same report), and stays crisp at the 300+ words
a minute screen-reader users choose; Piper sounds more natural but is about 40 times
slower and varies slightly from run to run. Filled on first use; append to add one.
"""


def engines() -> list[Engine]:
    if not ENGINES:
        from plainhealth.speech.neural import PiperEngine
        from plainhealth.speech.system import EspeakEngine

        ENGINES.extend([EspeakEngine(), PiperEngine()])
    return ENGINES


def choose(name: str) -> Engine:
    """The engine called ``name``, or for ``auto`` the first available one."""
    known = engines()
    if name == "auto":
        for engine in known:
            if engine.missing() is None:
                return engine
        reasons = "; ".join(f"{e.name}: {e.missing()}" for e in known)
        raise SpeechError(f"no speech engine is installed ({reasons})")
    for engine in known:
        if engine.name == name:
            problem = engine.missing()
            if problem:
                raise SpeechError(f"the {name} speech engine is not available: {problem}")
            return engine
    names = ", ".join(["auto", *(e.name for e in known)])
    raise SpeechError(f"unknown speech engine {name!r}; choose from {names}")


def all_voices() -> tuple[Voice, ...]:
    """Every voice of every engine that can run."""
    return tuple(v for e in engines() if e.missing() is None for v in e.voices())
