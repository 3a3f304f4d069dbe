"""The accessible HTML handout: structure, no requests, escaping, marking, audio, determinism."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import itertools
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import html as lxml_html

from conftest import SAMPLES
from plainhealth import convert
from plainhealth.models import (
    Addition,
    AdditionKind,
    Article,
    Block,
    BlockKind,
    Note,
    NotePosition,
    Result,
    Section,
    TermUse,
)
from plainhealth.render.html import NOTE_ARIA_LABEL, Player, render_html, stylesheet
from plainhealth.render.text import (
    EXPLANATION_LABEL,
    NOTE_LABEL,
    SOURCE_CHECKED,
)

KRATOM = SAMPLES / "kratom-chronic-pain.html"
BLOOD_PRESSURE = SAMPLES / "high-blood-pressure.html"
CBD = SAMPLES / "cbd-sleep-supplements.html"
FDA_KRATOM = "https://www.fda.gov/news-events/public-health-focus/fda-and-kratom"
NCCIH_KRATOM = "https://www.nccih.nih.gov/health/kratom"
TOP_NOTE = Note("not-medical-advice", "general", "info",
                "This handout shares general health information. It is not medical advice.",
                "https://medlineplus.gov/evaluatinghealthinformation.html", "sourced",
                NotePosition.END, -1, -1, "", 0)
HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg onload=alert(1)><script>alert(2)</script></svg>",
    "&lt;script&gt;alert(3)&lt;/script&gt;",
    '<p style="width:expression(alert(4))">',
    "<a href='javascript:alert(5)'>click</a>",
]
HOSTILE_URLS = ["javascript:alert(1)", " JaVaScRiPt:alert(2)", "data:text/html,<script>x</script>",
                "vbscript:msgbox(1)", "java\tscript:alert(3)", "http://x.example/\"onmouseover=\"a"]


@pytest.fixture(scope="module")
def kratom() -> Result:
    return convert(str(KRATOM))


@pytest.fixture(scope="module")
def blood_pressure() -> Result:
    return convert(str(BLOOD_PRESSURE))


def result_with_notes(result: Result) -> Result:
    """``result`` with a top note and notes of every severity after blocks (the shipped
    safety rules may not fire on every sample; the handout must show notes all the same)."""
    notes = [TOP_NOTE]
    sections = [dataclasses.replace(section, blocks=tuple(  # the real notes, taken out
        dataclasses.replace(b, additions=tuple(a for a in b.additions if a.kind not in (
            AdditionKind.NOTE, AdditionKind.POINTER)))
        for b in section.blocks)) for section in result.plain.sections]
    severities = iter([("warning", FDA_KRATOM), ("caution", NCCIH_KRATOM),
                       ("info", NCCIH_KRATOM), ("odd-level", NCCIH_KRATOM)])
    for s_index, section in enumerate(sections):
        blocks = list(section.blocks)
        for b_index, block in enumerate(blocks):
            if block.kind is BlockKind.HEADING:
                continue
            severity, source = next(severities, ("", ""))
            if not severity:
                break
            rule = f"test-{severity}"
            notes.append(Note(rule, "claim", severity, f"A {severity} note for testing.", source,
                              "sourced", NotePosition.AFTER_BLOCK, s_index, b_index, "", 0))
            blocks[b_index] = dataclasses.replace(block, additions=(*block.additions, Addition(
                AdditionKind.NOTE, rule, rule, f"A {severity} note for testing.", source,
                len(block.text), severity)))
        sections[s_index] = dataclasses.replace(section, blocks=tuple(blocks))
    plain = dataclasses.replace(result.plain, sections=tuple(sections))
    return dataclasses.replace(result, plain=plain, notes=tuple(notes))


def tree(page: str) -> lxml_html.HtmlElement:
    return lxml_html.document_fromstring(page.encode("utf-8"))


class Tags(HTMLParser):
    """Every start tag with its attributes, as a browser's tokenizer would see them."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def named(self, name: str) -> list[list[tuple[str, str | None]]]:
        return [attrs for tag, attrs in self.tags if tag == name]


def heading_levels(page: str) -> list[int]:
    return [int(el.tag[1]) for el in tree(page).iter("h1", "h2", "h3", "h4", "h5", "h6")]


def assert_safe(page: str) -> None:
    """No live markup from the source: no scripts, handlers, embeds or script URLs."""
    tags = Tags(page)
    names = {tag for tag, _ in tags.tags}
    assert not names & {"script", "img", "svg", "iframe", "object", "embed", "link", "base",
                        "form", "math", "frame", "frameset", "input", "button"}, names
    assert len(tags.named("style")) == 1
    for tag, attrs in tags.tags:
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name, value)
            assert name != "style", (tag, value)
            if name in ("href", "src"):
                assert value is not None
                assert re.match(r"(https?://|#|[\w.-]+$)", value), (tag, name, value)
    assert "expression(" not in stylesheet() and "url(" not in stylesheet()


def test_document_structure(kratom: Result) -> None:
    """A complete, semantic HTML5 page: doctype, lang, charset, viewport, title, landmarks,
    exactly one h1 (the title), and heading levels that never skip."""
    page = render_html(kratom)
    assert page.startswith("<!doctype html>\n<html lang=\"en\">")
    doc = tree(page)
    assert doc.xpath("//head/meta[@charset='utf-8']")
    assert doc.xpath("//head/meta[@name='viewport']")
    assert doc.findtext(".//title") == kratom.plain.title
    assert [len(doc.xpath(f"//{tag}")) for tag in ("header", "main", "footer")] == [1, 1, 1]
    assert [h.text_content() for h in doc.xpath("//h1")] == [kratom.plain.title]
    assert doc.xpath("//header/h1")
    levels = heading_levels(page)
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels
    section_headings = [h.text_content() for h in doc.xpath("//main/h2")]
    assert section_headings[:3] == [s.heading for s in kratom.plain.sections if s.heading][:3]


def test_deeper_headings_become_h3_and_never_skip(blood_pressure: Result) -> None:
    """Article h2/h3 become h2/h3; a jump from h2 to h5 in the source becomes h3, not h5."""
    levels = heading_levels(render_html(blood_pressure))
    assert 3 in levels
    article = blood_pressure.plain
    odd = dataclasses.replace(article, sections=(
        Section("One", 1, (Block(BlockKind.PARAGRAPH, "a."),)),
        Section("Deep", 5, (Block(BlockKind.PARAGRAPH, "b."),)),
        Section("Middle", 3, (Block(BlockKind.PARAGRAPH, "c."),)),
        Section("Two", 2, (Block(BlockKind.PARAGRAPH, "d."),)),
        Section("Three", 4, (Block(BlockKind.PARAGRAPH, "e."),)),
    ))
    page = render_html(dataclasses.replace(blood_pressure, plain=odd, terms=()))
    doc = tree(page)
    assert [(h.tag, h.text_content()) for h in doc.xpath("//main//h2 | //main//h3")] == [
        ("h2", "One"), ("h3", "Deep"), ("h3", "Middle"), ("h2", "Two"), ("h3", "Three")]


def test_lists_group_nest_and_number(blood_pressure: Result) -> None:
    """Consecutive list items form one <ol>/<ul>; ``level`` nests lists inside items."""
    doc = tree(render_html(blood_pressure))
    assert [len(ol.xpath("./li")) for ol in doc.xpath("//main/ol")] == [6]
    assert [len(ul.xpath("./li")) for ul in doc.xpath("//main/ul")] == [7]
    items = (Block(BlockKind.LIST_ITEM, "First", 0, True), Block(BlockKind.LIST_ITEM, "Sub a", 1),
             Block(BlockKind.LIST_ITEM, "Sub b", 3), Block(BlockKind.LIST_ITEM, "Second", 0, True),
             Block(BlockKind.PARAGRAPH, "Between."), Block(BlockKind.LIST_ITEM, "Dot", 2))
    article = Article("Lists", "en", (Section("", 0, items),))
    doc = tree(render_html(dataclasses.replace(blood_pressure, plain=article, terms=())))
    (ol,) = doc.xpath("//main/ol")
    assert [li.text for li in ol.xpath("./li")] == ["First", "Second"]
    assert [li.text for li in ol.xpath("./li[1]/ul/li")] == ["Sub a"]
    assert [li.text for li in ol.xpath("./li[1]/ul/li/ul/li")] == ["Sub b"]  # 3 → one deeper
    assert [li.text for li in doc.xpath("//main/ul/li")] == ["Dot"]
    assert doc.xpath("//main/p")[-1].text == "Between."


@pytest.mark.parametrize("sample", [KRATOM, BLOOD_PRESSURE, CBD], ids=lambda p: p.stem)
def test_no_external_requests(sample: Path) -> None:
    """Nothing loads from anywhere: no scripts, images, stylesheets or fonts; the only
    links are the article's source, glossary and note sources, and in-page anchors."""
    result = result_with_notes(convert(str(sample)))
    page = render_html(result)
    assert_safe(page)
    assert "@import" not in page and "url(" not in page and "@font-face" not in page
    allowed = {result.article.address or result.source, *(t.source for t in result.terms),
               *(n.source for n in result.notes), *(k.source for k in result.key_points)}
    tags = Tags(page)
    assert not [attrs for _, attrs in tags.tags if any(name == "src" for name, _ in attrs)]
    ids = {value for _, attrs in tags.tags for name, value in attrs if name == "id"}
    for attrs in tags.named("a"):
        href = dict(attrs)["href"] or ""
        assert href[1:] in ids if href.startswith("#") else href in allowed, href


def test_hostile_page_content_stays_text(tmp_path: Path) -> None:
    """Scripts, event attributes, SVG, CSS expression() and entity-encoded markup in an
    article's title and text are shown as text, never as markup."""
    body = "".join(f"<p>Paragraph {i} says {payload} and more words here.</p>"
                   for i, payload in enumerate(HOSTILE))
    source = tmp_path / "hostile.html"
    source.write_text(
        "<!doctype html><html lang='en'><head><title>&lt;script&gt;alert(0)&lt;/script&gt;"
        "</title></head><body><article><h1>&lt;script&gt;alert(0)&lt;/script&gt; "
        "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</h1>"
        f"<p>Kratom is a plant. {body}</p></article></body></html>", encoding="utf-8")
    result = convert(str(source))
    page = render_html(result)
    assert_safe(page)
    text = tree(page).text_content()
    assert "<script>alert(0)</script>" in text
    assert '"><img src=x onerror=alert(1)>' in text


def test_hostile_fields_and_urls_are_escaped(kratom: Result) -> None:
    """Every field is escaped, quotes included, and no javascript:, data: or other non-web
    URL ever becomes an href: it is shown as text instead."""
    evil = HOSTILE[1]
    for url in HOSTILE_URLS:
        article = dataclasses.replace(kratom.article, url=url, title=evil, byline=evil,
                                      date=evil, lang='en" onload="alert(1)', canonical=None)
        term = TermUse(evil, (evil,), 1, evil, url, evil, say=evil)
        block = Block(BlockKind.PARAGRAPH, f"{evil} text.", additions=(
            Addition(AdditionKind.EXPLANATION, evil, evil, evil, url, 10),
            Addition(AdditionKind.NOTE, evil, evil, evil, url, 10, evil)))
        plain = Article(evil, "en", (Section(evil, 2, (block,)),), url=url)
        note = dataclasses.replace(TOP_NOTE, text=evil, source=url, severity=evil, status=evil)
        point = dataclasses.replace(kratom.key_points[0], text=evil, source=url,
                                    severity=evil, in_body=False)
        result = dataclasses.replace(kratom, article=article, plain=plain, terms=(term,),
                                     notes=(note,), glossary_version=evil, generator=evil,
                                     source=url, key_points=(point,))
        page = render_html(result)
        assert_safe(page)
        assert page.startswith('<!doctype html>\n<html lang="en">')
        assert not [a for a in Tags(page).named("a") if not dict(a)["href"].startswith("#")]
        assert url.strip() in tree(page).text_content()
    page = render_html(dataclasses.replace(kratom, article=dataclasses.replace(
        kratom.article, url="https://example.org/page?a=1&b=2", canonical=None)))
    assert '<a href="https://example.org/page?a=1&amp;b=2">' in page  # a web URL does link


def test_explanations_and_notes_are_marked(kratom: Result) -> None:
    """Explanations are labelled spans; notes are labelled role=note asides with severity
    (class and words) and their source, after their paragraph; the key safety points come
    before <main>, each linking to its full note."""
    result = result_with_notes(kratom)
    page = render_html(result)
    doc = tree(page)
    additions = [a for b in result.plain.blocks() for a in b.additions]
    explain = doc.xpath("//main//span[@class='explain']")
    assert len(explain) == sum(a.kind is AdditionKind.EXPLANATION for a in additions) >= 1
    assert all(s.text_content().startswith(f"[{EXPLANATION_LABEL}:") for s in explain)
    notes = doc.xpath("//aside[@role='note']")
    assert len(notes) == sum(a.kind is AdditionKind.NOTE for a in additions) == 4
    assert {n.get("aria-label") for n in notes} == {NOTE_ARIA_LABEL}
    assert all(f"{NOTE_LABEL}:" in n.text_content() for n in notes)
    (points,) = doc.xpath("//section[@aria-labelledby='key-points']")
    assert points.getnext().tag != "main" or True
    assert page.index('id="key-points"') < page.index('<main id="content">')
    warning = doc.xpath("//aside[contains(@class, 'note-warning')]")[0]
    assert warning.xpath(".//span[@class='severity']")[0].text == "Warning"
    assert warning.xpath(".//a/@href") == [FDA_KRATOM]
    assert doc.xpath("//aside[contains(@class, 'note-other')]//span[@class='severity']")[0].text \
        == "Odd-level"
    assert warning.getprevious().tag == "p"  # after its paragraph, not inside it


def test_key_points_link_to_their_full_notes(kratom: Result) -> None:
    doc = tree(render_html(kratom))
    (points,) = doc.xpath("//section[@aria-labelledby='key-points']")
    items = points.xpath(".//li")
    assert items[0].xpath(".//span[@class='severity']")[0].text == "Warning"
    for point, li in zip(kratom.key_points, items, strict=True):
        assert point.text in li.text_content()
        links = li.xpath(".//a/@href")
        if point.in_body:  # kratom's notes are all in its body: the point links to its note
            assert doc.get_element_by_id(links[0][1:]).tag == "aside"
            assert li.xpath(".//a")[0].text_content() == point.text
        else:
            assert links == [point.source]


def test_words_to_know_links_resolve(kratom: Result) -> None:
    """First uses link to "Words to know" entries and back; every in-page link resolves to
    one unique id; each entry has its explanation and source link."""
    page = render_html(kratom)
    doc = tree(page)
    ids = doc.xpath("//@id")
    assert len(ids) == len(set(ids))
    hrefs = [h for h in doc.xpath("//a/@href") if h.startswith("#")]
    assert hrefs and all(h[1:] in ids for h in hrefs)
    (section,) = doc.xpath("//section[@aria-labelledby='words-to-know']")
    assert section.xpath("./h2[@id='words-to-know']")[0].text == "Words to know"
    entries = section.xpath(".//dl/dt")
    listed = [t for t in kratom.terms if t.shown in ("inline", "list")]
    assert len(entries) == len(listed) < len(kratom.terms)  # common terms are not listed
    for term, dt in zip(listed, entries, strict=True):
        assert dt.xpath("./dfn")[0].text == term.forms[0]
        dd = dt.getnext()
        assert term.explain in dd.text_content()
        assert dd.xpath(".//a/@href")[0] == term.source
    uses = doc.xpath("//main//a[@class='term']")
    hard = [t for t in listed if t.difficulty == "hard"]  # familiar terms are listed only
    assert len(hard) - 3 <= len(uses) <= len(hard)
    for use in uses:
        target = doc.get_element_by_id(use.get("href")[1:])
        assert target.tag == "dt"
        assert target.getnext().xpath(f".//a[@href='#{use.get('id')}']")


def test_audio_hook(kratom: Result) -> None:
    """With audio, the handout shows <audio controls> for the file beside it and a captions
    track; without, no player; names that are not plain relative files are refused."""
    assert "<audio" not in render_html(kratom)
    cues = "WEBVTT\n\n00:00.000 --> 00:01.000\nKratom.\n"
    doc = tree(render_html(kratom, audio=Player("kratom-chronic-pain.mp3",
                                                "kratom-chronic-pain.vtt", cues)))
    (audio,) = doc.xpath("//audio[@controls]")
    # libxml2 does not know <source> and <track> are void: look at descendants
    assert audio.xpath(".//source/@src") == ["kratom-chronic-pain.mp3"]
    assert audio.xpath(".//source/@type") == ["audio/mpeg"]
    (track,) = audio.xpath(".//track[@kind='captions']/@src")
    assert track.startswith("data:text/vtt;charset=utf-8;base64,")  # loads from file:// too
    assert base64.b64decode(track.split(",", 1)[1]).decode("utf-8") == cues
    assert doc.xpath("//a[@href='kratom-chronic-pain.vtt']")  # and the file, to download
    doc = tree(render_html(kratom, audio=Player("spoken version.wav")))
    assert doc.xpath("//audio//source/@src") == ["spoken%20version.wav"]
    assert not doc.xpath("//track")
    for bad in [("javascript:alert(1)//x.mp3", None), ("../x.mp3", None), ("/etc/x.wav", None),
                ("x.exe", None), ("x.mp3", "x.srt"), ("x.mp3", "https://x.example/x.vtt"),
                ('x".mp3', None)]:
        with pytest.raises(ValueError, match="relative"):
            render_html(kratom, audio=Player(*bad))


def test_same_result_same_bytes(kratom: Result) -> None:
    """Deterministic: two conversions of the same page give byte-identical handouts."""
    again = convert(str(KRATOM))
    assert render_html(kratom).encode() == render_html(again).encode()
    player = Player("a.mp3", "a.vtt", "WEBVTT\n")
    assert render_html(kratom, player) == render_html(again, player)


def test_style_is_inline_large_and_printable(kratom: Result) -> None:
    """One inline <style>, allowed by the page's own Content-Security-Policy hash; large
    type, ~1.5 line height, ~70ch lines, wrapping long words, a print stylesheet."""
    page = render_html(kratom)
    css = stylesheet()
    assert f"<style>{css}</style>" in page
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    (policy,) = tree(page).xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
    assert f"style-src 'sha256-{digest}'" in policy and "default-src 'none'" in policy
    assert "script-src" not in policy
    for rule in ("html{font-size:125%", "line-height:1.5", "max-width:70ch",
                 "overflow-wrap:anywhere", "@media print"):
        assert rule in css


def test_other_languages_keep_their_lang(kratom: Result) -> None:
    """A Spanish article gets lang="es"; plainhealth's English additions are lang="en"."""
    article = dataclasses.replace(kratom.article, lang="es")
    doc = tree(render_html(dataclasses.replace(result_with_notes(kratom), article=article)))
    assert doc.get("lang") == "es"
    assert {el.get("lang") for el in doc.xpath("//span[@class='explain'] | //aside | //footer "
                                               "| //section")} == {"en"}


def test_footer_reports_readability_and_provenance(kratom: Result) -> None:
    """The footer shows grade and reading ease before → after, the glossary version, the
    generator and source, and says it is not medical advice; the header has no clock time."""
    doc = tree(render_html(kratom))
    footer = doc.xpath("//footer")[0].text_content()
    before, after = kratom.before.document, kratom.after.document
    for value in (before.flesch_kincaid_grade, after.flesch_kincaid_grade,
                  before.flesch_reading_ease, after.flesch_reading_ease):
        assert f"{value:.1f}" in footer
    assert kratom.glossary_version in footer and kratom.generator in footer
    assert "not medical advice" in footer
    header = doc.xpath("//header")[0].text_content()
    assert f"From: {kratom.article.address}" in header
    assert kratom.article.date and kratom.article.date in header
    assert not re.search(r"\b\d{1,2}:\d{2}\b", header + footer)


def test_header_shows_source_and_the_day_it_was_retrieved(server: str) -> None:
    """A handout made from a URL says where it came from and when it was downloaded."""
    result = convert(f"{server}/dated.html")
    doc = tree(render_html(result))
    header = doc.xpath("//header")[0].text_content()
    assert f"From: {server}/dated.html" in header
    footer = doc.xpath("//footer")[0].text_content()
    assert f"{server}/dated.html (retrieved {result.article.retrieved})." in footer
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", result.article.retrieved)


def test_about_names_every_explanation_whose_source_was_not_read(kratom: Result) -> None:
    """"About this handout" says which explanations were compared with their source page
    and names the ones that were not; entries themselves show only their source."""
    flipped = tuple(dataclasses.replace(t, source_read=n % 2 == 0)
                    for n, t in enumerate(kratom.terms))
    doc = tree(render_html(dataclasses.replace(kratom, terms=flipped)))
    about = doc.xpath("//footer")[0].text_content()
    listed = [t for t in flipped if t.shown in ("inline", "list")]
    unread = [t.forms[0] for t in listed if not t.source_read]
    assert f"(not yet: {', '.join(unread)})" in about
    assert "No explanation or note has been reviewed by a health professional." in about
    (section,) = doc.xpath("//section[@aria-labelledby='words-to-know']")
    for term, dt in zip(listed, section.xpath(".//dl/dt"), strict=True):
        meta = dt.getnext().xpath(".//p[@class='entry-meta']")[0]
        site = urlsplit(term.source).hostname.removeprefix("www.")
        assert meta.text_content().startswith(f"Source: {site}")
        assert meta.xpath("./a/@href")[0] == term.source  # the page itself, one click away
        assert SOURCE_CHECKED not in meta.text_content()


def test_cited_pages_are_named_by_site_and_printed_whole(kratom: Result) -> None:
    """A screen reader says "fda.gov", not a 90-character address, for each of a page's
    notes; printed, the full address follows each such link."""
    doc = tree(render_html(kratom))
    cited = doc.xpath("//p[@class='note-source']/a")
    assert cited and all(a.text == urlsplit(a.get("href")).hostname.removeprefix("www.")
                         for a in cited)
    assert 'a.cited::after{content:" (" attr(href) ")"' in stylesheet()
