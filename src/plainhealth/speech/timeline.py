"""Speak a script utterance by utterance and lay the audio out on one timeline.

Each utterance is trimmed of the engine's own leading and trailing silence, so a
caption's start is where the voice really starts, and the script's pauses are the only
silences between sentences. Times come from sample counts, never from estimates.
"""

from __future__ import annotations

import array
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from plainhealth.speech.base import SpeechError, Synth, say_all
from plainhealth.speech.script import Mark, Pause, Script

SILENCE = 200
"""Samples quieter than this (of 32767) count as silence when trimming."""
MARGIN = 0.01
"""Seconds of quiet kept before and after the voice of each utterance."""


@dataclass(frozen=True)
class Cue:
    """One utterance: when the voice says it, and the words as written."""

    start: float
    end: float
    text: str
    words: tuple[float, ...] = ()
    """When each spoken word (the script line's ``say``, split at spaces) starts, where the
    engine reports it; lets captions cut a long sentence at the real times."""
    spot: str = ""
    """The id of the piece of the article said (the script line's)."""
    lead: int = 0
    """Words of ``text`` before the piece's own (see :attr:`script.Line.lead`)."""


@dataclass(frozen=True)
class Chapter:
    title: str
    start: float
    """Seconds from the start of the audio to the first word of the chapter."""


@dataclass(frozen=True)
class Timeline:
    """Where everything is in the audio; the audio itself went to the sinks of speak()."""

    sample_rate: int
    samples: int
    cues: tuple[Cue, ...]
    chapters: tuple[Chapter, ...]

    @property
    def duration(self) -> float:
        return self.samples / self.sample_rate


def speak(script: Script, synth: Synth, sinks: Sequence[Callable[[bytes], None]] = ()
          ) -> Timeline:
    """The whole script as audio, with the exact start of every utterance and chapter.

    Each of ``sinks`` gets the audio piece by piece as it is made (to write and encode
    while speaking); the timeline keeps none of it.
    """
    rate = synth.sample_rate
    samples = 0  # so far: every time is a sample count over the rate
    cues: list[Cue] = []
    chapters: list[Chapter] = []
    said = say_all(synth, [line.say for line in script.lines()], script.hints)
    for item in script.items:
        if isinstance(item, Pause):
            pcm = bytes(2 * round(item.seconds * rate))
        elif isinstance(item, Mark):
            chapters.append(Chapter(item.title, samples / rate))
            continue
        else:
            spoken = next(said)
            span = bounds(spoken.pcm, rate)
            if span is None:
                raise SpeechError(f"the {synth.voice} voice made no sound for: {item.show!r}")
            pcm = spoken.pcm[2 * span[0]: 2 * span[1]]
            start, end = samples / rate, (samples + span[1] - span[0]) / rate
            words = tuple(min(end, start + max(0, w - span[0]) / rate) for w in spoken.words)
            cues.append(Cue(start, end, item.show, words, item.spot, item.lead))
        samples += len(pcm) // 2
        for sink in sinks:
            sink(pcm)
    return Timeline(rate, samples, tuple(cues), tuple(chapters))


def trim(pcm: bytes, rate: int) -> bytes:
    """``pcm`` without its leading and trailing silence (a short margin kept)."""
    span = bounds(pcm, rate)
    return pcm[2 * span[0]: 2 * span[1]] if span else b""


def bounds(pcm: bytes, rate: int) -> tuple[int, int] | None:
    """First and past-the-last sample of the voice in ``pcm``, with a short margin of quiet
    each side; None for silence."""
    samples = array.array("h")
    samples.frombytes(pcm[: len(pcm) - len(pcm) % 2])
    if sys.byteorder == "big":
        samples.byteswap()
    first = _loud(samples, range(0, len(samples), _BLOCK))
    if first is None:
        return None
    last = _loud(samples, range((len(samples) - 1) // _BLOCK * _BLOCK, -1, -_BLOCK), last=True)
    assert last is not None
    margin = round(MARGIN * rate)
    return max(0, first - margin), min(len(samples), last + 1 + margin)


_BLOCK = 256


def _loud(samples: array.array[int], blocks: range, last: bool = False) -> int | None:
    """Index of the first (or last) sample louder than SILENCE, block by block.

    Whole blocks are tested with the C-level ``max``/``min``; only the block that holds
    the answer is walked sample by sample.
    """
    for at in blocks:
        block = samples[at:at + _BLOCK]
        if max(block) > SILENCE or -min(block) > SILENCE:
            order = range(len(block) - 1, -1, -1) if last else range(len(block))
            return at + next(i for i in order if abs(block[i]) > SILENCE)
    return None
