"""The article as HTML, shared by the handout and the read-along book: key points,
headings, paragraphs and (nested) lists with explanations and marked terms in place,
safety notes, and "Words to know".

Everything from the article or the glossary is escaped; only http(s) URLs become links.
The markup is also well-formed XML (every element closed, attributes quoted), so the
book's XHTML uses it as it is. When the article has audio (``spans``), each piece the
audio says is wrapped in an element whose id is the piece's :func:`spoken_id`: the
handout's captions and the book's Media Overlays point at it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from plainhealth.language.sentences import split
from plainhealth.models import (
    Addition,
    AdditionKind,
    Article,
    Block,
    BlockKind,
    KeyPoint,
    NotePosition,
    Result,
    joined,
    spoken_id,
)
from plainhealth.render.markup import e, fragment, heading_id, slugs, source_link
from plainhealth.render.text import (
    EXPLANATION_LABEL,
    NOTE_LABEL,
    about_lines,
    general_note,
    listed,
)

NOTE_ARIA_LABEL = "Safety note added by plainhealth"
SEVERITIES = {"info": "Information", "caution": "Caution", "warning": "Warning"}


@dataclass(frozen=True)
class Heading:
    """A heading as rendered: for contents lists and the book's navigation."""

    source_level: int
    level: int
    """Its level in the page (h2 to h6)."""
    id: str
    text: str


@dataclass
class Context:
    """What rendering one page keeps track of: anchors, first uses, heading levels."""

    slugs: dict[str, str]  # glossary term id → safe fragment for ``word-…``/``use-…`` ids
    lang: str
    spans: bool = False
    """Wrap each piece the audio says in an element with its spoken id."""
    linked: set[str] = field(default_factory=set)
    headings: list[int] = field(default_factory=list)
    toc: list[Heading] = field(default_factory=list)
    """Every heading rendered so far, in order."""

    @property
    def en(self) -> str:
        """` lang="en"` for plainhealth's own words when the article is not in English."""
        return "" if self.lang.lower().startswith("en") else ' lang="en"'

    def said(self, html: str, spot: str) -> str:
        """``html`` in an element the audio points at (when there is audio)."""
        return f'<span id="{spot}">{html}</span>' if self.spans and html else html

    def sentences(self, text: str, spot: Callable[[int], str]) -> str:
        """``text`` escaped, each sentence said (:meth:`said`) under ``spot(j)``."""
        if not self.spans:
            return e(text)
        return " ".join(self.said(e(s.text), spot(j)) for j, s in enumerate(split(text)))


def context(result: Result, lang: str, spans: bool = False) -> Context:
    return Context(slugs(t.id for t in listed(result)), lang, spans)


def key_points(result: Result, ctx: Context) -> str:
    """The box that opens the handout: each concern once, most serious first."""
    if not result.key_points:
        return ""
    noted = {a.ref for b in result.plain.prose_blocks() for a in b.additions
             if a.kind is AdditionKind.NOTE}
    items = "".join(_point(p, i, p.rule in noted, ctx) for i, p in enumerate(result.key_points))
    return (f'<section class="key-points" aria-labelledby="key-points"{ctx.en}>\n'
            f'<h2 id="key-points">{ctx.said("Key safety points", spoken_id("points"))}</h2>\n'
            '<p class="added">Added by plainhealth from public health agencies.</p>\n'
            f"<ul>{items}</ul>\n</section>")


def _point(point: KeyPoint, i: int, noted: bool, ctx: Context) -> str:
    """A key point, linked to its full note below (or naming its source when it has none
    there: the help lines)."""
    key = point.severity if point.severity in SEVERITIES else "other"
    said = ctx.sentences(point.text, lambda j: spoken_id("point", i, j))
    text = (f'<a href="#note-{fragment(point.rule)}">{said}</a>' if noted
            else f"{said} Source: {source_link(point.source)}")
    badge = (f'<span class="severity">{SEVERITIES.get(key, "Note")}</span> ' if point.in_body
             else "")
    return f'<li class="point point-{key}">{badge}{text}</li>'


def blocks(article: Article, ctx: Context) -> list[str]:
    """Headings, paragraphs and (nested) lists; consecutive list items share a list, and
    the notes of its items follow the whole list."""
    out: list[str] = []
    for k, section in enumerate(article.sections):
        if section.heading:
            out.append(_heading(Block(BlockKind.HEADING, section.heading, section.level), ctx,
                                spoken_id("h", k)))
        items: list[tuple[int, Block]] = []
        for b, block in [*enumerate(section.blocks), (-1, None)]:
            if block is not None and block.kind is BlockKind.LIST_ITEM:
                items.append((b, block))
                continue
            if items:
                out.append(_list(items, ctx, k))
                items = []
            if block is not None:
                text, notes = inline(block, ctx, (k, b))
                out.append(f"<p>{text}</p>{notes}")
    return out


def _heading(block: Block, ctx: Context, spot: str) -> str:
    """Source h1/h2 become h2, each deeper heading one level down: levels never skip."""
    source_level = max(block.level, 2)
    while ctx.headings and ctx.headings[-1] >= source_level:
        ctx.headings.pop()
    ctx.headings.append(source_level)
    level = min(6, 1 + len(ctx.headings))
    anchor, n = heading_id(block.text), 2
    while anchor in {h.id for h in ctx.toc}:  # two headings with the same words
        anchor, n = f"{heading_id(block.text)}-{n}", n + 1
    ctx.toc.append(Heading(source_level, level, anchor, block.text))
    return f'<h{level} id="{anchor}">{ctx.said(e(block.text), spot)}</h{level}>'


def _list(items: Sequence[tuple[int, Block]], ctx: Context, k: int) -> str:
    """One list; an item one level deeper opens a list inside the item before it."""
    out: list[str] = []
    held: list[str] = []
    open_lists: list[str] = []
    for b, item in items:
        level = min(max(item.level, 0), len(open_lists))
        tag = "ol" if item.ordered else "ul"
        while len(open_lists) > level + 1:
            out.append(f"</li></{open_lists.pop()}>")
        if len(open_lists) == level + 1:
            same = open_lists[-1] == tag
            out.append("</li>" if same else f"</li></{open_lists.pop()}>")
        if len(open_lists) == level:
            open_lists.append(tag)
            out.append(f"<{tag}>")
        text, notes = inline(item, ctx, (k, b))
        out.append(f"<li>{text}")
        held.append(notes)
    out.extend(f"</li></{tag}>" for tag in reversed(open_lists))
    return "".join(out) + "".join(held)


@dataclass(frozen=True)
class _Open:
    spot: str


_CLOSE = object()
"""A sentence the audio says ends here."""


def _pieces(block: Block, ctx: Context, where: tuple[int, int],
            ) -> Iterator[str | Addition | _Open | object]:
    """The block's segments (:meth:`Block.segments`), with the start and end of each
    sentence marked when the audio is to find them (the text then comes unstripped)."""
    if not ctx.spans:
        yield from block.segments()
        return
    text = block.text
    events: list[tuple[int, int, object]] = []  # (offset, order at that offset, what)
    for s in split(text):
        events += [(s.start, 3, _Open(spoken_id("s", *where, s.start))), (s.end, 1, _CLOSE)]
    events += [(a.after, 0 if a.kind is AdditionKind.MARK else 2, a) for a in block.additions]
    position = 0
    for offset, _, what in sorted(events, key=lambda x: (x[0], x[1])):
        if offset > position:
            yield text[position:offset]
            position = offset
        yield what
    if text[position:].strip():
        yield text[position:]


def inline(block: Block, ctx: Context, where: tuple[int, int]) -> tuple[str, str]:
    """The block's text with explanations in place and marked terms linked to their
    entries, then its notes and pointers."""
    if not block.additions and not ctx.spans:  # most blocks of a long page
        return e(block.text.strip()), ""
    return _inline(block, ctx, where)


def _inline(block: Block, ctx: Context, where: tuple[int, int]) -> tuple[str, str]:
    pieces: list[str] = []
    notes: list[str] = []
    glue = False
    opening = ""
    numbers = {id(a): n for n, a in enumerate(block.additions)}
    for segment in _pieces(block, ctx, where):
        if isinstance(segment, _Open):
            opening, glue = f'<span id="{segment.spot}">', False
        elif segment is _CLOSE:
            if not opening and pieces:
                pieces[-1] += "</span>"
            opening = ""
        elif isinstance(segment, str):
            if glue:  # the rest of the words after a marked term
                joined(pieces, e(segment), True)
            elif segment.strip():
                joined(pieces, opening + e(segment.strip()), False)
                opening = ""
            glue = False
        elif isinstance(segment, Addition):
            _addition(segment, spoken_id("a", *where, numbers[id(segment)]), pieces, notes,
                      ctx)
            glue = segment.kind is AdditionKind.MARK
    return " ".join(p for p in pieces if p), "".join(notes)


def _addition(addition: Addition, spot: str, pieces: list[str], notes: list[str],
              ctx: Context) -> None:
    if addition.kind is AdditionKind.EXPLANATION:
        joined(pieces, _term_link(pieces.pop() if pieces else "", addition, ctx), True)
        said = ctx.sentences(addition.text, lambda j: f"{spot}-{j + 1}")
        label = ctx.said(f'<span class="explain-label">{EXPLANATION_LABEL}:</span> '
                         f"<strong>{e(addition.label)}</strong>", f"{spot}-0")
        pieces.append(f'<span class="explain"{ctx.en}>[{label} — {said}]</span>')
    elif addition.kind is AdditionKind.MARK:
        joined(pieces, _term_link(pieces.pop() if pieces else "", addition, ctx), False)
    elif addition.kind is AdditionKind.POINTER:
        notes.append(f'<p class="pointer"{ctx.en}><a href="#note-{fragment(addition.ref)}">'
                     f"{e(addition.text)}</a></p>")
    else:
        notes.append(note(addition, ctx, spot))


def _term_link(html: str, addition: Addition, ctx: Context) -> str:
    """Link the term's first use in ``html`` (escaped text; for a mark, the use that ends
    it) to its entry in "Words to know"."""
    slug = ctx.slugs.get(addition.ref)
    label = e(addition.label)
    if slug is None or addition.ref in ctx.linked or not label:
        return html
    text = re.sub(r"<[^>]*>", lambda tag: " " * len(tag[0]), html)  # words, not markup
    found = re.search(rf"(?<!\w){re.escape(label)}(?!\w)", text)
    spot = len(html) - len(label) if html.endswith(label) and addition.kind is \
        AdditionKind.MARK else found.start() if found else -1
    if spot < 0:
        return html
    ctx.linked.add(addition.ref)
    return (f'{html[:spot]}<a class="term" id="use-{slug}" href="#word-{slug}">{label}</a>'
            f"{html[spot + len(label):]}")


def note(addition: Addition, ctx: Context, spot: str) -> str:
    """A safety note: a labelled box, its severity as a class and in words, its source."""
    severity = addition.severity
    key = severity.lower() if severity.lower() in SEVERITIES else "other"
    name = SEVERITIES.get(key, severity.strip().capitalize() or "Note")
    text = ctx.sentences(addition.text, lambda j: f"{spot}-{j}")
    return (f'<aside role="note" aria-label="{NOTE_ARIA_LABEL}" class="note note-{key}" '
            f'id="note-{fragment(addition.ref)}"{ctx.en}>'
            f'\n<p class="note-head"><span class="note-icon" aria-hidden="true">'
            f'{"i" if key == "info" else "!"}</span><strong class="note-label">{NOTE_LABEL}:'
            f'</strong> <span class="severity">{e(name)}</span></p>\n<p>{text}</p>\n'
            f'<p class="note-source">Source: {source_link(addition.source)}</p>\n</aside>')


def words_to_know(result: Result, ctx: Context) -> str:
    """The word list: each term with its explanation and the page it is based on."""
    terms = listed(result)
    if not terms:
        return ""
    entries: list[str] = []
    for term in terms:
        slug = ctx.slugs[term.id]
        name = e(term.forms[0] if term.forms else term.id)
        back = (f' <a class="back" href="#use-{slug}">Back to “{name}” in the text</a>'
                if term.id in ctx.linked else "")
        entries.append(f'<dt id="word-{slug}"><dfn>{name}</dfn></dt>\n<dd><p>{e(term.explain)}'
                       f'</p><p class="entry-meta">Source: {source_link(term.source, "site")}'
                       f"{back}"
                       "</p></dd>")
    return (f'<section class="glossary" aria-labelledby="words-to-know"{ctx.en}>\n'
            '<h2 id="words-to-know">Words to know</h2>\n<p class="added">Added by plainhealth '
            "from its glossary.</p>\n<dl>\n" + "\n".join(entries) + "\n</dl>\n</section>")


def about(result: Result, ctx: Context) -> str:
    """The "About" paragraphs: provenance, and the general note (said last)."""
    general = general_note(result, NotePosition.END)
    last = result.notes.index(general) if general else -1
    return "".join(
        f"<p>{ctx.sentences(line, lambda j: spoken_id('end', last, j))}</p>\n"
        if general and line == general.text else f"<p>{e(line)}</p>\n"
        for line in about_lines(result))
