"""Main-content extraction on the samples and on small inline pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ARTICLE_HTML, KRATOM, SAMPLES
from plainhealth import extract_text
from plainhealth.errors import ExtractError
from plainhealth.models import BlockKind, Page
from plainhealth.source.extract import extract
from plainhealth.source.fetch import load

BRIEF = Path(__file__).parent / "data" / "kratom-article.txt"  # the project brief, verbatim


def _lines(text: str) -> list[str]:
    return [line.removeprefix("- ") for line in text.splitlines() if line.strip()]


def test_kratom_sample_keeps_every_line_of_the_article() -> None:
    """Every paragraph and heading of the brief survives extraction, word for word."""
    text = extract_text(KRATOM.read_bytes())
    for line in _lines(BRIEF.read_text(encoding="utf-8")):
        assert line in text


def test_kratom_sample_drops_the_page_chrome() -> None:
    """Menus, cookie banner, ads, share buttons, comments, footer, scripts: all gone."""
    text = extract_text(KRATOM.read_bytes())
    for chrome in ("cookie", "Cookie", "Share on", "Advertisement", "Related articles",
                   "Subscribe", "Privacy", "All rights reserved", "function(", "{"):
        assert chrome not in text, chrome


def test_kratom_sample_structure() -> None:
    """Title first; the three section headings are headings, in order."""
    article = extract(load(str(KRATOM)))
    assert article.title == "Kratom and Dopamine: A Natural Approach to Chronic Pain Relief"
    assert article.lang == "en"
    assert [s.heading for s in article.sections] == [
        "",
        "Understanding Chronic Pain and Its Impact on the Body",
        "Kratom as a Natural Approach to Pain Management: Mechanisms and Benefits",
        "Navigating Dopamine's Role in Chronic Pain Relief with Kratom: What Does It Actually Do?",
    ]
    text = extract_text(KRATOM.read_bytes())
    assert text.startswith(article.title + "\n\n")


def test_text_layout_is_blocks_separated_by_blank_lines() -> None:
    """`extract` output: title, then each heading and paragraph, blank lines between."""
    assert extract_text(ARTICLE_HTML) == (
        "Back pain\n\n"
        "Back pain is common. Most back pain gets better in a few weeks with gentle movement "
        "and time.\n\n"
        "When to get help\n\n"
        "See a doctor if the pain lasts more than 6 weeks or you also have a fever.\n"
    )


def test_lists_are_kept_as_list_items() -> None:
    """Numbered and bulleted lists survive as list items, nesting included."""
    html = ("<html><body><article><h1>Steps</h1><p>Measuring your blood pressure at home is "
            "easy if you follow the steps below every time.</p><ol><li>Sit quietly for five "
            "minutes before you start.</li><li>Rest your arm on a table at heart height.</li>"
            "</ol><p>Bring your readings to every appointment with your doctor or nurse.</p>"
            "</article></body></html>")
    article = extract(Page("inline", None, html, "utf-8"))
    items = [b for b in article.blocks() if b.kind is BlockKind.LIST_ITEM]
    assert [b.text for b in items] == ["Sit quietly for five minutes before you start.",
                                       "Rest your arm on a table at heart height."]
    assert all(b.ordered for b in items)


def test_table_cells_are_read_after_their_column_heading() -> None:
    """A row alone must make sense (read aloud, or in plain text): each cell comes after
    its heading, an empty heading's cell alone, the caption as it is."""
    article = extract(Page("sample", None, (SAMPLES / "high-blood-pressure.html").read_text(
        encoding="utf-8"), "utf-8"))
    rows = [b.text for b in article.blocks() if b.verbatim]
    assert rows[0] == "Blood pressure categories for adults"
    assert rows[1] == ("Category: Normal; Top number (systolic): Less than 120; and; "
                       "Bottom number (diastolic): Less than 80")
    assert len(rows) == 5 and not any(r.startswith("Category; ") for r in rows)


@pytest.mark.parametrize(("table", "rows"), [
    ("<tr><th>Do not drive</th><th>Do not drink alcohol</th></tr>",
     ["Do not drive; Do not drink alcohol"]),  # headings alone: kept, said as they are
    ("<tr><th>Face drooping</th><th>Arm weakness</th></tr><tr><th>Ask the person to smile."
     "</th><th>Ask them to raise both arms.</th></tr>",
     ["Face drooping: Ask the person to smile.; Arm weakness: Ask them to raise both arms."]),
    ("<tr><th>Medicine</th><th>Dose</th></tr><tr><td>Paracetamol</td><td>500 mg</td></tr>"
     "<tr><td colspan='2'>Call 911 if you have chest pain.</td></tr>",
     ["Medicine: Paracetamol; Dose: 500 mg", "Call 911 if you have chest pain."]),
])
def test_tables_of_other_shapes_lose_no_cell(table: str, rows: list[str]) -> None:
    html = ("<html lang='en'><body><article><h1>Doses</h1><p>Read this table with care "
            f"before you take any of these medicines at home.</p><table>{table}</table><p>"
            "Keep all medicines away from children and pets in your home.</p></article>"
            "</body></html>")
    article = extract(Page("inline", None, html, "utf-8"))
    assert [b.text for b in article.blocks() if b.verbatim] == rows


def test_latin1_sample_decodes_accents() -> None:
    """An ISO-8859-1 page comes out with its accented letters and symbols right."""
    text = extract_text((SAMPLES / "arthritis-exercise-latin1.html").read_bytes())
    for word in ("café", "naïve", "Sjögren's", "°C", "½"):
        assert word in text
    assert "\ufffd" not in text and "Ã" not in text


def test_language_is_captured() -> None:
    html = ARTICLE_HTML.replace("lang='en'", "lang='es-MX'")
    assert extract(Page("x", None, html, "utf-8")).lang == "es-mx"


@pytest.mark.parametrize("html", [
    "<html><body><nav><a href='/'>Home</a><a href='/a'>About</a></nav></body></html>",
    "<html><head><script>var a = 1;</script><style>p{color:red}</style></head><body>"
    "<script>document.write('hi')</script></body></html>",
])
def test_no_main_text_is_a_clear_error(html: str) -> None:
    """A page with nothing to read says so instead of returning an empty article."""
    with pytest.raises(ExtractError, match="no main text found"):
        extract(Page("menu.html", None, html, "utf-8"))


def test_extract_text_accepts_bytes_with_meta_charset() -> None:
    html = ("<html><head><meta charset='windows-1252'></head><body><article><h1>Caf\xe9</h1>"
            "<p>Caf\xe9 au lait \u2013 a drink with milk that many people enjoy every day."
            "</p></article></body></html>").encode("cp1252")
    assert "Café au lait – a drink" in extract_text(html)


DATED = ("<!doctype html><html lang='en'><head><title>Asthma inhalers</title>{meta}</head><body>"
         "<main><article><h1>Asthma inhalers</h1>{time}<p>Most people with asthma use two "
         "inhalers. A reliever eases symptoms quickly when they start.</p><p>A preventer is "
         "taken every day to calm the airways, even when you feel well.</p></article></main>"
         "<footer><p>© 2019 Example Health Trust. All rights reserved.</p></footer></body>"
         "</html>")


@pytest.mark.parametrize(("meta", "time", "date"), [
    ("", "", None),
    ("<meta property='article:published_time' content='2023-05-04T10:00:00Z'>", "",
     "2023-05-04"),
    ("", "<p><time datetime='2022-11-03'>3 November 2022</time></p>", "2022-11-03"),
    ("", "<p class='meta'>Last updated May 2, 2024</p>", "2024-05-02"),
    ("", "<p class='meta'>Reviewed: 2nd May 2024</p>", "2024-05-02"),
    ("", "<p class='meta'>Reviewed March 2024</p>", None),  # a month is not a day
])
def test_the_article_date_is_only_one_the_page_states(meta: str, time: str,
                                                      date: str | None) -> None:
    """A copyright year in the footer or a month without its day is not the article's
    date (they were shown as "2019-01-01"); a day the page states, in its metadata, a
    <time> element or its text, is."""
    html = DATED.format(meta=meta, time=time)
    assert extract(Page("inline", None, html, "utf-8")).date == date


TRAILING = ("<!doctype html><html lang='en'><head><title>Stroke</title></head><body><main>"
            "<article><h1>Spotting a stroke</h1><p>A stroke is an emergency. Look for a face "
            "drooping on one side, arm weakness and slurred speech.</p><h2>After a stroke</h2>"
            "<p>Rest is important, and so is taking your medicines every day.</p>{end}"
            "</article></main><footer><h2>Contact us</h2><p>Switchboard open 9 to 5.</p>"
            "</footer></body></html>")


def test_a_last_heading_with_nothing_after_it_is_kept() -> None:
    """The extraction library drops a heading that ends the article; on a patient page it
    is often the warning ("Call 999 ... if symptoms come back"), so it is kept."""
    html = TRAILING.format(end="<h2>Call 999 straight away if symptoms come back</h2>")
    article = extract(Page("inline", None, html, "utf-8"))
    assert [s.heading for s in article.sections][-1] == (
        "Call 999 straight away if symptoms come back")
    assert "Contact us" not in [s.heading for s in article.sections]


def test_a_last_heading_over_left_out_links_stays_out() -> None:
    """A heading whose list of links was left out as page furniture is not brought back."""
    html = TRAILING.format(end="<h2>Related pages</h2><ul><li><a href='/a'>Heart attack</a>"
                               "</li><li><a href='/b'>High blood pressure</a></li></ul>")
    article = extract(Page("inline", None, html, "utf-8"))
    assert [s.heading for s in article.sections] == ["", "After a stroke"]
