"""The read-along book: an EPUB 3 of the plain-language article, with its audio in step.

One XHTML document holds what the handout holds (:mod:`body`: the key safety points,
the article with its explanations and notes, "Words to know", where it came from); the
navigation document lists its headings. With audio, a Media Overlay (SMIL) names, for
every sentence the voice says, the element that shows it and the stretch of the MP3 that
says it, word by word where the engine gave word times (espeak-ng does), so a reading
system highlights the words as they are heard and moves through the book by heading.
The package carries its accessibility metadata (schema.org, EPUB Accessibility 1.1).

Written here, with the standard library's zipfile and lxml, rather than with a library:
the one made for the job (ebooklib) is AGPL, and an EPUB is a small, well-specified
ZIP. The same input gives the same bytes (fixed times in the ZIP and the package).
"""

from __future__ import annotations

import hashlib
import io
import re
import uuid
import zipfile
from dataclasses import dataclass

from lxml import etree

from plainhealth.models import Result, spoken_id
from plainhealth.render.body import (
    Context,
    Heading,
    about,
    blocks,
    context,
    e,
    key_points,
    link,
    words_to_know,
)
from plainhealth.render.html import page_language, stylesheet
from plainhealth.render.text import language_caveat, legend
from plainhealth.version import __version__

XHTML = "http://www.w3.org/1999/xhtml"
ACTIVE = "-epub-media-overlay-active"
"""The class a reading system gives the element being read."""
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
CONFORMS = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"
CONTAINER = ('<?xml version="1.0" encoding="utf-8"?>\n<container version="1.0" '
             'xmlns="urn:oasis:names:tc:opendocument:xmlns:container">\n<rootfiles>\n'
             '<rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>'
             "\n</rootfiles>\n</container>\n")


@dataclass(frozen=True)
class Clip:
    """One utterance of the narration: the piece of the article it says, and when."""

    id: str
    """The piece's :func:`spoken_id`."""
    start: float
    end: float
    words: tuple[float, ...] = ()
    """When each word of the piece's own text starts, where the engine told."""


@dataclass(frozen=True)
class Narration:
    """The audio of a book: an MP3 and where each piece of the article is in it."""

    mp3: bytes
    duration: float
    clips: tuple[Clip, ...]
    narrator: str
    """Who reads: the engine and voice ("espeak-ng, en-us")."""


def render_epub(result: Result, narration: Narration | None = None) -> bytes:
    """The book as the bytes of an .epub file."""
    lang = page_language(result)
    ctx = context(result, lang, spans=narration is not None)
    title = result.plain.title or result.article.title or result.source
    page = _content(result, title, ctx)
    synced: dict[str, Clip] = {}
    if narration:
        page, synced = _with_words(page, narration.clips)
    parts = {"EPUB/content.xhtml": page, "EPUB/nav.xhtml": _nav(title, lang, ctx.toc),
             "EPUB/style.css": stylesheet() + f"\n.{ACTIVE}{{background:#ffe680;"
                                               "color:#1a1a1a}\n"}
    if narration:
        parts["EPUB/content.smil"] = _smil(narration, synced)
    identifier = uuid.uuid5(uuid.NAMESPACE_URL, "plainhealth:" + hashlib.sha256(
        page.encode("utf-8") + (narration.mp3 if narration else b"")).hexdigest())
    parts["EPUB/package.opf"] = _package(result, title, lang, identifier, narration)
    return _zip(parts, narration.mp3 if narration else None)


def _content(result: Result, title: str, ctx: Context) -> str:
    body = blocks(result.plain, ctx)  # first: it fills ctx.toc and ctx.linked
    line = legend(result, "Underlined words")
    caveat = language_caveat(result)
    parts = [
        "<header>", f'<p class="kicker"{ctx.en}>Plain-language version</p>',
        f'<h1 id="top">{ctx.said(e(title), spoken_id("title"))}</h1>',
        f'<p class="meta"{ctx.en}><span class="meta-label">From:</span> '
        f"{link(result.article.address or result.source)}</p>",
        f'<p class="caveat" lang="en" xml:lang="en">{e(caveat)}</p>' if caveat else "",
        f'<p class="legend"{ctx.en}>{ctx.said(e(line), spoken_id("legend"))}</p>' if line
        else "", "</header>", key_points(result, ctx), '<main id="content">', *body,
        words_to_know(result, ctx), "</main>",
        f'<footer{ctx.en}>\n<h2 id="about">About this book</h2>\n{about(result, ctx)}'
        "</footer>",
    ]
    return _document(title, ctx.lang, "\n".join(p for p in parts if p))


def _document(title: str, lang: str, body: str) -> str:
    return ('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
            f'<html xmlns="{XHTML}" xmlns:epub="http://www.idpf.org/2007/ops" '
            f'lang="{e(lang)}" xml:lang="{e(lang)}">\n<head>\n<meta charset="utf-8"/>\n'
            f"<title>{e(title)}</title>\n"
            '<link rel="stylesheet" type="text/css" href="style.css"/>\n</head>\n'
            f"<body>\n{_english(body)}\n</body>\n</html>\n")


def _english(html: str) -> str:
    """Our English words in another language's book carry xml:lang too: XHTML reading
    systems look for either."""
    return html.replace(' lang="en">', ' lang="en" xml:lang="en">')


def _nav(title: str, lang: str, toc: list[Heading]) -> str:
    """The table of contents: the title, then every heading, nested by level."""
    out: list[str] = []
    levels: list[int] = []  # the levels with a list open
    for heading in toc:
        while levels and heading.level < levels[-1]:
            out.append("</li></ol>")
            levels.pop()
        if levels and heading.level == levels[-1]:
            out.append("</li>")
        else:
            out.append("<ol>")
            levels.append(heading.level)
        out.append(f'<li><a href="content.xhtml#{heading.id}">{e(heading.text)}</a>')
    out += ["</li></ol>"] * len(levels)
    body = (f'<nav epub:type="toc" id="toc" role="doc-toc">\n<h1>Contents</h1>\n<ol><li>'
            f'<a href="content.xhtml#top">{e(title)}</a>{"".join(out)}</li>\n'
            '<li><a href="content.xhtml#about">About this book</a></li></ol>\n</nav>\n'
            '<nav epub:type="landmarks" id="landmarks" hidden="hidden">\n<h2>Landmarks</h2>\n'
            '<ol><li><a epub:type="bodymatter" href="content.xhtml#content">The article</a>'
            "</li></ol>\n</nav>")
    return _document(f"{title}: contents", lang, body)


def _with_words(page: str, clips: tuple[Clip, ...]) -> tuple[str, dict[str, Clip]]:
    """The page with every word that has a time of its own in an element (``…-wN``), and
    each clip under the id of the element that shows it (an utterance without an element
    of its own goes to the one that holds it, with the utterances before it there)."""
    root = etree.fromstring(page.encode("utf-8"))
    found = {node.get("id"): node for node in root.iter() if node.get("id")}
    synced: dict[str, Clip] = {}
    for clip in clips:
        spot = clip.id
        while spot and spot not in found:
            spot = spot.rpartition("-")[0]
        if not spot:
            continue
        if spot in synced:
            synced[spot] = Clip(spot, synced[spot].start, clip.end)
            continue
        words = clip.words if spot == clip.id and _wrap(found[spot], len(clip.words)) else ()
        synced[spot] = Clip(spot, clip.start, clip.end, words)
    return _serialize(root), synced


_WORD = re.compile(r"\S+")


def _wrap(element: etree._Element, count: int) -> bool:
    """Put each word of ``element``'s text in a span ``<its id>-wN``, when it has exactly
    ``count`` words; the part of a word after a change of markup ("kratom" then "'s")
    stays outside, with the word's start."""
    slots: list[tuple[etree._Element, str]] = []  # (node, "text" or "tail"), in order

    def walk(node: etree._Element) -> None:
        if node.text:
            slots.append((node, "text"))
        for child in node:
            walk(child)
            if child.tail:
                slots.append((child, "tail"))

    walk(element)
    texts = [str(getattr(node, where)) for node, where in slots]
    if count == 0 or len("".join(texts).split()) != count:
        return False
    number, previous = 0, " "
    for (node, where), text in zip(slots, texts, strict=True):
        starts = [m for m in _WORD.finditer(text) if m.start() or previous.isspace()]
        previous = text[-1]
        if not starts:
            continue
        spans = []
        for i, match in enumerate(starts):
            span = etree.Element(f"{{{XHTML}}}span", id=f"{element.get('id')}-w{number + i}")
            span.text = match.group()
            span.tail = text[match.end():starts[i + 1].start() if i + 1 < len(starts) else None]
            spans.append(span)
        number += len(starts)
        setattr(node, where, text[:starts[0].start()])
        parent = node if where == "text" else node.getparent()
        assert parent is not None  # a tail belongs to a child of ``element``
        at = 0 if where == "text" else parent.index(node) + 1
        for offset, span in enumerate(spans):
            parent.insert(at + offset, span)
    return True


def _serialize(root: etree._Element) -> str:
    return ('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
            + etree.tostring(root, encoding="unicode") + "\n")


def clock(seconds: float) -> str:
    """A SMIL clock value: 0:01:05.250."""
    millis = max(0, round(seconds * 1000))
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def _smil(narration: Narration, synced: dict[str, Clip]) -> str:
    """The Media Overlay: a par per utterance, or a seq of a par per word. The first word's
    clip starts with the utterance (so what we say before the text, "Safety note:", is
    heard), and each word's clip runs to the next one's: a word the engine said with the
    next one ("the", "a" run into the word after them) has no time of its own, and is
    heard in the clip of the word before it."""
    pars = []
    for n, clip in enumerate(synced.values()):
        def par(ref: str, start: float, end: float, n: str = str(n)) -> str:
            return (f'<par id="p{n}"><text src="content.xhtml#{ref}"/><audio src="audio.mp3" '
                    f'clipBegin="{clock(start)}" clipEnd="{clock(end)}"/></par>')
        starts = dict(enumerate((clip.start, *clip.words[1:]))) if clip.words else {}
        timed = [(i, t) for i, t in starts.items()
                 if clock(t) != clock(starts.get(i + 1, clip.end))]
        ends = [*(t for _, t in timed[1:]), clip.end][:len(timed)]
        words = [par(f"{clip.id}-w{i}", start, end, f"{n}-{i}")
                 for (i, start), end in zip(timed, ends, strict=True)]
        pars.append(f'<seq id="s{n}" epub:textref="content.xhtml#{clip.id}">{"".join(words)}'
                    "</seq>" if words else par(clip.id, clip.start, clip.end))
    body = "\n".join(pars)
    return ('<?xml version="1.0" encoding="utf-8"?>\n<smil xmlns="http://www.w3.org/ns/SMIL" '
            'xmlns:epub="http://www.idpf.org/2007/ops" version="3.0">\n<body>\n'
            f"{body}\n</body>\n</smil>\n")


def _package(result: Result, title: str, lang: str, identifier: uuid.UUID,
             narration: Narration | None) -> str:
    """package.opf: the book's metadata, its files and its reading order."""
    meta = [f'<dc:identifier id="uid">urn:uuid:{identifier}</dc:identifier>',
            f"<dc:title>{e(title)}</dc:title>", f"<dc:language>{e(lang)}</dc:language>",
            f"<dc:contributor>{e(f'plainhealth {__version__}')}</dc:contributor>",
            f'<meta property="dcterms:modified">{_modified(result)}</meta>']
    source = result.article.address or result.source
    meta += [f"<dc:source>{e(source)}</dc:source>"] if source != "-" else []
    meta += _accessibility(narration)
    manifest = ['<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" '
                'properties="nav"/>', '<item id="css" href="style.css" media-type="text/css"/>']
    overlay = ""
    if narration:
        length = clock(narration.duration)
        meta += [f'<meta property="media:duration" refines="#overlay">{length}</meta>',
                 f'<meta property="media:duration">{length}</meta>',
                 f'<meta property="media:narrator">{e(narration.narrator)}</meta>',
                 f'<meta property="media:active-class">{ACTIVE}</meta>']
        manifest += ['<item id="overlay" href="content.smil" media-type="application/smil+xml"/>',
                     '<item id="audio" href="audio.mp3" media-type="audio/mpeg"/>']
        overlay = ' media-overlay="overlay"'
    manifest.append(f'<item id="content" href="content.xhtml" '
                    f'media-type="application/xhtml+xml"{overlay}/>')
    return ('<?xml version="1.0" encoding="utf-8"?>\n<package xmlns="http://www.idpf.org/2007/opf" '
            f'version="3.0" unique-identifier="uid" xml:lang="{e(lang)}">\n'
            '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">\n' + "\n".join(meta)
            + "\n</metadata>\n<manifest>\n" + "\n".join(manifest)
            + '\n</manifest>\n<spine>\n<itemref idref="content"/>\n</spine>\n</package>\n')


def _accessibility(narration: Narration | None) -> list[str]:
    """schema.org accessibility metadata and the conformance claim, with who makes it."""
    modes = ["textual", *(["auditory"] if narration else [])]
    features = ["structuralNavigation", "tableOfContents", "readingOrder",
                "displayTransformability", *(["synchronizedAudioText"] if narration else [])]
    heard = (f" It is read aloud by a synthetic voice ({narration.narrator}), the text "
             "highlighted as it is read, sentence by sentence or word by word."
             if narration else "")
    summary = ("A plain-language version of a health article: headings to move by, a table "
               "of contents, the key safety points first, hard words explained in the text "
               f"and in a word list, and every addition marked as plainhealth's.{heard} "
               "Conformance to EPUB Accessibility 1.1 and WCAG 2.1 AA is plainhealth's own "
               "claim, from automated checks (epubcheck, axe-core); no person has reviewed "
               "this book.")
    return [*(f'<meta property="schema:accessMode">{m}</meta>' for m in modes),
            '<meta property="schema:accessModeSufficient">textual</meta>',
            *(f'<meta property="schema:accessibilityFeature">{f}</meta>' for f in features),
            '<meta property="schema:accessibilityHazard">none</meta>',
            f'<meta property="schema:accessibilitySummary">{e(summary)}</meta>',
            f'<meta property="dcterms:conformsTo">{CONFORMS}</meta>',
            '<meta property="a11y:certifiedBy">plainhealth (automated checks)</meta>']


def _modified(result: Result) -> str:
    """dcterms:modified from the input, never the clock (same input, same book): the day
    the page was read, else the article's own date, else the ZIP format's first day."""
    for day in (result.article.retrieved, result.article.date or ""):
        if len(day) == 10 and day[4] == day[7] == "-" and day.replace("-", "").isdigit():
            return f"{day}T00:00:00Z"
    return "1980-01-01T00:00:00Z"


def _zip(parts: dict[str, str], mp3: bytes | None) -> bytes:
    """The EPUB's ZIP: the mimetype first and stored, fixed times, the MP3 stored."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as book:
        def add(name: str, data: bytes, method: int = zipfile.ZIP_DEFLATED) -> None:
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = method
            info.external_attr = 0o644 << 16
            book.writestr(info, data)
        add("mimetype", b"application/epub+zip", zipfile.ZIP_STORED)
        add("META-INF/container.xml", CONTAINER.encode("utf-8"))
        for name, text in sorted(parts.items()):
            add(name, text.encode("utf-8"))
        if mp3 is not None:
            add("EPUB/audio.mp3", mp3, zipfile.ZIP_STORED)
    return buffer.getvalue()
