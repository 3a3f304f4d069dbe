"""Rewrites that reach further under the same checks: the active voice where the agent is
named, Latin abbreviations in words, empty openers gone, nominalisations made verbs, and
the target grade followed as far as the rules allow, with how far it got."""

from __future__ import annotations

import pytest

from conftest import KRATOM
from plainhealth import convert
from plainhealth.models import Article, Block, BlockKind, Options, Section
from plainhealth.pipeline import convert_article, glossary_for
from plainhealth.render.json import report
from plainhealth.render.text import about_lines
from plainhealth.rewrite.abbreviations import in_words
from plainhealth.rewrite.plain_words import load
from plainhealth.rewrite.simplify import simplify
from plainhealth.rewrite.voice import to_active
from test_simplify import rewrite, run


@pytest.mark.parametrize(("before", "after"), [
    ("Most colds are caused by viruses.", "Viruses cause most colds."),
    ("Most cases of food poisoning are caused by bacteria or viruses.",
     "Bacteria or viruses cause most cases of food poisoning."),
    ("Your dose may be changed by your doctor.", "Your doctor may change your dose."),
    ("It is spread by droplets from coughs and sneezes.",
     "Droplets from coughs and sneezes spread it."),
    ("The results were reviewed by two authors.", "Two authors reviewed the results."),
    ("The rash is usually caused by an allergy.", "An allergy usually causes the rash."),
    # A linking word stays in front ("The … limits But these …" was a broken rewrite).
    ("But these findings are limited by the small size of the one trial.",
     "But the small size of the one trial limits these findings."),
])
def test_passive_with_a_named_agent_becomes_active(before: str, after: str) -> None:
    """The agent becomes the subject; the verb takes its number and the tense of "be"."""
    assert to_active(before) == after


@pytest.mark.parametrize("sentence", [
    "Blood pressure was reduced by 10 mmHg.",  # an amount, not an agent
    "The risk is increased by smoking.",  # a means in -ing
    "The condition is not caused by stress.",  # a negation
    "Cold sores are caused by a virus that stays in the body for life.",  # a clause
    "It was approved by the FDA in 2001.",  # a number
    "It is marked by dry, itchy patches of skin.",  # a state, not an action
    "It is marked by patchy areas of the skin.",
    "If it is caused by a virus, antibiotics will not help.",  # not the whole sentence
])
def test_passive_that_is_not_plainly_agent_and_action_stays(sentence: str) -> None:
    """Only a whole sentence of the plain shape is turned round."""
    assert to_active(sentence) == sentence


def test_active_voice_is_logged_as_a_change() -> None:
    """The rule is named in the change log like every other rule (and is made when the
    sentence's rewrite as a whole reads no harder than the sentence as written)."""
    text, rules = rewrite("Most of these infections in young individuals are caused by "
                          "viruses.")
    assert text == "Viruses cause most of these infections in young people."
    assert "active-voice" in rules


@pytest.mark.parametrize(("before", "after"), [
    ("Some foods, e.g. grapefruit, change it.", "Some foods, for example grapefruit, change it."),
    ("Take a painkiller (e.g., paracetamol).", "Take a painkiller (for example, paracetamol)."),
    ("On an empty stomach, i.e. an hour before food.",
     "On an empty stomach, that is an hour before food."),
    ("E.g. this one.", "For example this one."),
    ("Visit www.example.ie today.", "Visit www.example.ie today."),
])
def test_latin_abbreviations_are_said_in_words(before: str, after: str) -> None:
    """"e.g." and "i.e." in words, never a web address."""
    assert in_words(before) == after


@pytest.mark.parametrize(("before", "after"), [
    ("It is important to note that you should not stop taking the tablets suddenly, even if "
     "you feel better.",
     "You should not stop taking the tablets suddenly, even if you feel better."),
    ("Nurses will check your blood pressure and pulse before the administration of the first "
     "dose of the new medicine.",
     "Nurses will check your blood pressure and pulse before giving the first dose of the new "
     "medicine."),
])
def test_empty_openers_go_and_nominalisations_become_verbs(before: str, after: str) -> None:
    """The sentence keeps every word that carries meaning."""
    assert rewrite(before)[0] == after


def test_the_target_grade_is_followed_and_the_result_says_how_far() -> None:
    """A lower target rewrites more; progress gives the target, the grades before and
    after, and how many sentences are still above the target."""
    results = {target: convert(str(KRATOM), Options(target_grade=target))
               for target in (14.0, 6.0)}
    assert len(results[6.0].changes) > len(results[14.0].changes)
    assert results[6.0].after.document.flesch_kincaid_grade < \
        results[14.0].after.document.flesch_kincaid_grade


def test_progress_on_a_text_that_reaches_its_target() -> None:
    """A text already plain enough is left as it is, and progress says so."""
    done = run("Drink plenty of water. Rest at home. Call us if you feel worse.", target=6.0)
    assert done.progress is not None
    assert done.progress.reached
    assert done.changes == ()
    assert done.progress.above == 0
    hard = run("Pharmacological interventions demonstrated considerable heterogeneity "
               "regarding effectiveness.", target=6.0)
    assert hard.progress is not None
    assert not hard.progress.reached
    assert hard.progress.before > hard.progress.target
    assert hard.progress.above == 1


def test_the_report_says_how_far_the_rules_got_and_the_warning_stays() -> None:
    """The JSON report's ``rewriting`` section gives the target, the page's grade before
    and after, whether the target was reached, and the sentences still above it; the
    warning of a missed target is still given, and the handout's About section says it."""
    result = convert(str(KRATOM), Options(target_grade=6.0))
    section = report(result)["rewriting"]
    after = result.after.document.flesch_kincaid_grade
    assert section["target"] == 6.0
    assert section["before"] == result.before.document.flesch_kincaid_grade
    assert section["after"] == after
    assert section["reached"] is False
    assert 0 < section["sentences_above_target"] <= section["sentences"]
    assert section["sentences_reworded"] == len({(c.section, c.block, c.sentence)
                                                 for c in result.changes}) > 0
    assert f"reads at grade {after:.1f}; target 6" in result.warnings
    assert (f"The text now reads at grade {after:.1f} (the original: "
            f"{section['before']:.1f}); the target was grade 6: "
            f"{section['sentences_above_target']} of {section['sentences']} sentences are "
            "still above that grade.") in about_lines(result)


def article(text: str) -> Article:
    return Article("", "en", (Section("", 0, (Block(BlockKind.PARAGRAPH, text),)),))


def test_a_reached_target_is_reported_without_a_warning() -> None:
    """A page already at the target: reached, no sentence above it, no grade warning."""
    result = convert_article(article("Drink plenty of water. Rest at home. Call us if you "
                                     "feel worse."), source="note")
    section = report(result)["rewriting"]
    assert section["reached"] is True
    assert section["sentences_above_target"] == 0
    assert not [w for w in result.warnings if w.startswith("reads at grade")]
    assert any(line.endswith("the target was grade 6, and it was reached.")
               for line in about_lines(result))


def test_a_page_not_in_english_has_no_rewriting_section() -> None:
    """Nothing is rewritten in a language the rules are not for: the section is null."""
    spanish = Article("", "es", (Section("", 0, (Block(
        BlockKind.PARAGRAPH, "Beba mucha agua y descanse en casa durante varios días."),)),))
    assert report(convert_article(spanish, source="nota"))["rewriting"] is None


def test_a_sentence_without_words_is_no_trouble() -> None:
    """A "sentence" of punctuation alone ("…") has no grade: it is ranked last, not
    divided by zero (found by the fuzz test)."""
    text = ("Then call the clinic if the pain comes back after a week of rest and gentle "
            "walking every day.")
    blocks = (Block(BlockKind.PARAGRAPH, "…"), Block(BlockKind.PARAGRAPH, text))
    done = simplify(Article("t", "en", (Section("", 0, blocks),)), glossary_for(None), load(),
                    6.0)
    assert done.progress is not None
    assert done.progress.sentences == 1  # the text's one sentence with words
