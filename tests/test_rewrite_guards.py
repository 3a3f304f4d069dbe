"""The grammar and meaning checks every rewrite passes before it is applied: each of the
broken rewrites the issue found is refused by name, and the rewrites that keep grammar and
meaning pass."""

from __future__ import annotations

import pytest

from plainhealth.rewrite.guards import agreement, problems
from test_simplify import run

BROKEN = [
    # A means became an assertion.
    ("By understanding how it interacts with the body's dopamine system, we can unlock its "
     "potential as a safe and effective pain-relieving agent.",
     "We can understand how it interacts with the body's dopamine system. In this way, we can "
     "unlock its potential as a safe and effective pain-relieving agent.",
     "the clause under 'by' would become an assertion"),
    # Agreement broke after a split.
    ("Opioid medications, including oxycodone and hydrocodone, can cause drowsiness.",
     "Opioid medicines includes oxycodone and hydrocodone. Opioid medicines can cause "
     "drowsiness.",
     "the verb would not agree with its subject in 'Opioid medicines includes oxycodone and "
     "hydrocodone.'"),
    # The same opening twice in a row.
    ("Research suggests it may increase dopamine availability, creating a balanced effect.",
     "Research suggests it may increase dopamine availability. Research suggests this may "
     "create a balanced effect.",
     "two sentences in a row would open with the same words"),
    # A vague "This" where the noun (chronic pain) is at hand.
    ("Chronic pain is a widespread condition affecting millions, significantly impacting "
     "daily life.",
     "Chronic pain is a widespread condition affecting millions. This significantly affects "
     "daily life.",
     "'This significantly affects daily life.' would open on a vague subject"),
    # A condition dropped.
    ("If your fever lasts more than three days, see a doctor.",
     "Your fever lasts more than three days. See a doctor.",
     "the clause under 'if' would become an assertion"),
]


@pytest.mark.parametrize(("before", "after", "problem"), BROKEN)
def test_each_broken_rewrite_is_refused_with_its_reason(before: str, after: str,
                                                        problem: str) -> None:
    """Each rewrite the issue found broken fails the check, saying why."""
    assert problem in problems(before, after)


@pytest.mark.parametrize(("before", "after"), [
    ("Opioid medicines, including oxycodone and hydrocodone, can cause drowsiness.",
     "Opioid medicines include oxycodone and hydrocodone. They can cause drowsiness."),
    ("Pain is common after surgery, although it usually fades within a week.",
     "Pain is common after surgery. But it usually fades within a week."),
    ("Take 200 mg with food; it can upset your stomach.",
     "Take 200 mg with food. It can upset your stomach."),
    ("We judged the leaflets to be easy to read, whereas the forms were hard.",
     "We judged the leaflets to be easy to read. But the forms were hard."),
])
def test_rewrites_that_keep_grammar_and_meaning_pass(before: str, after: str) -> None:
    """A contrast may become "But"; a pronoun may name the subject just said."""
    assert problems(before, after) == []


def test_a_repetition_already_in_the_text_is_not_the_rewrite_s_fault() -> None:
    """Only a new pair of sentences opening alike is refused; the sentence before counts."""
    assert problems("Most people recover, and most people feel well.",
                    "Most people recover. Most people feel well.") == \
        ["two sentences in a row would open with the same words"]
    assert problems("Take it daily.", "Take it every day.",
                    previous="Take it with food.") == []
    assert problems("Kratom is sold online.", "Kratom is sold on the web.",
                    previous="Kratom is a tree.") == []
    assert problems("It is sold online, and kratom is not approved.",
                    "It is sold online. Kratom is not approved.",
                    following="Kratom is a tree.") == \
        ["two sentences in a row would open with the same words"]


@pytest.mark.parametrize(("sentence", "wrong"), [
    ("Opioid medicines includes oxycodone.", True),
    ("The studies was small.", True),
    ("Kratom reduce pain in some people.", True),
    ("Side effects causes the nausea.", True),
    ("The quality of the studies was low.", False),  # the head is "quality"
    ("Women who smoke have more risk.", False),
    ("Most people recover within a week.", False),
    ("Statins lower cholesterol.", False),
    ("Blood tests results are normal.", False),
])
def test_agreement(sentence: str, wrong: bool) -> None:
    """Subject and verb disagree in number only where they plainly do."""
    assert agreement(sentence) is wrong


def test_hospitalization_as_admissions_is_not_a_hospital_stay() -> None:
    """"increased hospitalization" counts admissions: "hospital stay" would change it; the
    length of a stay may still be said plainly."""
    text = run("Use of the drug was linked to increased hospitalization in older adults "
               "with heart failure.").article.sections[0].blocks[0].text
    assert "hospitalization" in text
    text = run("The new treatment shortened the duration of hospitalization by two days in "
               "most trials.").article.sections[0].blocks[0].text
    assert "time in hospital" in text
