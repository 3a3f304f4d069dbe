"""WebVTT captions: one cue per utterance, long ones cut into readable pieces.

An utterance starts exactly where the voice starts (its time comes from synthesis); a
sentence is wrapped at word boundaries into lines of at most 42 characters, two lines a
cue, and its time is shared out by the length of each cue.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from plainhealth.speech.timeline import Cue

LINE = 42
"""Characters per caption line (the usual broadcast limit)."""
LINES = 2


def split_cue(cue: Cue, width: int = LINE, lines: int = LINES) -> list[Cue]:
    """``cue`` as cues of at most ``lines`` lines of ``width`` characters (lines joined by
    a newline), each timed by its share of the text."""
    wrapped = textwrap.wrap(cue.text, width, break_long_words=False, break_on_hyphens=False)
    pieces = ["\n".join(wrapped[i:i + lines]) for i in range(0, len(wrapped), lines)]
    if len(pieces) <= 1:
        return [Cue(cue.start, cue.end, pieces[0] if pieces else cue.text)]
    total = sum(len(p) for p in pieces)
    out, start, used = [], cue.start, 0
    for piece in pieces:
        used += len(piece)
        end = cue.start + (cue.end - cue.start) * used / total
        out.append(Cue(start, end, piece))
        start = end
    return out


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
