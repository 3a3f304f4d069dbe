"""The accessible HTML handout: one self-contained page, no scripts, no requests.

The first screen holds the title, where the article came from and the key safety points;
then the audio player, a short contents list for a long handout, the article with its
explanations and notes, "Words to know", and "About this handout" (provenance a patient
does not need up front). Everything from the article or the glossary is escaped; only
http(s) URLs become links. The page is deterministic (no clock time).
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from html import escape
from importlib.resources import files
from pathlib import PurePosixPath
from urllib.parse import quote, urlsplit

from plainhealth.errors import printable
from plainhealth.models import (
    Addition,
    AdditionKind,
    Block,
    BlockKind,
    KeyPoint,
    Result,
    joined,
)
from plainhealth.render.text import (
    ABOUT_LABEL,
    EXPLANATION_LABEL,
    NOTE_LABEL,
    about_lines,
    language_caveat,
    legend,
    listed,
    rules_overlay_line,
)

NOTE_ARIA_LABEL = "Safety note added by plainhealth"
AUDIO_TYPES = {".mp3": "audio/mpeg", ".wav": "audio/wav", ".ogg": "audio/ogg"}
SEVERITIES = {"info": "Information", "caution": "Caution", "warning": "Warning"}
SCORES = (("School grade (Flesch-Kincaid; lower is easier)", "flesch_kincaid_grade"),
          ("Reading ease (Flesch; higher is easier)", "flesch_reading_ease"))
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_LANG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
_RELATIVE_FILE = re.compile(r"(?!.*(?:^|/)\.\.(?:/|$))[\w .-]+(?:/[\w .-]+)*")

@dataclass(frozen=True)
class Player:
    """The handout's audio player: files beside the handout, named relative to it."""

    sound: str
    """The .mp3, .wav or .ogg file."""
    captions: str | None = None
    """The captions .vtt file (linked for download)."""
    cues: str | None = None
    """The WebVTT text itself. The <track> carries it inline as a data: URL, because a
    browser opening the handout from disk (file://) refuses to load a file beside it."""
    seconds: float | None = None
    """The audio's length, shown beside the player (a file:// page's player may not know
    it until played)."""
    chapters: tuple[tuple[str, float], ...] = ()
    """(title, start in seconds) of each chapter: links into the audio file."""


def e(text: str) -> str:
    """Escape text or an attribute value (quotes included)."""
    return escape(text, quote=True)


@cache
def stylesheet() -> str:
    return files("plainhealth.render").joinpath("handout.css").read_text(encoding="utf-8")


@dataclass
class _Context:
    """What rendering one page keeps track of: anchors, first uses, heading levels."""

    slugs: dict[str, str]  # glossary term id → safe fragment for ``word-…``/``use-…`` ids
    lang: str
    linked: set[str] = field(default_factory=set)
    headings: list[int] = field(default_factory=list)

    @property
    def en(self) -> str:
        """` lang="en"` for plainhealth's own words when the article is not in English."""
        return "" if self.lang.lower().startswith("en") else ' lang="en"'


CONTENTS_MIN = 4
"""A handout with at least this many headings gets a contents list."""


def render_html(result: Result, audio: Player | None = None) -> str:
    """The handout. ``audio`` is the hook for a spoken version beside the page."""
    lang = result.article.lang if _LANG.fullmatch(result.article.lang or "") else "en"
    ctx = _Context(_slugs(t.id for t in listed(result)), lang)
    title = result.plain.title or result.article.title or printable(result.source)
    line = legend(result, "Underlined words")
    body = _blocks(result.plain.blocks(), ctx)
    parts = [
        _head(title, ctx.lang), _header(result, title, ctx), _key_points(result, ctx),
        _audio(audio, ctx) if audio else "", _contents(result.plain.blocks(), ctx),
        '<main id="content">',
        f'<p class="legend"{ctx.en}>{e(line)}</p>' if line else "",
        _rules_overlay(result, ctx), *body,
        _words_to_know(result, ctx), "</main>", _footer(result, ctx), "</body>\n</html>\n",
    ]
    return "\n".join(p for p in parts if p)


def _key_points(result: Result, ctx: _Context) -> str:
    """The box that opens the handout: each concern once, most serious first."""
    if not result.key_points:
        return ""
    noted = {a.ref for b in result.plain.prose_blocks() for a in b.additions
             if a.kind is AdditionKind.NOTE}
    items = "".join(_point(p, p.rule in noted) for p in result.key_points)
    return (f'<section class="key-points" aria-labelledby="key-points"{ctx.en}>\n'
            '<h2 id="key-points">Key safety points</h2>\n'
            '<p class="added">Added by plainhealth from public health agencies.</p>\n'
            f"<ul>{items}</ul>\n</section>")


def _point(point: KeyPoint, noted: bool) -> str:
    """A key point, linked to its full note below (or naming its source when it has none
    there: the help lines)."""
    key = point.severity if point.severity in SEVERITIES else "other"
    text = (f'<a href="#note-{_fragment(point.rule)}">{e(point.text)}</a>' if noted
            else f"{e(point.text)} Source: {source_link(point.source)}")
    badge = (f'<span class="severity">{SEVERITIES.get(key, "Note")}</span> ' if point.in_body
             else "")
    return f'<li class="point point-{key}">{badge}{text}</li>'


def _fragment(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def _contents(blocks: Sequence[Block], ctx: _Context) -> str:
    """Links to the article's main headings, for a handout long enough to need them."""
    headings = [b for b in blocks if b.kind is BlockKind.HEADING]
    if len(headings) < CONTENTS_MIN:
        return ""
    top = min(max(b.level, 2) for b in headings)
    items = "".join(f'<li><a href="#{_heading_id(b.text)}">{e(b.text)}</a></li>'
                    for b in headings if max(b.level, 2) == top)
    return (f'<nav class="contents" aria-labelledby="contents"{ctx.en}>\n'
            f'<h2 id="contents">Contents</h2>\n<ol>{items}</ol>\n</nav>')


def _heading_id(text: str) -> str:
    return "h-" + _fragment(text)


def _rules_overlay(result: Result, ctx: _Context) -> str:
    line = rules_overlay_line(result)
    return f'<p class="legend"{ctx.en}>{e(line)}</p>' if line else ""


def _head(title: str, lang: str) -> str:
    css = stylesheet()
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    policy = (f"default-src 'none'; style-src 'sha256-{digest}'; media-src 'self' data:; "
              "base-uri 'none'; form-action 'none'")
    return (f'<!doctype html>\n<html lang="{e(lang)}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{e(policy)}">\n'
            '<meta name="referrer" content="no-referrer">\n'
            f"<title>{e(title)}</title>\n<style>{css}</style>\n</head>\n<body>")


def _header(result: Result, title: str, ctx: _Context) -> str:
    article = result.article
    rows = [("From", link(article.address or printable(result.source)))]
    if article.byline:
        rows.append(("Written by", e(article.byline)))
    if article.date:
        date = e(article.date)
        rows.append(("Article date", f'<time datetime="{date}">{date}</time>'
                     if _ISO_DATE.fullmatch(article.date) else date))
    meta = "".join(f'<p><span class="meta-label">{label}:</span> {value}</p>'
                   for label, value in rows)
    caveat = language_caveat(result)
    return (f'<header>\n<p class="kicker"{ctx.en}>Plain-language handout</p>\n'
            f'<h1>{e(title)}</h1>\n<div class="meta"{ctx.en}>{meta}</div>\n'
            + (f'<p class="caveat" lang="en">{e(caveat)}</p>\n' if caveat else "")
            + "</header>")


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


def _slugs(term_ids: Iterable[str]) -> dict[str, str]:
    """Each term id → a unique, safe id fragment."""
    out: dict[str, str] = {}
    for term_id in term_ids:
        base = re.sub(r"[^a-z0-9]+", "-", term_id.lower()).strip("-") or "term"
        slug, n = base, 2
        while slug in out.values():
            slug, n = f"{base}-{n}", n + 1
        out.setdefault(term_id, slug)
    return out


def _blocks(blocks: Sequence[Block], ctx: _Context) -> list[str]:
    """Headings, paragraphs and (nested) lists; consecutive list items share a list, and
    the notes of its items follow the whole list."""
    out: list[str] = []
    items: list[Block] = []
    for block in [*blocks, None]:
        if block is not None and block.kind is BlockKind.LIST_ITEM:
            items.append(block)
            continue
        if items:
            out.append(_list(items, ctx))
            items = []
        if block is not None and block.kind is BlockKind.HEADING:
            out.append(_heading(block, ctx))
        elif block is not None:
            text, notes = _inline(block, ctx)
            out.append(f"<p>{text}</p>{notes}")
    return out


def _heading(block: Block, ctx: _Context) -> str:
    """Source h1/h2 become h2, each deeper heading one level down: levels never skip."""
    source_level = max(block.level, 2)
    while ctx.headings and ctx.headings[-1] >= source_level:
        ctx.headings.pop()
    ctx.headings.append(source_level)
    level = min(6, 1 + len(ctx.headings))
    return f'<h{level} id="{_heading_id(block.text)}">{e(block.text)}</h{level}>'


def _list(items: Sequence[Block], ctx: _Context) -> str:
    """One list; an item one level deeper opens a list inside the item before it."""
    out: list[str] = []
    held: list[str] = []
    open_lists: list[str] = []
    for item in items:
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
        text, notes = _inline(item, ctx)
        out.append(f"<li>{text}")
        held.append(notes)
    out.extend(f"</li></{tag}>" for tag in reversed(open_lists))
    return "".join(out) + "".join(held)


def _inline(block: Block, ctx: _Context) -> tuple[str, str]:
    """The block's text with explanations in place and marked terms linked to their
    entries, then its notes and pointers."""
    pieces: list[str] = []
    notes: list[str] = []
    glue = False
    for segment in block.segments():
        if isinstance(segment, str):
            joined(pieces, e(segment), glue)
        elif segment.kind is AdditionKind.EXPLANATION:
            joined(pieces, _term_link(pieces.pop() if pieces else "", segment, ctx), True)
            pieces.append(f'<span class="explain"{ctx.en}>[<span class="explain-label">'
                          f"{EXPLANATION_LABEL}:</span> <strong>{e(segment.label)}</strong>"
                          f" — {e(segment.text)}]</span>")
        elif segment.kind is AdditionKind.MARK:
            joined(pieces, _term_link(pieces.pop() if pieces else "", segment, ctx), False)
        elif segment.kind is AdditionKind.POINTER:
            notes.append(f'<p class="pointer"{ctx.en}><a href="#note-{_fragment(segment.ref)}">'
                         f"{e(segment.text)}</a></p>")
        else:
            notes.append(_note(segment, ctx))
        glue = not isinstance(segment, str) and segment.kind is AdditionKind.MARK
    return " ".join(p for p in pieces if p), "".join(notes)


def _term_link(html: str, addition: Addition, ctx: _Context) -> str:
    """Link the term's first use in ``html`` (escaped text; for a mark, the use that ends
    it) to its entry in "Words to know"."""
    slug = ctx.slugs.get(addition.ref)
    label = e(addition.label)
    if slug is None or addition.ref in ctx.linked or not label:
        return html
    found = re.search(rf"(?<!\w){re.escape(label)}(?!\w)", html)
    spot = len(html) - len(label) if html.endswith(label) and addition.kind is \
        AdditionKind.MARK else found.start() if found else -1
    if spot < 0:
        return html
    ctx.linked.add(addition.ref)
    return (f'{html[:spot]}<a class="term" id="use-{slug}" href="#word-{slug}">{label}</a>'
            f"{html[spot + len(label):]}")


def _note(addition: Addition, ctx: _Context) -> str:
    """A safety note: a labelled box, its severity as a class and in words, its source."""
    severity = addition.severity
    key = severity.lower() if severity.lower() in SEVERITIES else "other"
    name = SEVERITIES.get(key, severity.strip().capitalize() or "Note")
    return (f'<aside role="note" aria-label="{NOTE_ARIA_LABEL}" class="note note-{key}" '
            f'id="note-{_fragment(addition.ref)}"{ctx.en}>'
            f'\n<p class="note-head"><span class="note-icon" aria-hidden="true">'
            f'{"i" if key == "info" else "!"}</span><strong class="note-label">{NOTE_LABEL}:'
            f'</strong> <span class="severity">{e(name)}</span></p>\n<p>{e(addition.text)}</p>\n'
            f'<p class="note-source">Source: {source_link(addition.source)}</p>\n</aside>')


def _audio(audio: Player, ctx: _Context) -> str:
    """The audio hook: a player for the sound file beside the page, with its captions."""
    sound, captions = audio.sound, audio.captions
    kind = AUDIO_TYPES.get(_relative_file(sound, "audio must be a relative .mp3, .wav or .ogg"))
    track = captions_link = ""
    if captions is not None:
        if _relative_file(captions, "captions must be a relative .vtt") != ".vtt":
            raise ValueError(f"captions must be a relative .vtt file name: {captions!r}")
        cues = (f"data:text/vtt;charset=utf-8;base64,"
                f"{base64.b64encode(audio.cues.encode('utf-8')).decode('ascii')}"
                if audio.cues is not None else quote(captions))
        track = (f'<track kind="captions" src="{e(cues)}" srclang="{e(ctx.lang)}" '
                 'label="Captions" default>')
        captions_link = f' Captions: <a href="{e(quote(captions))}">{e(captions)}</a>'
    if kind is None:
        raise ValueError(f"audio must be a relative .mp3, .wav or .ogg file name: {sound!r}")
    src = e(quote(sound))
    length = f" ({clock(audio.seconds, words=True)})" if audio.seconds else ""
    return (f'<section class="listen" aria-labelledby="listen"{ctx.en}>\n'
            f'<h2 id="listen">Listen to this handout{length}</h2>\n'
            f'<audio controls preload="metadata"><source src="{src}" type="{kind}">{track}'
            "Your browser cannot play this audio; use the link below.</audio>\n"
            f'<p>Audio file: <a href="{src}">{e(sound)}</a>{captions_link}</p>\n'
            f"{_chapters(audio, src)}</section>\n")


def _chapters(audio: Player, src: str) -> str:
    """Each chapter as a link into the audio file at its start (a media fragment)."""
    if len(audio.chapters) < 2:
        return ""
    items = "".join(f'<li><a href="{src}#t={start:.1f}">{e(title)}</a> '
                    f"({clock(start)})</li>" for title, start in audio.chapters)
    return f"<details><summary>Chapters</summary><ol>{items}</ol></details>\n"


def clock(seconds: float, words: bool = False) -> str:
    """1:05 (or "1 minute 5 seconds")."""
    minutes, rest = divmod(round(seconds), 60)
    if not words:
        return f"{minutes}:{rest:02d}"
    parts = [f"{minutes} minute{'s' if minutes != 1 else ''}"] if minutes else []
    return " ".join([*parts, f"{rest} second{'s' if rest != 1 else ''}"] if rest or not parts
                    else parts)


def _relative_file(name: str, problem: str) -> str:
    """The lower-case suffix of a plain relative file name; anything else is refused."""
    if not _RELATIVE_FILE.fullmatch(name):
        raise ValueError(f"{problem} file name: {name!r}")
    return PurePosixPath(name).suffix.lower()


def _words_to_know(result: Result, ctx: _Context) -> str:
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


def _footer(result: Result, ctx: _Context) -> str:
    lines = "".join(f"<p>{e(line)}</p>\n" for line in about_lines(result))
    return (f'<footer{ctx.en}>\n<h2 id="about">{ABOUT_LABEL}</h2>\n{lines}'
            f"{_readability(result)}\n</footer>")


def _readability(result: Result) -> str:
    """Readability before → after as a small table (English formulas only)."""
    before, after = result.before.document, result.after.document
    rows = "".join(f'<tr><th scope="row">{label}</th>'
                   f'<td class="num">{getattr(before, attr):.1f}</td>'
                   f'<td class="num">{getattr(after, attr):.1f}</td></tr>'
                   for label, attr in SCORES)
    caveat = ("" if result.before.language_supported else
              f"<p>These formulas are for English; the article's language is "
              f"{e(result.article.lang)}, so they do not apply.</p>")
    return ('<table><caption>Readability, before → after</caption><thead><tr><th scope="col">'
            'Measure</th><th scope="col">Original article</th><th scope="col">This handout'
            f"</th></tr></thead><tbody>{rows}</tbody></table>{caveat}")
