"""One PDF page's text as lines, each with its box, size and weight, read with PDFium.

PDFium puts the page's characters in the order the file draws them and marks where a
line ends; asking it about each character costs a call, so a line is measured at its
first, middle and last characters only. A line that is wider than its characters
explain holds a gap (table cells, or two columns drawn line by line): only then are its
word gaps measured, and it is cut at each wide one into pieces read on their own.
"""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from plainhealth.source.text import LIST_MARKER

if TYPE_CHECKING:
    import pypdfium2

_BREAK = re.compile("\r\n|\r|\n")
_SURROGATE = re.compile("[\ud800-\udfff]")
WIDE = 0.42
"""At most this many line heights a character: ordinary text is 0.35-0.5; a page's own
usual width (the median of its longer lines) is used when it is narrower."""
GAP = 0.6
"""A space wider than this many times the line's height separates two pieces (a space
is about 0.25, a table's cell padding from 0.6 up)."""
_BOLD_NAMES = ("bold", "black", "heavy", "semibold", "demibold", "demi")
_FORCE_BOLD = 1 << 18
_MARKER_ONLY = re.compile(LIST_MARKER.pattern.replace(r"\s+(?=\S)", r"\s*$"))


@dataclass(slots=True)
class Line:
    """A line (or a piece of one) of text, in points from the page's top left corner."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    """The height of the font's box: the font size, give or take a tenth."""
    bold: bool
    page: int
    order: int = 0
    """Where the file draws it among the page's lines."""


@dataclass(frozen=True)
class PageLines:
    number: int
    width: float
    height: float
    lines: list[Line]


class _Measure:
    """PDFium's text page for one page, and the few questions asked of it."""

    def __init__(self, textpage: object, height: float, number: int) -> None:
        import pypdfium2.raw as pdfium_c

        self.c = pdfium_c
        self.textpage = textpage
        self.height = height
        self.number = number
        self.rect = pdfium_c.FS_RECTF()
        self.flags = ctypes.c_int()
        self.name = ctypes.create_string_buffer(128)

    def box(self, index: int) -> tuple[float, float, float, float]:
        """(left, top, right, bottom) of a character's font box, top down."""
        self.c.FPDFText_GetLooseCharBox(self.textpage, index, ctypes.byref(self.rect))
        rect = self.rect
        return rect.left, self.height - rect.top, rect.right, self.height - rect.bottom

    def bold(self, index: int) -> bool:
        if self.c.FPDFText_GetFontWeight(self.textpage, index) >= 600:
            return True
        self.c.FPDFText_GetFontInfo(self.textpage, index, self.name, 128,
                                    ctypes.byref(self.flags))
        name = self.name.value.decode("latin-1").lower()
        return bool(self.flags.value & _FORCE_BOLD) or any(b in name for b in _BOLD_NAMES)

    def line(self, text: str, start: int, end: int) -> Line:
        """The line of ``text[start:end]`` (indexes into the page's characters)."""
        middle = start + (end - start) // 2
        while middle < end - 1 and text[middle].isspace():
            middle += 1
        first, mid, last = self.box(start), self.box(middle), self.box(end - 1)
        top = min(first[1], mid[1], last[1])
        bottom = max(first[3], mid[3], last[3])
        return Line(text[start:end], first[0], max(last[2], first[2]), top, bottom,
                    max(box[3] - box[1] for box in (first, mid, last)), self.bold(middle),
                    self.number)


def page_lines(document: pypdfium2.PdfDocument, number: int) -> PageLines:
    """The text lines of page ``number`` (0-based) in the order the file draws them."""
    import pypdfium2.raw as pdfium_c

    page = pdfium_c.FPDF_LoadPage(document.raw, number)
    textpage = pdfium_c.FPDFText_LoadPage(page)
    try:
        width = pdfium_c.FPDF_GetPageWidthF(page)
        height = pdfium_c.FPDF_GetPageHeightF(page)
        count = pdfium_c.FPDFText_CountChars(textpage)
        text = _text(pdfium_c, textpage, count)
        measure = _Measure(textpage, height, number)
        spans = _spans(text)
        whole = [measure.line(text, start, end) for start, end in spans]
        usual = _usual_width(whole)
        lines = [piece for (start, end), line in zip(spans, whole, strict=True)
                 for piece in _pieces(measure, text, start, end, line, usual)]
        for order, line in enumerate(lines):
            line.order = order
    finally:
        pdfium_c.FPDFText_ClosePage(textpage)
        pdfium_c.FPDF_ClosePage(page)
    return PageLines(number, width, height, lines)


def _text(pdfium_c: object, textpage: object, count: int) -> str:
    """The page's characters, one str character per PDFium index (so that indexes agree)."""
    if count <= 0:
        return ""
    buffer = (ctypes.c_ushort * (count + 1))()
    pdfium_c.FPDFText_GetText(textpage, 0, count, buffer)  # type: ignore[attr-defined]
    return "".join(map(chr, buffer[:count]))


def _spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line with words, spaces at either end left out."""
    spans = []
    start = 0
    for match in [*_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        while start < end and text[start].isspace():
            start += 1
        stop = end
        while stop > start and text[stop - 1].isspace():
            stop -= 1
        if stop > start:
            spans.append((start, stop))
        start = match.end() if match else end
    return spans


def _usual_width(lines: list[Line]) -> float:
    """The page's usual width of a character, in line heights (from its longer lines)."""
    ratios = sorted((ln.x1 - ln.x0) / (len(ln.text) * ln.size) for ln in lines
                    if len(ln.text) >= 20 and ln.size > 0)
    return min(WIDE, ratios[len(ratios) // 2]) if ratios else WIDE


def _pieces(measure: _Measure, text: str, start: int, end: int, line: Line,
            usual: float) -> list[Line]:
    """The line, cut at its wide gaps. Only a line wider than its characters at the
    page's usual width, plus a gap, is measured word by word."""
    if line.x1 - line.x0 <= (usual * (end - start) + GAP) * line.size or end - start < 3:
        return [_finish(line)]
    pieces, begin = [], start
    for index in range(start + 1, end - 1):
        if text[index] != " " or text[index - 1] == " ":
            continue
        after = index + 1
        while after < end and text[after] == " ":
            after += 1
        gap = measure.box(after)[0] - measure.box(index - 1)[2]
        if gap > GAP * line.size and not _MARKER_ONLY.match(text[begin:index]):
            pieces.append(_finish(measure.line(text, begin, index)))
            begin = after
    pieces.append(_finish(measure.line(text, begin, end) if pieces else line))
    return pieces


def _finish(line: Line) -> Line:
    """Hyphens as PDFium reports them made plain: a hyphen that Word or a browser drew
    comes back as U+FFFE mid-line, a soft hyphen inside a line is dropped."""
    text = line.text.replace("\ufffe", "-").replace("\x02", "-")
    text = text[:-1].replace("\xad", "") + text[-1:]
    if _SURROGATE.search(text):  # a character beyond U+FFFF came as two halves
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    line.text = text
    return line
