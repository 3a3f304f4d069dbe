"""Finding glossary phrases: inflections, case, hyphens, longest match, whole words."""

from __future__ import annotations

import pytest

from plainhealth.matcher import Matcher

PHRASES = [
    ("opioid receptor", "opioid-receptor"), ("mu-opioid receptor", "mu-opioid-receptor"),
    ("receptor", "receptor"), ("modulate", "modulate"), ("NSAID", "nsaid"), ("pain", "pain"),
    ("St. John's wort", "st-johns-wort"), ("ACE inhibitor", "ace-inhibitor"),
    ("analgesic", "analgesic"), ("side effect", "side-effect"), ("study", "study"),
]


def found(text: str) -> list[tuple[str, str]]:
    return [(m.key, m.surface) for m in Matcher(PHRASES).find(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("Opioid receptors matter.", [("opioid-receptor", "Opioid receptors")]),
    ("It modulates, modulated and is modulating it.",
     [("modulate", "modulates"), ("modulate", "modulated"), ("modulate", "modulating")]),
    ("Studies and a study.", [("study", "Studies"), ("study", "study")]),
    ("Few side-effects; no side effects.",
     [("side-effect", "side-effects"), ("side-effect", "side effects")]),
])
def test_case_plurals_inflections_and_hyphens(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


def test_longest_match_wins() -> None:
    """"mu-opioid receptor" beats "opioid receptor", which beats "receptor"."""
    assert found("It binds the mu opioid receptor and other receptors.") == [
        ("mu-opioid-receptor", "mu opioid receptor"), ("receptor", "receptors")]


def test_whole_words_only() -> None:
    """"pain" never matches inside "painting" or "Spain"."""
    assert found("Painting in Spain is painless fun.") == []


def test_abbreviations_match_their_own_case() -> None:
    assert found("Take NSAIDs, not ACE inhibitors; an ace inhibitor is not one.") == [
        ("nsaid", "NSAIDs"), ("ace-inhibitor", "ACE inhibitors")]


def test_apostrophes_and_abbreviation_dots() -> None:
    assert found("St John’s wort and St. John's Wort") == [
        ("st-johns-wort", "St John’s wort"), ("st-johns-wort", "St. John's Wort")]


def test_never_inside_urls_or_code() -> None:
    assert found("See https://example.org/pain-receptor and `pain` for pain.") == [
        ("pain", "pain")]


def test_offsets_point_at_the_surface() -> None:
    text = "Ask about analgesics."
    (match,) = Matcher(PHRASES).find(text)
    assert text[match.start:match.end] == "analgesics"


def test_two_entries_claiming_one_phrase_are_recorded() -> None:
    matcher = Matcher([("pain reliever", "a"), ("pain relievers", "b")])
    assert matcher.conflicts == [("pain relievers", "a", "b")]
