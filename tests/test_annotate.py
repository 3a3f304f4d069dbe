"""Jargon explained at first use, marked as added, with its source, in every output."""

from __future__ import annotations

import json
import re
import string
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import KRATOM
from plainhealth import convert
from plainhealth.cli import main
from plainhealth.explain.glossary import load
from plainhealth.explain.jargon import hard_words
from plainhealth.models import AdditionKind
from plainhealth.render.text import render_text

KRATOM_JARGON = ("opioid-receptor", "dopamine", "analgesic", "adjunctive-therapy",
                 "neurotransmitter", "fibromyalgia", "mitragyna-speciosa", "kratom")


def test_kratom_jargon_is_explained_once_each() -> None:
    """Every hard term is explained once: inline at its first use or marked there and
    explained in the word list; never twice."""
    result = convert(str(KRATOM))
    shown = {t.id: t.shown for t in result.terms}
    for term_id in KRATOM_JARGON:
        assert shown[term_id] in ("inline", "list")
    firsts = [a.ref for b in result.plain.blocks() for a in b.additions
              if a.kind in (AdditionKind.EXPLANATION, AdditionKind.MARK)]
    assert sorted(firsts) == sorted(set(firsts))  # first use only
    inline = {a.ref for b in result.plain.blocks() for a in b.additions
              if a.kind is AdditionKind.EXPLANATION}
    assert inline == {t for t, how in shown.items() if how == "inline"} and inline


def test_explanation_follows_the_sentence_of_first_use() -> None:
    """Not mid-sentence, not at the end of the paragraph: right after its sentence."""
    result = convert(str(KRATOM))
    for block in result.plain.prose_blocks():
        segments = block.segments()
        for index, segment in enumerate(segments):
            if isinstance(segment, str) or segment.kind is not AdditionKind.EXPLANATION:
                continue
            before = "".join(s for s in segments[:index] if isinstance(s, str))
            sentence = re.split(r"(?<=[.!?])\s+", before)[-1]
            assert sentence.endswith((".", "!", "?")) and segment.label in sentence


def test_text_and_markdown_mark_added_words_and_sources(tmp_path: Path) -> None:
    """Inline explanations are bracketed and labelled; a term explained only in the list
    is marked (text) or linked to its entry (Markdown); the legend says what was added."""
    runner = CliRunner()
    runner.invoke(main, ["convert", str(KRATOM), "-o", str(tmp_path), "--no-audio"],
                  catch_exceptions=False)
    txt = (tmp_path / "kratom-chronic-pain.txt").read_text()
    md = (tmp_path / "kratom-chronic-pain.md").read_text()
    assert "[Word to know: Kratom — Kratom is a tree" in txt
    assert txt.count("Word to know: Kratom — ") == 1
    assert "interacting with opioid receptors* and" in txt
    assert "Words marked * are in the list." in txt
    assert "Words to know (added by plainhealth from its glossary)" in txt
    assert "- opioid receptors: " in txt and "Source: https://" in txt
    assert "_\\[Word to know: **Kratom** — " in md
    assert "interacting with [opioid receptors](#word-opioid-receptors) and" in md
    assert '<a id="word-opioid-receptors"></a>**opioid receptors**' in md
    assert "## Words to know" in md


def test_report_lists_terms_with_sources(tmp_path: Path) -> None:
    runner = CliRunner()
    runner.invoke(main, ["convert", str(KRATOM), "-o", str(tmp_path), "--no-audio"],
                  catch_exceptions=False)
    report = json.loads((tmp_path / "kratom-chronic-pain.json").read_text())
    terms = {t["id"]: t for t in report["terms"]}
    kratom = terms["kratom"]
    assert kratom["count"] >= 10
    assert kratom["forms"][0] == "Kratom"
    assert kratom["source"].startswith("https://")
    assert kratom["status"] == "sourced"
    assert report["glossary"]["version"].startswith("sha256:")
    assert all({"word", "count", "zipf"} <= set(u) for u in report["unexplained"])


def test_overlay_entry_is_used_and_reported(tmp_path: Path) -> None:
    (tmp_path / "terms").mkdir()
    (tmp_path / "terms" / "ours.toml").write_text(
        '[[term]]\nid = "kratom"\nmatch = ["kratom"]\n'
        'explain = "Kratom is a plant. Ask our librarians for more."\n'
        'source = "https://medlineplus.gov/chronicpain.html"\nstatus = "sourced"\n')
    result = convert(str(KRATOM), __import__("plainhealth.models").models.Options(
        glossary=str(tmp_path)))
    kratom = next(t for t in result.terms if t.id == "kratom")
    assert kratom.explain == "Kratom is a plant. Ask our librarians for more."
    assert kratom.overlay
    assert result.glossary_overrides == ("kratom",)


def test_terms_command_lists_explained_and_unexplained(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text("<html lang='en'><body><article><h1>Notes</h1><p>Fibromyalgia can hurt. "
                    "The doctor found signs of idiopathic thrombocytopenia in the blood test."
                    "</p></article></body></html>")
    result = CliRunner().invoke(main, ["terms", str(page), "--json"], catch_exceptions=False)
    data = json.loads(result.stdout)
    assert data["terms"][0]["id"] == "fibromyalgia"
    assert "idiopathic" in {u["word"] for u in data["unexplained"]}


SAMPLE_PAGES = sorted(KRATOM.parent.glob("*.html"))


@pytest.mark.parametrize("page", SAMPLE_PAGES, ids=lambda p: p.stem)
def test_no_sample_leaves_a_hard_word_unexplained(page: Path) -> None:
    """Every word the detector calls hard in samples/ is explained by the glossary."""
    result = convert(str(page))
    assert [u.word for u in result.unexplained] == []
    assert result.terms


@pytest.mark.parametrize(("sentence", "term_id"), [
    ("Tolerance can build up within weeks.", "drug-tolerance"),
    ("Ask about any interaction with your other pills.", "drug-interaction"),
    ("Acute symptoms need care today.", "acute"),
    ("It was given as an adjunctive medicine.", "adjunctive"),
    ("Dosing depends on weight, and it is dosed twice a day.", "dose"),
])
def test_words_the_issue_names_are_explained_alone(sentence: str, term_id: str) -> None:
    assert [m.key for m in load().find(sentence)][:1] == [term_id]


@pytest.mark.parametrize(("sentence", "wrong_sense"), [
    ("She woke up with a blinding headache.", "blinding"),
    ("It may reduce dependency on traditional pharmaceuticals.", "dependence"),
    ("Your pain tolerance is your own.", "drug-tolerance"),
    ("Social interaction helps mood.", "drug-interaction"),
])
def test_a_word_in_another_sense_gets_no_wrong_explanation(sentence: str,
                                                           wrong_sense: str) -> None:
    """An explanation in the wrong sense is worse than none."""
    assert wrong_sense not in [m.key for m in load().find(sentence)]


def test_the_study_sense_of_blinding_is_still_explained() -> None:
    assert [m.key for m in load().find("Blinding keeps a trial fair.")] == ["blinding"]


def test_urls_and_domains_are_not_hard_words() -> None:
    text = ("Read https://example.org/opioid-receptor-nociceptors or kratom.com/mitragynine, "
            "mail info@analgesia.org; idiopathic pain.")
    assert [h.word for h in hard_words(text)] == ["idiopathic"]


def test_a_capitalised_pair_at_sentence_start_is_a_name() -> None:
    """"Riverbend Regional Health" is a name even as the first words of a sentence."""
    assert [h.word for h in hard_words("Riverbend Regional Health wrote this. Fine.")] == []
    assert [h.word for h in hard_words("Thrombocytopenia is rare.")] == ["Thrombocytopenia"]


UNREAD_PAGE = "https://medlineplus.gov/made-up-unread-test-page.html"
READ_PAGE = "https://medlineplus.gov/made-up-read-test-page.html"


def _provenance_overlay(folder: Path) -> Path:
    """Kratom cites a page that was only located; dopamine one whose text was read."""
    (folder / "terms").mkdir(parents=True)
    (folder / "sources").mkdir()
    (folder / "terms" / "ours.toml").write_text(
        '[[term]]\nid = "kratom"\nmatch = ["kratom"]\nexplain = "Kratom is a plant."\n'
        f'source = "{UNREAD_PAGE}"\nstatus = "sourced"\n'
        '[[term]]\nid = "dopamine"\nmatch = ["dopamine"]\n'
        'explain = "Dopamine is a brain chemical."\n'
        f'source = "{READ_PAGE}"\nstatus = "sourced"\n')
    (folder / "sources" / "ours.toml").write_text(
        f'[[source]]\nurl = "{UNREAD_PAGE}"\ntitle = "A"\npublisher = "B"\n'
        'evidence = "NOT READ: only located"\nread = false\n'
        f'[[source]]\nurl = "{READ_PAGE}"\ntitle = "A"\npublisher = "B"\n'
        'evidence = "stored copy of this page read on 2026-11-29"\nread = true\n')
    return folder


def test_every_output_says_whether_the_source_page_was_read(tmp_path: Path) -> None:
    """An entry whose source was only located is never presented as checked against it:
    "About this handout" names it, and the report says so per term."""
    out = tmp_path / "out"
    CliRunner().invoke(main, ["convert", str(KRATOM), "-o", str(out), "--no-audio",
                              "--glossary", str(_provenance_overlay(tmp_path / "g"))],
                       catch_exceptions=False)
    txt = (out / "kratom-chronic-pain.txt").read_text()
    assert f"- Kratom: Kratom is a plant. Source: {UNREAD_PAGE}" in txt.splitlines()
    not_yet = txt[txt.index("About this handout"):].split("(not yet: ")[1].split(")")[0]
    assert "Kratom" in not_yet.split(", ") and "dopamine" not in not_yet.split(", ")
    md = (out / "kratom-chronic-pain.md").read_text()
    assert f"(not yet: {not_yet})" in md[md.index("## About this handout"):]
    terms = {t["id"]: t for t in json.loads((out / "kratom-chronic-pain.json").read_text())
             ["terms"]}
    assert terms["kratom"]["source_read"] is False
    assert terms["dopamine"]["source_read"] is True
    page = (out / "kratom-chronic-pain.html").read_text()
    assert f"(not yet: {not_yet})" in page[page.index('<h2 id="about">'):]


@pytest.mark.parametrize("page", SAMPLE_PAGES, ids=lambda p: p.stem)
def test_the_about_section_names_every_unchecked_explanation(page: Path) -> None:
    """"About this handout" says checked for all only if every listed term's [[source]]
    says read = true, and names each that does not."""
    read = {s.url: s.read is True for s in load().sources}
    result = convert(str(page))
    about = render_text(result).split("About this handout")[1]
    listed = [t for t in result.terms if t.shown in ("inline", "list")]
    unchecked = [t.forms[0] for t in listed if not read[t.source]]
    if unchecked:
        assert f"(not yet: {', '.join(unchecked)})" in about
    else:
        assert f"it was checked against that page for all {len(listed)}." in about


@pytest.mark.parametrize(("text", "escaped"), [
    ("1. Full-Spectrum CBD Oil", "1\\. Full-Spectrum CBD Oil"),
    ("12) Twelve", "12\\) Twelve"),
    ("- a dash", "\\- a dash"),
    ("2024 was a year; 1.5 mg", "2024 was a year; 1.5 mg"),
    ("*bold* [link] #tag", "\\*bold\\* \\[link\\] \\#tag"),
    ("1.", "1\\."),  # a paragraph of "1." alone is no empty list item
    ("---", "\\---"),  # nor a rule
    ("===", "\\==="),  # nor a heading line
])
def test_markdown_escapes_only_where_commonmark_reads_a_backslash(text: str,
                                                                   escaped: str) -> None:
    """A backslash before a digit stays visible ("\\1."): it must go before punctuation."""
    from plainhealth.render.markdown import escape

    assert escape(text) == escaped
    assert all(after in string.punctuation for after in re.findall(r"\\(.)", escape(text)))


def _found(text: str) -> set[str]:
    """The glossary entries a sentence uses (sense guards applied), by their surface."""
    return {text[m.start:m.end].lower() for m in load().find(text)}


def test_words_in_another_sense_are_not_explained() -> None:
    """News about a drug recall or a police seizure: "withdrawal", "seizure", "joint",
    "depression", "stroke", "mobility", "dose" mean something else there. A wrong
    explanation is worse than none; the same words in their health sense are explained."""
    result = convert(str(Path(__file__).parent / "data" / "other-senses.html"))
    *other_senses, health = [b for b in result.article.blocks() if b.kind.value == "paragraph"]
    assert set().union(*(_found(b.text) for b in other_senses)) == {
        "fda", "counterfeit pills", "ranitidine"}  # medicines named are medicines
    assert _found(health.text) == {"opioid withdrawal", "seizure", "joint", "stroke"}
    assert all((n.section, n.block) != (0, 0) for n in result.notes)  # the recall: no note


def test_the_health_sense_is_still_explained_and_meaning_kept() -> None:
    """The guards against other senses must not cost the health sense (a second review),
    and no word swap may change what a leaflet line means."""
    page = ("<html lang='en'><head><title>T</title></head><body><article><h1>T</h1>"
            "<p>Withdrawal of the drug can cause anxiety and poor sleep in some people.</p>"
            "<p>A seizure of any kind needs a doctor to look at it soon after it stops.</p>"
            "<p>A healthy dose of vitamin D comes from sun and food for most people.</p>"
            "<p>Provide your doctor with a list of all the medicines you take each day.</p>"
            "<p>Your doctor will identify you by your name and date of birth at each visit.</p>"
            "</article></body></html>")
    result = convert("-", data=page.encode())
    blocks = result.article.blocks()
    assert "withdrawal" in _found(blocks[0].text) and "seizure" in _found(blocks[1].text)
    assert "dose" in _found(blocks[2].text)
    plain = result.plain.blocks()
    assert plain[3].text.startswith("Provide your doctor with a list")
    assert plain[4].text.startswith("Your doctor will identify you by your name")


def test_ordered_lists_are_numbered_at_each_level() -> None:
    """A nested list starts at 1 and the outer list goes on after it (text, Markdown and
    the audio script all number lists with this)."""
    from plainhealth.models import Block, BlockKind, list_numbers

    def item(text: str, level: int) -> Block:
        return Block(BlockKind.LIST_ITEM, text, level, True)

    blocks = [item("Outer one", 0), item("Inner one", 1), item("Inner two", 1),
              item("Outer two", 0), Block(BlockKind.PARAGRAPH, "Then."), item("New", 0)]
    assert [n for _, n in list_numbers(blocks)] == [1, 1, 2, 2, 0, 1]
