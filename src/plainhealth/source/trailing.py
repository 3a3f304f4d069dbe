"""Headings at the very end of an article, which the extraction library leaves out.

trafilatura (with ``favor_precision``) drops a heading that nothing follows, taking it for
the page's furniture. On patient pages such a last line is often an instruction ("Call 999
straight away if symptoms come back"), and losing it loses a warning. A heading is put back
when, in the page as written, it comes right after the article's last kept block, under the
same parent, and nothing but headings follows it there: a heading followed by links or
other text that was left out ("Related pages", then a list) stays out with them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from plainhealth.source.content import content_root

if TYPE_CHECKING:
    from lxml.etree import _Element

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_SPACE = re.compile(r"\s+")


def closing_headings(tree: _Element, doc: _Element) -> list[_Element]:
    """The headings of ``tree`` (the page as written) that trafilatura dropped after the
    last block of ``doc`` (its XML), in order; none when something else follows them."""
    kept = [text for text in map(_squashed, content_root(doc)) if text]
    if not kept:
        return []
    last, known = kept[-1], set(kept)
    for heading in tree.iter(*HEADINGS):
        if _squashed(heading) in known:
            continue
        before = next((e for e in heading.itersiblings(preceding=True) if _squashed(e)), None)
        if before is None or _squashed(before) != last:
            continue
        after = [e for e in heading.itersiblings() if _squashed(e)]
        if all(e.tag in HEADINGS for e in after):
            return [heading, *after]
    return []


def _squashed(element: _Element) -> str:
    """The element's text without any white space (trafilatura joins list items and
    table cells differently from the page)."""
    if not isinstance(element.tag, str):  # a comment or processing instruction
        return ""
    return _SPACE.sub("", "".join(str(part) for part in element.itertext()))
