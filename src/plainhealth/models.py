"""Frozen records that flow between the pipeline's stages."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


@dataclass(frozen=True)
class Page:
    """A source as read: its decoded HTML and where it came from."""

    source: str
    """What the user gave: a path, a URL, or ``-``."""
    url: str | None
    """The final URL after redirects, or None for files and stdin."""
    html: str
    """The page decoded to text (empty for a PDF or Word file, which ``raw`` holds)."""
    encoding: str
    """The character encoding used to decode the page."""
    content_type: str = "text/html"
    """The format the source is read as (source/detect.py): text/html, application/pdf,
    the Word (.docx) type, text/plain or text/markdown."""
    retrieved: str = ""
    """For a URL: the date the server sent it (its Date header), YYYY-MM-DD; else empty."""
    raw: bytes = b""
    """The bytes as read, for the binary formats (PDF, Word); empty for text formats."""


class AdditionKind(StrEnum):
    EXPLANATION = "explanation"
    """A glossary explanation, inline after the sentence of the term's first use."""
    NOTE = "note"
    """A safety note, after its block (after the whole list for a list item)."""
    POINTER = "pointer"
    """One line pointing back to a safety note given earlier, instead of repeating it."""
    MARK = "mark"
    """A term marked at its first use (no words): it is explained in "Words to know"."""


@dataclass(frozen=True)
class Addition:
    """Words plainhealth adds to the article: always marked, always traceable."""

    kind: AdditionKind
    ref: str
    """The glossary entry id or safety rule id that produced it."""
    label: str
    """What it is about: the term as the article wrote it, or the rule's title."""
    text: str
    source: str
    after: int
    """Offset in the block's text of the end of the sentence it follows (for a mark: of
    the end of the term itself)."""
    severity: str = ""


class BlockKind(StrEnum):
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    HEADING = "heading"


@dataclass(frozen=True, slots=True)
class Block:
    """One unit of article text: a paragraph, a list item or a heading."""

    kind: BlockKind
    text: str
    level: int = 0
    """Heading level (1-6) for headings; list nesting depth for list items; 0 otherwise."""
    ordered: bool = False
    """For list items: whether the list is numbered."""
    additions: tuple[Addition, ...] = ()
    """Explanations and notes to show after the sentences they belong to."""
    verbatim: bool = False
    """Shown as written, never rewritten (table cells: category names, figures)."""

    def segments(self) -> tuple[str | Addition, ...]:
        """The text cut at each addition's anchor, additions in place, in reading order.

        Pieces are stripped where an explanation or note goes (between sentences) but
        not around a mark, which sits right after a word inside a sentence: a renderer
        joins the piece after a mark to the one before it (see :func:`joined`)."""
        if not self.additions:  # most blocks of a long page
            return (self.text.strip(),) if self.text.strip() else ()
        out: list[str | Addition] = []
        position = 0
        after_mark = False
        for addition in sorted(self.additions, key=lambda a: a.after):
            if addition.after > position:
                piece = self.text[position:addition.after]
                piece = piece if after_mark else piece.lstrip()
                out.append(piece if addition.kind is AdditionKind.MARK else piece.rstrip())
                position = addition.after
            out.append(addition)
            after_mark = addition.kind is AdditionKind.MARK
        rest = self.text[position:]
        if position < len(self.text) and rest.strip():
            out.append(rest.rstrip() if after_mark else rest.strip())
        return tuple(out)


def joined(pieces: list[str], piece: str, glue: bool) -> None:
    """Add ``piece`` to ``pieces``: onto the last one when ``glue`` (it follows a mark)."""
    if glue and pieces:
        pieces[-1] += piece
    elif piece:
        pieces.append(piece)


@dataclass(frozen=True)
class Section:
    """A heading (empty for the text before the first heading) and its blocks."""

    heading: str
    level: int
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Article:
    """The main content of a page."""

    title: str
    lang: str
    sections: tuple[Section, ...]
    url: str | None = None
    byline: str | None = None
    date: str | None = None
    retrieved: str = ""
    """The date the page was downloaded (URLs only), YYYY-MM-DD."""
    canonical: str | None = None
    """The web address the page declares for itself (``<link rel="canonical">``)."""

    @property
    def address(self) -> str | None:
        """Where a reader can find the page: its declared address, else the URL it was
        fetched from (None for a file or stdin with neither)."""
        return self.canonical or self.url

    @property
    def language_said(self) -> str:
        """The article's language as a message says it: "the article's language is 'pt'",
        or, when it could not be recognised (``und``), that it is not English."""
        if self.lang == "und":
            return "the article is not in English, and its language could not be recognised"
        return f"the article's language is {self.lang!r}"

    def blocks(self) -> tuple[Block, ...]:
        """Every block in reading order, headings included, title excluded."""
        out: list[Block] = []
        for section in self.sections:
            if section.heading:
                out.append(Block(BlockKind.HEADING, section.heading, section.level))
            out.extend(section.blocks)
        return tuple(out)

    def prose_blocks(self) -> tuple[Block, ...]:
        return tuple(b for s in self.sections for b in s.blocks)

    def prose(self) -> tuple[str, ...]:
        """The paragraph and list-item texts, the prose that readability scores."""
        return tuple(b.text for s in self.sections for b in s.blocks)


@dataclass(frozen=True)
class TermUse:
    """A glossary entry the article uses, for the report and "Words to know"."""

    id: str
    forms: tuple[str, ...]
    """The surface forms found, in order of first use."""
    count: int
    explain: str
    source: str
    status: str
    plain: str = ""
    say: str = ""
    overlay: bool = False
    source_read: bool = False
    """True only when plainhealth read the source page and compared this entry with it."""
    difficulty: str = ""
    """common, familiar or hard (see :mod:`plainhealth.explain.difficulty`)."""
    shown: str = ""
    """How the outputs present it: "inline" (explained at its first use), "list" (marked
    at its first use and explained in "Words to know"), or "none" (a common term, or
    ``--explain none``: only in the report)."""

    @property
    def explained(self) -> bool:
        """Whether the patient is given its explanation (inline or in "Words to know")."""
        return self.shown in EXPLAINED


EXPLAINED = frozenset({"inline", "list"})
"""The :attr:`TermUse.shown` values under which the patient is given the explanation."""


class NotePosition(StrEnum):
    AFTER_BLOCK = "after_block"
    END = "end"
    """The general not-medical-advice note: in "About this handout" (said last in audio)."""


class NoteShown(StrEnum):
    FULL = "full"
    POINTER = "pointer"
    """A later paragraph raised the concern again: one line pointing to the full note."""
    KEY_POINT = "key_point"
    """Given only among the key points (help lines, with their numbers)."""
    LEFT_OUT = "left_out"
    """Sales talk (an info-level concern) on a page that raises serious ones: recorded in
    the report, not shown, so it does not bury them."""


@dataclass(frozen=True)
class Note:
    """A safety note plainhealth added, with what triggered it and where it went."""

    rule: str
    kind: str
    severity: str
    text: str
    source: str
    status: str
    position: NotePosition
    section: int
    """Index of the section in the article (-1 for a note at the top)."""
    block: int
    """Index of the block in its section (-1 for a note at the top)."""
    sentence: str
    """The sentence that triggered the note ("" for the general note)."""
    offset: int
    """Where that sentence starts in its block."""
    shown: NoteShown = NoteShown.FULL
    concern: str = ""
    """What the note is about; notes sharing a concern are given in full once."""
    words: str = ""
    """The words of the sentence that made the rule fire ("" for the general note)."""
    by: str = ""
    """What decided: the rule id, and the claim model's version when it took part."""


@dataclass(frozen=True)
class KeyPoint:
    """One safety concern the page raised, stated once before the article begins."""

    rule: str
    """The rule whose note gives the concern in full (its first firing)."""
    concern: str
    severity: str
    text: str
    """A short statement of the concern (the note's first sentence, or the whole of a
    help-line note, which is short and holds the numbers)."""
    source: str
    in_body: bool = True
    """Whether the full note follows in the article (help lines: only here)."""


@dataclass(frozen=True)
class UnexplainedWord:
    """A word a lay reader may not know and the glossary does not cover."""

    word: str
    count: int
    zipf: float


@dataclass(frozen=True)
class Change:
    """One rewrite of one sentence: which rule, before and after, and where."""

    rule: str
    before: str
    after: str
    section: int
    block: int
    sentence: int
    reason: str = ""
    """Why the rewrite was not applied (for rejected changes only)."""


@dataclass(frozen=True)
class Progress:
    """How far the rewriting followed the target grade (Flesch-Kincaid of the prose)."""

    target: float
    before: float
    after: float
    sentences: int
    """Sentences in the prose after rewriting."""
    above: int
    """Sentences still above the target grade after rewriting."""

    @property
    def reached(self) -> bool:
        return self.after <= self.target


@dataclass(frozen=True)
class HardSentence:
    text: str
    grade: float
    """Flesch-Kincaid grade of the sentence on its own."""


@dataclass(frozen=True)
class Scores:
    """Readability of a body of prose (English formulas)."""

    flesch_kincaid_grade: float
    smog_index: float
    flesch_reading_ease: float
    gunning_fog: float
    coleman_liau_index: float
    dale_chall: float
    words: int
    sentences: int
    syllables: int
    syllables_per_word: float
    words_per_sentence: float
    hardest: tuple[HardSentence, ...] = ()


@dataclass(frozen=True)
class SectionScores:
    heading: str
    scores: Scores


@dataclass(frozen=True)
class Readability:
    """Scores for the whole document and for each section that has prose."""

    document: Scores
    sections: tuple[SectionScores, ...]
    language_supported: bool = True
    """False when the article is not English: the formulas are English-only."""


@dataclass(frozen=True)
class Limits:
    """How a source is read, and how much reading it may take."""

    max_bytes: int = 10 * 1024 * 1024
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    deadline: float = 60.0
    """Seconds for the whole download, however the server drips it."""
    max_redirects: int = 5
    max_pages: int = 2000
    """Pages a PDF may have (a leaflet has a few; a 2,000-page PDF takes about a minute)."""
    input_format: str = "auto"
    """auto (detect from content, name and content type), html, pdf, docx, text, markdown."""


@dataclass(frozen=True)
class Options:
    """Everything that shapes one conversion."""

    limits: Limits = field(default_factory=Limits)
    target_grade: float = 6.0
    glossary: str | None = None
    """An overlay folder of extra or replacement glossary entries."""
    region: str = "auto"
    """Whose help-line numbers the help-line note gives: us, uk, ca, au, ie, or auto (the
    country the page is written for: its language tag, else its address; else us)."""
    explain: str = "inline"
    """inline: the hardest terms explained where first used (a few per paragraph, within
    a budget), the rest marked and listed; end: all marked and listed at the end; none:
    no explanations (the report still lists the terms)."""


@dataclass(frozen=True)
class Result:
    """Everything the renderers need; renderers never re-parse text."""

    source: str
    article: Article
    plain: Article
    """The article as plainhealth presents it (rewritten by later stages)."""
    before: Readability
    after: Readability
    generator: str
    terms: tuple[TermUse, ...] = ()
    notes: tuple[Note, ...] = ()
    key_points: tuple[KeyPoint, ...] = ()
    """The page's safety concerns, most serious first, stated before the article."""
    explain: str = "inline"
    """The ``--explain`` choice the outputs were made with."""
    changes: tuple[Change, ...] = ()
    rejected: tuple[Change, ...] = ()
    rewriting: Progress | None = None
    """How far the rewriting followed the target grade (None when nothing was rewritten:
    a page not in English)."""
    unexplained: tuple[UnexplainedWord, ...] = ()
    glossary_version: str = ""
    glossary_overrides: tuple[str, ...] = ()
    safety_overrides: tuple[str, ...] = ()
    """Safety rules that a local overlay replaced (whether or not they fired)."""
    warnings: tuple[str, ...] = ()
    """Problems that did not stop the conversion: a safety rule that ran out of time, the
    target grade missed, hard words left unexplained."""
    safety_warnings: tuple[str, ...] = ()
    """The first kind only (what `plainhealth check` reports)."""
    timings: tuple[tuple[str, float], ...] = ()

    @property
    def reworded(self) -> int:
        """How many of the article's sentences a rule rewrote."""
        return len({(c.section, c.block, c.sentence) for c in self.changes})


@dataclass(frozen=True)
class Summary:
    """What the batch index shows for a converted item."""

    title: str
    grade_before: float | None
    """None for a page not in English, where the formulas do not apply."""
    grade_after: float | None
    terms: int
    notes: int
    audio_seconds: float | None = None


@dataclass(frozen=True)
class Outcome:
    source: str
    slug: str = ""
    paths: tuple[Path, ...] = ()
    error: str | None = None
    skipped: bool = False
    summary: Summary | None = None
    changes: tuple[Change, ...] = ()
    """The rewrites, when the job asked to keep them (for --show-changes)."""
    warnings: tuple[str, ...] = ()
    """Problems that did not stop the item (audio skipped: no speech engine)."""
    position: int = 0


def spoken_id(*where: int | str) -> str:
    """The id that ties a piece of the plain article to its audio: the element's id in the
    handout and the book, the caption cue's id, and the Media Overlay's text reference.

    ``where`` names the piece: ``"title"``, ``"legend"``, ``"points"`` (the key points'
    heading), ``"point", i, j`` (sentence j of key point i), ``"h", k`` (section k's
    heading), ``"s", k, b, offset`` (the sentence at ``offset`` in block b of section k),
    ``"a", k, b, n, j`` (line j of that block's addition n), ``"end", i, j`` (line j of
    the i-th note of the result, said last).
    """
    return "say-" + "-".join(str(part) for part in where)


def list_numbers(blocks: Iterable[Block]) -> Iterator[tuple[Block, int]]:
    """Each block with its number in its ordered list (1, 2, …), counted at its own
    nesting level (an inner list starts at 1; the outer one goes on after it); 0 for a
    block that is no ordered list item."""
    counts: dict[int, int] = {}
    for block in blocks:
        if block.kind is not BlockKind.LIST_ITEM:
            counts.clear()
            yield block, 0
            continue
        for deeper in [level for level in counts if level > block.level]:
            del counts[deeper]
        counts[block.level] = counts.get(block.level, 0) + 1 if block.ordered else 0
        yield block, counts[block.level]
