"""The shortcuts that make long pages fast change no result: a sentence found without
syntok is the one syntok finds, and a long page's extraction path (whitespace between
block tags removed, trafilatura parsing the text itself) gives the same article."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SAMPLES
from plainhealth.language.sentences import _ONE_SENTENCE, _by_syntok, _whole
from plainhealth.models import Block, BlockKind, Page
from plainhealth.render.markdown import _escaped, escape
from plainhealth.source import extract as extraction
from plainhealth.source import markup
from plainhealth.source.extract import extract
from plainhealth.source.markup import tighten
from test_extract import TRAILING

EXAMPLES = int(os.environ.get("PLAINHEALTH_FUZZ_EXAMPLES", "300"))
PIECES = st.sampled_from([*"abc XYZ 12 \t\u00a0\u200b\u2009-,:'\"’”)]}»«…*/–—éü\x1c\x85\u3000",
                          ".", "!", "?", ";", ".'", ".”)", "...", "\u3002", "(", "\n"])


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(st.one_of(st.lists(PIECES, max_size=30).map("".join),
                 st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)))
def test_a_text_without_a_break_is_the_sentence_syntok_finds(text: str) -> None:
    """Texts the quick check calls one sentence (no terminal, bracket or line break
    before their end) come out exactly as syntok splits them: same text, same offsets."""
    if _ONE_SENTENCE.fullmatch(text):
        assert _whole(text) == _by_syntok(text)


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True)
@given(st.text(st.sampled_from([*"ab 1\n\t-+=.)#*_`|<>[]{}\\"]), max_size=12))
def test_markdown_escaping_skips_only_texts_it_would_leave_alone(text: str) -> None:
    """The quick check that most texts need no escaping passes none that would change."""
    assert escape(text) == _escaped(text)


def test_a_block_without_additions_is_its_text_stripped() -> None:
    """A block with nothing added (most blocks of a long page, which take a shortcut) is
    one piece, stripped; a blank one is none: as the general path cuts them."""
    assert Block(BlockKind.PARAGRAPH, "  Rest your knee.\n").segments() == ("Rest your knee.",)
    assert Block(BlockKind.LIST_ITEM, " \t ").segments() == ()
    assert Block(BlockKind.PARAGRAPH, "").segments() == ()


def test_tighten_removes_only_whitespace_no_browser_shows() -> None:
    """Between two block tags it goes; next to text or an inline tag it stays."""
    html = ("<ul>\n  <li>Rest</li>\n  <li><b>Ice</b> <i>it</i></li>\n</ul>\n<p> Walk <em>"
            "daily</em> </p>\n<div class='x'>\n\t<p>Sleep</p></div>")
    assert tighten(html) == ("<ul><li>Rest</li><li><b>Ice</b> <i>it</i></li></ul><p> Walk "
                             "<em>daily</em> </p><div class='x'><p>Sleep</p></div>")


@pytest.mark.parametrize("listed", [False, True])
@pytest.mark.parametrize("sample", sorted(p.name for p in SAMPLES.glob("*.html")))
def test_the_long_page_path_extracts_the_same_article(
        sample: str, listed: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each sample, extracted as if it were a long page, gives the same article: text,
    title, byline, date, language, links. With a list of 2 × RUN + 100 items after its
    first paragraph, the metadata found in the page cut short (the list's middle 100
    items taken out) is the page's own."""
    html = (SAMPLES / sample).read_bytes().decode("utf-8", "replace")
    if listed:
        at = html.index("</p>") + len("</p>")
        items = "".join(f"<li>Step {i}: rest, then drink water.</li>"
                        for i in range(2 * markup.RUN + 100))
        html = f"{html[:at]}<ul>{items}</ul>{html[at:]}"
    page = Page(sample, "https://example.org/health/page.html",
                html.replace("><", ">\n  <"), "utf-8")
    usual = extract(page)
    assert usual.byline or usual.date, sample
    monkeypatch.setattr(extraction, "LONG", 0)
    assert extract(page) == usual


def test_a_long_page_keeps_the_heading_that_ends_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """A long page is parsed again after trafilatura has its text, so the heading that
    ends its article (a warning, often) is put back as on any page."""
    items = "".join(f"<li>Step {i}: rest, then drink water.</li>"
                    for i in range(2 * markup.RUN + 100))
    html = TRAILING.format(end=f"<ul>{items}</ul><h2>Call 999 straight away if symptoms come "
                               "back</h2>")
    page = Page("inline", None, html, "utf-8")
    usual = extract(page)
    assert usual.sections[-1].heading == "Call 999 straight away if symptoms come back"
    monkeypatch.setattr(extraction, "LONG", 0)
    assert extract(page) == usual


def test_only_a_page_of_more_elements_than_an_article_skips_the_second_opinion(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """trafilatura checks its main extractor against readability on an article's page
    (the largest of the extraction benchmark's news pages has 1,709 elements), not on a
    page of over SECOND_OPINION_ELEMENTS (1.5 s of a 200,000-item list's conversion);
    both are extracted, each counted from the tree it is given."""
    import trafilatura

    from plainhealth.source import content

    page = Page("inline", None, "", "utf-8")
    assert not content.options_for(page, with_metadata=True, elements=1_709).fast
    assert content.options_for(page, with_metadata=True,
                               elements=content.SECOND_OPINION_ELEMENTS + 1).fast
    asked: list[bool] = []
    real = trafilatura.bare_extraction

    def noting(*args: object, options: object) -> object:
        asked.append(getattr(options, "fast"))  # noqa: B009 - the options' own attribute
        return real(*args, options=options)

    monkeypatch.setattr(trafilatura, "bare_extraction", noting)
    monkeypatch.setattr(content, "SECOND_OPINION_ELEMENTS", 500)
    for count in (100, 600):
        items = "".join(f"<li>Step {i}: rest, then drink water.</li>" for i in range(count))
        html = TRAILING.format(end=f"<ul>{items}</ul>")
        assert extract(Page("inline", None, html, "utf-8")).sections
    assert asked == [False, True]


def test_a_conversion_runs_with_the_cyclic_collector_paused(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Every stage of a conversion runs with the collector paused (it walked a long page's
    millions of live objects again and again); it runs again afterwards, also after a
    failure, and one paused by the caller stays paused."""
    import gc

    from plainhealth import pipeline
    from plainhealth.language.memo import conversion

    seen: list[bool] = []
    real = pipeline.score_article

    def scoring(article: object) -> object:
        seen.append(gc.isenabled())
        return real(article)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "score_article", scoring)
    assert gc.isenabled()
    pipeline.convert(str(SAMPLES / "high-blood-pressure.html"))
    assert seen == [False, False]
    assert gc.isenabled()
    with pytest.raises(RuntimeError), conversion():
        with conversion():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer conversion is still running
        raise RuntimeError
    assert gc.isenabled()
    gc.disable()
    try:
        with conversion():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_glossary_lookups_are_remembered_for_one_conversion_only(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Safety and explaining look up the same blocks: the second lookup of a text is
    remembered (the same matches), and the memory goes when the conversion ends; outside
    a conversion it never holds more than memo.TEXTS texts."""
    from plainhealth import pipeline
    from plainhealth.explain import glossary as glossary_module

    glossary = pipeline.glossary_for(None)
    text = "Kratom is not an approved treatment for chronic pain."
    first = glossary.find(text)
    assert [m.key for m in first] and glossary.find(text) == first
    pipeline.convert(str(SAMPLES / "kratom-chronic-pain.html"))
    remembered = glossary._found
    assert not remembered.matches and not remembered.none
    monkeypatch.setattr(glossary_module, "TEXTS", 3)
    for n in range(10):
        glossary.find(f"Walk for {n} minutes.")
        assert len(remembered.matches) + len(remembered.none) <= 3


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True)
@given(st.text(st.sampled_from([*"ab 1\n\t-+=.)#*_`|<>&\"'[]{}\\\u00a0"]), max_size=16),
       st.sampled_from(list(BlockKind)), st.integers(0, 2), st.integers(0, 3))
def test_a_block_without_additions_renders_as_the_general_path_renders_it(
        text: str, kind: BlockKind, level: int, number: int) -> None:
    """The handout's, the text's and the Markdown's shortcut for a block with nothing
    added (most blocks of a long page) gives what the general path gives."""
    from plainhealth.render import body, markdown
    from plainhealth.render import text as plain

    block = Block(kind, text, level=level)
    ctx = body.Context({}, "en")
    assert body.inline(block, ctx, (0, 0)) == body._inline(block, ctx, (0, 0))
    assert markdown._inline(block, {}) == markdown._pieces(block, {})
    general, notes = plain._pieces(block)
    if kind is BlockKind.LIST_ITEM:
        general = "  " * level + f"{f'{number}.' if number else '-'} {general}"
    assert plain._block(block, number) == (general, notes)


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True)
@given(st.text(st.sampled_from([*"ab 1\n\t\u00a0\u2028)\"”’.!?"]), max_size=14))
def test_a_text_without_a_stop_is_cut_as_the_sentence_pattern_cuts_it(text: str) -> None:
    """Rewriting's sentence cut skips its pattern for a text with no full stop, question
    or exclamation mark (most list items), and gives what the pattern gives."""
    from plainhealth.rewrite import guards

    assert guards.cut(text) == guards._cut(text)


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(["<li>", "</li>", "<ul class='a'>", "</ul >", "<b>", "</b>",
                                 "<p>", "</P>", "<br/>", "<div\n>", "<", ">", " ", "\n ",
                                 "\t", "x", "<!-- c -->", "<li<", "</ul"]), max_size=14))
def test_tighten_takes_out_the_whitespace_its_pattern_takes_out(pieces: list[str]) -> None:
    """The quick search for gaps (the full pattern tried only at whitespace between two
    tags) gives what the pattern tried at every tag gives."""
    html = "".join(pieces)
    assert tighten(html) == markup._GAP.sub(r"\1", html)


def test_cleaning_a_text_collapses_the_whitespace_a_pattern_would() -> None:
    """Extraction collapses whitespace with str.split (quicker for 200,000 list items):
    every character the pattern \\s takes for whitespace, and only those."""
    import re

    space = re.compile(r"\s+")
    for code in range(0x110000):
        if 0xD800 <= code < 0xE000:
            continue
        text = f" a{chr(code)}{chr(code)}b "
        assert extraction._clean(text) == space.sub(" ", text).strip(), hex(code)


def test_files_are_written_with_the_collector_paused_and_the_caches_gone(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A batch item's files are written with the collector still paused (it walked the
    page's objects again while writing), but after the conversion's caches are emptied
    (held through the writing, they raised a long page's peak memory by 50 MB)."""
    import gc

    from plainhealth import batch
    from plainhealth.language.sentences import split
    from plainhealth.models import Options
    from plainhealth.render import json as report

    seen: list[tuple[bool, int]] = []
    real = report.render_json

    def writing(*args: object) -> str:
        seen.append((gc.isenabled(), split.cache_info().currsize))
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(report, "render_json", writing)
    job = batch.Job(tmp_path, ("txt", "json"), Options())
    items = batch.expand_sources([str(SAMPLES / "high-blood-pressure.html")])
    (outcome,) = batch.convert_all(items, job)
    assert outcome.error is None and outcome.paths
    assert seen == [(False, 0)]
    assert gc.isenabled()


def test_where_a_sentence_starts_counts_only_for_a_capitalised_word() -> None:
    """hard_words asks where a sentence starts only for a word with a capital first
    letter: for every other word of the samples, is_hard gives one answer either way."""
    import re

    from plainhealth.explain.jargon import is_hard

    words = {w for path in SAMPLES.glob("*.html") for w in re.findall(
        r"[^\W\d_][\w’'-]*", path.read_text(encoding="utf-8", errors="replace"))}
    lower = [w for w in words if not w[0].isupper()]
    assert len(lower) > 500
    assert [is_hard(w, sentence_start=True) for w in lower] == [is_hard(w) for w in lower]
    assert any(is_hard(w) for w in lower)
