"""A PDF's lines in reading order → headings, paragraphs and list items.

Headings are lines set larger than the body text, or bold short lines that do not end as
a sentence does; their levels follow their sizes. A paragraph ends where the white
between two lines is wider than between its own lines, at a first-line indent, or after
a short last line. A line that starts with a bullet or a number starts a list item.
Words broken at a line's end are joined.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

from plainhealth.models import Block, BlockKind
from plainhealth.source.article import clean, table_blocks
from plainhealth.source.pdf_layout import Flow, Grid, Region, body_size
from plainhealth.source.pdf_lines import Line
from plainhealth.source.text import LIST_MARKER, is_heading_line

LARGER = 1.15
"""Text this many times the body's height or more is a heading."""
HEADING_WORDS = 30
"""A run of large lines longer than this is a large paragraph, not a heading."""
_SENTENCE_END = (".", "!", "?", ":", ";", '"', "”", "’")
_SOFT_HYPHENS = ("\xad", "\u2010")
_WORDS = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


@dataclass
class _Open:
    """The block being built: its lines so far."""

    kind: BlockKind
    lines: list[Line] = field(default_factory=list)
    ordered: bool = False
    level: int = 0


class _Builder:
    def __init__(self, regions: Sequence[Region]) -> None:
        lines = [line for region in regions if isinstance(region, Flow)
                 for line in region.lines]
        self.size = body_size(lines)
        self.gap = _line_gap(regions, self.size)
        self.levels = _heading_levels([ln for ln in lines if self.is_heading(ln)])
        self.words = {w.lower() for line in lines for w in _WORDS.findall(line.text)}
        self.blocks: list[Block] = []
        self.open: _Open | None = None

    def is_heading(self, line: Line) -> bool:
        if LIST_MARKER.match(line.text) or not any(ch.isalpha() for ch in line.text):
            return False
        if line.size >= LARGER * self.size:
            return True
        return line.bold and line.size >= 0.95 * self.size and is_heading_line(line.text)

    def flow(self, lines: Sequence[Line]) -> None:
        for position, line in enumerate(lines):
            previous = lines[position - 1] if position else None
            if not self.continues(line, previous):
                self.close()
                self.start(line)
            else:
                assert self.open is not None
                self.open.lines.append(line)

    def continues(self, line: Line, previous: Line | None) -> bool:
        block = self.open
        if block is None:
            return False
        if previous is None:  # a new page or region: a sentence may run on into it
            return block.kind is BlockKind.PARAGRAPH and not self.is_heading(line) \
                and not block.lines[-1].text.endswith(_SENTENCE_END) \
                and line.text[:1].islower()
        if block.kind is BlockKind.HEADING:
            return self.is_heading(line) and _style(line) == _style(previous) \
                and line.top - previous.bottom <= self.gap + 0.3 * self.size
        if self.is_heading(line) or LIST_MARKER.match(line.text):
            return False
        if line.top - previous.bottom > self.gap + 0.3 * self.size:
            return False
        if block.kind is BlockKind.LIST_ITEM:
            return line.x0 > block.lines[0].x0 + 0.2 * self.size
        return not self.new_paragraph(line, previous, block)

    def new_paragraph(self, line: Line, previous: Line, block: _Open) -> bool:
        """A first-line indent, or a short line ending a sentence before this one."""
        ended = previous.text.endswith(_SENTENCE_END)
        if line.x0 > previous.x0 + 0.8 * self.size and ended:
            return True
        left = min(ln.x0 for ln in block.lines)
        right = max(ln.x1 for ln in block.lines)
        return ended and len(block.lines) > 1 and previous.x1 < right - 0.3 * (right - left)

    def start(self, line: Line) -> None:
        marker = LIST_MARKER.match(line.text)
        if self.is_heading(line):
            self.open = _Open(BlockKind.HEADING, [line], level=self.levels[_style(line)])
        elif marker:
            line.text = line.text[marker.end():]
            self.open = _Open(BlockKind.LIST_ITEM, [line], ordered=marker.group(1) is not None)
        else:
            self.open = _Open(BlockKind.PARAGRAPH, [line])

    def close(self) -> None:
        block, self.open = self.open, None
        if block is None:
            return
        text = self.joined(block.lines)
        kind = block.kind
        if kind is BlockKind.HEADING and len(text.split()) > HEADING_WORDS:
            kind = BlockKind.PARAGRAPH
        if text:
            self.blocks.append(Block(kind, text, level=block.level, ordered=block.ordered))

    def joined(self, lines: Sequence[Line]) -> str:
        text = lines[0].text
        for line in lines[1:]:
            text = self.join(text, line.text)
        return clean(text)

    def join(self, text: str, following: str) -> str:
        """Two lines as one: a word broken at the end of the first made whole again."""
        end = text.rstrip()
        if end[-1:] in ("-", *_SOFT_HYPHENS) and end[-2:-1].isalpha() \
                and following[:1].islower():
            head = _WORDS.findall(end[:-1])[-1] if _WORDS.findall(end[:-1]) else ""
            tail = (_WORDS.findall(following) or [""])[0]
            if end[-1] in _SOFT_HYPHENS or self.broken(head, tail):
                return end[:-1] + following
            return end + following
        return f"{end} {following}"

    def broken(self, head: str, tail: str) -> bool:
        """Whether "head-" + "tail" is one word hyphenated (not "well-" + "known"): the
        joined word appears elsewhere in the document, or the tail is no word of it."""
        whole = (head + tail).lower()
        return whole in self.words or tail.lower() not in self.words


def _style(line: Line) -> tuple[float, bool]:
    return round(line.size * 2) / 2, line.bold


def _heading_levels(headings: Sequence[Line]) -> dict[tuple[float, bool], int]:
    """Level 1 for the largest heading style, 2 for the next … (bold before plain)."""
    styles = sorted({_style(line) for line in headings}, reverse=True)
    return {style: min(6, rank + 1) for rank, style in enumerate(styles)}


def _line_gap(regions: Sequence[Region], size: float) -> float:
    """The usual white between two lines of a paragraph."""
    gaps = [line.top - previous.bottom for region in regions if isinstance(region, Flow)
            for previous, line in zip(region.lines, region.lines[1:], strict=False)
            if 0 <= line.top - previous.bottom < 1.5 * size]
    return statistics.median(gaps) if gaps else 0.2 * size


def blocks_from_lines(regions: Sequence[Region]) -> list[Block]:
    """The blocks of a PDF's regions, in order."""
    builder = _Builder(regions)
    for region in regions:
        if isinstance(region, Grid):
            builder.close()
            builder.blocks.extend(table_blocks(region.rows, region.headed))
        else:
            builder.flow(region.lines)
    builder.close()
    return builder.blocks
