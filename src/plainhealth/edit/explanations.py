"""Which terms are explained where, as a health editor would choose.

- ``common`` terms (side effects, blood pressure) are never explained to a patient.
- ``familiar`` terms are explained in "Words to know" (not marked: most readers know them).
- ``hard`` terms are explained inline after the sentence of their first use, the ones the
  article leans on most first (used most often, then rarest), at most
  :data:`PER_BLOCK` in a paragraph and within :data:`BUDGET` of the article's own words;
  the rest are marked at their first use and explained in "Words to know".
- Nothing is inline or marked inside an urgent passage: a term first used there is only
  in "Words to know".

``--explain end`` marks and lists every hard or familiar term; ``--explain none`` shows no
explanations (the report still lists the terms).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from plainhealth.explain.annotate import FirstUse
from plainhealth.explain.jargon import familiarity
from plainhealth.models import Addition, AdditionKind, TermUse

MODES = ("inline", "end", "none")
PER_BLOCK = 2
BUDGET = 0.15
"""Inline explanations may add up to this share of the article's own words …"""
TOTAL = 0.40
"""… and everything added before the word list (safety points and notes first) up to this
share; at least one explanation is always given inline when a hard term is used."""
INLINE, LISTED, HIDDEN = "inline", "list", "none"


@dataclass(frozen=True)
class Explained:
    terms: tuple[TermUse, ...]
    """The terms with ``shown`` set."""
    additions: dict[tuple[int, int], list[Addition]]


def choose(terms: Sequence[TermUse], uses: Sequence[FirstUse], mode: str, words: int,
           urgent: Callable[[int, int], bool], cost: Callable[[TermUse], int],
           noted: int = 0) -> Explained:
    """``words``: the article's own word count; ``urgent(section, block)``: whether a block
    is in an urgent passage; ``cost``: the words an inline explanation of a term adds;
    ``noted``: the words the safety points and notes add already."""
    by_id = {t.id: t for t in terms}
    first = {u.term: u for u in uses}
    budget = min(BUDGET * words, TOTAL * words - noted)
    inline = _inline(terms, first, budget, urgent, cost) if mode == "inline" else set()
    shown: dict[str, str] = {}
    additions: dict[tuple[int, int], list[Addition]] = {}
    for term in terms:
        use = first.get(term.id)
        if mode == "none" or term.difficulty == "common":
            shown[term.id] = HIDDEN
            continue
        shown[term.id] = INLINE if term.id in inline else LISTED
        if use is None or urgent(use.section, use.block):
            continue
        where = (use.section, use.block)
        if term.id in inline:
            additions.setdefault(where, []).append(Addition(
                AdditionKind.EXPLANATION, term.id, use.surface, by_id[term.id].explain,
                term.source, use.sentence_end))
        elif term.difficulty == "hard":  # a familiar term is listed, not marked: marks
            additions.setdefault(where, []).append(Addition(  # on every word would be noise
                AdditionKind.MARK, term.id, use.surface, "", term.source, use.end))
    return Explained(tuple(dataclasses.replace(t, shown=shown[t.id]) for t in terms), additions)


def _inline(terms: Sequence[TermUse], first: dict[str, FirstUse], budget: float,
            urgent: Callable[[int, int], bool], cost: Callable[[TermUse], int]) -> set[str]:
    hard = [t for t in terms if t.difficulty == "hard" and t.id in first
            and not urgent(first[t.id].section, first[t.id].block)]
    ranked = sorted(hard, key=lambda t: (-t.count, _rarity(t), first[t.id].section,
                                         first[t.id].block, first[t.id].start))
    chosen: set[str] = set()
    per_block: dict[tuple[int, int], int] = {}
    spent = 0
    for term in ranked:
        use = first[term.id]
        where = (use.section, use.block)
        price = cost(term)
        if per_block.get(where, 0) >= PER_BLOCK or (chosen and spent + price > budget):
            continue
        chosen.add(term.id)
        per_block[where] = per_block.get(where, 0) + 1
        spent += price
    return chosen


def _rarity(term: TermUse) -> float:
    return min((familiarity(w) for f in term.forms[:1] for w in f.split()), default=0.0)
