"""Plain-language rewriting: each rule with positive and negative examples, the invariants
that block unsafe rewrites, the change log, and the target grade."""

from __future__ import annotations

import pytest

from conftest import KRATOM
from plainhealth import convert
from plainhealth.invariants import broken
from plainhealth.models import Article, Block, BlockKind, Options, Section
from plainhealth.pipeline import glossary_for
from plainhealth.plain_words import load
from plainhealth.simplify import simplify


def rewrite(text: str, target: float = 0.0) -> tuple[str, list[str]]:
    article = Article("t", "en", (Section("", 0, (Block(BlockKind.PARAGRAPH, text),)),))
    done = simplify(article, glossary_for(None), load(), target)
    return done.article.sections[0].blocks[0].text, [c.rule for c in done.changes]


@pytest.mark.parametrize(("before", "after", "rule"), [
    ("Patients should utilize the inhaler twice a day.",
     "Patients should use the inhaler twice a day.", "plain-words/utilize"),
    ("She utilized the inhaler and is utilizing it now.",
     "She used the inhaler and is using it now.", "plain-words/utilize"),
    ("The nurse will assist you prior to the test.",
     "The nurse will help you before the test.", "plain-words/prior-to"),
    ("Ask about analgesics for the pain in your back.",
     "Ask about pain relievers for the pain in your back.", "glossary-plain/analgesic"),
    ("Your doctor may prescribe an analgesic.",
     "Your doctor may prescribe a pain reliever.", "glossary-plain/analgesic"),
])
def test_word_rules(before: str, after: str, rule: str) -> None:
    text, rules = rewrite(before)
    assert text == after
    assert rule in rules


@pytest.mark.parametrize("sentence", [
    "Its analgesic properties are not proven.",  # adjective use: no noun swap
    "High blood pressure, also called hypertension, is common.",  # a definition stays
    "Each individual's plan is different.",  # possessive singular is not "individuals"
])
def test_word_rules_leave_these_alone(sentence: str) -> None:
    text, rules = rewrite(sentence)
    assert text == sentence, rules


@pytest.mark.parametrize(("before", "after", "rule"), [
    ("Kratom, a plant that grows in Southeast Asia, has been sold in many shops across the "
     "country for years.",
     "Kratom is a plant that grows in Southeast Asia. Kratom has been sold in many shops "
     "across the country for years.", "split-appositive"),
    ("Chronic pain, lasting over 12 weeks, is a condition that affects the body and the mind "
     "of many people.",
     "Chronic pain lasts over 12 weeks. Chronic pain is a condition that affects the body and "
     "the mind of many people.", "split-appositive"),
    ("Take the tablets with food in the morning; they can upset your stomach if taken alone.",
     "Take the tablets with food in the morning. They can upset your stomach if taken alone.",
     "split-semicolon"),
    ("Nearly half of adults in the country have high blood pressure, and many of them do not "
     "know it.",
     "Nearly half of adults in the country have high blood pressure. Many of them do not know "
     "it.", "split-and"),
    ("A common example is lisinopril 10 mg once a day, but your dose may be different.",
     "A common example is lisinopril 10 mg once a day. But your dose may be different.",
     "split-but"),
    ("The drug is broken down in the liver, which can cause damage if you drink alcohol.",
     "The drug is broken down in the liver. This can cause damage if you drink alcohol.",
     "split-which"),
    ("This activation blocks pain signals in the spinal cord, giving a calming effect on "
     "users.",
     "This activation blocks pain signals in the spinal cord. This gives a calming effect on "
     "users.", "split-participle"),
    ("Kratom is known to bind to receptors in the brain that modulate dopamine, a chemical "
     "linked to reward.",
     "Kratom is known to bind to receptors in the brain that modulate dopamine. Dopamine is a "
     "chemical linked to reward.", "split-trailing-appositive"),
])
def test_split_rules(before: str, after: str, rule: str) -> None:
    text, rules = rewrite(before)
    assert text == after
    assert rule in rules


@pytest.mark.parametrize("sentence", [
    # The condition must stay with everything it governs.
    "If you have a fever and a stiff neck, call your doctor right away, and stay at home.",
    "When the pain spreads down your legs, stop exercising, and call your doctor today.",
    # A list, not two clauses.
    "Bring your pills, your blood pressure log, and the names of all your other medicines.",
    # Short sentences are left alone.
    "Rest, and drink water.",
    # Semicolons inside a list of places are not clause boundaries.
    "Clinics are open in Leeds; York.",
    # Never split inside brackets: the figures belong together.
    "The risk (RR 0.75; 95% CI 0.55 to 1.03; four studies) was lower with the new drug in "
    "all of the trials.",
    # Two sets of figures: moving them would lose which belongs to which.
    "Pain fell more with exercise (MD -1.2, 95% CI -2.0 to -0.4) than with rest (MD -0.3, "
    "95% CI -1.0 to 0.4).",
    # "which" introducing a restrictive question, not a trailing clause about the noun.
    "Ask your pharmacist which of your medicines you should keep taking before surgery.",
    # A participle that is part of the main verb phrase, not a trailing phrase.
    "Most people who keep taking the tablets every day are giving their heart a rest.",
    # An appositive whose subject opens with a preposition is not a subject.
    "By the evening, a time when many people feel tired, the pain often gets worse again.",
    # A trailing "a …" phrase after a list, not after one noun.
    "Bring your pills, your log and your questions to every visit, a habit that helps.",
])
def test_splits_that_would_change_meaning_are_not_made(sentence: str) -> None:
    text, rules = rewrite(sentence)
    assert text == sentence, rules


@pytest.mark.parametrize(("before", "after", "problem"), [
    ("Take 10 mg twice a day.", "Take 10 twice a day.", "a number, unit or dose"),
    ("Take 2.5 mL.", "Take 25 mL.", "a number, unit or dose"),
    ("Do not take it with alcohol.", "Take it with alcohol.", "a negation"),
    ("It works without side effects.", "It works with side effects.", "a negation"),
    ("It may help.", "It helps.", "a hedge"),
    ("Call 911 in an emergency.", "Phone for help.", "a warning word"),
])
def test_invariants_catch_unsafe_rewrites(before: str, after: str, problem: str) -> None:
    assert any(problem in p for p in broken(before, after))


def test_invariants_accept_safe_rewrites() -> None:
    assert broken("Patients should utilize 10 mg daily.", "Patients should use 10 mg daily.") == []


def test_substances_must_survive() -> None:
    assert broken("Kratom can harm the liver.", "This plant can harm the liver.",
                  ["Kratom"]) == ["the substance 'Kratom' would be lost"]


def test_target_grade_stops_rewriting() -> None:
    """Text already at the target is left as written."""
    easy = "Utilize the cane when you walk outside in the morning."
    assert rewrite(easy, target=20.0)[0] == easy
    assert rewrite(easy, target=0.0)[0] == "Use the cane when you walk outside in the morning."


def test_kratom_sample_reads_four_grades_lower_with_every_fact_kept() -> None:
    result = convert(str(KRATOM))
    drop = (result.before.document.flesch_kincaid_grade
            - result.after.document.flesch_kincaid_grade)
    assert drop >= 4.0
    assert result.changes
    for change in result.changes:
        assert broken(change.before, change.after) == []
    original = " ".join(result.article.prose())
    simplified = " ".join(result.plain.prose())
    assert broken(original, simplified) == []


def test_changes_are_logged_with_positions() -> None:
    """The last change logged for a sentence is what its block now says, at that place."""
    result = convert(str(KRATOM))
    last = {(c.section, c.block, c.sentence): c for c in result.changes}
    for (section, block, _sentence), change in last.items():
        assert change.before != change.after
        assert change.after in result.plain.sections[section].blocks[block].text


def test_target_grade_option_is_honoured() -> None:
    lenient = convert(str(KRATOM), Options(target_grade=30.0))
    assert lenient.changes == ()
    assert lenient.after.document == lenient.before.document
