"""The accessible HTML handout: one self-contained page, no requests.

The first screen holds the title, where the article came from and the key safety points;
then the audio player (its length, its chapters as links into the audio), a short
contents list for a long handout, the article with its explanations and notes (from
:mod:`body`), "Words to know", and "About this handout" (provenance a patient does not
need up front). The page is deterministic (no clock time).

With audio, one small script, allowed by its hash in the page's Content-Security-Policy
and nothing else, marks the sentence being read (the captions' cue ids are the
sentences' ids). Everything works without it: the player, the captions, the chapters.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import PurePosixPath
from urllib.parse import quote

from plainhealth.errors import printable
from plainhealth.models import Result, spoken_id
from plainhealth.render.body import (
    NOTE_ARIA_LABEL,
    Context,
    about,
    blocks,
    context,
    key_points,
    words_to_know,
)
from plainhealth.render.markup import e, link
from plainhealth.render.text import ABOUT_LABEL, language_caveat, legend, rules_overlay_line

__all__ = ["NOTE_ARIA_LABEL", "Player", "clock", "render_html", "stylesheet"]

AUDIO_TYPES = {".mp3": "audio/mpeg", ".wav": "audio/wav", ".ogg": "audio/ogg"}
FOLLOW = (
    '(()=>{const a=document.querySelector(".listen audio"),t=a&&a.textTracks[0];'
    'if(!t)return;let on=null;const mark=()=>{const c=t.activeCues&&t.activeCues[0];'
    'let id=c&&!a.paused?c.id:"",el=null;while(id&&!(el=document.getElementById(id))){'
    'const up=id.replace(/[.-][^.-]*$/,"");id=up===id?"":up}'
    'if(on!==el){if(on)on.classList.remove("reading");if(el)el.classList.add("reading");'
    'on=el}};if(t.mode==="disabled")t.mode="hidden";t.addEventListener("cuechange",mark);'
    'a.addEventListener("pause",mark)})();')
"""Marks the element of the cue being said (class ``reading``), and unmarks it on pause:
each cue's id is the id of the sentence it shows, or of the part of it the cue is
(``say-….2``), or of the note or explanation its line belongs to."""
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


@cache
def stylesheet() -> str:
    return files("plainhealth.render").joinpath("handout.css").read_text(encoding="utf-8")


CONTENTS_MIN = 4
"""A handout with at least this many headings gets a contents list."""


def render_html(result: Result, audio: Player | None = None) -> str:
    """The handout. ``audio`` is the hook for a spoken version beside the page."""
    ctx = context(result, page_language(result), spans=bool(audio and audio.cues))
    title = result.plain.title or result.article.title or printable(result.source)
    line = legend(result, "Underlined words")
    body = blocks(result.plain, ctx)
    parts = [
        _head(title, ctx.lang, follow=ctx.spans), _header(result, title, ctx),
        key_points(result, ctx), _audio(audio, ctx) if audio else "",
        _contents(ctx), '<main id="content">',
        f'<p class="legend"{ctx.en}>{ctx.said(e(line), spoken_id("legend"))}</p>' if line
        else "",
        _rules_overlay(result, ctx), *body,
        words_to_know(result, ctx), "</main>", footer(result, ctx),
        f"<script>{FOLLOW}</script>" if ctx.spans else "", "</body>\n</html>\n",
    ]
    return "\n".join(p for p in parts if p)


def page_language(result: Result) -> str:
    """The article's language tag, when it is a well-formed one; else English."""
    return result.article.lang if _LANG.fullmatch(result.article.lang or "") else "en"


def _hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()
                                        ).decode("ascii")


def _contents(ctx: Context) -> str:
    """Links to the article's main headings, for a handout long enough to need them
    (after :func:`blocks` has rendered them)."""
    if len(ctx.toc) < CONTENTS_MIN:
        return ""
    top = min(h.source_level for h in ctx.toc)
    items = "".join(f'<li><a href="#{h.id}">{e(h.text)}</a></li>'
                    for h in ctx.toc if h.source_level == top)
    return (f'<nav class="contents" aria-labelledby="contents"{ctx.en}>\n'
            f'<h2 id="contents">Contents</h2>\n<ol>{items}</ol>\n</nav>')


def _rules_overlay(result: Result, ctx: Context) -> str:
    line = rules_overlay_line(result)
    return f'<p class="legend"{ctx.en}>{e(line)}</p>' if line else ""


def _head(title: str, lang: str, follow: bool = False) -> str:
    css = stylesheet()
    script = f"script-src '{_hash(FOLLOW)}'; " if follow else ""
    policy = (f"default-src 'none'; style-src '{_hash(css)}'; {script}"
              "media-src 'self' data:; base-uri 'none'; form-action 'none'")
    return (f'<!doctype html>\n<html lang="{e(lang)}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{e(policy)}">\n'
            '<meta name="referrer" content="no-referrer">\n'
            f"<title>{e(title)}</title>\n<style>{css}</style>\n</head>\n<body>")


def _header(result: Result, title: str, ctx: Context) -> str:
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
            f'<h1>{ctx.said(e(title), spoken_id("title"))}</h1>\n'
            f'<div class="meta"{ctx.en}>{meta}</div>\n'
            + (f'<p class="caveat" lang="en">{e(caveat)}</p>\n' if caveat else "")
            + "</header>")


def _audio(audio: Player, ctx: Context) -> str:
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


def footer(result: Result, ctx: Context) -> str:
    """"About this handout": provenance, and the general note (said last)."""
    return (f'<footer{ctx.en}>\n<h2 id="about">{ABOUT_LABEL}</h2>\n{about(result, ctx)}'
            f"{_readability(result)}\n</footer>")


def _readability(result: Result) -> str:
    """Readability before → after as a small table (English formulas only)."""
    before, after = result.before.document, result.after.document
    rows = "".join(f'<tr><th scope="row">{label}</th>'
                   f'<td class="num">{getattr(before, attr):.1f}</td>'
                   f'<td class="num">{getattr(after, attr):.1f}</td></tr>'
                   for label, attr in SCORES)
    caveat = ("" if result.before.language_supported else
              f"<p>These formulas are for English and do not apply: "
              f"{e(result.article.language_said)}.</p>")
    return ('<table><caption>Readability, before → after</caption><thead><tr><th scope="col">'
            'Measure</th><th scope="col">Original article</th><th scope="col">This handout'
            f"</th></tr></thead><tbody>{rows}</tbody></table>{caveat}")
