"""The shortcuts that make long pages fast change no result: a sentence found without
syntok is the one syntok finds, and a long page's extraction path (whitespace between
block tags removed, trafilatura parsing the text itself) gives the same article."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SAMPLES
from plainhealth.language.sentences import _ONE_SENTENCE, _by_syntok, _whole
from plainhealth.models import Page
from plainhealth.source import extract as extraction
from plainhealth.source.extract import article_text, extract
from plainhealth.source.markup import tighten

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


def test_tighten_removes_only_whitespace_no_browser_shows() -> None:
    """Between two block tags it goes; next to text or an inline tag it stays."""
    html = ("<ul>\n  <li>Rest</li>\n  <li><b>Ice</b> <i>it</i></li>\n</ul>\n<p> Walk <em>"
            "daily</em> </p>\n<div class='x'>\n\t<p>Sleep</p></div>")
    assert tighten(html) == ("<ul><li>Rest</li><li><b>Ice</b> <i>it</i></li></ul><p> Walk "
                             "<em>daily</em> </p><div class='x'><p>Sleep</p></div>")


@pytest.mark.parametrize("sample", sorted(p.name for p in SAMPLES.glob("*.html")))
def test_the_long_page_path_extracts_the_same_article(sample: str,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Each sample, extracted as if it were a long page, gives the same text."""
    html = (SAMPLES / sample).read_bytes().decode("utf-8", "replace")
    page = Page(sample, None, html.replace("><", ">\n  <"), "utf-8")
    usual = article_text(extract(page))
    monkeypatch.setattr(extraction, "LONG", 0)
    assert article_text(extract(page)) == usual
