"""What a rewrite must never change: numbers and units, negations, hedges, warnings, and
named substances. A rewrite that breaks one is not applied."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from plainhealth.language.memo import per_conversion
from plainhealth.rewrite.numbers import canonical

_NUMBER = re.compile(
    r"\d+(?:[.,/:]\d+)*(?:\s?(?:%|percent|mg|mcg|µg|g|kg|ml|mL|l|L|IU|mm|cm|km|°C|°F|"
    r"mmHg|mm Hg|lbs?|oz|hours?|hrs?|days?|weeks?|months?|years?|times?|minutes?)"
    r"(?![^\W\d_]))?")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
NEGATIONS = frozenset({
    "not", "no", "never", "without", "none", "nor", "neither", "nobody", "nothing",
    "cannot", "can't", "don't", "doesn't", "didn't", "isn't", "aren't", "wasn't", "weren't",
    "won't", "wouldn't", "shouldn't", "mustn't", "hasn't", "haven't", "hadn't", "couldn't",
    # Words that carry their own "not": "insufficient evidence" may become "not enough
    # evidence", and "unable to" "could not", with the count of negations unchanged.
    "insufficient", "inadequate", "unable",
})
HEDGES = frozenset({"may", "might", "could", "can", "possibly", "probably", "likely",
                    "unlikely", "some", "often", "usually", "sometimes", "rarely"})
WARNINGS = frozenset({"warning", "caution", "danger", "dangerous", "risk", "risks", "avoid",
                      "stop", "emergency", "overdose", "fatal", "death", "die", "deadly",
                      "serious", "severe", "harmful", "toxic", "poison", "addiction",
                      "addictive", "call", "911", "urgent", "immediately"})


def numbers(text: str) -> Counter[str]:
    """Every number with its unit, as written (thin spaces folded), each figure in one form
    ("two weeks" and "2 weeks", "50 percent" and "50%", "14623" and "14,623" are the same)."""
    return Counter("".join(m.group().split()) for m in _NUMBER.finditer(canonical(text)))


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("’", "'"))


# Negations that say plain "not" ("cannot", "don't", "unable"): one may stand for another,
# so "were unable to" may become "could not"; "never", "no", "without" … stay themselves.
_NOT_LIKE = frozenset({"not", "cannot", "insufficient", "inadequate", "unable"})


def _negations(text: str, found: list[str]) -> Counter[str]:
    counted = Counter("not" if w in _NOT_LIKE or w.endswith("n't") else w
                      for w in found if w in NEGATIONS or w.endswith("n't"))
    if counted["not"]:
        # "Not only X but also Y" asserts both: the "not" there negates nothing.
        counted["not"] -= len(_NOT_ONLY.findall(text))
    return +counted


_NOT_ONLY = re.compile(r"\bnot only\b", re.IGNORECASE)


@per_conversion
def _facts(text: str) -> tuple[Counter[str], Counter[str], Counter[str], Counter[str]]:
    """Numbers, negations, hedges and warnings of one text (cached: a sentence is compared
    with every candidate rewrite of it). The words are listed once for all three."""
    found = _words(text)
    return (numbers(text), _negations(text, found), Counter(filter(HEDGES.__contains__, found)),
            Counter(filter(WARNINGS.__contains__, found)))


def broken(before: str, after: str, substances: Iterable[str] = (),
           protected: Iterable[str] = ()) -> list[str]:
    """The invariants ``after`` breaks relative to ``before``; empty when it is safe.
    ``protected``: words a safety note is about, which must stay as written."""
    problems = []
    old, new = _facts(before), _facts(after)
    if old[0] != new[0]:
        problems.append("a number, unit or dose would change")
    if old[1] != new[1]:
        problems.append("a negation would change")
    if old[2] - new[2]:
        problems.append("a hedge (may, could …) would be lost")
    if old[3] - new[3]:
        problems.append("a warning word would be lost")
    lower_after = after.lower()
    for name in substances:
        if name.lower() not in lower_after:
            problems.append(f"the substance {name!r} would be lost")
    wanted = Counter(p.lower() for p in protected)
    for words, count in wanted.items():
        if after.lower().count(words) < min(count, before.lower().count(words)):
            problems.append(f"the words {words!r}, which a safety note is about, would change")
    return problems
