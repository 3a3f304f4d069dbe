"""Which safety rules fire on which sentences of an article (claims and substances, in the
author's words). Where the notes go is the editorial stage's choice (:mod:`plainhealth.edit`).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import overload

from plainhealth.explain.glossary import Glossary
from plainhealth.language.sentences import split
from plainhealth.models import Article, Block
from plainhealth.safety.rules import Kind, Rule, Rules, Verdict

PAGE_BUDGET = 2.0
"""Seconds all safety patterns together may spend on one page. Real pages need a few
milliseconds; only hostile text or a backtracking overlay pattern gets near this."""


@dataclass(frozen=True)
class Found:
    """One rule firing on one sentence, before placement."""

    rule: Rule
    section: int
    block: int
    sentence: str
    offset: int


@dataclass(frozen=True)
class Findings(Sequence[Found]):
    """What :func:`find` found: a sequence of hits, plus warnings where matching ran out of
    time (so a note may be missing)."""

    found: tuple[Found, ...]
    warnings: tuple[str, ...] = ()

    @overload
    def __getitem__(self, index: int) -> Found: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Found]: ...

    def __getitem__(self, index: int | slice) -> Found | Sequence[Found]:
        return self.found[index]

    def __len__(self) -> int:
        return len(self.found)


def find(article: Article, glossary: Glossary, rules: Rules,
         budget: float = PAGE_BUDGET) -> Findings:
    """Every rule that fires, sentence by sentence, in reading order, within ``budget``
    seconds for the whole page."""
    found: list[Found] = []
    slow: dict[tuple[str, Verdict], list[str]] = {}
    firing = [r for r in rules.rules if r.kind is not Kind.GENERAL or r.patterns]
    by_id = rules.by_id
    deadline = time.perf_counter() + budget
    for s_index, section in enumerate(article.sections):
        for b_index, block in enumerate(section.blocks):
            substances = _substances(block, glossary, by_id)
            for sentence in split(block.text):
                where = f"section {s_index + 1}, paragraph {b_index + 1}"
                for rule in firing:
                    if time.perf_counter() >= deadline:
                        stopped = (f"safety rules stopped after {budget:g} s at {where}; "
                                   "notes for the rest of the page may be missing")
                        return Findings(tuple(found), (*_warnings(slow), stopped))
                    verdict = rule.check(sentence.text, deadline)
                    if verdict in (Verdict.TIMEOUT, Verdict.GUARD_TIMEOUT):
                        slow.setdefault((rule.id, verdict), []).append(
                            f"{where} ({_clip(sentence.text)})")
                    named = verdict is Verdict.NO and any(
                        rule_id == rule.id and sentence.start <= start < sentence.end
                        for rule_id, start in substances) and not rule.excepted(
                        sentence.text, deadline)
                    if named or verdict in (Verdict.FIRES, Verdict.GUARD_TIMEOUT):
                        hit = Found(rule, s_index, b_index, sentence.text, sentence.start)
                        found += [hit] + [dataclasses.replace(hit, rule=by_id[extra])
                                          for extra in rule.also if extra in by_id]
    return Findings(tuple(found), _warnings(slow))


def _warnings(slow: dict[tuple[str, Verdict], list[str]]) -> tuple[str, ...]:
    """One warning per rule that ran out of time, however many sentences it happened on."""
    out = []
    for (rule_id, verdict), places in slow.items():
        more = f" and {len(places) - 1} more sentence(s)" if len(places) > 1 else ""
        effect = ("its note may be missing" if verdict is Verdict.TIMEOUT else
                  "its note was added without checking the rule's exceptions")
        out.append(f"safety rule {rule_id!r} ran out of time on a sentence in {places[0]}"
                   f"{more}; {effect}")
    return tuple(out)


def _clip(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[:limit] + "…")


def _substances(block: Block, glossary: Glossary,
                by_id: dict[str, Rule]) -> list[tuple[str, int]]:
    out = []
    for match in glossary.find(block.text):
        rule_id = glossary.by_id[match.key].safety
        if rule_id and rule_id in by_id:
            out.append((rule_id, match.start))
    return out
