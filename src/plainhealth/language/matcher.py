"""One matcher for every glossary phrase: a trie over normalised word tokens.

Text is split into word tokens (hyphens and spaces both separate words, so "mu-opioid"
and "mu opioid" are the same), each token is reduced to a key that folds case, plurals
and verb endings ("receptors" → "receptor", "modulating"/"modulates" → "modulat"), and
phrases are looked up token by token in a dict trie. Time grows with the length of the
text and the longest phrase, never with the number of phrases.

A phrase written with two or more capitals ("NSAID", "ACE") matches case-sensitively.
A phrase stored under :data:`NOT_A_TERM` claims its words without producing a match: it
keeps a word out of a sense the glossary does not mean ("a blinding headache" is not
study blinding).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import accumulate
from typing import NamedTuple

from plainhealth.language.memo import per_conversion, per_word

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# Addresses and code are never prose: URLs ("://"), www. hosts, e-mail addresses ("@"),
# bare domains with a common top-level domain ("kratom.com/shop") and `code`. Each is found
# by a short anchor and then widened to the surrounding non-space run, which keeps this
# fast: a pattern that tries every word as the start of a domain is 3x slower.
_ANCHOR = re.compile(
    r"`[^`]*`|://|@|\bwww\.|"
    r"\.(?:com|org|net|gov|edu|info|biz|io|health|shop|store|online|uk|ca|au|ie|nz)\b(?!-)",
    re.IGNORECASE)
_ANCHOR_MARK = re.compile(r"[`:@.]")
"""A character that every match of _ANCHOR holds."""
_CASE_MARK = "\x00"
NOT_A_TERM = ""
"""The value of a phrase that blocks a sense: it is matched, then dropped."""


def skipped_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` holds a URL, a domain, an e-mail address or code."""
    spans: list[tuple[int, int]] = []
    if not _ANCHOR_MARK.search(text):  # most list items and headings
        return spans
    for match in _ANCHOR.finditer(text):
        start, end = match.span()
        if not match.group().startswith("`"):
            while start > 0 and not text[start - 1].isspace():
                start -= 1
            while end < len(text) and not text[end].isspace():
                end += 1
        if spans and start < spans[-1][1]:
            start = spans.pop()[0]
        spans.append((start, end))
    return spans


def is_abbreviation(form: str) -> bool:
    """Two or more capitals: NSAID, ACE, COPD — these match in their own case only."""
    return sum(ch.isupper() for ch in form) >= 2


def normalize(token: str) -> str:
    """Fold case and regular inflections so that a word and its forms share one key."""
    word = token.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    word = word.replace("'", "")
    if len(word) <= 3:
        return word
    stripped = _strip_inflection(word)
    if word.endswith("ings") and stripped.endswith("ing"):  # "cravings" → "craving" → "crav"
        stripped = _strip_inflection(stripped)
    word = stripped
    if len(word) > 4 and word.endswith("e") and not word.endswith(("ee", "ye")):
        word = word[:-1]
    return word


def _strip_inflection(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    for suffix in ("ing", "ed"):
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and len(stem) >= 3 and re.search(r"[aeiouy]", stem):
            if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
                stem = stem[:-1]  # stopping → stop
            return stem
    return word


_SHORT_STEM = re.compile(r"[^aeiouy]?[aeiouy][^aeiouywx]")
"""A stem like "dos", "tak", "us": one vowel then one consonant, never "th" (thing)."""


def _silent_e_key(token: str) -> str | None:
    """"dosing"/"dosed" → "dose": the base form keeps an "e" that :func:`normalize` only
    drops from longer words, so a short stem needs this second key to meet its entry."""
    word = token.lower()
    for suffix in ("ing", "ed"):
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and _SHORT_STEM.fullmatch(stem):
            return normalize(stem + "e")
    return None


def _abbreviation_key(token: str) -> str:
    base = token[:-1] if token.endswith("s") and token[:-1].isupper() else token
    return _CASE_MARK + base.replace("’", "'")


def phrase_keys(form: str) -> tuple[str, ...]:
    """The token keys a glossary form is stored under."""
    tokens = _TOKEN.findall(form)
    if is_abbreviation(form):
        return tuple(_abbreviation_key(t) if is_abbreviation(t) or t.isupper()
                     else normalize(t) for t in tokens)
    return tuple(normalize(t) for t in tokens)


@dataclass(frozen=True)
class Match:
    """A phrase found in text: which entry, and where."""

    key: str
    start: int
    end: int
    surface: str


@dataclass
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    value: str | None = None


class _Token(NamedTuple):  # a named tuple: a long page makes a million of them
    start: int
    end: int
    keys: tuple[str, ...]


class Matcher:
    """Longest-match-first lookup of many phrases, each mapped to a value (an entry id)."""

    def __init__(self, phrases: Iterable[tuple[str, str]]) -> None:
        self._root = _Node()
        self.longest = 0
        self.conflicts: list[tuple[str, str, str]] = []
        """(form, value already stored, new value) for forms two values claim."""
        for form, value in phrases:
            self._add(form, value)

    def _add(self, form: str, value: str) -> None:
        keys = phrase_keys(form)
        if not keys:
            return
        node = self._root
        for key in keys:
            node = node.children.setdefault(key, _Node())
        if node.value is not None and node.value != value:
            self.conflicts.append((form, node.value, value))
            return
        node.value = value
        self.longest = max(self.longest, len(keys))

    def find(self, text: str) -> list[Match]:
        """Every phrase in ``text``, left to right, longest first, never overlapping."""
        starts = self._root.children.keys()
        if all(starts.isdisjoint(_keys(word)) for word in _TOKEN.findall(text)):
            return []  # no word starts a phrase (most blocks): no tokens made
        tokens = _tokens(text)
        found: list[Match] = []
        i = 0
        while i < len(tokens):
            # most words start no phrase: one set test instead of a walk
            hit = None if starts.isdisjoint(tokens[i].keys) else self._longest_at(tokens, i)
            if hit is None:
                i += 1
                continue
            value, last = hit
            start, end = tokens[i].start, tokens[last].end
            if value != NOT_A_TERM:
                found.append(Match(value, start, end, text[start:end]))
            i = last + 1
        return found

    def _longest_at(self, tokens: tuple[_Token, ...], i: int) -> tuple[str, int] | None:
        best: tuple[str, int] | None = None
        frontier = [self._root]
        for j in range(i, min(len(tokens), i + self.longest)):
            frontier = [child for node in frontier for key in tokens[j].keys
                        if (child := node.children.get(key)) is not None]
            if not frontier:
                break
            for node in frontier:
                if node.value is not None:
                    best = (node.value, j)
                    break
        return best


@per_conversion
def _tokens(text: str) -> tuple[_Token, ...]:
    """Word tokens with their keys (cached: the glossary and the plain-words list both
    look up the same sentences)."""
    return tuple(_token_iter(text))


def _token_iter(text: str) -> Iterator[_Token]:
    skipped = skipped_spans(text)
    inside = in_spans(skipped) if skipped else None
    for match in _TOKEN.finditer(text):
        if inside and inside(match.start()):
            continue
        yield _Token(match.start(), match.end(), _keys(match.group()))


@per_word
def _keys(token: str) -> tuple[str, ...]:
    """The keys a word of the text is looked up by (cached: pages share their words)."""
    keys: tuple[str, ...] = (normalize(token),)
    alternative = _silent_e_key(token)
    if alternative is not None and alternative != keys[0]:
        keys = (*keys, alternative)
    if any(ch.isupper() for ch in token):
        keys = (_abbreviation_key(token), *keys)
    return keys


def in_spans(spans: Iterable[tuple[int, int]]) -> Callable[[int], bool]:
    """Whether an offset falls in one of ``spans`` (a bisection, not a scan of them all:
    a long page has tens of thousands of words and of glossary matches)."""
    ordered = sorted(spans)
    starts = [start for start, _end in ordered]
    reach = list(accumulate((end for _start, end in ordered), max))

    def inside(index: int) -> bool:
        at = bisect_right(starts, index) - 1
        return at >= 0 and index < reach[at]
    return inside
