"""Main content of a page → Article. The only module that knows HTML.

trafilatura finds the main content (it scores best on public extraction benchmarks); we
ask it for its XML form, which keeps headings and lists, and turn that into sections.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from plainhealth.errors import ExtractError
from plainhealth.models import Article, Block, BlockKind, Page, Section

if TYPE_CHECKING:
    from lxml.etree import _Element

_SPACE = re.compile(r"\s+")
MIN_WORDS = 5
"""Fewer words of prose than this is a menu or a stub, not an article."""
_TITLE_SEPARATORS = re.compile(r"\s+[|\u2013\u2014•·:-]\s+")


def extract(page: Page) -> Article:
    """The article on ``page``; raises ExtractError when there is no main text."""
    tree = _parse(page)
    lang = _language(tree)
    doc = _main_content(tree, page)
    title = _title(tree, doc)
    sections = _sections(doc, title)
    words = sum(_word_count(block.text) for section in sections for block in section.blocks)
    if words < MIN_WORDS:
        raise ExtractError(f"{page.source}: no main text found; the page may be only a menu, "
                           "a script-built page, or not an article")
    return Article(title=title, lang=lang, sections=tuple(sections), url=page.url,
                   byline=doc.get("author") or None, date=doc.get("date") or None)


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def _word_count(text: str) -> int:
    """Words, counting each Chinese, Japanese or Korean character as one."""
    return len(text.split()) + len(_CJK.findall(text))


def extract_text(html: str | bytes, url: str | None = None) -> str:
    """The article's main text: title, then headings, paragraphs and list items."""
    if isinstance(html, bytes):
        from plainhealth.decode import decode_html

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


def _parse(page: Page) -> _Element:
    from trafilatura.utils import load_html

    tree: _Element | None = load_html(page.html)
    if tree is None:
        raise ExtractError(f"{page.source}: the page could not be parsed as HTML")
    return tree


def _main_content(tree: _Element, page: Page) -> _Element:
    """trafilatura's main-content tree (head/p/list/table), metadata as attributes."""
    from trafilatura import bare_extraction

    document = bare_extraction(
        tree, url=page.url, output_format="xml", favor_precision=True, with_metadata=True,
        include_comments=False, include_images=False, include_links=False,
        include_formatting=False, include_tables=True, deduplicate=False,
    )
    body = getattr(document, "body", None)
    if body is None:
        raise ExtractError(f"{page.source}: no main text found; the page may be only a menu, "
                           "a script-built page, or not an article")
    for name in ("title", "author", "date"):
        body.set(name, getattr(document, name, None) or "")
    for line_break in body.iter("lb"):  # <lb/> separates words; itertext() would glue them
        line_break.tail = " " + (line_break.tail or "")
    return body  # type: ignore[no-any-return]


def _language(tree: _Element) -> str:
    lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang") or ""
    return lang.strip().lower().replace("_", "-") or "en"


def _title(tree: _Element, doc: _Element) -> str:
    h1 = doc.find(".//head[@rend='h1']")
    if h1 is not None and _text(h1):
        return _text(h1)
    for candidate in (doc.get("title"), _first_text(tree, "h1"), _first_text(tree, "title")):
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
    main = doc.find("main")
    root = main if main is not None else doc
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
        nested = [child for child in item if child.tag == "list"]
        for child in nested:
            item.remove(child)
        text = _text(item)
        if text:
            blocks.append(Block(BlockKind.LIST_ITEM, text, level=depth, ordered=ordered))
        for child in nested:
            blocks.extend(_list_blocks(child, depth + 1))
    return blocks


def _table_blocks(element: _Element) -> list[Block]:
    blocks = []
    for row in element.iter("row"):
        cells = [_text(cell) for cell in row]
        text = "; ".join(cell for cell in cells if cell)
        if text:
            blocks.append(Block(BlockKind.PARAGRAPH, text, verbatim=True))
    return blocks


def _text(element: _Element) -> str:
    return _clean("".join(str(part) for part in element.itertext()))


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip()
