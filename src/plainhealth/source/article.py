"""A flat run of headings, paragraphs and list items → the Article every reader returns.

The PDF, Word, text and Markdown readers each find their blocks their own way; the title,
the sections and the checks that there is text at all are the same for all of them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from plainhealth.errors import ExtractError
from plainhealth.models import Article, Block, BlockKind, Page, Section
from plainhealth.source.extract import _checked_language, labelled_rows

_WORD = re.compile(r"[^\W_]", re.UNICODE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")
TITLE_WORDS = 12
"""A title made from the first sentence (when the text has no heading) keeps this many."""
_LIGATURES = str.maketrans({chr(c): unicodedata.normalize("NFKC", chr(c))
                            for c in range(0xFB00, 0xFB07)})
_SPACE = re.compile(r"\s+")


def clean(text: str) -> str:
    """Ligatures (ﬁ, ﬂ …) as their letters, control characters dropped, spaces collapsed."""
    text = "".join(ch for ch in text.translate(_LIGATURES)
                   if ch in "\t\n\r" or unicodedata.category(ch) not in ("Cc", "Cf", "Co"))
    return _SPACE.sub(" ", text).strip()


def build_article(page: Page, blocks: Sequence[Block], title: str = "",
                  lang: str = "") -> Article:
    """The Article for ``blocks`` read from ``page``; raises ExtractError without text.

    The title is ``title`` when the document names one, else its first heading when the
    document starts with it (taken out of the text), else its first sentence, shortened
    (kept in the text: a one-sentence note is its own title and its own text).
    """
    blocks = [b for b in blocks if b.text and _WORD.search(b.text)]
    if not blocks:
        raise ExtractError(f"{page.source}: no text found; the file holds no words to convert")
    first = blocks[0]
    if first.kind is BlockKind.HEADING and (not title or first.text == title) \
            and len(blocks) > 1:
        title, blocks = first.text, blocks[1:]
    if not any(b.kind is not BlockKind.HEADING for b in blocks):  # headings alone: say them
        blocks = [Block(BlockKind.PARAGRAPH, b.text) for b in blocks]
    title = title or _first_sentence(blocks[0].text)
    sections = _sections(blocks)
    prose = [b.text for section in sections for b in section.blocks]
    return Article(title=title, lang=_checked_language(lang.lower(), prose),
                   sections=tuple(sections), url=page.url, retrieved=page.retrieved)


def _first_sentence(text: str) -> str:
    sentence = _SENTENCE_END.split(text, maxsplit=1)[0]
    words = sentence.split()
    return " ".join(words[:TITLE_WORDS]) + ("…" if len(words) > TITLE_WORDS else "")


def _sections(blocks: Sequence[Block]) -> list[Section]:
    sections: list[Section] = []
    heading, level, body = "", 0, list[Block]()
    for block in blocks:
        if block.kind is BlockKind.HEADING:
            if heading or body:
                sections.append(Section(heading, level, tuple(body)))
            heading, level, body = block.text, block.level or 2, []
        else:
            body.append(block)
    if heading or body:
        sections.append(Section(heading, level, tuple(body)))
    return sections


def table_blocks(rows: Sequence[Sequence[str]], headed: bool) -> list[Block]:
    """A table read as the HTML path reads one: a paragraph a row, each cell after its
    column's heading ("Zone: Red; What to do: Call 999") when the first row names the
    columns (``headed``, and two or more of its cells have words)."""
    cleaned = [[clean(cell) for cell in row] for row in rows if any(c.strip() for c in row)]
    named = headed and len(cleaned) > 1 and sum(map(bool, cleaned[0])) >= 2
    return labelled_rows(cleaned[1:] if named else cleaned, cleaned[0] if named else [])
