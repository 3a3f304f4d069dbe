"""Sentence boundaries, from syntok: it keeps "0.73", "Dr." and "e.g." inside sentences."""

from __future__ import annotations

import re
from dataclasses import dataclass

from plainhealth.language.memo import per_conversion

# syntok reads "2.5 mL. Stop" as one sentence ("L." looks like an initial). Units of
# measure never take a full stop of their own, so a unit, a stop and a capital is a break.
_UNIT_STOP = re.compile(r"\b(?:mL|ml|L|mg|mcg|µg|g|kg|IU|cm|mm|km|oz|lb|lbs)\.(\s+)(?=[A-Z])|"
                        # "vitamin D. Most adults", "hepatitis B. One trial": a capital
                        # after a lower-case word is a name's last letter, not an initial
                        # ("J. Smith", "U.S. Food" are left alone).
                        r"(?<![^\s(])[a-z]{2,} [A-Z]\.(\s+)(?=[A-Z][a-z])")


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    """Offset of the first character in the text it was split from."""
    end: int


@per_conversion
def split(text: str) -> tuple[Sentence, ...]:
    """The sentences of one block of text, with their offsets (cached: every stage of the
    pipeline splits the same blocks)."""
    import syntok.segmenter as segmenter

    out: list[Sentence] = []
    for paragraph in segmenter.analyze(text):
        for tokens in paragraph:
            if not tokens:
                continue
            start = tokens[0].offset
            end = tokens[-1].offset + len(tokens[-1].value)
            # syntok drops a closing quote or bracket after the full stop into the next
            # sentence's spacing; keep it with the sentence it closes.
            while end < len(text) and text[end] in "\"'”’)]":
                end += 1
            if out and start < out[-1].end:
                start = out[-1].end
            out.extend(_split_at_units(text, start, end))
    return tuple(out)


def _split_at_units(text: str, start: int, end: int) -> list[Sentence]:
    pieces: list[Sentence] = []
    for match in _UNIT_STOP.finditer(text, start, end):
        gap = 1 if match.start(1) >= 0 else 2
        pieces.extend(_sentence(text, start, match.start(gap)))
        start = match.end(gap)
    pieces.extend(_sentence(text, start, end))
    return pieces


def _sentence(text: str, start: int, end: int) -> list[Sentence]:
    raw = text[start:end]
    stripped = raw.strip()
    if not stripped:
        return []
    lead = len(raw) - len(raw.lstrip())
    return [Sentence(stripped, start + lead, start + lead + len(stripped))]
