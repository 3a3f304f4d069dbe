"""The safety screen (which rules' patterns may match a sentence, found without running
them) never keeps a rule from a sentence its patterns match, so the notes are the ones
every pattern tried on every sentence gives; and with it a long page is checked to its
end instead of stopping at the time budget."""

from __future__ import annotations

import json
import os
import re
import string
from pathlib import Path

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SAMPLES
from plainhealth.language.literals import Screen, build, fold, necessary
from plainhealth.models import Article, Block, BlockKind, Options, Section
from plainhealth.pipeline import glossary_for
from plainhealth.safety.notes import find
from plainhealth.safety.rules import Rules, load_rules
from plainhealth.source.fetch import load
from plainhealth.source.read import read_article
from test_safety_overlay import overlay, rule

EXAMPLES = int(os.environ.get("PLAINHEALTH_FUZZ_EXAMPLES", "300"))
DATA = Path(__file__).parent / "data"


def test_the_literals_are_those_every_match_contains() -> None:
    assert necessary(r"\b(?:cure|heal)s?\s+(?:your\s+)?cancer\b") == {"cancer"}
    # of the necessary sets, the one whose shortest literal is longest
    assert necessary(r"\b(?:colloidal|ionic)\s+(?:silver|gold)") == {"colloidal", "ionic"}
    # an optional part is not necessary; a repeated one is
    assert necessary(r"(?:miracle\s+)?detox(?:es)?") == {"detox", "detoxes"}
    # a run of parts with few known matches stands as the set of those matches
    assert necessary(r"\bcur(?:e|es|ed|ing)\b") == {"cure", "cures", "cured", "curing"}
    assert necessary(r"\b(?:h)?arm(?=\s)") == {"harm", "arm"}
    assert necessary(r"(?:super)+ food") == {"super"}
    assert necessary(r"(?:super)* food") == {" food"}
    # case is folded as case-insensitive matching folds it
    assert necessary(r"OxyContin") == {"oxycontin"}


def test_a_pattern_whose_literals_are_unknown_leaves_its_rule_unscreened() -> None:
    assert necessary(r"\w+\s+\d+") is None  # no literal at all
    assert necessary(r"\b(?:pill|it)\b") is None  # "it": too short to screen anything
    # syntax the standard parser reads without an error, and otherwise
    assert necessary(r"[[:alpha:]]+cure") is None  # a POSIX class
    assert necessary(r"[a[:digit:]]\s+cure") is None
    assert necessary(r"(?:cure){e<=1}") is None  # a fuzzy match
    assert necessary(r"\mcure") is None  # syntax of the regex module only
    screen = build({"known": (r"\bdetox\w*",), "unknown": (r"\bdetox\w*", r"\w+ \d+")})
    assert screen.screened == {"known"}
    assert screen.possible("A detox tea.") == {"known"}
    assert screen.possible("Drink water.") == frozenset()


def test_letters_that_match_case_insensitively_fold_alike() -> None:
    """Every character that the rules' patterns match case-insensitively in place of a
    character of their literals folds to the same: the screen compares folded texts."""
    rules = load_rules(None)
    literal_chars = {c for rule in rules.rules for p in rule.patterns
                     for literal in necessary(p.pattern) or () for c in literal}
    assert len(literal_chars) > 20
    every = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)
    for char in literal_chars | set(string.ascii_lowercase + string.digits):
        matching = regex.compile(regex.escape(char), regex.IGNORECASE | regex.V0)
        assert {fold(m.group()) for m in matching.finditer(every)} == {fold(char)}, char
    assert fold("İBUPROFEN") == "ibuprofen"


def test_every_shipped_rule_with_patterns_is_screened() -> None:
    """Otherwise its patterns run on every sentence again (slow, not wrong)."""
    rules = load_rules(None)
    assert rules.screen.screened == {rule.id for rule in rules.rules if rule.patterns}


def _sentences() -> list[str]:
    rules = load_rules(None)
    texts = [s for rule in rules.rules for s in (*rule.examples_match, *rule.examples_no_match)]
    for name, key in (("claims-labelled.jsonl", "text"), ("senses.jsonl", "sentence")):
        with (DATA / name).open(encoding="utf-8") as lines:
            texts += [json.loads(line)[key] for line in lines if line.strip()]
    texts += [block.text for page in _samples() for section in page.sections
              for block in section.blocks]
    return [t for t in texts if t.strip()]


def _samples() -> list[Article]:
    return [read_article(load(str(path), Options().limits), Options().limits)
            for path in sorted(SAMPLES.glob("*.html"))]


def _missed(rules: Rules, sentence: str) -> list[str]:
    possible = rules.screen.possible(sentence)
    return [rule.id for rule in rules.rules if rule.id in rules.screen.screened
            and rule.id not in possible and any(p.search(sentence) for p in rule.patterns)]


def test_the_screen_lets_through_every_rule_that_matches_real_sentences() -> None:
    rules = load_rules(None)
    sentences = _sentences()
    assert len(sentences) > 1500
    matched = sum(any(p.search(s) for rule in rules.rules for p in rule.patterns)
                  for s in sentences)
    assert matched > 300  # the check below is not vacuous
    assert {s: m for s in sentences if (m := _missed(rules, s))} == {}


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(sorted({s for rule in load_rules(None).rules
                                        for s in rule.examples_match})), min_size=1,
                max_size=2), st.sampled_from(["upper", "title", "odd", "same"]))
def test_the_screen_lets_through_rules_whatever_the_case(examples: list[str], case: str) -> None:
    """Examples joined, and in capitals, title case or with letters that fold oddly."""
    text = " ".join(examples)
    text = {"upper": text.upper(), "title": text.title(),
            "odd": text.replace("i", "\u0130").replace("s", "\u017f").replace("k", "\u212a"),
            "same": text}[case]
    assert _missed(load_rules(None), text) == []


def _article(paragraphs: list[str], kind: BlockKind = BlockKind.PARAGRAPH) -> Article:
    return Article("Test", "en", (Section("", 0, tuple(Block(kind, p) for p in paragraphs)),))


def test_the_notes_are_those_found_without_the_screen() -> None:
    """On the samples and the labelled claims, every rule tried on every sentence (a
    screen that answers for no rule) finds exactly what the screened check finds."""
    glossary, screened = glossary_for(None), load_rules(None)
    unscreened = load_rules(None).__class__(screened.rules, screened.overridden,
                                            screened.guards)
    unscreened.__dict__["screen"] = Screen(None, frozenset())  # a cached property, set first
    pages = [*_samples(), _article(_sentences())]
    found = 0
    for page in pages:
        with_screen = find(page, glossary, screened, budget=60)
        without = find(page, glossary, unscreened, budget=60)
        assert with_screen.found == without.found
        found += len(with_screen)
    assert found > 100


@pytest.mark.parametrize("items", [60_000])
def test_a_long_list_is_checked_to_its_last_item(items: int) -> None:
    """A list of 60,000 items (a long index page) is checked within the default budget,
    and a substance named in its last item gets its note: the time budget, once fixed at
    2 s a page, stopped main's check about a third of the way down such a list."""
    words = ["rest", "walk", "sleep", "water", "fruit", "bread", "green", "light"]
    texts = [f"{words[i % 8]} {words[i // 8 % 8]} {i}" for i in range(items - 1)]
    texts.append("Kratom capsules from the shop")
    findings = find(_article(texts, BlockKind.LIST_ITEM), glossary_for(None), load_rules(None))
    assert not any("stopped" in w for w in findings.warnings), findings.warnings
    assert [(f.rule.id, f.block) for f in findings if f.rule.id == "kratom"] == [
        ("kratom", items - 1)]


def test_a_block_without_literals_or_health_words_is_still_checked_by_an_overlay_rule(
        tmp_path: Path) -> None:
    """Blocks with no rule's literal, no health word and no substance are passed over, but
    not when a local rule (whose patterns the screen does not know) could fire on them."""
    sticks = rule("glow-sticks", kind='"general"', patterns="['''\\bglow\\s+sticks?\\b''']",
                  examples_match='["Buy glow sticks.", "A glow stick.", "Glow sticks here."]',
                  examples_no_match='["A stick.", "A glow.", "Sticks and stones."]')
    page = _article(["Rest and walk every day.", "Buy glow sticks at the fair."])
    glossary = glossary_for(None)
    assert find(page, glossary, load_rules(None)).found == ()
    local = load_rules(overlay(tmp_path, sticks))
    assert not local.screen_covers_all
    assert [(f.rule.id, f.block) for f in find(page, glossary, local)] == [("glow-sticks", 1)]


def test_blocks_are_passed_over_only_while_the_screen_answers_for_every_claim_rule() -> None:
    """A shipped claim rule whose pattern the screen cannot read is matched on every
    sentence, so no block is passed over on the screen's word."""
    import dataclasses

    shipped = load_rules(None)
    assert shipped.screen_covers_all
    claim = next(rule for rule in shipped.rules if rule.id == "claim-detox")
    unread = dataclasses.replace(claim, id="claim-numbered",
                                 patterns=(regex.compile(r"(?:\w+\s+){2}\d+"),))
    rules = Rules((*shipped.rules, unread), shipped.overridden, shipped.guards)
    assert "claim-numbered" not in rules.screen.screened
    assert not rules.screen_covers_all


def test_a_sentence_is_claim_shaped_exactly_when_its_features_hold_a_claim_feature() -> None:
    """The claim model's quick test (structure alone, scope not looked for) says what the
    full features say, on every labelled and sample sentence."""
    from plainhealth.safety.claims import CLAIM_FEATURES, claim_shaped, features

    sentences = _sentences()
    shaped = [claim_shaped(s) for s in sentences]
    assert shaped == [any(n in CLAIM_FEATURES for n in features(s)) for s in sentences]
    assert 100 < sum(shaped) < len(sentences)


def test_a_block_is_urgent_exactly_when_the_whole_urgent_pattern_matches() -> None:
    """The editorial stage runs only the parts of the urgent pattern whose words a block
    has; it finds what the whole pattern finds, on every labelled and sample sentence,
    on the project's urgent examples, and whatever their case."""
    from plainhealth.edit import urgent
    from test_editorial import URGENT

    examples = [re.sub(r"<[^>]+>", " ", html) for html in URGENT]
    texts = [*_sentences(), *examples, *(t.upper() for t in examples)]
    found = [urgent.is_urgent(t) for t in texts]
    assert found == [bool(urgent._URGENT.search(t)) for t in texts]
    assert sum(found) >= len(URGENT)  # the check above is not vacuous
    screen, _parts, _always = urgent._screened_parts()
    literal_chars = {c for part in urgent._URGENT_PARTS for literal in necessary(part) or ()
                     for c in literal}
    every = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)
    for char in literal_chars:  # the standard library's case-insensitive pairs fold alike
        matching = re.compile(re.escape(char), re.IGNORECASE)
        assert {fold(m.group()) for m in matching.finditer(every)} == {fold(char)}, char
    assert len(screen.screened) >= len(urgent._URGENT_PARTS) - 2
