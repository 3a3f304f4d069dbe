"""A Page in whatever format it came → its Article: each format's reader, chosen by the
format source/detect.py found (its content type)."""

from __future__ import annotations

import re

from plainhealth.models import Article, Limits, Page
from plainhealth.source.detect import DOCX, MARKDOWN, PDF, TEXT

_FRAGMENT_TEXT = re.compile(r"(?:^|>)[^<]*[^\W_][^<]*(?:<|$)")


def read_article(page: Page, limits: Limits | None = None) -> Article:
    """The article on ``page``; raises ExtractError (or FetchError for a file that cannot
    be opened) saying what is wrong."""
    limits = limits or Limits()
    if page.content_type == PDF:
        from plainhealth.source.pdf import read_pdf

        return read_pdf(page, limits.max_pages)
    if page.content_type == DOCX:
        from plainhealth.source.word import read_docx

        return read_docx(page)
    if page.content_type == TEXT:
        from plainhealth.source.text import read_text

        return read_text(page)
    if page.content_type == MARKDOWN:
        from plainhealth.source.markdown import read_markdown

        return read_markdown(page)
    from plainhealth.source.extract import extract

    return extract(as_document(page))


def as_document(page: Page) -> Page:
    """A bare fragment ("<p>Drink plenty of water.</p>") inside <html><body>, as a
    browser shows it: the HTML parser refuses a fragment of one element as not HTML."""
    head = page.html[:200].lower()
    if "<html" in head or "<!doctype" in head or not _FRAGMENT_TEXT.search(page.html[:65536]):
        return page
    from dataclasses import replace

    return replace(page, html=f"<html><body>{page.html}</body></html>")
