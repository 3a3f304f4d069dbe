"""Claims as structure and scope (issue 15): the kinds of claim the phrase rules missed,
the kinds of responsible text they wrongly flagged, the words and model version every
firing names, the model shipped in the package, and the notes' sources. Every sentence here
was written for the project, in the styles real pages use."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT
from plainhealth.cli import main
from plainhealth.safety.claims import features
from plainhealth.safety.detect import judge
from plainhealth.safety.model import load
from plainhealth.safety.rules import load_rules

RULES = load_rules()


def fired(text: str) -> set[str]:
    return {f.rule.id for f in judge(text, RULES)}


@pytest.mark.parametrize(("sentence", "rule"), [
    # disease claims without a trigger word
    ("Our tonic shrinks tumors.", "claim-disease"),
    ("This powder wipes out type 2 diabetes in weeks.", "claim-disease"),
    ("The tea melts away arthritis pain overnight.", "claim-disease"),
    ("This cream heals psoriasis in days.", "claim-disease"),
    ("Garlic oil kills the germs that cause ear infections.", "claim-disease"),
    # replacing medicine
    ("You can get off your blood pressure pills for good.", "claim-replace-medicine"),
    ("No more insulin shots after our 30-day plan.", "claim-replace-medicine"),
    ("Ditch your antidepressants and try our calming herbs instead.",
     "claim-replace-medicine"),
    ("Our herbal drops beat chemo every time.", "claim-replace-medicine"),
    # protection
    ("This syrup is the best shield against the flu virus.", "claim-disease"),
    ("Viruses can't survive our silver spray.", "claim-disease"),
    # safety for vulnerable people
    ("Our balm is gentle enough for newborns.", "claim-totally-safe"),
    ("These drops are safe in every pregnancy.", "claim-totally-safe"),
    # testimonials
    ("My tumors are gone.", "claim-testimonial"),
    ("It cured my diabetes.", "claim-testimonial"),
    # conspiracy framing
    ("Big Pharma hides the cure for cancer because it cannot patent it.",
     "claim-conspiracy"),
    # detox and immunity
    ("Our cleanse flushes toxins and boosts your immunity against colds.", "claim-detox"),
])
def test_claims_the_phrase_rules_missed_are_found_by_the_right_rule(
        sentence: str, rule: str) -> None:
    """Each kind of miss the issue lists now fires, and names the rule whose note fits."""
    assert rule in fired(sentence), fired(sentence)


@pytest.mark.parametrize("sentence", [
    # refutations
    "There is no cure for type 2 diabetes.",
    "Claims that this tea cures cancer are false.",
    "Sellers falsely claim that the drops shrink tumors.",
    "No supplement has been shown to prevent dementia.",
    # warnings and advice
    "Avoid products that claim to treat COVID-19.",
    "Talk to your doctor before you stop taking your blood pressure pills.",
    "The FDA warned the company to stop saying its oil treats cancer.",
    "If a product promises to cure cancer, it is a scam.",
    # health authorities
    "The CDC says vaccines are safe and effective.",
    "Most people have no serious side effects from the shot.",
    "Antibiotics are the main treatment for strep throat.",
    # questions and dosing
    "Does turmeric cure arthritis?",
    "Take one tablet twice a day with food.",
])
def test_responsible_sentences_that_share_words_with_claims_raise_no_claim(
        sentence: str) -> None:
    """Refutations, warnings, advice, authority statements, questions and dosing stay
    silent, although they use a claim's words."""
    assert fired(sentence) == set()


def test_every_firing_names_its_words_and_the_model_version() -> None:
    """A firing says which words made it fire and that the model (by version) decided."""
    firing = next(f for f in judge("This cream heals psoriasis in days.", RULES)
                  if f.rule.id == "claim-disease")
    assert firing.words == "heals … psoriasis"
    assert firing.by == f"claim-disease + model {load().version}"
    assert load().version == "claims-lr-3"


def test_scope_features_keep_the_words_that_made_them() -> None:
    """Structure and scope come with the sentence's own words."""
    found = features("There is no cure for asthma, but inhalers help.")
    assert found["scope:no-cure"] == "no cure"
    assert found["effect"] == "cure … asthma"


def test_check_output_and_json_report_name_the_words_and_the_decider(tmp_path: Path) -> None:
    """`plainhealth check` shows the words and the deciding rule/model for each note, in
    the table and in --json."""
    page = tmp_path / "tonic.html"
    story = ("Our family farm has grown herbs in the hills for three generations, and every "
             "batch is picked, dried and bottled by hand in small lots. ")
    page.write_text(f"<html><body><article><h1>Mountain Tonic</h1><p>{story * 3}</p>"
                    f"<p>Our tonic shrinks tumors.</p><p>{story * 2}</p></article>"
                    "</body></html>", encoding="utf-8")
    table = CliRunner().invoke(main, ["check", str(page)], catch_exceptions=False).stdout
    assert "fired on: 'shrinks … tumors' (claim-disease + model claims-lr-3)" in table
    report = json.loads(CliRunner().invoke(main, ["check", str(page), "--json"],
                                           catch_exceptions=False).stdout)
    note = next(n for n in report["notes"] if n["rule"] == "claim-disease")
    assert note["words"] == "shrinks … tumors"
    assert note["by"] == "claim-disease + model claims-lr-3"


def test_the_model_ships_in_the_package_and_is_small() -> None:
    """The weights are package data (they go into the wheel) and stay small."""
    path = ROOT / "src" / "plainhealth" / "safety" / "data" / "claims-model.json"
    data = json.loads(path.read_text("utf-8"))
    assert path.stat().st_size < 100_000
    assert 0.1 <= data["threshold"] <= 0.9 and data["version"] == load().version


def test_the_kratom_note_says_only_what_a_read_page_says_and_ends_on_advice() -> None:
    """The kratom note cites a page whose text was read (its source record says so), names
    the serious problems that page names, and ends on advice, not on comfort ("nearly all
    deaths also involved other drugs" is gone)."""
    from plainhealth.explain.glossary import load as load_glossary

    kratom = RULES.by_id["kratom"]
    record = next(s for s in load_glossary(None).sources if s.url == kratom.source)
    assert record.read
    for words in ("not approved", "serious problems", "heart", "lungs", "mental health"):
        assert words in kratom.note
    assert "deaths" not in kratom.note
    assert kratom.note.endswith("Talk to a doctor before you use it.")


def test_the_canada_help_line_is_a_substance_use_service() -> None:
    """Canada's help line points to Health Canada's substance-use help, not a suicide
    line."""
    line = RULES.by_id["help-line"].region["ca"]
    assert "988" not in line.source and "9-8-8" not in line.text
    assert line.source == "https://www.canada.ca/en/health-canada/services/substance-use.html"
    assert "drug use" in line.text


def test_every_page_a_safety_rule_cites_records_whether_it_was_read() -> None:
    """Every source the safety rules and help lines cite has read = true/false."""
    listed: dict[str, object] = {}
    for path in (ROOT / "glossary" / "sources").glob("*.toml"):
        for source in tomllib.loads(path.read_text("utf-8"))["source"]:
            listed[source["url"]] = source.get("read")
    cited = {r.source for r in RULES.rules} | {
        line.source for r in RULES.rules for line in r.region.values()}
    assert {url: listed.get(url) for url in cited if listed.get(url) is None} == {}


def test_glossary_check_requires_a_read_record_for_a_safety_source(tmp_path: Path) -> None:
    """An overlay that lists a page a safety rule cites without `read` fails the check."""
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "mine.toml").write_text(
        '[[source]]\nurl = "https://www.samhsa.gov/find-help/national-helpline"\n'
        'title = "SAMHSA\'s National Helpline"\npublisher = "SAMHSA"\n'
        'evidence = "listed again without a read record"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["glossary", "check", str(tmp_path)])
    assert result.exit_code != 0
    assert ("https://www.samhsa.gov/find-help/national-helpline: glossary entries cite this "
            "page, so it needs read = true") in result.stdout
