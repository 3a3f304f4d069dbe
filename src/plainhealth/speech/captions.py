"""WebVTT captions: one cue per utterance, long ones cut into readable pieces.

An utterance starts exactly where the voice starts (its time comes from synthesis); a
sentence is wrapped at word boundaries into lines of at most 42 characters, two lines a
cue. Each piece starts when the engine said its first word, where the engine reports word
times (espeak-ng does); otherwise the sentence's time is shared out by length.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from itertools import pairwise

from plainhealth.speech.normalize import normalize
from plainhealth.speech.timeline import Cue

LINE = 42
"""Characters per caption line (the usual broadcast limit)."""
LINES = 2


def split_cue(cue: Cue, width: int = LINE, lines: int = LINES) -> list[Cue]:
    """``cue`` as cues of at most ``lines`` lines of ``width`` characters (lines joined by
    a newline), each starting when its first word is said."""
    wrapped = textwrap.wrap(cue.text, width, break_long_words=False, break_on_hyphens=False)
    pieces = ["\n".join(wrapped[i:i + lines]) for i in range(0, len(wrapped), lines)]
    if len(pieces) <= 1:
        return [Cue(cue.start, cue.end, pieces[0] if pieces else cue.text)]
    starts = _said(cue, pieces) or _shared(cue, pieces)
    ends = [*starts[1:], cue.end]
    return [Cue(s, e, p) for s, e, p in zip(starts, ends, pieces, strict=True)]


def _said(cue: Cue, pieces: list[str]) -> list[float] | None:
    """Start of each piece from the engine's word times: a piece's first word is found by
    counting the spoken words ("2–3 mg" says four) of the pieces before it."""
    if not cue.words:
        return None
    counts = [len(normalize(piece.replace("\n", " ")).split()) for piece in pieces]
    total, said = sum(counts), len(cue.words)
    starts, before = [cue.start], 0
    for count in counts[:-1]:
        before += count
        starts.append(cue.words[min(said - 1, round(before * said / total))])
    ordered = all(a < b < cue.end for a, b in pairwise(starts))
    return starts if ordered else None


def _shared(cue: Cue, pieces: list[str]) -> list[float]:
    """Start of each piece by its share of the text's length."""
    total, used, starts = sum(len(p) for p in pieces), 0, []
    for piece in pieces:
        starts.append(cue.start + (cue.end - cue.start) * used / total)
        used += len(piece)
    return starts


def timestamp(seconds: float) -> str:
    millis = max(0, round(seconds * 1000))
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def webvtt(cues: Iterable[Cue], title: str = "") -> str:
    """A WebVTT file with the cues in order, each numbered."""
    heading = " ".join(title.replace("-->", "to").split())
    parts = ["WEBVTT" + (f" - {heading}" if heading else "")]
    pieces = [piece for cue in cues for piece in split_cue(cue)]
    for number, cue in enumerate(pieces, start=1):
        parts.append(f"{number}\n{timestamp(cue.start)} --> {timestamp(cue.end)}\n"
                     f"{_escape(cue.text)}")
    return "\n\n".join(parts) + "\n"
