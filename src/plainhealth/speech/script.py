"""The spoken script: what plainhealth says, in order, with pauses and chapter marks.

Built from the plain-language result, never from raw text: the title, then which parts
plainhealth added and the key safety points, then each section (its heading announced
after a longer pause), sentence by sentence. A glossary explanation follows the sentence
of the term's first use as "A word to know: <term>. <explanation>"; a safety note follows
its paragraph (its list) as "Safety note: …"; the general note is said last. Numbers,
units and abbreviations are read as a person would say them (:mod:`normalize`).

Every line carries the id of the piece of the article it voices (:func:`spoken_id`):
the handout and the book put the same id on that piece, so captions and Media Overlays
point at it.

An article in another language is read in its own language, as written, and nothing
plainhealth adds in English (labels, key points, notes, explanations) is said: a listener
who chose a Spanish reading may not understand English, one voice reading both languages
mispronounces one of them, and the additions (none today: the glossary and the rules
are English) stay in the handout and the book, marked as English.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from plainhealth.language.sentences import split
from plainhealth.models import (
    Addition,
    AdditionKind,
    Block,
    BlockKind,
    NotePosition,
    Result,
    list_numbers,
    spoken_id,
)
from plainhealth.speech.hints import Hint, hints_from_terms
from plainhealth.speech.normalize import normalize

WORD_TO_KNOW = "A word to know"
"""With its article: a neural voice slurs a bare "Word" at the start of an utterance, and a
recogniser heard "Word to know" as "where to know" or "word to no" (bench/audio.py)."""
SAFETY_NOTE_LABEL = "Safety note"
KEY_POINTS = "Key safety points"
SAFETY_NOTE = SAFETY_NOTE_LABEL
LEGEND_PARTS = {"points": "the key safety points", "words": "the words to know",
                "notes": "the safety notes"}
"""What the legend after the title may name: only what this article's audio holds."""
SECTION = "Section"


class LineKind(StrEnum):
    TITLE = "title"
    HEADING = "heading"
    SENTENCE = "sentence"
    EXPLANATION = "explanation"
    NOTE = "note"


@dataclass(frozen=True)
class Line:
    """One utterance: the words to say and the words a caption shows."""

    kind: LineKind
    say: str
    """Normalised for speech ("two to three times")."""
    show: str
    """As written ("2–3 times"), for captions."""
    spot: str = ""
    """The id of the piece of the article this line voices (:func:`spoken_id`)."""
    lead: int = 0
    """Words of ``show`` before the piece's own text (the "2." of a numbered item, the
    "Section:" of a heading), which the page shows otherwise or not at all."""


@dataclass(frozen=True)
class Pause:
    seconds: float


@dataclass(frozen=True)
class Mark:
    """A chapter starts here (at the next line)."""

    title: str


Item = Line | Pause | Mark


@dataclass(frozen=True)
class Pauses:
    """Seconds of silence between sentences, paragraphs and sections."""

    sentence: float = 0.3
    paragraph: float = 0.6
    section: float = 1.5


@dataclass(frozen=True)
class Script:
    title: str
    items: tuple[Item, ...]
    hints: tuple[Hint, ...] = ()
    language: str = "en"
    """The language the lines are in (the article's)."""

    def lines(self) -> tuple[Line, ...]:
        return tuple(i for i in self.items if isinstance(i, Line))

    def marks(self) -> tuple[Mark, ...]:
        return tuple(i for i in self.items if isinstance(i, Mark))

    def text(self) -> str:
        """Everything spoken, one line per utterance (what a plain TTS run would read)."""
        return "\n".join(line.say for line in self.lines()) + "\n"


class _Builder:
    def __init__(self, pauses: Pauses, english: bool) -> None:
        self.pauses = pauses
        self.english = english
        self.say: Callable[[str], str] = normalize if english else _as_written
        self.items: list[Item] = []
        self.explained: set[str] = set()
        self.spoken = False

    def pause(self, seconds: float) -> None:
        """Silence here (the longer one wins when two meet); none before the first words."""
        if seconds <= 0 or not self.spoken:
            return
        last = self.items[-1]
        if isinstance(last, Pause):
            self.items[-1] = Pause(max(last.seconds, seconds))
        else:
            self.items.append(Pause(seconds))

    def line(self, kind: LineKind, show: str, spot: str, lead: str = "") -> None:
        """Say ``lead`` (ours, not on the page) then ``show``."""
        show = " ".join(f"{lead} {show}".split())
        say = self.say(show)
        if not any(c.isalnum() for c in say):  # "___", "* * *": nothing a voice can say
            return
        if self.items and isinstance(self.items[-1], Line):
            self.pause(self.pauses.sentence)
        self.items.append(Line(kind, say, show, spot, len(lead.split())))
        self.spoken = True

    def sentences(self, kind: LineKind, text: str, spot: str, lead: str = "",
                  first: int = 0) -> None:
        """Each sentence of ``text`` a line, the j-th under the id ``spot-(first + j)``."""
        for i, sentence in enumerate(split(text)):
            self.line(kind, sentence.text, f"{spot}-{first + i}", lead if i == 0 else "")


def _as_written(text: str) -> str:
    """Another language's text goes to its voice as written: the engine reads its numbers
    and abbreviations in that language (our rules are for English)."""
    return " ".join(text.split())


def build(result: Result, pauses: Pauses | None = None) -> Script:
    """The script for a converted article."""
    english = result.before.language_supported
    b = _Builder(pauses or Pauses(), english)
    article = result.plain
    b.items.append(Mark(article.title or "Introduction"))
    if article.title:
        b.line(LineKind.TITLE, _sentence_end(article.title), spoken_id("title"))
    if english:
        _key_points(b, result)
    for k, section in enumerate(article.sections):
        if section.heading:
            b.pause(b.pauses.section)
            if isinstance(b.items[-1], Mark):  # nothing said in the chapter before: replace it
                b.items.pop()
            b.items.append(Mark(section.heading))
            b.line(LineKind.HEADING, _sentence_end(section.heading), spoken_id("h", k),
                   f"{SECTION}:" if english else "")
        held: list[tuple[str, Addition]] = []
        for (i, block), (_, number) in zip(enumerate(section.blocks),
                                          list_numbers(section.blocks), strict=True):
            if block.kind is not BlockKind.LIST_ITEM:
                _notes(b, held)
            b.pause(b.pauses.paragraph)
            held += _block(b, block, number, (k, i))
            if block.kind is not BlockKind.LIST_ITEM:
                _notes(b, held)
        _notes(b, held)
    for i, note in enumerate(result.notes):
        if english and note.position is NotePosition.END:  # the not-medical-advice note:
            b.pause(b.pauses.section)  # its first sentence, said last (the rest is in the
            first = split(note.text)[:1]  # handout)
            if first:
                b.line(LineKind.NOTE, first[0].text, spoken_id("end", i, 0))
    if b.items and isinstance(b.items[-1], Pause):
        b.items.pop()
    return Script(article.title, tuple(b.items), hints_from_terms(result.terms),
                  result.article.lang or "en")


def legend(result: Result) -> str | None:
    """"plainhealth added …", naming what the listener will hear of ours, or None."""
    kinds = {a.kind for block in result.plain.prose_blocks() for a in block.additions}
    said = [LEGEND_PARTS[part] for part, there in (
        ("points", bool(result.key_points)), ("words", AdditionKind.EXPLANATION in kinds),
        ("notes", AdditionKind.NOTE in kinds)) if there]
    if not said:
        return None
    listed = said[0] if len(said) == 1 else f"{', '.join(said[:-1])} and {said[-1]}"
    return f"plainhealth added {listed}."


def _key_points(b: _Builder, result: Result) -> None:
    if said := legend(result):
        b.line(LineKind.NOTE, said, spoken_id("legend"))
    if not result.key_points:
        return
    b.pause(b.pauses.paragraph)
    b.line(LineKind.NOTE, f"{KEY_POINTS}.", spoken_id("points"))  # the legend just said
    for i, point in enumerate(result.key_points):  # who added them
        b.sentences(LineKind.NOTE, point.text, spoken_id("point", i))


def _block(b: _Builder, block: Block, number: int, where: tuple[int, int],
           ) -> list[tuple[str, Addition]]:
    """Say the block sentence by sentence, each explanation after its sentence; return
    its notes (said after the block, or after the whole list for a list item), each with
    the id its first line takes."""
    sentences = split(block.text)
    ends = [s.end for s in sentences]
    placed: dict[int, list[tuple[int, Addition]]] = {}
    for n, addition in enumerate(block.additions):  # each after the sentence it ends
        at = min(bisect.bisect_left(ends, addition.after), max(len(sentences) - 1, 0))
        placed.setdefault(at, []).append((n, addition))
    notes: list[tuple[str, Addition]] = []
    for i, sentence in enumerate(sentences or [None]):
        if sentence is not None:
            lead = f"{number}." if number and i == 0 and b.english else ""
            b.line(LineKind.SENTENCE, sentence.text, spoken_id("s", *where, sentence.start),
                   lead)
        for n, addition in sorted(placed.get(i, []), key=lambda p: p[1].after):
            spot = spoken_id("a", *where, n)
            if not b.english:
                continue
            if addition.kind is AdditionKind.NOTE:
                notes.append((spot, addition))
            elif addition.kind is AdditionKind.EXPLANATION and addition.ref not in b.explained:
                b.explained.add(addition.ref)
                _explanation(b, addition, spot)
    return notes


def _notes(b: _Builder, notes: list[tuple[str, Addition]]) -> None:
    """The full notes; a pointer back to one ("see the note above") is for readers who
    jump into a section, not for listeners, who heard the note and the key points."""
    for spot, note in notes:
        b.pause(b.pauses.paragraph)
        b.sentences(LineKind.NOTE, note.text, spot, f"{SAFETY_NOTE}:")
    notes.clear()


def _explanation(b: _Builder, addition: Addition, spot: str) -> None:
    b.pause(b.pauses.sentence)
    b.line(LineKind.EXPLANATION, _sentence_end(addition.label), f"{spot}-0",
           f"{WORD_TO_KNOW}:")
    b.sentences(LineKind.EXPLANATION, addition.text, spot, first=1)
    b.pause(b.pauses.sentence)


def _sentence_end(text: str) -> str:
    text = " ".join(text.split())
    return text if not text or text[-1] in ".?!:" else f"{text}."
