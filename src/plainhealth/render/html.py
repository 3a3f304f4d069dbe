"""The accessible HTML handout: one self-contained page, no scripts, no requests.

Everything from the article or the glossary is escaped; only http(s) URLs become links.
Explanations and safety notes carry the same labels as the text and Markdown outputs. The
page is deterministic (no clock time): the same result gives the same bytes.
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
from itertools import takewhile
from pathlib import PurePosixPath
from urllib.parse import quote, urlsplit

from plainhealth.errors import printable
from plainhealth.models import Addition, AdditionKind, Block, BlockKind, Result
from plainhealth.render.text import (
    EXPLANATION_LABEL,
    NOTE_LABEL,
    language_caveat,
    rules_overlay_line,
    source_check,
    top_notes,
)

NOTE_ARIA_LABEL = "Safety note added by plainhealth"
AUDIO_TYPES = {".mp3": "audio/mpeg", ".wav": "audio/wav", ".ogg": "audio/ogg"}
SEVERITIES = {"info": "Information", "caution": "Caution", "warning": "Warning"}
STATUS_WORDS = {"sourced": "sourced (plainhealth's wording, based on the page named; not "
                           "reviewed by a health professional)",
                "reviewed": "reviewed (by a named health professional)"}
STATUS_MEANING = ("“Sourced” means plainhealth's own wording, based on the public page it names, "
                  "and not reviewed by a health professional. Each entry says whether we "
                  "compared our wording with that page or have only located the page. "
                  "“Reviewed” means a named health professional checked it.")
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
    statuses: dict[str, str]  # safety rule id → status
    lang: str
    linked: set[str] = field(default_factory=set)
    headings: list[int] = field(default_factory=list)

    @property
    def en(self) -> str:
        """` lang="en"` for plainhealth's own words when the article is not in English."""
        return "" if self.lang.lower().startswith("en") else ' lang="en"'


def render_html(result: Result, audio: Player | None = None) -> str:
    """The handout. ``audio`` is the hook for a spoken version beside the page."""
    lang = result.article.lang if _LANG.fullmatch(result.article.lang or "") else "en"
    ctx = _Context(_slugs(t.id for t in result.terms), {n.rule: n.status for n in result.notes},
                   lang)
    title = result.plain.title or result.article.title or printable(result.source)
    reworded = ", with some sentences reworded in plainer words" if result.changes else ""
    parts = [
        _head(title, ctx.lang), _header(result, title, ctx, audio), '<main id="content">',
        *(_note(n.text, n.source, n.severity, n.status, ctx) for n in top_notes(result)),
        f'<p class="legend"{ctx.en}>Words marked “Word to know” and boxes marked “Safety note” '
        f"were added by plainhealth. Everything else comes from the article{reworded}.</p>",
        _rules_overlay(result, ctx),
        *_blocks(result.plain.blocks(), ctx),
        _words_to_know(result, ctx), "</main>", _footer(result, ctx), "</body>\n</html>\n",
    ]
    return "\n".join(p for p in parts if p)


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


def _header(result: Result, title: str, ctx: _Context, audio: Player | None) -> str:
    article = result.article
    rows = [("Source", link(article.url or printable(result.source)))]
    if article.retrieved:
        rows.append(("Retrieved", f'<time datetime="{e(article.retrieved)}">'
                                  f"{e(article.retrieved)}</time>"))
    if article.byline:
        rows.append(("Written by", e(article.byline)))
    if article.date:
        date = e(article.date)
        rows.append(("Article date", f'<time datetime="{date}">{date}</time>'
                     if _ISO_DATE.fullmatch(article.date) else date))
    rows.append(("Converted by", e(result.generator)))
    meta = "".join(f'<p><span class="meta-label">{label}:</span> {value}</p>'
                   for label, value in rows)
    caveat = language_caveat(result)
    return (f'<header>\n<p class="kicker"{ctx.en}>Plain-language handout</p>\n'
            f'<h1>{e(title)}</h1>\n<div class="meta"{ctx.en}>{meta}</div>\n'
            + (f'<p class="caveat" lang="en">{e(caveat)}</p>\n' if caveat else "")
            + f'{_audio(audio, ctx) if audio else ""}</header>')


def link(url: str) -> str:
    """A link for an http(s) URL; anything else (javascript:, data:, paths) as plain text."""
    return f'<a href="{e(url.strip())}">{e(url)}</a>' if is_web_url(url) else e(url)


def source_link(url: str) -> str:
    """A cited page, named by its site ("fda.gov"): a screen reader says the name, not a
    long address for every note; the address is the link's target, and printed after it."""
    if not is_web_url(url):
        return e(url)
    host = (urlsplit(url.strip()).hostname or "").removeprefix("www.")
    return f'<a class="cited" href="{e(url.strip())}">{e(host)}</a>'


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
    """Headings, paragraphs and (nested) lists; consecutive list items share a list."""
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
    return f"<h{level}>{e(block.text)}</h{level}>"


def _list(items: Sequence[Block], ctx: _Context) -> str:
    """One list; an item one level deeper opens a list inside the item before it."""
    out: list[str] = []
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
        out.append(f"<li>{text}{notes}")
    out.extend(f"</li></{tag}>" for tag in reversed(open_lists))
    return "".join(out)


def _inline(block: Block, ctx: _Context) -> tuple[str, str]:
    """The block's text with explanations in place (first uses linked), then its notes."""
    pieces: list[str] = []
    notes: list[str] = []
    segments = block.segments()
    for i, segment in enumerate(segments):
        if isinstance(segment, str):
            following = takewhile(lambda s: not isinstance(s, str), segments[i + 1:])
            pieces.append(_mark_terms(segment, [a for a in following if isinstance(a, Addition)
                                                and a.kind is AdditionKind.EXPLANATION], ctx))
        elif segment.kind is AdditionKind.EXPLANATION:
            pieces.append(f'<span class="explain"{ctx.en}><span class="explain-label">'
                          f"{EXPLANATION_LABEL}:</span> <strong>{e(segment.label)}</strong>"
                          f" — {e(segment.text)}</span>")
        else:
            notes.append(_note(segment.text, segment.source, segment.severity,
                               ctx.statuses.get(segment.ref, ""), ctx))
    return " ".join(p for p in pieces if p), "".join(notes)


def _mark_terms(text: str, explained: Sequence[Addition], ctx: _Context) -> str:
    """Escape ``text``, linking the first use of each explained term to its entry."""
    spans: list[tuple[int, int, str]] = []
    for addition in explained:
        slug = ctx.slugs.get(addition.ref)
        if slug is None or addition.ref in ctx.linked or not addition.label:
            continue
        for match in re.finditer(rf"(?<!\w){re.escape(addition.label)}(?!\w)", text):
            if all(match.end() <= start or match.start() >= end for start, end, _ in spans):
                spans.append((match.start(), match.end(), slug))
                ctx.linked.add(addition.ref)
                break
    out, position = [], 0
    for start, end, slug in sorted(spans):
        out.append(f'{e(text[position:start])}<a class="term" id="use-{slug}" '
                   f'href="#word-{slug}">{e(text[start:end])}</a>')
        position = end
    return "".join(out) + e(text[position:])


def _note(text: str, source: str, severity: str, status: str, ctx: _Context) -> str:
    """A safety note: a labelled box, its severity as a class and in words, its source."""
    key = severity.lower() if severity.lower() in SEVERITIES else "other"
    name = SEVERITIES.get(key, severity.strip().capitalize() or "Note")
    checked = (f'<p class="entry-meta">Status: {e(STATUS_WORDS.get(status, status))}</p>\n'
               if status else "")
    return (f'<aside role="note" aria-label="{NOTE_ARIA_LABEL}" class="note note-{key}"{ctx.en}>'
            f'\n<p class="note-head"><span class="note-icon" aria-hidden="true">'
            f'{"i" if key == "info" else "!"}</span><strong class="note-label">{NOTE_LABEL}:'
            f'</strong> <span class="severity">{e(name)}</span></p>\n<p>{e(text)}</p>\n'
            f'<p class="note-source">Source: {source_link(source)}</p>\n{checked}</aside>')


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
    return (f'<section class="listen" aria-labelledby="listen"{ctx.en}>\n'
            '<h2 id="listen">Listen to this handout</h2>\n'
            f'<audio controls preload="none"><source src="{src}" type="{kind}">{track}'
            "Your browser cannot play this audio; use the link below.</audio>\n"
            f'<p>Audio file: <a href="{src}">{e(sound)}</a>{captions_link}</p>\n</section>\n')


def _relative_file(name: str, problem: str) -> str:
    """The lower-case suffix of a plain relative file name; anything else is refused."""
    if not _RELATIVE_FILE.fullmatch(name):
        raise ValueError(f"{problem} file name: {name!r}")
    return PurePosixPath(name).suffix.lower()


def _words_to_know(result: Result, ctx: _Context) -> str:
    """The glossary section: each term with its explanation, source, status, first use."""
    if not result.terms:
        return ""
    entries: list[str] = []
    for term in result.terms:
        slug = ctx.slugs[term.id]
        name = e(term.forms[0] if term.forms else term.id)
        overlay = " (from a local glossary overlay)" if term.overlay else ""
        lines = [f"<p>{e(term.explain)}</p>"]
        lines += [f'<p class="entry-meta">Source: {source_link(term.source)} '
                  f"({e(source_check(term))})</p>",
                  f'<p class="entry-meta">Status: {e(term.status)}{overlay}</p>']
        if term.id in ctx.linked:
            lines.append(f'<p class="entry-meta"><a href="#use-{slug}">Back to “{name}” in '
                         "the text</a></p>")
        entries.append(f'<dt id="word-{slug}"><dfn>{name}</dfn></dt>\n<dd>{"".join(lines)}</dd>')
    return (f'<section class="glossary" aria-labelledby="words-to-know"{ctx.en}>\n'
            '<h2 id="words-to-know">Words to know</h2>\n<p>Added by plainhealth from its '
            f"glossary; each entry names its source. {STATUS_MEANING}</p>\n"
            "<dl>\n" + "\n".join(entries) + "\n</dl>\n</section>")


def _footer(result: Result, ctx: _Context) -> str:
    sentences = len({(c.section, c.block, c.sentence) for c in result.changes})
    wording = (f"plainhealth reworded {sentences} sentence{'s' if sentences != 1 else ''} in "
               "plainer words" if sentences else "the article's own wording is kept")
    return (f'<footer{ctx.en}>\n<h2 id="about">About this handout</h2>\n'
            f"{_readability(result)}\n"
            f"<p>Glossary version: {e(result.glossary_version or 'unknown')}</p>\n"
            f"<p>This page was produced by {e(result.generator)} from "
            f"{link(result.article.url or printable(result.source))}. Word explanations and "
            "safety notes "
            f"added by plainhealth are marked as such; {wording}.</p>\n"
            '<p class="disclaimer">This is not medical advice. Talk to a doctor, nurse or '
            "pharmacist about your own health.</p>\n</footer>")


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
