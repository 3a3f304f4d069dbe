"""Word (.docx) → Article, read with python-docx: headings from the paragraph styles (or
their outline level), lists from Word's numbering, tables row by row.

A .docx is a ZIP of XML parts. Before python-docx opens it, the archive's table of
contents is checked: a ZIP bomb (parts that unpack to gigabytes) is refused without
unpacking anything, and python-docx's XML parser never expands entities, so a "billion
laughs" part stays a few bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import TYPE_CHECKING

from plainhealth.errors import FetchError
from plainhealth.models import Article, Block, BlockKind, Page
from plainhealth.source.article import build_article, clean, table_blocks
from plainhealth.source.text import LIST_MARKER, is_heading_line

if TYPE_CHECKING:
    from collections.abc import Iterator

    from docx.document import Document
    from lxml.etree import _Element

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_UNPACKED = 256 * 1024 * 1024
"""Bytes all parts of a Word file may unpack to (photos included; a leaflet's are a few MB)."""
MAX_PART = 64 * 1024 * 1024
"""Bytes one XML part may unpack to (a 500-page report's text is about 20 MB)."""
MAX_PARTS = 10_000
_HEADING_STYLE = re.compile(r"^(?:heading|überschrift|titre|título|titolo|kop)\s*(\d)$", re.I)
_TITLE_STYLES = ("title", "titel", "titre", "título", "titolo")


def read_docx(page: Page) -> Article:
    """The article in a Word (.docx) file."""
    document = _open(page)
    reader = _Reader(document)
    blocks = list(reader.blocks(document.element.body))
    return build_article(page, blocks, lang=reader.language())


def _open(page: Page) -> Document:
    _check_archive(page.source, page.raw)
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(io.BytesIO(page.raw))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise FetchError(f"{page.source}: this Word file is damaged and cannot be read "
                         f"({_reason(error)}); open it in Word and save it again") from None
    except SyntaxError as error:  # lxml's XMLSyntaxError
        if "amplification" in str(error):  # libxml2 stops a "billion laughs" at once
            raise FetchError(f"{page.source}: this Word file's XML defines entities that "
                             "expand without end (an XML bomb); plainhealth does not read "
                             "it. Save the leaflet again from Word") from None
        raise FetchError(f"{page.source}: this Word file's XML is broken ({_reason(error)}); "
                         "open it in Word and save it again") from None


def _reason(error: Exception) -> str:
    return (str(error).splitlines() or [type(error).__name__])[0][:120]


def _check_archive(source: str, data: bytes) -> None:
    """Refuse a ZIP bomb or a damaged archive from its table of contents alone."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise FetchError(f"{source}: this Word file is damaged and cannot be opened; open "
                         "it in Word and save it again") from None
    total = sum(member.file_size for member in members)
    biggest = max(members, key=lambda m: m.file_size if m.filename.endswith(".xml") else 0)
    if len(members) > MAX_PARTS or total > MAX_UNPACKED or biggest.file_size > MAX_PART:
        raise FetchError(f"{source}: this Word file would unpack to {total / 2**20:,.0f} MB "
                         f"in {len(members):,} parts, more than plainhealth unpacks "
                         f"({MAX_UNPACKED // 2**20} MB, {MAX_PART // 2**20} MB of text); it "
                         "may be a ZIP bomb. Save the leaflet as a new Word file or a PDF")


class _Reader:
    """Styles and numbering looked up once per document."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.styles = {s.style_id: s for s in document.styles if s.style_id}
        self.formats = _list_formats(document)

    def language(self) -> str:
        found = self.document.styles.element.find(f"{W}docDefaults//{W}lang")
        return (found.get(f"{W}val") or "") if found is not None else ""

    def blocks(self, body: _Element) -> Iterator[Block]:
        for element in _content(body):
            if element.tag == f"{W}tbl":
                yield from table_blocks(*_table(element))
            else:
                block = self.paragraph(element)
                if block is not None:
                    yield block

    def paragraph(self, p: _Element) -> Block | None:
        text = clean(_text(p))
        if not text:
            return None
        style_id = _val(p, f"{W}pPr/{W}pStyle")
        level = self.heading_level(p, style_id)
        if level:
            return Block(BlockKind.HEADING, text, level=level)
        numbering = self.numbering(p, style_id)
        if numbering is not None:
            return Block(BlockKind.LIST_ITEM, text, level=numbering[0], ordered=numbering[1])
        marker = LIST_MARKER.match(text)
        if marker:
            return Block(BlockKind.LIST_ITEM, text[marker.end():],
                         ordered=marker.group(1) is not None)
        if _all_bold(p) and is_heading_line(text):
            return Block(BlockKind.HEADING, text, level=3)
        return Block(BlockKind.PARAGRAPH, text)

    def heading_level(self, p: _Element, style_id: str) -> int:
        style = self.styles.get(style_id)
        name = (style.name or "") if style is not None else ""
        match = _HEADING_STYLE.match(name.strip())
        if match:
            return min(6, max(1, int(match.group(1))))
        if name.strip().lower() in _TITLE_STYLES:
            return 1
        outline = _val(p, f"{W}pPr/{W}outlineLvl") or self._style_value(style_id, "outlineLvl")
        return min(6, int(outline) + 1) if outline.isdigit() and int(outline) < 9 else 0

    def numbering(self, p: _Element, style_id: str) -> tuple[int, bool] | None:
        """(nesting level, ordered) for a paragraph Word numbers, else None."""
        num_id = _val(p, f"{W}pPr/{W}numPr/{W}numId") or self._style_value(style_id, "numId")
        if not num_id or num_id == "0":
            return None
        level = _val(p, f"{W}pPr/{W}numPr/{W}ilvl") or self._style_value(style_id, "ilvl")
        depth = int(level) if level.isdigit() else 0
        return depth, self.formats.get((num_id, depth), "bullet") not in ("bullet", "none")

    def _style_value(self, style_id: str, name: str) -> str:
        """A paragraph property the style (or a style it is based on) sets."""
        seen: set[str] = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            style = self.styles.get(style_id)
            if style is None:
                return ""
            found = style.element.find(f".//{W}pPr//{W}{name}")
            if found is not None:
                return found.get(f"{W}val") or ""
            style_id = _val(style.element, f"{W}basedOn")
        return ""


def _content(body: _Element) -> Iterator[_Element]:
    """Paragraphs and tables in order, looking inside content controls and revisions."""
    for child in body:
        if child.tag in (f"{W}p", f"{W}tbl"):
            yield child
        elif child.tag == f"{W}sdt":
            inner = child.find(f"{W}sdtContent")
            yield from _content(inner) if inner is not None else ()
        elif child.tag in (f"{W}ins", f"{W}customXml"):
            yield from _content(child)


def _table(table: _Element) -> tuple[list[list[str]], bool]:
    rows = [[clean(" ".join(_text(p) for p in cell.iter(f"{W}p")))
             for cell in row.findall(f"{W}tc")] for row in table.findall(f"{W}tr")]
    first = table.find(f"{W}tr")
    headed = first is not None and (first.find(f"{W}trPr/{W}tblHeader") is not None
                                    or all(_all_bold(p) for p in first.iter(f"{W}p")
                                           if clean(_text(p))))
    return rows, headed


def _text(p: _Element) -> str:
    """A paragraph's visible text: runs (in links, fields and insertions too), tabs and
    breaks as spaces; deleted text and field codes left out."""
    parts: list[str] = []
    for node in p.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr", f"{W}noBreakHyphen"):
        if node.tag == f"{W}t":
            parts.append(node.text or "")
        elif node.tag == f"{W}noBreakHyphen":
            parts.append("-")
        else:
            parts.append(" ")
    return "".join(parts)


def _all_bold(p: _Element) -> bool:
    runs = [r for r in p.iter(f"{W}r") if "".join(t.text or "" for t in r.iter(f"{W}t")).strip()]
    return bool(runs) and all(_is_on(r.find(f"{W}rPr/{W}b")) for r in runs)


def _is_on(flag: _Element | None) -> bool:
    return flag is not None and flag.get(f"{W}val", "true") not in ("0", "false", "off")


def _val(element: _Element, path: str) -> str:
    found = element.find(path)
    return (found.get(f"{W}val") or "") if found is not None else ""


def _list_formats(document: Document) -> dict[tuple[str, int], str]:
    """(numId, level) → the number format ("bullet", "decimal", "lowerLetter" …)."""
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return {}
    abstract = {a.get(f"{W}abstractNumId"): a for a in numbering.iter(f"{W}abstractNum")}
    formats: dict[tuple[str, int], str] = {}
    for num in numbering.iter(f"{W}num"):
        definition = abstract.get(_val(num, f"{W}abstractNumId"))
        for lvl in definition.iter(f"{W}lvl") if definition is not None else ():
            level = lvl.get(f"{W}ilvl") or "0"
            formats[(num.get(f"{W}numId") or "", int(level) if level.isdigit() else 0)] = \
                _val(lvl, f"{W}numFmt") or "bullet"
    return formats

