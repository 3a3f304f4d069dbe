"""Splits that carry a frame into the new sentence ("is known to", a modal, an adverb),
fronted means phrases left whole ("By reducing X, …"), contrasts ("…, however …"),
semicolons outside brackets, and sentence ends after a one-letter name ("vitamin D.").
Each negative example would be split, wrongly, if the guard named beside it were removed."""

from __future__ import annotations

import pytest

from plainhealth.language.sentences import split
from test_simplify import rewrite, splits

SPLITS = [
    # "is known to" is said again (as "It is known to", not "Kratom is known to" twice in a
    # row), with both coordinated verbs in the base form.
    ("split-participle",
     "Kratom is known to interact with opioid receptors in the brain, modulating dopamine "
     "release and enhancing pain relief.",
     "Kratom is known to interact with opioid receptors in the brain. It is known to "
     "modulate dopamine release and increase pain relief."),
    # The "This significantly affects daily life": the subject is the noun.
    ("split-participle",
     "Chronic pain is a widespread condition that affects millions of people, significantly "
     "impacting their daily life.",
     "Chronic pain is a widespread condition that affects millions of people. It "
     "significantly affects their daily life."),
    ("split-participle",
     "Eczema is a common skin condition in young children, often causing dry and itchy "
     "patches.",
     "Eczema is a common skin condition in young children. Eczema often causes dry and itchy "
     "patches."),
    ("split-contrast",
     "No increase in adverse events with the new therapy was seen, however the studies were "
     "small and short.",
     "No increase in harmful events with the new therapy was seen. But the studies were small "
     "and short."),
    ("split-contrast",
     "The classes were generally well run, although waiting lists were long at most of the "
     "centres.",
     "The classes were mostly well run. But waiting lists were long at most of the centres."),
    ("split-contrast",
     "Women who counted movements had fewer hospital visits than women in the hormone group "
     "(RR 0.26), whereas there were more low Apgar scores with hormone tests (RR 1.72).",
     "Women who counted movements had fewer hospital visits than women in the hormone group "
     "(RR 0.26). But there were more low Apgar scores with hormone tests (RR 1.72)."),
    ("split-semicolon",
     "Most parents found the new leaflet easy to follow; however, a few wanted more "
     "pictures.",
     "Most parents found the new leaflet easy to follow. But a few wanted more pictures."),
    # Semicolons inside the figures are not places to split; the one outside is.
    ("split-semicolon",
     "The syrup caused more stomach upsets than a dummy syrup (OR 1.42, 95% CI 1.11 to 1.83; "
     "low-quality evidence); it also caused more headaches (OR 1.28; 95% CI 1.05 to 1.56).",
     "The syrup caused more stomach upsets than a dummy syrup. (OR 1.42, 95% CI 1.11 to 1.83; "
     "low-quality evidence.) It also caused more headaches (OR 1.28; 95% CI 1.05 to 1.56)."),
    # "and" right after a bracket joins two clauses as ", and" does.
    ("split-and",
     "A second fall was also recorded in the small group (three versus five people) and we "
     "judged this result to be uncertain.",
     "A second fall was also recorded in the small group (three versus five people). We "
     "judged this result to be uncertain."),
    # "hepatitis B." ends a sentence (the segmenter once read "B." as an initial).
    ("split-and",
     "Four of the clinics checked every patient for hepatitis B, and one clinic also offered "
     "a test for hepatitis C.",
     "Four of the clinics checked every patient for hepatitis B. One clinic also offered a "
     "test for hepatitis C."),
]


@pytest.mark.parametrize(("rule", "before", "after"), SPLITS)
def test_frame_and_contrast_splits(rule: str, before: str, after: str) -> None:
    text, rules = rewrite(before)
    assert text == after
    assert rule in rules


KEPT = [
    # The broken rewrites. A means ("By understanding …, we can …") is a condition
    # of the main clause: "We can understand how …" would assert it.
    "By understanding how it interacts with the body's dopamine system, we can unlock its "
    "potential as a safe and effective pain-relieving agent.",
    "By potentially reducing the sensitivity to pain signals, kratom may offer relief for "
    "those living with chronic pain.",
    # "Research suggests … Research suggests this may create …": said twice, and "this".
    "Research suggests it may enhance dopamine availability without fully activating "
    "receptors, creating a balanced effect.",
    # What increases the risk is the attrition, not the trials; only "This" could say so.
    "Seven trials had attrition of more than 20%, increasing the risk of bias.",
    "The immune system attacks the lining of the joints in the body, causing swelling, "
    "warmth and pain.",
    # "while" without "But" would lose the contrast: "A. B." only sets them side by side.
    "Blood pressure fell in the treated group (MD -5 mmHg) while the pulse rate stayed the "
    "same in both groups.",
    # Not an agent: "Blood pressure may reduce salt" would be false.
    "By reducing salt in the diet, blood pressure may fall by a few points within a few weeks.",
    # A form of "be": "It takes it with food" would be false.
    "By taking it with food, it is absorbed better and causes less stomach upset in most "
    "people.",
    # "doing this": "You may do this" would turn a means into a suggestion.
    "By doing this every day, you can return to work sooner than you expected at first.",
    # An attribution whose subject is not a known research frame.
    "Kratom users say the herb eases their back pain at night, providing relief for many "
    "older adults.",
    # "hoping" belongs to "people seeking help", not to "offering".
    "The clinic runs a program for smokers at home, offering support for people seeking help "
    "and hoping to quit.",
    # "while" as a time: a pronoun subject, or a verb in the -ing form.
    "Blood pressure fell in the treated group (MD -5 mmHg), while they were in hospital for "
    "the first week.",
    "Blood pressure fell in the treated group (MD -5 mmHg) while people were taking the "
    "tablets every day.",
    # A fronted phrase scopes the contrast too.
    "For children under 12, the dose is 5 mg twice a day, although the maximum is 20 mg a "
    "day.",
    # A label before a colon covers both clauses.
    "Read by eye: the home test found 84% (95% CI 70% to 92%) of cases and ruled out 88% "
    "(95% CI 75% to 95%) of those without.",
    # "and" inside a noun phrase after a bracket: "Most other outcomes but it was …" is no
    # sentence.
    "Two clinics saw no change in the main measure (days off work) and most other measures "
    "but it was linked to weight gain.",
    # An adverb is not a subject ("Ideally gave …").
    "Ideally randomised trials should be done that have a large sample size, giving "
    "metoclopramide against control.",
    # "is known to" with an event participle: what creates the calm is not said.
    "Kratom is known to bind to receptors in the brain, creating a feeling of calm in some of "
    "the people who use it.",
]


@pytest.mark.parametrize("sentence", KEPT)
def test_frames_that_cannot_be_carried_are_left_alone(sentence: str) -> None:
    assert splits(sentence) == []


@pytest.mark.parametrize(("text", "sentences"), [
    ("Your doctor may check your vitamin D. Most adults need 10 µg a day.",
     ["Your doctor may check your vitamin D.", "Most adults need 10 µg a day."]),
    ("It was approved by the U.S. Food and Drug Administration in 2001.",
     ["It was approved by the U.S. Food and Drug Administration in 2001."]),
    ("A letter from John F. Kennedy was read aloud.",
     ["A letter from John F. Kennedy was read aloud."]),
])
def test_a_capital_after_a_lower_case_word_ends_a_sentence(text: str,
                                                          sentences: list[str]) -> None:
    assert [s.text for s in split(text)] == sentences


def test_possessive_plural_keeps_its_apostrophe() -> None:
    assert rewrite("Data on participants' blood pressure were missing in both trials.")[0] == \
        "Data on people's blood pressure were missing in both trials."
