"""Safety notes: every rule against its own examples, the labelled claims set, placement,
marking in every output, regions, and `plainhealth check`."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import KRATOM, ROOT
from plainhealth import convert
from plainhealth.cli import main
from plainhealth.models import AdditionKind, NotePosition, Options
from plainhealth.safety_rules import Kind, load_rules, read_rules

RULES = load_rules()
CLAIMS = [json.loads(line) for line in
          (ROOT / "tests" / "data" / "claims-labelled.jsonl").read_text().splitlines()]


def fired(text: str) -> set[str]:
    return {r.id for r in RULES.of_kind(Kind.CLAIM) if r.fires_on(text)}


@pytest.mark.parametrize("rule", RULES.rules, ids=[r.id for r in RULES.rules])
def test_every_rule_passes_its_own_examples(rule: object) -> None:
    for sentence in rule.examples_match:  # type: ignore[attr-defined]
        assert rule.fires_on(sentence), sentence  # type: ignore[attr-defined]
    for sentence in rule.examples_no_match:  # type: ignore[attr-defined]
        assert not rule.fires_on(sentence), sentence  # type: ignore[attr-defined]


def test_rule_families_and_substances_required_by_the_issue_exist() -> None:
    ids = set(RULES.by_id)
    assert {"claim-no-side-effects", "claim-totally-safe", "claim-safe-and-effective",
            "claim-cure-miracle", "claim-natural-so-safe", "claim-replace-medicine",
            "claim-detox", "claim-boosts-immunity", "claim-revolutionize",
            "claim-clinically-proven", "kratom", "opioids", "not-medical-advice",
            "help-line"} <= ids
    assert len(RULES.of_kind(Kind.SUBSTANCE)) >= 10


def test_claim_detection_precision_and_recall_on_the_labelled_set() -> None:
    """Measured on 222 sentences the rules were not written from (see bench/)."""
    tp = sum(1 for row in CLAIMS if row["risky"] and fired(row["text"]))
    fp = sum(1 for row in CLAIMS if not row["risky"] and fired(row["text"]))
    fn = sum(1 for row in CLAIMS if row["risky"] and not fired(row["text"]))
    assert tp / (tp + fp) >= 0.9
    assert tp / (tp + fn) >= 0.85


@pytest.mark.parametrize("sentence", [
    "Talk to your doctor about side effects.",
    "There is no cure for arthritis, but treatment helps.",
    "Kratom is not approved by the FDA.",
    "No medicine is completely safe.",
    "Natural does not always mean safe.",
    "Do not stop taking your medicine without talking to your doctor.",
])
def test_responsible_sentences_raise_no_claim(sentence: str) -> None:
    assert fired(sentence) == set()


def test_kratom_sample_gets_the_right_notes_in_the_right_places() -> None:
    result = convert(str(KRATOM))
    rules = [n.rule for n in result.notes]
    assert rules[0] == "not-medical-advice" and result.notes[0].position is NotePosition.TOP
    for rule in ("kratom", "claim-no-side-effects", "claim-safe-and-effective",
                 "claim-replace-medicine", "claim-revolutionize"):
        assert rule in rules
    per_section = [(n.rule, n.section) for n in result.notes]
    assert len(per_section) == len(set(per_section))  # once per section at most
    for note in result.notes[1:]:
        block = result.plain.sections[note.section].blocks[note.block]
        added = [a for a in block.additions if a.kind is AdditionKind.NOTE]
        assert note.rule in [a.ref for a in added]
        assert all(a.after == len(block.text) for a in added)  # after the paragraph
        assert note.sentence in result.article.sections[note.section].blocks[note.block].text


def test_no_false_alarm_on_the_neutral_sentences_of_the_kratom_sample() -> None:
    neutral = ["Chronic pain is a pervasive condition affecting millions, significantly "
               "impacting daily life.",
               "It can arise from various sources, including injuries, conditions like "
               "arthritis or fibromyalgia, and certain medical treatments."]
    for sentence in neutral:
        assert fired(sentence) == set()


def test_notes_are_marked_in_text_markdown_and_report(tmp_path: Path) -> None:
    CliRunner().invoke(main, ["convert", str(KRATOM), "-o", str(tmp_path), "-f", "txt,md,json"],
                       catch_exceptions=False)
    txt = (tmp_path / "kratom-chronic-pain.txt").read_text()
    md = (tmp_path / "kratom-chronic-pain.md").read_text()
    report = json.loads((tmp_path / "kratom-chronic-pain.json").read_text())
    assert txt.splitlines()[2].startswith("Safety note (added by plainhealth): ")
    assert "Safety note (added by plainhealth): The FDA has not approved kratom" in txt
    assert "> **Safety note (added by plainhealth):** The FDA has not approved kratom" in md
    kratom = next(n for n in report["notes"] if n["rule"] == "kratom")
    assert {"rule", "severity", "text", "source", "sentence", "section", "block",
            "offset"} <= set(kratom)
    assert kratom["severity"] == "warning" and kratom["source"].startswith("https://")


def test_region_picks_the_help_lines(tmp_path: Path) -> None:
    page = tmp_path / "misuse.html"
    page.write_text("<html lang='en'><body><article><h1>Getting help</h1><p>Opioid addiction "
                    "is a disease, and withdrawal can be hard to face alone.</p></article>"
                    "</body></html>")
    us = convert(str(page), Options(region="us"))
    uk = convert(str(page), Options(region="uk"))
    us_line = next(n.text for n in us.notes if n.rule == "help-line")
    uk_line = next(n.text for n in uk.notes if n.rule == "help-line")
    assert "1-800-662-4357" in us_line
    assert "0300 123 6600" in uk_line


def test_check_command_lists_findings_without_writing(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(KRATOM), "--json"], catch_exceptions=False)
    data = json.loads(result.stdout)
    assert {n["rule"] for n in data["notes"]} >= {"kratom", "claim-no-side-effects"}
    assert list(tmp_path.iterdir()) == []


def test_a_backtracking_pattern_is_cut_off_not_hung(tmp_path: Path) -> None:
    """A catastrophic pattern in an overlay is time-limited per sentence."""
    (tmp_path / "safety.toml").write_text(
        '[[rule]]\nid = "slow"\nkind = "claim"\nseverity = "info"\n'
        "patterns = ['''(a+)+$''']\nnote = \"x\"\n"
        'source = "https://medlineplus.gov/chronicpain.html"\nstatus = "sourced"\n')
    rules, problems = read_rules(tmp_path)
    assert problems == []
    slow = rules.by_id["slow"]
    started = time.perf_counter()
    assert slow.fires_on("a" * 5000 + "!") is False
    assert time.perf_counter() - started < 2


def test_rule_problems_are_reported_with_file_and_id(tmp_path: Path) -> None:
    (tmp_path / "safety.toml").write_text(
        '[[rule]]\nid = "bad"\nkind = "rumour"\nseverity = "info"\n'
        "patterns = ['''(unclosed''']\nnote = \"x\"\n"
        'source = "https://medlineplus.gov/chronicpain.html"\nstatus = "sourced"\n')
    _rules, problems = read_rules(tmp_path)
    messages = [str(p) for p in problems]
    assert any(m.startswith(f"{tmp_path}/safety.toml:bad: kind must be one of") for m in messages)
    assert any("pattern '(unclosed' does not compile" in m for m in messages)
