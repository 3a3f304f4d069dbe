"""Raw HTML before it is parsed: how much text it holds, how deep it nests, and (for a
long page) the whitespace between block tags; a long page's tree cut short for its
metadata; and giving back the memory a long page's parse used."""

from __future__ import annotations

import contextlib
import ctypes
import gc
import re
import sys
from typing import TYPE_CHECKING

from plainhealth.errors import ExtractError
from plainhealth.models import Page

if TYPE_CHECKING:
    from lxml.etree import _Element

LONG = 1_000_000
"""Characters of HTML from which a page is long: its whitespace between block tags is
taken out before parsing, trafilatura parses it itself (no copy of our tree), and the
memory is given back to the system after extraction. None of the 88 dev pages is long
(the longest is 1.09 MB)."""

MAX_TEXT = 2_000_000
"""Characters of text a page may hold (an article is rarely 50,000). Extraction needs
about 150 times a page's text in memory; this keeps it well under a gigabyte whatever
--max-size allows."""
_MARKUP = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>", re.DOTALL | re.I)


def check_text_size(page: Page) -> None:
    """Refuse a page with more than MAX_TEXT characters of text, counted as a reader sees
    them: the whitespace between tags (indentation, blank lines) collapsed."""
    if len(page.html) <= MAX_TEXT:
        return
    text = sum(len(" ".join(piece.split()))  # str.split's whitespace is the pattern \s's
               for piece in _MARKUP.split(page.html)[::2] if piece)
    if text > MAX_TEXT:
        raise ExtractError(f"{page.source}: the page holds {text / 1e6:.1f} million characters "
                           f"of text, more than the {MAX_TEXT / 1e6:g} million plainhealth "
                           "converts at once (an article is rarely 50,000); split it into "
                           "smaller pages")


_CONTAINER_TAG = re.compile(
    r"<(/?)(div|span|section|article|aside|main|header|footer|nav|font|b|i|em|strong|small|"
    r"blockquote|center|ul|ol|dl|table|tbody|form|fieldset|figure|details)\b[^>]*>",
    re.IGNORECASE)
MAX_DEPTH = 200
"""libxml2 stops building the tree at a depth of 256 and silently drops the rest of the
page, article included. A page nested deeper than this (none of the 88 dev pages goes
past 60) is flattened to FLATTEN_TO: deeper tags are taken out, their text stays."""
FLATTEN_TO = 32
"""trafilatura's memory grows with depth times text: a 2 MB page of unclosed tags took
1.4 GB at depth 200 and 0.3 GB at depth 32."""


def flatten_deep_nesting(html: str) -> str:
    """``html`` with container tags nested deeper than MAX_DEPTH removed, text kept.

    Only pages that nest that deep are touched (none of the 88 dev pages comes close).
    """
    depth = deepest = 0
    for match in _CONTAINER_TAG.finditer(html):
        depth = max(0, depth - 1) if match.group(1) else depth + 1
        deepest = max(deepest, depth)
    if deepest <= MAX_DEPTH:
        return html
    pieces: list[str] = []
    depth, last = 0, 0
    dropped: dict[str, int] = {}
    for match in _CONTAINER_TAG.finditer(html):
        name = match.group(2).lower()
        if match.group(1):
            if dropped.get(name):
                dropped[name] -= 1
            else:
                depth = max(0, depth - 1)
                continue
        elif depth < FLATTEN_TO:
            depth += 1
            continue
        else:
            dropped[name] = dropped.get(name, 0) + 1
        pieces.append(html[last:match.start()])
        last = match.end()
    pieces.append(html[last:])
    return "".join(pieces)


_BLOCK = (r"(?:address|article|aside|blockquote|body|center|dd|details|dialog|div|dl|dt|"
          r"fieldset|figcaption|figure|footer|form|h[1-6]|head|header|hgroup|html|li|link|"
          r"main|menu|meta|nav|ol|p|section|summary|table|tbody|td|tfoot|th|thead|title|tr|"
          r"ul)")
_GAP = re.compile(rf"(<{_BLOCK}\b[^<>]*>|</{_BLOCK}\s*>)\s+(?=</?{_BLOCK}[\s/>])",
                  re.IGNORECASE)


_MAYBE_GAP = re.compile(r">\s+<")
"""Whitespace between two tags: where a gap can be (the full pattern is tried only
there; tried at every tag of a 3.7 MB page, it took 0.2 s)."""


def tighten(html: str) -> str:
    """``html`` without the whitespace that only separates two block tags ("</li>\\n  <li>"):
    no browser shows it, and in a list of 200,000 items its text nodes took a quarter of
    the memory extraction needed. Whitespace next to text or an inline tag stays."""
    pieces: list[str] = []
    last = 0
    for maybe in _MAYBE_GAP.finditer(html):
        gap = _GAP.match(html, html.rfind("<", 0, maybe.start()))
        if gap and gap.end() == maybe.end() - 1:
            pieces.append(html[last:gap.end(1)])
            last = gap.end()
    return "".join(pieces) + html[last:] if pieces else html


RUN = 100
"""Children of one element kept at each end of a longer run by :func:`shortened`. None
of the 88 dev pages has an element with more than 2 × RUN children."""


def shortened(tree: _Element) -> _Element:
    """``tree``, changed in place: of each element with more than 2 × RUN children, the
    first and last RUN are kept and the middle is taken out.

    For a long page's metadata: an author's byline or a date sits in the head, near the
    title or at the end, not in the middle of a list of 200,000 items, whose every item
    trafilatura's metadata step would otherwise look at (3 s). A page with no such run is
    left as it is."""
    for parent in [element for element in tree.iter() if len(element) > 2 * RUN]:
        del parent[RUN:len(parent) - RUN]
    return tree


def release_memory() -> None:
    """Give the memory freed by a long page's parse trees back to the system.

    libxml2 allocates with malloc, and glibc keeps what is freed for later mallocs; but
    Python's own objects come from separate arenas, so the next stages cannot reuse it
    and the process would hold it to the end. ``malloc_trim`` returns it (glibc only).
    """
    gc.collect()  # the trees' last references may be in cycles; the collector is paused
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)
