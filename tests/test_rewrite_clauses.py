"""Relative and coordinated clauses made sentences of their own, with the noun they are
about said again, and the sentences where that would change what is said left whole.
(Examples written for the project in the styles of patient pages.)"""

from __future__ import annotations

import pytest

from plainhealth.rewrite.guards import problems
from plainhealth.rewrite.splitting import split_but
from test_simplify import rewrite, splits

SPLIT = [
    # A plural noun and a verb only a plural takes: "which" can only be the sugars.
    ("split-which",
     "Your body turns the food you eat into sugars, which give your cells the energy they "
     "need.",
     "Your body turns the food you eat into sugars. These sugars give your cells the energy "
     "they need."),
    ("split-which",
     "Asthma causes swelling in the airways, which are the tubes that carry air in and out of "
     "the lungs.",
     "Asthma causes swelling in the airways. The airways are the tubes that carry air in and "
     "out of the lungs."),
    # "who" is about a person: the person is named again.
    ("split-who",
     "Bring a list of all the medicines you take to your pharmacist, who can check them for "
     "you.",
     "Bring a list of all the medicines you take to your pharmacist. Your pharmacist can check "
     "them for you."),
    # Coordinated full clauses: a plural pronoun and its verb, a contraction, two nouns.
    ("split-and",
     "The virus has changed how all of us live and work, and we know that some of our usual "
     "advice may not apply.",
     "The virus has changed how all of us live and work. We know that some of our usual advice "
     "may not apply."),
    ("split-and",
     "There are three main types of angina that doctors see, and the signs and symptoms depend "
     "on the type.",
     "There are three main types of angina that doctors see. The signs and symptoms depend on "
     "the type."),
    # A list after a colon: a short lead sentence, then what it lists.
    ("split-list",
     "If you are pregnant, you should avoid these foods: soft cheese, raw eggs, and liver "
     "pate.",
     "If you are pregnant, you should avoid these foods. These foods include soft cheese, raw "
     "eggs, and liver pate."),
    ("split-list",
     "Call the clinic if your child has any of the following symptoms: a high fever, a stiff "
     "neck or a rash.",
     "Call the clinic if your child has any of the following symptoms. These symptoms include "
     "a high fever, a stiff neck or a rash."),
    ("split-but",
     "Most colds go away on their own in a week or two, but it's best to rest and drink "
     "plenty of water.",
     "Most colds go away on their own in a week or two. But it's best to rest and drink "
     "plenty of water."),
]


@pytest.mark.parametrize(("rule", "before", "after"), SPLIT)
def test_clauses_become_sentences_that_name_their_subject(rule: str, before: str,
                                                           after: str) -> None:
    text, rules = rewrite(before)
    assert text == after
    assert rule in rules


KEPT = [
    # A singular noun: "which" may be about the whole event (smoking, not the lungs).
    "Smoking damages the lining of your lungs, which makes it harder to fight off chest "
    "infections.",
    # A modal shows no number: the tablets, or taking them?
    "Ask your pharmacist about the newer blood thinning tablets, which can cause bleeding in "
    "some people.",
    # Two nouns joined by "and": the clause may be about both.
    "You will stay on a ward run by a team of nurses and doctors, who will check on you every "
    "few hours.",
    # "who" after a noun that is no person.
    "Most of the advice comes from the national guideline group, who update it every two "
    "years.",
    # A condition scopes the relative clause too.
    "If the rash spreads to your face, go and see your doctor, who can give you a stronger "
    "cream.",
    # The noun before the colon is not what the list lists ("problems").
    "Some things raise your risk of heart problems: smoking, high blood pressure and "
    "diabetes.",
    # A question is not two statements ("What are …. How will …?").
    "What are the signs of plaque psoriasis, and how will someone know they need to see a "
    "doctor about it?",
    # A measure before "such as" is not what the list lists (the change in habits is).
    "Bowel cancer may cause a change in bowel habits that lasts for more than a few days, "
    "such as diarrhoea, constipation or narrow stools.",
    # An item with a clause of its own.
    "Call the clinic if your child has any of the following symptoms: a high fever, a stiff "
    "neck, or a rash that does not fade.",
    # "and other interested parties, on how …": a list item, not a clause ("interested" is
    # no verb after "other").
    "This leaflet is the last in a series giving useful facts to health care staff, and other "
    "interested parties, on how to prevent altitude illness.",
    # "changes we could make": a noun and a relative clause with no verb of its own after.
    "We talked about the parts of our lives that affect how we age, and changes we could make "
    "that can help us stay well.",
]


@pytest.mark.parametrize("sentence", KEPT)
def test_clauses_that_would_change_meaning_stay(sentence: str) -> None:
    assert splits(sentence) == []


def test_a_split_never_cuts_a_quotation_in_two() -> None:
    """A quotation split at its semicolon would leave an opening mark with no closing one
    in the first sentence."""
    before = ("“The liver cleans your blood all day long; it is one of its main jobs,” says "
              "one of the nurses.")
    after = ("“The liver cleans your blood all day long. It is one of its main jobs,” says "
             "one of the nurses.")
    assert problems(before, after) == ["a quotation or a bracket would be cut in two"]
    assert rewrite(before)[0] == before


def test_a_clause_ending_in_an_abbreviation_keeps_one_full_stop() -> None:
    """"… in the U.S., but rules …" → "… in the U.S. But rules …", never "U.S.. But" (and
    where the sentence splitter would not see the new sentence, it stays whole)."""
    before = ("This kind of cream is sold in shops all over the U.S., but the rules are "
              "different in other countries.")
    assert split_but(before) == ("This kind of cream is sold in shops all over the U.S. But "
                                 "the rules are different in other countries.")
    assert rewrite(before)[0] in (before, split_but(before))
