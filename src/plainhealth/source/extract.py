"""Main content of a page → Article. The only module that knows HTML.

trafilatura finds the main content (it scores best on public extraction benchmarks); we
ask it for its XML form, which keeps headings and lists, and turn that into sections.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lxml import etree

from plainhealth.errors import ExtractError
from plainhealth.models import Article, Block, BlockKind, Page, Section
from plainhealth.source.content import (
    content_root,
    element_count,
    guarded,
    main_content,
    metadata_of,
    parse,
    rooted,
)
from plainhealth.source.dates import stated
from plainhealth.source.identify import identify
from plainhealth.source.markup import (
    LONG,
    check_text_size,
    flatten_deep_nesting,
    release_memory,
    shortened,
    tighten,
)
from plainhealth.source.trailing import closing_headings

if TYPE_CHECKING:
    from lxml.etree import _Element

MIN_WORDS = 5
"""Fewer words of prose than this is a menu or a stub, not an article."""
_TITLE_SEPARATORS = re.compile(r"\s+[|\u2013\u2014•·:-]\s+")


def extract(page: Page) -> Article:
    """The article on ``page``; raises ExtractError when there is no main text."""
    article = _article(page)
    if len(page.html) > LONG:  # its parse trees are gone now
        release_memory()
    return article


def _article(page: Page) -> Article:
    doc, facts = _content(page)
    title = _title(facts, doc)
    sections = _sections(doc, title)
    prose = [block.text for section in sections for block in section.blocks]
    if not _enough_text(prose):
        raise ExtractError(f"{page.source}: no main text found; the page may be only a menu, "
                           "a script-built page, or not an article")
    lang = _checked_language(facts.lang, prose)
    return Article(title=title, lang=lang, sections=tuple(sections), url=page.url,
                   retrieved=page.retrieved, canonical=facts.canonical,
                   byline=doc.get("author") or None, date=stated(doc.get("date"), page.html))


@dataclass(frozen=True)
class _Facts:
    """What extraction takes from the page's own tree besides trafilatura's result."""

    lang: str
    h1: str
    title: str
    canonical: str | None


def _content(page: Page) -> tuple[_Element, _Facts]:
    """trafilatura's main content of ``page``, and the page's facts.

    A long page is handed to trafilatura as text, which it parses itself, and our tree is
    dropped first: given a tree, it works on a copy, and the two trees of a page of
    200,000 list items took 90 MB (the page is parsed again afterwards, to look for the
    headings that end it). Its metadata (author, date) is looked for in our tree cut
    short (:func:`shortened`): on such a page, trafilatura's metadata step alone took 3 s.
    """
    check_text_size(page)
    long = len(page.html) > LONG
    html = flatten_deep_nesting(tighten(page.html) if long else page.html)
    tree = parse(html, page)
    if tree.tag != "html":
        tree, long = rooted(tree), False
    facts = _Facts(_language(tree), _first_text(tree, "h1"), _first_text(tree, "title"),
                   _canonical(tree, page.url))
    if long:
        elements = element_count(tree)
        metadata = guarded(page, metadata_of, shortened(tree), page)
        del tree
        doc = main_content(html, page, metadata, elements)
        tree = parse(html, page)
    else:
        doc = main_content(tree, page)
    for heading in closing_headings(tree, doc):
        etree.SubElement(content_root(doc), "head", rend=str(heading.tag)).text = _text(heading)
    return doc, facts


def _canonical(tree: _Element, base: str | None) -> str | None:
    """The page's own web address, from ``<link rel="canonical">`` (made absolute against
    the address it was fetched from); only an http(s) address counts."""
    from urllib.parse import urljoin, urlsplit

    for link in tree.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        href = (link.get("href") or "").strip()
        if "canonical" in rel and href:
            url = urljoin(base, href) if base else href
            parts = urlsplit(url)
            if parts.scheme in ("http", "https") and parts.hostname and " " not in url:
                return url
    return None


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_WORD = re.compile(r"[^\W_]+")
_LETTERS = re.compile(r"[^\W\d_]+")
_ENGLISH = frozenset((
    "the", "and", "of", "to", "is", "it", "that", "for", "you", "with", "are", "on", "as", "be",
    "this", "or", "not", "your", "can", "by", "have", "from", "at", "they", "more", "if", "may",
    "was", "will", "what", "how", "we", "he", "she", "his", "her", "their", "our", "my", "there",
    "which", "who", "do", "does", "has", "had", "were", "been", "but", "so", "all", "about",
    "than", "into", "also", "just", "when", "its", "would", "should", "these", "those", "them",
))
"""Short words that make up a large share of any English text and few others' ("in" and
"an" are German and Italian words too). On the 88 extraction dev pages they are 9 % or
more of every English page's words, and 7 % or less of every other language's."""
_ENGLISH_SHARE = 0.08
_NOT_ENGLISH_SHARE = 0.03
"""Below this a page that says it is English is not: a template's lang="en" on a German
article (seen among the dev pages, at 0.7 %)."""


def _enough_text(prose: list[str]) -> bool:
    """MIN_WORDS of prose, or a sentence: a one-line note ("Drink plenty of water.") is
    an article too, where a menu's few links end with no full stop."""
    words = 0
    for text in prose:  # counted only as far as needed: a long page has 200,000 blocks
        words += _word_count(text)
        if words >= MIN_WORDS:
            return True
    return words >= MIN_WORDS or (words >= 2 and prose[-1].endswith((".", "!", "?")))


def _word_count(text: str) -> int:
    """Words (runs of letters or digits, not punctuation), each CJK character one word."""
    return len(_WORD.findall(_CJK.sub(" ", text))) + len(_CJK.findall(text))


def _checked_language(declared: str, prose: list[str]) -> str:
    """The page's own language tag, or a guess when it has none or says English wrongly.

    The readability formulas, glossary, rules and rewriting are all for English, so a page
    that is not English must never be scored and rewritten as if it were.
    """
    if declared and not declared.startswith("en"):
        return declared
    share = english_share(prose)
    if share is None:
        return declared or "en"
    if declared:
        return declared if share >= _NOT_ENGLISH_SHARE else identify(prose)
    return "en" if share >= _ENGLISH_SHARE else identify(prose)


def english_share(prose: list[str]) -> float | None:
    """The share of common English words in the text; None when it is too short to tell."""
    text = " ".join(prose)[:20_000]
    words = [w.lower() for w in _LETTERS.findall(_CJK.sub(" ", text))]
    if len(_CJK.findall(text)) > len(words):
        return 0.0
    if len(words) < 30:
        return None
    return sum(w in _ENGLISH for w in words) / len(words)


def extract_text(html: str | bytes, url: str | None = None) -> str:
    """The article's main text: title, then headings, paragraphs and list items."""
    if isinstance(html, bytes):
        from plainhealth.source.decode import decode_html

        html = decode_html(html)[0]
    article = extract(Page(source=url or "<html>", url=url, html=html, encoding="utf-8"))
    return article_text(article)


def article_text(article: Article) -> str:
    """Plain text of an article, blocks separated by blank lines."""
    parts = [article.title] if article.title else []
    for block in article.blocks():
        parts.append(_block_line(block))
    return "\n\n".join(parts) + "\n"


def _block_line(block: Block) -> str:
    if block.kind is BlockKind.LIST_ITEM:
        return f"- {block.text}"
    return block.text


def _language(tree: _Element) -> str:
    lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang") or ""
    return lang.strip().lower().replace("_", "-")


def _title(facts: _Facts, doc: _Element) -> str:
    h1 = doc.find(".//head[@rend='h1']")
    if h1 is not None and _text(h1):
        return _text(h1)
    for candidate in (doc.get("title"), facts.h1, facts.title):
        if candidate:
            return _trim_site_name(_clean(candidate))
    return ""


def _first_text(tree: _Element, tag: str) -> str:
    found = next(tree.iter(tag), None)
    return _text(found) if found is not None else ""


def _trim_site_name(title: str) -> str:
    parts = _TITLE_SEPARATORS.split(title)
    return max(parts, key=len) if len(parts) > 1 else title


def _sections(doc: _Element, title: str) -> list[Section]:
    root = content_root(doc)
    sections: list[Section] = []
    heading, level, blocks = "", 0, _loose_text(root.text)
    for element in root:
        if element.tag == "head":
            text = _text(element)
            if not text or (text == title and not sections and not blocks and not heading):
                continue
            if heading or blocks:
                sections.append(Section(heading, level, tuple(blocks)))
            heading, level, blocks = text, _heading_level(element), []
        else:
            blocks.extend(_blocks(element))
        blocks.extend(_loose_text(element.tail))  # text trafilatura left outside any <p>
    if heading or blocks:
        sections.append(Section(heading, level, tuple(blocks)))
    return sections


def _loose_text(text: str | None) -> list[Block]:
    cleaned = _clean(text or "")
    return [Block(BlockKind.PARAGRAPH, cleaned)] if cleaned else []


def _heading_level(element: _Element) -> int:
    rend = element.get("rend") or "h2"
    return int(rend[1]) if re.fullmatch(r"h[1-6]", rend) else 2


def _blocks(element: _Element, depth: int = 0) -> list[Block]:
    if element.tag == "list":
        return _list_blocks(element, depth)
    if element.tag == "table":
        return _table_blocks(element)
    text = _text(element)
    return [Block(BlockKind.PARAGRAPH, text)] if text else []


def _list_blocks(element: _Element, depth: int) -> list[Block]:
    ordered = element.get("rend") == "ol"
    blocks: list[Block] = []
    for item in element:
        if not len(item):  # most items are text alone, with no tags inside
            text = _clean(item.text or "")
            if text:
                blocks.append(Block(BlockKind.LIST_ITEM, text, level=depth, ordered=ordered))
            continue
        nested = [child for child in item if child.tag == "list"]
        for child in nested:
            item.remove(child)
        text = _text(item) if len(item) else _clean(item.text or "")
        if text:
            blocks.append(Block(BlockKind.LIST_ITEM, text, level=depth, ordered=ordered))
        for child in nested:
            blocks.extend(_list_blocks(child, depth + 1))
    return blocks


def _table_blocks(element: _Element) -> list[Block]:
    """A paragraph a row, each cell after its column's heading ("Category: Normal; Top
    number: Less than 120"), as a screen reader announces a cell: the row still makes
    sense read alone, in the text, the handout and the audio. Only the first row of
    headings (after the caption) names columns; a row of one cell (a caption, a note
    across the table) and a table of headings alone are said as they are."""
    elements = list(element.iter("row"))
    rows = [[_text(cell) for cell in row] for row in elements]
    at = 1 if rows and sum(map(bool, rows[0])) == 1 else 0  # the caption comes first
    named = at + 1 < len(rows) and _is_heading_row(elements[at], rows[at])
    headings = rows[at] if named else []
    return labelled_rows(rows[:at] + rows[at + 1:] if named else rows, headings)


def labelled_rows(rows: list[list[str]], headings: list[str]) -> list[Block]:
    """Each row as one paragraph, its cells after their column's heading (the PDF, Word
    and Markdown readers read their tables this way too)."""
    blocks = []
    for cells in rows:
        filled = [(i, cell) for i, cell in enumerate(cells) if cell]
        labelled = [f"{headings[i]}: {cell}" if len(filled) > 1 and i < len(headings)
                    and headings[i] else cell for i, cell in filled]
        if labelled:
            blocks.append(Block(BlockKind.PARAGRAPH, "; ".join(labelled), verbatim=True))
    return blocks


def _is_heading_row(row: _Element, cells: list[str]) -> bool:
    """Column headings: every cell a heading, two or more of them with words."""
    return all(cell.get("role") == "head" for cell in row) and sum(map(bool, cells)) >= 2


def _text(element: _Element) -> str:
    return _clean("".join(element.itertext()))  # type: ignore[arg-type]  # str in HTML


def _clean(text: str) -> str:
    return " ".join(text.split())  # str.split's whitespace is the pattern \s's
