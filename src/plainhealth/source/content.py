"""The extraction library's part of reading a page: the page parsed as trafilatura
parses it, its main content (trafilatura's XML: head/p/list/table) and its metadata, with
the library's failures on a broken page turned into an ExtractError."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from plainhealth.errors import ExtractError
from plainhealth.models import Page

if TYPE_CHECKING:
    from lxml.etree import _Element

T = TypeVar("T")


def parse(html: str, page: Page) -> _Element:
    """``html`` parsed as trafilatura parses it (lxml, with its repairs of broken pages)."""
    from trafilatura.utils import load_html

    tree: _Element | None = load_html(html)
    if tree is None:
        raise ExtractError(f"{page.source}: the page could not be parsed as HTML")
    return tree


def rooted(tree: _Element) -> _Element:
    """An <html><body> around the content of a stray root element.

    A page that starts with, say, <svg> before its doctype parses with that element as
    the root; the metadata step of trafilatura then tries to remove the root and fails.
    """
    from lxml.html import Element

    html = Element("html")
    for name in ("lang", "{http://www.w3.org/XML/1998/namespace}lang"):
        if tree.get(name):
            html.set(name, tree.get(name) or "")
    body = Element("body")
    html.append(body)
    body.text = tree.text
    for child in list(tree):
        if child.tag in ("head", "body"):  # the page's own, nested in the stray root
            body.extend(list(child))
        else:
            body.append(child)
    return html  # type: ignore[no-any-return]


SECOND_OPINION_ELEMENTS = 100_000
"""On a page of more elements than this, trafilatura's main extractor is not checked
against a second one (readability). That pass costs time in proportion to the elements
(1.5 s of a 200,000-item list's conversion) and helps where the main extractor found
little; an article page has a few thousand elements (the largest of the 88 news pages in
the extraction benchmark, 1,709)."""


def main_content(tree: _Element | str, page: Page, metadata: Any = None,
                 elements: int = 0) -> _Element:
    """trafilatura's main-content tree (head/p/list/table), metadata as attributes: its
    own, or ``metadata`` found already. ``elements``: how many the page has, when
    ``tree`` is its text."""
    from trafilatura import bare_extraction

    options = options_for(page, with_metadata=metadata is None, elements=max(
        elements, 0 if isinstance(tree, str) else element_count(tree)))
    document = guarded(page, functools.partial(bare_extraction, options=options), tree)
    body = getattr(document, "body", None)
    if body is None:
        raise ExtractError(f"{page.source}: no main text found; the page may be only a menu, "
                           "a script-built page, or not an article")
    for name in ("title", "author", "date"):
        body.set(name, getattr(document if metadata is None else metadata, name, None) or "")
    for line_break in body.iter("lb"):  # <lb/> separates words; itertext() would glue them
        line_break.tail = " " + (line_break.tail or "")
    return body  # type: ignore[no-any-return]


def element_count(tree: _Element) -> int:
    return sum(1 for _ in tree.iter())


def options_for(page: Page, *, with_metadata: bool, elements: int = 0) -> Any:
    """How trafilatura is asked: the XML form, precision first, no links or images; no
    second opinion on a page of ``elements`` over SECOND_OPINION_ELEMENTS."""
    from trafilatura.settings import Extractor

    return Extractor(output_format="xml", precision=True, comments=False, formatting=False,
                     links=False, images=False, tables=True, dedup=False, url=page.url,
                     with_metadata=with_metadata,
                     fast=elements > SECOND_OPINION_ELEMENTS)


def metadata_of(tree: _Element, page: Page) -> Any:
    """trafilatura's metadata step (title, author, date) on ``tree``, as it runs it."""
    from trafilatura.metadata import extract_metadata

    options = options_for(page, with_metadata=True)
    return extract_metadata(tree, options.url, options.date_params, options.fast,
                            options.author_blacklist)


def guarded(page: Page, step: Callable[..., T], *args: Any) -> T:
    """``step(*args)`` of the extraction library; its failures on a broken page are an
    ExtractError.

    trafilatura and htmldate assume well-formed trees; a broken page is refused, not
    allowed to crash a batch."""
    try:
        return step(*args)
    except (AssertionError, ValueError, TypeError, RecursionError) as error:
        raise ExtractError(f"{page.source}: the page's HTML is too broken to find its article "
                           f"({type(error).__name__} in the extraction library)") from None


def content_root(doc: _Element) -> _Element:
    """Where :func:`main_content`'s blocks are: its ``<main>``, or the document itself."""
    main = doc.find("main")
    return main if main is not None else doc
