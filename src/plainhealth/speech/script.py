"""The spoken script: what plainhealth says, in order, with pauses and chapter marks.

Built from the plain-language result, never from raw text: the title, the general safety
note, then each section (its heading announced after a longer pause), sentence by
sentence. After the title, a listener hears which parts plainhealth added. A glossary
explanation follows the sentence of the term's first use as
"A word to know: <term>. <explanation>"; a safety note follows its paragraph as
"Safety note, added by plainhealth: …". Numbers, units and abbreviations are read as a
person would say them (:mod:`normalize`).
"""

from __future__ import annotations

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
    joined,
    list_numbers,
)
from plainhealth.speech.hints import Hint, hints_from_terms
from plainhealth.speech.normalize import normalize

WORD_TO_KNOW = "A word to know"
"""With its article: a neural voice slurs a bare "Word" at the start of an utterance, and a
recogniser heard "Word to know" as "where to know" or "word to no" (bench/audio.py)."""
SAFETY_NOTE_LABEL = "Safety note"
KEY_POINTS = "Key safety points"
SAFETY_NOTE = SAFETY_NOTE_LABEL
LEGEND = "plainhealth added the key safety points, the words to know and the safety notes."
"""Said after the title when anything was added, so a listener knows what is ours."""
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

    def lines(self) -> tuple[Line, ...]:
        return tuple(i for i in self.items if isinstance(i, Line))

    def marks(self) -> tuple[Mark, ...]:
        return tuple(i for i in self.items if isinstance(i, Mark))

    def text(self) -> str:
        """Everything spoken, one line per utterance (what a plain TTS run would read)."""
        return "\n".join(line.say for line in self.lines()) + "\n"


class _Builder:
    def __init__(self, pauses: Pauses) -> None:
        self.pauses = pauses
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

    def line(self, kind: LineKind, show: str) -> None:
        show = " ".join(show.split())
        say = normalize(show)
        if not any(c.isalnum() for c in say):  # "___", "* * *": nothing a voice can say
            return
        if self.items and isinstance(self.items[-1], Line):
            self.pause(self.pauses.sentence)
        self.items.append(Line(kind, say, show))
        self.spoken = True

    def sentences(self, kind: LineKind, text: str, lead: str = "") -> None:
        for i, sentence in enumerate(split(text)):
            self.line(kind, f"{lead}: {sentence.text}" if lead and i == 0 else sentence.text)


def build(result: Result, pauses: Pauses | None = None) -> Script:
    """The script for a converted article."""
    b = _Builder(pauses or Pauses())
    article = result.plain
    b.items.append(Mark(article.title or "Introduction"))
    if article.title:
        b.line(LineKind.TITLE, _sentence_end(article.title))
    if result.key_points or any(b_.additions for b_ in article.prose_blocks()):
        b.line(LineKind.NOTE, LEGEND)
    _key_points(b, result)
    for section in article.sections:
        if section.heading:
            b.pause(b.pauses.section)
            if isinstance(b.items[-1], Mark):  # nothing said in the chapter before: replace it
                b.items.pop()
            b.items.append(Mark(section.heading))
            b.line(LineKind.HEADING, f"{SECTION}: {_sentence_end(section.heading)}")
        held: list[Addition] = []
        for block, number in list_numbers(section.blocks):
            if block.kind is not BlockKind.LIST_ITEM:
                _notes(b, held)
            b.pause(b.pauses.paragraph)
            held += _block(b, block, number)
            if block.kind is not BlockKind.LIST_ITEM:
                _notes(b, held)
        _notes(b, held)
    for note in result.notes:
        if note.position is NotePosition.END:  # the not-medical-advice note: its first
            b.pause(b.pauses.section)  # sentence, said last (the rest is in the handout)
            b.line(LineKind.NOTE, next(iter(split(note.text))).text)
    if b.items and isinstance(b.items[-1], Pause):
        b.items.pop()
    return Script(article.title, tuple(b.items), hints_from_terms(result.terms))


def _key_points(b: _Builder, result: Result) -> None:
    if not result.key_points:
        return
    b.pause(b.pauses.paragraph)
    b.line(LineKind.NOTE, f"{KEY_POINTS}.")  # the legend just said who added them
    for point in result.key_points:
        b.sentences(LineKind.NOTE, point.text)


def _block(b: _Builder, block: Block, number: int) -> list[Addition]:
    """Say the block with its explanations; return its notes and pointers (said after the
    block, or after the whole list for a list item)."""
    notes: list[Addition] = []
    pieces: list[str] = []
    glue = False
    for segment in block.segments():
        if isinstance(segment, str):
            joined(pieces, segment, glue)
        elif segment.kind in (AdditionKind.NOTE, AdditionKind.POINTER):
            notes.append(segment)
        elif segment.kind is AdditionKind.EXPLANATION and segment.ref not in b.explained:
            _say(b, pieces, number)
            number = 0
            b.explained.add(segment.ref)
            _explanation(b, segment)
        glue = not isinstance(segment, str) and segment.kind is AdditionKind.MARK
    _say(b, pieces, number)
    return notes


def _say(b: _Builder, pieces: list[str], number: int) -> None:
    if pieces:
        _text(b, " ".join(pieces), f"{number}" if number else "")
        pieces.clear()


def _notes(b: _Builder, notes: list[Addition]) -> None:
    """The full notes; a pointer back to one ("see the note above") is for readers who
    jump into a section, not for listeners, who heard the note and the key points."""
    for note in notes:
        if note.kind is AdditionKind.NOTE:
            b.pause(b.pauses.paragraph)
            b.sentences(LineKind.NOTE, note.text, SAFETY_NOTE)
    notes.clear()


def _text(b: _Builder, text: str, lead: str) -> None:
    for i, sentence in enumerate(split(text)):
        b.line(LineKind.SENTENCE, f"{lead}. {sentence.text}" if lead and i == 0 else sentence.text)


def _explanation(b: _Builder, addition: Addition) -> None:
    b.pause(b.pauses.sentence)
    b.line(LineKind.EXPLANATION, f"{WORD_TO_KNOW}: {_sentence_end(addition.label)}")
    b.sentences(LineKind.EXPLANATION, addition.text)
    b.pause(b.pauses.sentence)


def _sentence_end(text: str) -> str:
    text = " ".join(text.split())
    return text if not text or text[-1] in ".?!:" else f"{text}."
