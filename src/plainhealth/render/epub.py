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
import uuid
import zipfile

from plainhealth.errors import printable
from plainhealth.models import Result, spoken_id
from plainhealth.render.body import (
    Context,
    Heading,
    about,
    blocks,
    context,
    key_points,
    words_to_know,
)
from plainhealth.render.html import page_language, stylesheet
from plainhealth.render.markup import e, link
from plainhealth.render.overlay import XHTML, Clip, Narration, clock, smil, with_words
from plainhealth.render.text import language_caveat, legend
from plainhealth.version import __version__

ACTIVE = "-epub-media-overlay-active"
"""The class a reading system gives the element being read."""
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
CONFORMS = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"
CONTAINER = ('<?xml version="1.0" encoding="utf-8"?>\n<container version="1.0" '
             'xmlns="urn:oasis:names:tc:opendocument:xmlns:container">\n<rootfiles>\n'
             '<rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>'
             "\n</rootfiles>\n</container>\n")


def render_epub(result: Result, narration: Narration | None = None) -> bytes:
    """The book as the bytes of an .epub file."""
    lang = page_language(result)
    ctx = context(result, lang, spans=narration is not None)
    title = result.plain.title or result.article.title or printable(result.source)
    page = _content(result, title, ctx)
    synced: dict[str, Clip] = {}
    if narration:
        page, synced = with_words(page, narration.clips)
    parts = {"EPUB/content.xhtml": page, "EPUB/nav.xhtml": _nav(title, lang, ctx.toc),
             "EPUB/style.css": stylesheet() + f"\n.{ACTIVE}{{background:#ffe680;"
                                               "color:#1a1a1a}\n"}
    if narration:
        parts["EPUB/content.smil"] = smil(narration, synced)
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
        f"{link(result.article.address or printable(result.source))}</p>",
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


def _package(result: Result, title: str, lang: str, identifier: uuid.UUID,
             narration: Narration | None) -> str:
    """package.opf: the book's metadata, its files and its reading order."""
    meta = [f'<dc:identifier id="uid">urn:uuid:{identifier}</dc:identifier>',
            f"<dc:title>{e(title)}</dc:title>", f"<dc:language>{e(lang)}</dc:language>",
            f"<dc:contributor>{e(f'plainhealth {__version__}')}</dc:contributor>",
            f'<meta property="dcterms:modified">{_modified(result)}</meta>']
    source = result.article.address or printable(result.source)
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
