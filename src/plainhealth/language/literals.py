"""Which of many patterns may match a text, found without running them: a screen.

Each pattern has necessary literals: strings one of which is in any text the pattern
matches (``\\b(?:cure|heal)s?\\s+(?:your\\s+)?cancer`` needs "cancer"). One Aho-Corasick
pass over the text (pyahocorasick: a C automaton made for "which of these strings are in
this text") finds the literals it contains; only the patterns one of whose literals is
there can match. Most sentences of a page contain none: the safety rules' 110-odd
patterns, run one by one on every sentence, took most of the safety step's time (25 µs a
sentence), and the urgent-instruction pattern 3 µs a block. The answer is a superset: a
pattern the screen lets through is still run.

A pattern whose literals cannot be worked out (syntax this reading does not know, a
literal shorter than MIN_LITERAL) is unscreened: it is run as before.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

MIN_LITERAL = 3
"""A literal shorter than this is in too many sentences to screen anything."""
_SMALL_CLASS = 4
"""A character class of at most this many plain characters (``['’]``) counts as a set of
one-character strings."""
EXACT = 64
"""Strings a run of a pattern may match for its exact set to stand as a literal set."""
_REGEX_ONLY = re.compile(r"\[:|\{\s*[a-z]")
"""Syntax of the regex module that the standard library parses without an error but
reads otherwise: a POSIX class ("[[:digit:]]", "[a[:digit:]]") as characters, a fuzzy
match ("(?:cure){e<=1}") as a literal "{e<=1}"."""
_FOLDS = str.maketrans({"\u0130": "i", "\u0131": "i"})
"""Letters that case-insensitive matching pairs with "i" but ``casefold`` does not
(tests/test_safety_screen.py checks every character of the rules' literals)."""


def fold(text: str) -> str:
    """``text`` as the screen compares it: case-insensitive matching's pairs made equal."""
    return text.translate(_FOLDS).casefold()


def necessary(pattern: str) -> frozenset[str] | None:
    """Strings (folded) one of which is in every text ``pattern`` matches, matched
    case-insensitively; None when they cannot be worked out."""
    if _REGEX_ONLY.search(pattern):
        return None
    try:
        parsed = _parser().parse(pattern, _constants().SRE_FLAG_IGNORECASE)
    except Exception:
        return None
    found = _sequence(parsed.data)
    if found is None or min(map(len, found)) < MIN_LITERAL:
        return None
    return frozenset(fold(literal) for literal in found)


def _sequence(items: Iterable[tuple[Any, Any]]) -> frozenset[str] | None:
    """The best necessary set of a sequence: each item of it is necessary, so any item's
    set will do, and so is the exact set of a run of items whose matches are few and
    known ("cur" then "e|es|ed|ing": cure, cures, cured, curing). The set whose shortest
    literal is longest screens the most."""
    choices: list[frozenset[str]] = []
    run: frozenset[str] = frozenset([""])
    for op, value in items:
        exact = _exact_item(op, value)
        joined = _product(run, exact) if exact is not None else None
        if joined is not None:
            run = joined
            continue
        choices.append(run)
        run = exact if exact is not None else frozenset([""])
        if exact is None and (found := _item(op, value)) is not None:
            choices.append(found)
    choices = [c for c in (*choices, run) if "" not in c]
    return max(choices, key=lambda s: (min(map(len, s)), -len(s)), default=None)


def _item(op: Any, value: Any) -> frozenset[str] | None:
    c = _constants()
    if op is c.SUBPATTERN:
        _group, added, removed, inner = value
        return None if added or removed else _sequence(inner.data)
    if op is c.ATOMIC_GROUP:
        return _sequence(value.data)
    if op is c.BRANCH:
        alternatives = [_sequence(branch.data) for branch in value[1]]
        if any(found is None for found in alternatives):
            return None
        return frozenset().union(*alternatives)  # type: ignore[arg-type]
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        least, _most, inner = value
        return _sequence(inner.data) if least >= 1 else None
    return _exact_item(op, value)


def _exact(items: Iterable[tuple[Any, Any]]) -> frozenset[str] | None:
    """Every string a sequence can match, when they are at most EXACT and known."""
    run: frozenset[str] | None = frozenset([""])
    for op, value in items:
        exact = _exact_item(op, value)
        run = _product(run, exact) if run is not None and exact is not None else None
        if run is None:
            return None
    return run


def _exact_item(op: Any, value: Any) -> frozenset[str] | None:
    c = _constants()
    if op is c.LITERAL:
        return frozenset(chr(value))
    if op is c.IN and len(value) <= _SMALL_CLASS and all(o is c.LITERAL for o, _ in value):
        return frozenset(chr(v) for _, v in value)
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):  # zero width: they match no characters
        return frozenset([""])
    if op is c.SUBPATTERN:
        _group, added, removed, inner = value
        return None if added or removed else _exact(inner.data)
    if op is c.BRANCH:
        alternatives = [_exact(branch.data) for branch in value[1]]
        if any(found is None for found in alternatives):
            return None
        union: frozenset[str] = frozenset().union(*alternatives)  # type: ignore[arg-type]
        return union if len(union) <= EXACT else None
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and value[:2] in ((0, 1),
                                                                             (1, 1)):
        inner = _exact(value[2].data)
        return inner if inner is None or value[0] else inner | {""}
    return None


def _product(left: frozenset[str], right: frozenset[str]) -> frozenset[str] | None:
    joined = frozenset(a + b for a in left for b in right)
    return joined if len(joined) <= EXACT else None


def _parser() -> Any:
    return importlib.import_module("re._parser")


def _constants() -> Any:
    return importlib.import_module("re._constants")


@dataclass(frozen=True)
class Screen:
    """The literals of the screened rules, and which rules each literal lets through."""

    automaton: Any
    """None when no rule is screened."""
    screened: frozenset[str]
    """Ids of the rules :meth:`possible` answers for."""

    def possible(self, sentence: str) -> frozenset[str]:
        """The screened rules one of whose patterns may match ``sentence``; the others'
        patterns surely do not."""
        if self.automaton is None:
            return frozenset()
        found: set[str] = set()
        for _end, rules in self.automaton.iter(fold(sentence)):
            found |= rules
        return frozenset(found)


def build(patterns: dict[str, tuple[str, ...]]) -> Screen:
    """The screen of rules given as ``id -> pattern texts``: a rule is screened when every
    one of its patterns has necessary literals."""
    import ahocorasick

    by_literal: dict[str, set[str]] = {}
    screened = set()
    for rule_id, texts in patterns.items():
        literals = [necessary(text) for text in texts]
        if not texts or any(found is None for found in literals):
            continue
        screened.add(rule_id)
        for found in literals:
            for literal in found or ():
                by_literal.setdefault(literal, set()).add(rule_id)
    if not by_literal:
        return Screen(None, frozenset())
    automaton = ahocorasick.Automaton()
    for literal, rules in by_literal.items():
        automaton.add_word(literal, frozenset(rules))
    automaton.make_automaton()
    return Screen(automaton, frozenset(screened))
