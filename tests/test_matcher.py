"""Finding glossary phrases: inflections, case, hyphens, longest match, whole words."""

from __future__ import annotations

import pytest

from plainhealth.language.matcher import NOT_A_TERM, Matcher

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


@pytest.mark.parametrize("text", ["Dosing matters.", "It was dosed twice.", "Two doses.",
                                  "One dose."])
def test_short_stems_keep_their_silent_e(text: str) -> None:
    """"dosing"/"dosed" meet "dose", although "dose" is too short to lose its "e"."""
    assert [m.key for m in Matcher([("dose", "dose")]).find(text)] == ["dose"]


def test_silent_e_key_is_only_for_short_verb_stems() -> None:
    """"thing", "seed" and "doing" are not forms of "the", "see" or "doe"."""
    matcher = Matcher([("the", "the"), ("see", "see"), ("care", "care")])
    assert [m.key for m in matcher.find("A thing, a seed, caring.")] == ["care"]


@pytest.mark.parametrize("text", [
    "Buy it at kratom.com today.", "See KRATOM.COM/shop.", "Mail help@kratom.org now.",
    "Visit www.kratom.net/x or https://example.org/kratom.", "Run `kratom --help`.",
])
def test_never_inside_bare_domains_addresses_or_code(text: str) -> None:
    assert Matcher([("kratom", "kratom")]).find(text) == []


def test_a_blocked_phrase_claims_its_words_and_yields_nothing() -> None:
    """A phrase stored as NOT_A_TERM wins the longest match and is then dropped."""
    matcher = Matcher([("blinding", "blinding"), ("blinding headache", NOT_A_TERM)])
    assert [(m.key, m.surface) for m in matcher.find(
        "A blinding headache. Blinding keeps a trial fair.")] == [("blinding", "Blinding")]
