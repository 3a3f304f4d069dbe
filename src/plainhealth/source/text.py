"""Plain text → Article: paragraphs from blank lines, list items from their markers, and
short lines that stand alone as headings (how pasted leaflets and notes are laid out)."""

from __future__ import annotations

import re

from plainhealth.models import Article, Block, BlockKind, Page
from plainhealth.source.article import build_article, clean

LIST_MARKER = re.compile(r"^\s*(?:[•●▪◦○■□➢►‣⁃∙·*+\-–—]|(\d{1,3}|[a-zA-Z])[.)])\s+(?=\S)")
"""A list item's marker: a bullet or dash, or a number or letter and "." or ")"."""
HEADING_WORDS = 12
"""A line standing alone is a heading when it has at most this many words and does not
end as a sentence does."""
_SENTENCE_END = (".", ",", ";", ":", "!", "?", "…", '"', "”", "'", "’")
_PARAGRAPHS = re.compile(r"\n[ \t\f\v]*\n")


def read_text(page: Page) -> Article:
    """The article in a plain-text file or standard input."""
    text = page.html.replace("\r\n", "\n").replace("\r", "\n")
    chunks = [chunk for chunk in _PARAGRAPHS.split(text) if chunk.strip()]
    blocks: list[Block] = []
    for position, chunk in enumerate(chunks):
        blocks.extend(chunk_blocks(chunk.split("\n"), last=position == len(chunks) - 1))
    return build_article(page, blocks)


def chunk_blocks(lines: list[str], *, last: bool = False) -> list[Block]:
    """The blocks of one run of lines between blank lines."""
    lines = [line for line in lines if line.strip()]
    if len(lines) == 1 and not last and is_heading_line(lines[0]):
        return [Block(BlockKind.HEADING, clean(lines[0]), level=2)]
    blocks: list[Block] = []
    current: list[str] = []
    item: re.Match[str] | None = None
    for line in lines:
        marker = LIST_MARKER.match(line)
        if marker:
            blocks.extend(_finish(current, item))
            current, item = [line[marker.end():]], marker
        else:
            current.append(line)
    blocks.extend(_finish(current, item))
    return blocks


def _finish(lines: list[str], item: re.Match[str] | None) -> list[Block]:
    text = clean(" ".join(lines))
    if not text:
        return []
    if item is None:
        return [Block(BlockKind.PARAGRAPH, text)]
    return [Block(BlockKind.LIST_ITEM, text, ordered=item.group(1) is not None)]


def is_heading_line(line: str) -> bool:
    """A short line that does not end as a sentence does, and is no list item."""
    text = clean(line)
    return (bool(text) and len(text.split()) <= HEADING_WORDS
            and not text.endswith(_SENTENCE_END) and not LIST_MARKER.match(line))
