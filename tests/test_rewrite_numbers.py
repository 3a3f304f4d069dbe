"""Numbers made easier to read with every figure the same: counts in numerals, "%" for
"percent", thousands separators in long counts; and the invariants read each pair as one
figure. (Examples written for the project.)"""

from __future__ import annotations

import pytest

from plainhealth.rewrite.invariants import broken, numbers
from plainhealth.rewrite.numbers import easier
from test_simplify import rewrite


@pytest.mark.parametrize(("before", "after"), [
    ("Take the tablets for two weeks, then stop for seven days.",
     "Take the tablets for 2 weeks, then stop for 7 days."),
    ("The rash lasts two to three weeks in most children.",
     "The rash lasts 2 to 3 weeks in most children."),
    ("About forty per cent of adults have it, and 25 percent never know.",
     "About 40% of adults have it, and 25% never know."),
    ("The survey asked 14623 people about their sleep.",
     "The survey asked 14,623 people about their sleep."),
    ("He was twenty-five years old when it started.",
     "He was 25 years old when it started."),
])
def test_counts_are_numerals_and_every_figure_stays(before: str, after: str) -> None:
    assert easier(before) == after
    assert numbers(after) == numbers(before)
    assert broken(before, after) == []


@pytest.mark.parametrize("sentence", [
    "Three trials looked at it.",  # a sentence does not open with a numeral
    "One of the two main types is more common.",  # "two main": no count of a noun next
    "The group had three versus five people at the end.",  # side by side: both stay words
    "Call 12345 to book a place on the course.",  # a number that counts nothing
    "About two-thirds of people get better on their own.",  # a fraction
    "Ring the helpline on 08001 111 222 for help.",  # a phone number
    "We found that no two clinics used the same leaflet.",  # "no two": an idiom
])
def test_numbers_that_are_not_plain_counts_stay(sentence: str) -> None:
    assert easier(sentence) == sentence


def test_numbers_rule_runs_after_the_splits_and_is_logged() -> None:
    """A sentence a split made keeps its opening number word; the rule is in the log."""
    text, rules = rewrite("Most of the leaflets were written for adults, and two leaflets "
                          "were made for children under twelve years old.")
    assert text == ("Most of the leaflets were written for adults. Two leaflets were made "
                    "for children under 12 years old.")
    assert "numbers" in rules
