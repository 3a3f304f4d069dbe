"""Safety rules from a glossary overlay: checked before use, reported when they replace a
shipped rule, found through PLAINHEALTH_GLOSSARY, time-limited; and every safety-rule check
of `plainhealth glossary check`, through the real command."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import KRATOM
from plainhealth.cli import main
from plainhealth.errors import GlossaryError
from plainhealth.language.sentences import split
from plainhealth.models import Article, Block, BlockKind, Section
from plainhealth.pipeline import glossary_for
from plainhealth.safety.notes import find
from plainhealth.safety.rules import load_rules, read_rules

SOURCE = "https://medlineplus.gov/chronicpain.html"  # listed in the shipped sources


def rule(ident: str = "claim-glow", **fields: str) -> str:
    """One [[rule]] table; ``fields`` replace or add keys (values as TOML)."""
    values = {
        "kind": '"claim"', "severity": '"info"',
        "patterns": "['''\\bglow(?:s|ing)?\\s+pills?\\b''']",
        "note": '"Ask your doctor about any pill."', "source": f'"{SOURCE}"',
        "status": '"sourced"',
        "examples_match": '["Glow pills fix your skin.", "Buy glowing pills now.", '
                          '"These glow pills work."]',
        "examples_no_match": '["The lamp has a soft glow.", "Take your pills.", '
                             '"Stars glow at night."]',
    } | fields
    body = "".join(f"{key} = {value}\n" for key, value in values.items() if value)
    return f'[[rule]]\nid = "{ident}"\n{body}\n'


def overlay(folder: Path, *rules: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "safety.toml").write_text("".join(rules))
    return folder


def test_a_good_overlay_rule_passes_glossary_check(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["glossary", "check", str(overlay(tmp_path, rule()))])
    assert result.exit_code == 0, result.stdout


BAD_RULES = [
    (rule(examples_match='["Glow pills fix your skin.", "Buy glowing pills now.", '
                         '"Radiance capsules work."]'),
     "does not fire on its example 'Radiance capsules work.'"),
    (rule(examples_no_match='["The lamp has a soft glow.", "Take your pills.", '
                            '"Never buy glow pills."]'),
     "fires on its counter-example 'Never buy glow pills.'"),
    (rule(note='"Consult your physician regarding pharmaceutical interactions and '
               'contraindications immediately."'),
     "'note' reads at grade"),
    (rule(examples_match='["Glow pills fix your skin."]'),
     "needs at least 3 examples_match and 3 examples_no_match"),
    (rule(patterns="[]", examples_match="[]"), "a claim rule needs patterns"),
    (rule(also='["no-such-rule"]'), "'also' names 'no-such-rule', which is not a safety rule"),
    (rule("help-line", kind='"general"', patterns="[]", examples_match="[]",
          examples_no_match="[]", note='"Help is there for you."')
     + '[rule.region.us]\ntext = "Call 1-800-662-4357."\n'
       'source = "https://example.com/help"\n\n',
     "source 'https://example.com/help' is not a public health agency's site"),
]


@pytest.mark.parametrize(("body", "message"), BAD_RULES, ids=[m for _, m in BAD_RULES])
def test_glossary_check_reports_each_bad_safety_rule(tmp_path: Path, body: str,
                                                     message: str) -> None:
    """`plainhealth glossary check DIR` fails with a `file:id: problem` line."""
    folder = overlay(tmp_path, body)
    result = CliRunner().invoke(main, ["glossary", "check", str(folder)])
    assert result.exit_code == 1
    ident = body.split('"')[1]
    lines = [line for line in result.stdout.splitlines()
             if line.startswith(f"{folder / 'safety.toml'}:{ident}: ")]
    assert any(message in line for line in lines), result.stdout


def test_glossary_check_finds_safety_problems_through_the_environment(tmp_path: Path) -> None:
    folder = overlay(tmp_path, rule(patterns="[]", examples_match="[]"))
    result = CliRunner().invoke(main, ["glossary", "check"],
                                env={"PLAINHEALTH_GLOSSARY": str(folder)})
    assert result.exit_code == 1
    assert f"{folder / 'safety.toml'}:claim-glow: a claim rule needs patterns" in result.stdout


def test_read_rules_uses_the_environment_overlay(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLAINHEALTH_GLOSSARY", str(overlay(tmp_path, rule())))
    rules, problems = read_rules()
    assert problems == [] and rules.by_id["claim-glow"].overlay


def test_an_overlay_rule_failing_its_examples_is_refused_at_convert_time(
        tmp_path: Path) -> None:
    folder = overlay(tmp_path / "g", rule(examples_no_match='["The lamp has a soft glow.", '
                                                            '"Take your pills.", '
                                                            '"Never buy glow pills."]'))
    with pytest.raises(GlossaryError, match="claim-glow: fires on its counter-example"):
        load_rules(folder)
    result = CliRunner().invoke(main, ["convert", str(KRATOM), "-o", str(tmp_path / "out"),
                                       "--no-audio", "--glossary", str(folder)])
    assert result.exit_code == 1
    assert (f"{folder / 'safety.toml'}:claim-glow: fires on its counter-example "
            "'Never buy glow pills.'") in result.stderr
    assert not (tmp_path / "out" / "kratom-chronic-pain.txt").exists()


def _kratom_rule(note: str) -> str:
    return rule("kratom", kind='"substance"', severity='"warning"',
                patterns="['''\\bkratom\\b''']", note=f'"{note}"',
                examples_match='["Kratom is a plant.", "He sells kratom.", "Kratom tea."]',
                examples_no_match='["Coffee is a drink.", "Tea is hot.", "Rest well."]')


def test_a_replaced_shipped_rule_is_reported(tmp_path: Path) -> None:
    folder = overlay(tmp_path, _kratom_rule("Our shop staff can tell you about kratom."))
    assert load_rules(folder).overridden == ("kratom",)
    shown = CliRunner().invoke(main, ["check", str(KRATOM), "--glossary", str(folder)],
                               catch_exceptions=False)
    assert "Safety rules replaced by the glossary overlay (1): kratom" in shown.stdout
    data = json.loads(CliRunner().invoke(main, ["check", str(KRATOM), "--json"],
                                         env={"PLAINHEALTH_GLOSSARY": str(folder)},
                                         catch_exceptions=False).stdout)
    assert data["safety_overrides"] == ["kratom"]
    kratom = next(n for n in data["notes"] if n["rule"] == "kratom")
    assert kratom["text"] == "Our shop staff can tell you about kratom."


SLOW = rule("slow", patterns="['''(a+)+$''']", examples_match='["aa", "baa", "caaa"]',
            examples_no_match='["b!", "c!", "d!"]')


def test_a_backtracking_pattern_is_cut_off_and_reported(tmp_path: Path) -> None:
    """A catastrophic pattern is time-limited per sentence, and the timeout is said, not
    swallowed: the note it might have added could be missing."""
    rules, problems = read_rules(overlay(tmp_path / "g", SLOW))
    assert problems == []
    started = time.perf_counter()
    assert rules.by_id["slow"].fires_on("a" * 5000 + "!") is False
    assert time.perf_counter() - started < 2
    page = tmp_path / "page.html"
    page.write_text(f"<html lang='en'><body><article><h1>Test</h1><p>{'a' * 3000}!</p>"
                    "<p>Kratom is sold online.</p></article></body></html>")
    result = CliRunner().invoke(main, ["check", str(page), "--json", "--glossary",
                                       str(tmp_path / "g")], catch_exceptions=False)
    data = json.loads(result.stdout)
    assert any(w.startswith("safety rule 'slow' ran out of time on a sentence in section 1, "
                            "paragraph 1") for w in data["warnings"]), data["warnings"]
    assert "kratom" in {n["rule"] for n in data["notes"]}  # the other rules still ran
    assert "Warning: safety rule 'slow' ran out of time" in result.stderr
    out = tmp_path / "out"
    converted = CliRunner().invoke(main, ["convert", str(page), "-o", str(out), "--no-audio",
                                          "--glossary", str(tmp_path / "g")],
                                   catch_exceptions=False)
    assert converted.exit_code == 0
    assert f"Warning: {page}: safety rule 'slow' ran out of time" in converted.stderr
    report = json.loads((out / "page.json").read_text(encoding="utf-8"))
    assert any("'slow' ran out of time" in w for w in report["warnings"]), report["warnings"]


def test_the_whole_page_has_a_time_budget(tmp_path: Path) -> None:
    """However many sentences trip a slow pattern, matching a page stops near its budget."""
    rules = load_rules(overlay(tmp_path, SLOW))
    sentences = " ".join(["A" + "a" * 3000 + "!"] * 200)
    article = Article("Test", "en", (Section("", 0, (
        Block(BlockKind.PARAGRAPH, sentences), Block(BlockKind.PARAGRAPH, "Kratom is sold."),
    )),))
    glossary = glossary_for(None)
    started = time.perf_counter()
    split(sentences)  # the page's budget counts splitting its text, slow on a loaded host
    budget = round(time.perf_counter() - started + 0.5, 1)
    started = time.perf_counter()
    findings = find(article, glossary, rules, budget=budget)
    assert time.perf_counter() - started < budget + 1.5
    assert findings.warnings[-1].startswith(f"safety rules stopped after {budget:g} s")
    assert any("ran out of time" in w and "more sentence(s)" in w for w in findings.warnings)


def test_a_replaced_rule_is_named_in_every_output_of_convert(tmp_path: Path) -> None:
    """The handout, text, Markdown and report all say which rules the library replaced."""
    folder = overlay(tmp_path / "overlay", _kratom_rule("Our shop staff can tell you about "
                                                        "kratom."))
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["convert", str(KRATOM), "-o", str(out), "--no-audio",
                                       "--glossary", str(folder)], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    line = "Safety rules replaced by a local overlay: kratom."
    for ext in ("txt", "html"):
        assert line in (out / f"kratom-chronic-pain.{ext}").read_text(encoding="utf-8"), ext
    assert "Safety rules replaced by a local overlay: kratom." in (
        out / "kratom-chronic-pain.md").read_text(encoding="utf-8")
    report = json.loads((out / "kratom-chronic-pain.json").read_text(encoding="utf-8"))
    assert report["glossary"]["safety_overrides"] == ["kratom"]
    assert not any("safety rule" in w for w in report["warnings"])
    plain = CliRunner().invoke(main, ["convert", str(KRATOM), "-o", str(tmp_path / "plain"),
                                      "--no-audio"], catch_exceptions=False)
    assert plain.exit_code == 0
    assert "local overlay" not in (tmp_path / "plain" / "kratom-chronic-pain.txt").read_text()
