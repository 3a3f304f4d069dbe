"""WebVTT captions: one cue per utterance, long ones cut into readable phrases.

An utterance starts exactly where the voice starts (its time comes from synthesis). A
sentence too long for one cue (two lines of at most 42 characters) is cut into as few
cues as it needs, of even length, at the places a reader pauses: after a comma or a
semicolon, before "and", "but", "because", "which" … A piece of one or two words is
avoided, and one shown for under a second is put back with its neighbour: a flash of
"it." is no help to anyone. Each piece starts when the engine said its first word, where
the engine reports word times (espeak-ng does); otherwise the sentence's time is shared
out by length. Each cue's identifier is the id of the piece of the article it shows (the
handout's highlighting follows it).
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Sequence
from itertools import pairwise

from plainhealth.speech.normalize import normalize
from plainhealth.speech.timeline import Cue

LINE = 42
"""Characters per caption line (the usual broadcast limit)."""
LINES = 2
SHORT_WORDS = 2
SHORT_SECONDS = 1.0
"""A cue of at most SHORT_WORDS words shown for less than SHORT_SECONDS is too short to read
(unless it is a whole sentence)."""
PAUSES = ",;:–—)"
"""A phrase may end after a word ending with one of these..."""
JOINS = frozenset({"and", "or", "but", "because", "which", "who", "that", "if", "when",
                   "while", "so", "unless", "until", "before", "after", "although", "though",
                   "where", "as", "to", "with", "without", "for", "from", "like", "such"})
"""...or before one of these words."""


_NUMBER = re.compile(r"[\d.,]*\d\Z")
_KEPT = "\u00a0"
"""Joins a number to the word after it while lines are wrapped (textwrap breaks only at
ASCII white space): "70 mg/dL" is never split over two lines."""


def _wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` characters, a number kept with its unit."""
    kept = re.sub(r"(?<=\d) (?=\S)", _KEPT, text)
    return [line.replace(_KEPT, " ") for line in textwrap.wrap(
        kept, width, break_long_words=False, break_on_hyphens=False)]


def _lines(words: Sequence[str], width: int) -> int:
    return len(_wrap(" ".join(words), width))


def _break_cost(words: Sequence[str], at: int) -> float:
    """How bad a cut before ``words[at]`` is to read: none after a comma, some before a
    joining word, most in the middle of a phrase, and more between a number and its unit."""
    if words[at - 1][-1] in PAUSES:
        return 0.0
    if _NUMBER.search(words[at - 1]):
        return 2.0
    return 0.3 if words[at].lower() in JOINS else 1.0


EXTRA_PIECE = 0.4
"""What one more cue costs against a cut in the middle of a phrase (1.0)."""


def phrases(words: Sequence[str], width: int = LINE, lines: int = LINES) -> list[int]:
    """Where to cut ``words`` (indexes of each piece's first word, 0 first): pieces of at
    most ``lines`` lines, cut where a reader pauses, of even length, as few as that allows
    (the fewest possible, or one more where that keeps the phrases whole)."""
    n = len(words)
    sizes = [0]
    for word in words:
        sizes.append(sizes[-1] + len(word) + 1)
    longest = []  # longest[i]: the end of the longest piece that starts at word i and fits
    for i in range(n):
        j = i + 1
        while j < n and _lines(words[i:j + 1], width) <= lines:
            j += 1
        longest.append(j)
    fewest = [0] + [n + 1] * n  # fewest pieces for the first j words
    for i in range(n):
        for j in range(i + 1, longest[i] + 1):
            fewest[j] = min(fewest[j], fewest[i] + 1)
    plans = [_plan(words, sizes, longest, count) for count in (fewest[n], fewest[n] + 1)
             if count <= n]
    return min((cost + EXTRA_PIECE * len(cuts), cuts) for cost, cuts in plans if cuts)[1]


def _plan(words: Sequence[str], sizes: list[int], longest: list[int], count: int,
          ) -> tuple[float, list[int]]:
    """The cheapest cut into exactly ``count`` pieces ((inf, []) if there is none)."""
    n, target = len(words), sizes[-1] / count
    # best[(j, p)]: (cost, cuts) of the first j words in p pieces
    best: dict[tuple[int, int], tuple[float, list[int]]] = {(0, 0): (0.0, [])}
    for p in range(1, count + 1):
        for i in range(n):
            if (i, p - 1) not in best:
                continue
            before, cuts = best[(i, p - 1)]
            cut = _break_cost(words, i) if i else 0.0
            for j in range(i + 1, longest[i] + 1):
                cost = before + cut + ((sizes[j] - sizes[i] - target) / target) ** 2 + (
                    10.0 if j - i <= SHORT_WORDS and n > SHORT_WORDS else 0.0)
                if (j, p) not in best or cost < best[(j, p)][0]:
                    best[(j, p)] = (cost, [*cuts, i])
    return best.get((n, count), (float("inf"), []))


def split_cue(cue: Cue, width: int = LINE, lines: int = LINES) -> list[Cue]:
    """``cue`` as cues of at most ``lines`` lines of ``width`` characters (lines joined by
    a newline), each starting when its first word is said."""
    words = cue.text.split()
    if len(words) <= 1 or _lines(words, width) <= lines:
        return [Cue(cue.start, cue.end, "\n".join(_wrap(cue.text, width)) or cue.text)]
    cuts = phrases(words, width, lines)
    pieces = [words[a:b] for a, b in pairwise([*cuts, len(words)])]
    starts = _said(cue, pieces) or _shared(cue, pieces)
    pieces, starts = _without_flashes(pieces, starts, cue.end)
    ends = [*starts[1:], cue.end]
    return [Cue(s, e, "\n".join(_wrap(" ".join(p), width)))
            for s, e, p in zip(starts, ends, pieces, strict=True)]


def _without_flashes(pieces: list[list[str]], starts: list[float], end: float,
                     ) -> tuple[list[list[str]], list[float]]:
    """A short piece shown for under SHORT_SECONDS joins the piece before it (the first
    piece, the one after it)."""
    ends = [*starts[1:], end]
    for i in range(len(pieces)):
        if len(pieces) > 1 and len(pieces[i]) <= SHORT_WORDS and \
                ends[i] - starts[i] < SHORT_SECONDS:
            into = i - 1 if i else 1
            first, last = min(i, into), max(i, into)
            merged = [*pieces[:first], pieces[first] + pieces[last], *pieces[last + 1:]]
            return _without_flashes(merged, [*starts[:first + 1], *starts[last + 1:]], end)
    return pieces, starts


def _said(cue: Cue, pieces: list[list[str]]) -> list[float] | None:
    """Start of each piece from the engine's word times: a piece's first word is found by
    counting the spoken words ("2–3 mg" says four) of the pieces before it."""
    if not cue.words:
        return None
    counts = [len(normalize(" ".join(piece)).split()) for piece in pieces]
    total, said = sum(counts), len(cue.words)
    starts, before = [cue.start], 0
    for count in counts[:-1]:
        before += count
        starts.append(cue.words[min(said - 1, round(before * said / total))])
    ordered = all(a < b < cue.end for a, b in pairwise(starts))
    return starts if ordered else None


def _shared(cue: Cue, pieces: list[list[str]]) -> list[float]:
    """Start of each piece by its share of the text's length."""
    sizes = [len(" ".join(p)) for p in pieces]
    total, used, starts = sum(sizes), 0, []
    for size in sizes:
        starts.append(cue.start + (cue.end - cue.start) * used / total)
        used += size
    return starts


def shown_words(cue: Cue) -> tuple[float, ...]:
    """When each written word of ``cue.text`` (split at spaces) is said, from the engine's
    word times: a written word starts at the first of the spoken words it is read as ("2–3"
    is three), found by how many words the text before it says. Empty when the engine
    gives no word times, or the words do not match up one by one in order."""
    written = cue.text.split()
    said = len(cue.words)
    if not said:
        return ()
    if len(written) == said:
        return cue.words
    before = [len(normalize(" ".join(written[:i])).split()) for i in range(len(written))]
    if len(normalize(cue.text).split()) != said or \
            any(a >= b for a, b in pairwise([*before, said])):
        return ()
    return tuple(cue.words[i] for i in before)


def timestamp(seconds: float) -> str:
    millis = max(0, round(seconds * 1000))
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def webvtt(cues: Iterable[Cue], title: str = "") -> str:
    """A WebVTT file with the cues in order, each named by the piece of the article it
    shows (``say-…``, then ``say-….2`` for the next part of the same utterance), or
    numbered where it has no such id."""
    heading = " ".join(title.replace("-->", "to").split())
    parts = ["WEBVTT" + (f" - {heading}" if heading else "")]
    number = 0
    for cue in cues:
        for i, piece in enumerate(split_cue(cue)):
            number += 1
            name = (cue.spot if i == 0 else f"{cue.spot}.{i + 1}") if cue.spot else str(number)
            parts.append(f"{name}\n{timestamp(piece.start)} --> {timestamp(piece.end)}\n"
                         f"{_escape(piece.text)}")
    return "\n\n".join(parts) + "\n"
