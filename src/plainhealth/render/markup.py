"""Escaping, links and ids for the HTML of the handout and the book."""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape
from urllib.parse import urlsplit


def e(text: str) -> str:
    """Escape text or an attribute value (quotes included)."""
    return escape(text, quote=True)


def slugs(term_ids: Iterable[str]) -> dict[str, str]:
    """Each term id → a unique, safe id fragment."""
    out: dict[str, str] = {}
    for term_id in term_ids:
        base = re.sub(r"[^a-z0-9]+", "-", term_id.lower()).strip("-") or "term"
        slug, n = base, 2
        while slug in out.values():
            slug, n = f"{base}-{n}", n + 1
        out.setdefault(term_id, slug)
    return out


def fragment(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def heading_id(text: str) -> str:
    return "h-" + fragment(text)


def link(url: str) -> str:
    """A link for an http(s) URL; anything else (javascript:, data:, paths) as plain text."""
    return f'<a href="{e(url.strip())}">{e(url)}</a>' if is_web_url(url) else e(url)


def source_link(url: str, kind: str = "cited") -> str:
    """A cited page, named by its site ("fda.gov"): a screen reader says the name, not a
    long address for every note; the address is the link's target, and printed after it
    (``kind`` "cited"; "site" prints the site alone, for the word list)."""
    if not is_web_url(url):
        return e(url)
    host = (urlsplit(url.strip()).hostname or "").removeprefix("www.")
    return f'<a class="{kind}" href="{e(url.strip())}">{e(host)}</a>'


def is_web_url(url: str) -> bool:
    stripped = url.strip()
    if any(c.isspace() or not c.isprintable() or c in "<>\"'`\\" for c in stripped):
        return False
    parts = urlsplit(stripped)
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
