"""PDF → Article. PDFium (through pypdfium2, Apache-2.0/BSD) reads the text layer: each
line of text with its position, size and weight (source/pdf_lines.py); the page layout
gives the reading order, tables and running headers (source/pdf_layout.py); the lines
become headings, paragraphs and list items (source/pdf_blocks.py).

PDFium was chosen over pdfminer.six/pdfplumber and pypdf because it is the only one of
them fast enough: on the same PDFs it takes about as long as poppler's pdftotext, where
pdfplumber took over 20 times as long and pypdf 29 times (bench/readers.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from plainhealth.errors import ExtractError, FetchError
from plainhealth.models import Article, Page
from plainhealth.source.article import build_article
from plainhealth.source.pdf_blocks import blocks_from_lines
from plainhealth.source.pdf_layout import reading_order
from plainhealth.source.pdf_lines import page_lines

if TYPE_CHECKING:
    import pypdfium2


def read_pdf(page: Page, max_pages: int) -> Article:
    """The article in a PDF of at most ``max_pages`` pages."""
    document = _open(page)
    try:
        count = len(document)
        if count > max_pages:
            raise ExtractError(f"{page.source}: the PDF has {count:,} pages, more than the "
                               f"{max_pages:,} plainhealth reads at once; split it, or raise "
                               "the limit with --max-pages")
        pages = [page_lines(document, number) for number in range(count)]
    finally:
        document.close()
    if not any(lines.lines for lines in pages):
        raise ExtractError(f"{page.source}: the PDF has no text layer, only images of its "
                           f"{count:,} page{'s' if count > 1 else ''} (a scan); run it through "
                           "OCR software to add the text, then convert that")
    return build_article(page, blocks_from_lines(reading_order(pages)))


def _open(page: Page) -> pypdfium2.PdfDocument:
    import pypdfium2
    import pypdfium2.raw as pdfium_c

    try:
        return pypdfium2.PdfDocument(page.raw)
    except pypdfium2.PdfiumError as error:
        code = getattr(error, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise FetchError(f"{page.source}: the PDF is locked with a password; open it with "
                             "the password, save an unlocked copy and give that") from None
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise FetchError(f"{page.source}: the PDF is protected by a security scheme "
                             "plainhealth cannot open; save an unprotected copy") from None
        raise FetchError(f"{page.source}: this PDF is damaged or not a PDF and cannot be "
                         "opened; save or download it again") from None
