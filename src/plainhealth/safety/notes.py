"""Which safety rules fire on which sentences of an article (claims and substances, in the
author's words). Where the notes go is the editorial stage's choice (:mod:`plainhealth.edit`).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import overload

from plainhealth.explain.glossary import Glossary
from plainhealth.language.sentences import Sentence, split
from plainhealth.models import Article, Block
from plainhealth.safety.detect import about_health, judge
from plainhealth.safety.rules import UNTIMED_LENGTH, Kind, Rule, Rules, Verdict

PAGE_BUDGET = 2.0
"""Seconds all safety patterns together may spend on one page, plus PER_CHARACTER for
each character of its text. Real pages need a few milliseconds; only hostile text or a
backtracking overlay pattern gets near this."""
PER_CHARACTER = 5e-6
"""The budget's share for each character: a page of 2 million characters (a list of
200,000 items, the longest plainhealth converts) needs about 3.5 s here, and with a
fixed budget its last 100,000 items went unchecked."""


@dataclass(frozen=True)
class Found:
    """One rule firing on one sentence, before placement."""

    rule: Rule
    section: int
    block: int
    sentence: str
    offset: int
    words: str = ""
    """The words of the sentence that made the rule fire."""
    by: str = ""
    """What decided: the rule id, and the model version when the model took part."""


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
         budget: float | None = None) -> Findings:
    """Every rule that fires, sentence by sentence, in reading order, within ``budget``
    seconds for the whole page (by default PAGE_BUDGET and PER_CHARACTER). Shipped claim
    rules fire through :func:`plainhealth.safety.detect.judge` (structure, scope and the
    model); substance rules, overlay rules and sentences too long to match untimed through
    their patterns."""
    found: list[Found] = []
    slow: dict[tuple[str, Verdict], list[str]] = {}
    if budget is None:
        budget = PAGE_BUDGET + PER_CHARACTER * sum(
            len(block.text) for section in article.sections for block in section.blocks)
    deadline = time.perf_counter() + budget
    for s_index, section in enumerate(article.sections):
        for b_index, block in enumerate(section.blocks):
            substances = _substances(block, glossary, rules.by_id)
            if not substances and _quiet(block.text, rules):
                continue
            for sentence in split(block.text):
                where = f"section {s_index + 1}, paragraph {b_index + 1}"
                if time.perf_counter() >= deadline:
                    stopped = (f"safety rules stopped after {round(budget, 1):g} s at {where}; "
                               "notes for the rest of the page may be missing")
                    return Findings(tuple(found), (*_warnings(slow), stopped))
                hits = _sentence(sentence, substances, rules, deadline, slow, where)
                found += [Found(rule, s_index, b_index, sentence.text, sentence.start, words,
                                by) for rule, words, by in _with_also(hits, rules)]
    return Findings(tuple(found), _warnings(slow))


def _quiet(text: str, rules: Rules) -> bool:
    """True when no rule can fire on any sentence of ``text`` (a block without a glossary
    term that names a substance): no pattern's literal is in it, and no word of health
    (the claim model judges no sentence without one). Only where every sentence is judged
    and the screen answers for every rule (:attr:`Rules.screen_covers_all`)."""
    return (len(text) <= UNTIMED_LENGTH and rules.screen_covers_all
            and not rules.screen.possible(text) and not about_health(text, {}))


Hit = tuple[Rule, str, str]
"""A rule that fired, the words that made it fire, and what decided (rule id, model)."""


def _sentence(sentence: Sentence, substances: list[tuple[str, int, str]], rules: Rules,
              deadline: float, slow: dict[tuple[str, Verdict], list[str]],
              where: str) -> list[Hit]:
    """The rules that fire on one sentence, in the order of the rules file."""
    judged = len(sentence.text) <= UNTIMED_LENGTH
    possible = rules.screen.possible(sentence.text) if judged else None
    claims = {f.rule.id: (f.rule, f.words, f.by)
              for f in (judge(sentence.text, rules, possible=possible) if judged else ())}
    hits: list[Hit] = []
    for rule in _candidates(sentence, substances, rules, possible, claims):
        if rule.id in claims:
            hits.append(claims[rule.id])
            continue
        if judged and rule.kind is Kind.CLAIM and not rule.overlay:
            continue
        if rule.kind is Kind.GENERAL and not rule.patterns:
            continue
        verdict = rule.check(sentence.text, deadline)
        if verdict in (Verdict.TIMEOUT, Verdict.GUARD_TIMEOUT):
            slow.setdefault((rule.id, verdict), []).append(
                f"{where} ({_clip(sentence.text)})")
        named = next((words for rule_id, start, words in substances
                      if rule_id == rule.id and sentence.start <= start < sentence.end), "")
        if verdict in (Verdict.FIRES, Verdict.GUARD_TIMEOUT):
            hits.append((rule, rule.matched(sentence.text) or named, rule.id))
        elif verdict is Verdict.NO and named and not rule.excepted(sentence.text, deadline):
            hits.append((rule, named, f"{rule.id} (glossary term)"))
    return hits


def _candidates(sentence: Sentence, substances: list[tuple[str, int, str]], rules: Rules,
                possible: frozenset[str] | None,
                claims: dict[str, Hit]) -> tuple[Rule, ...]:
    """The rules to try on ``sentence``, in the order of the rules file: all of them, or
    (``possible``: the screen's answer) those whose patterns may match, those the claim
    model fired, those whose substance the glossary found in the sentence, and the ones
    the screen cannot answer for (:attr:`Rules.unscreened`). The rest cannot fire."""
    if possible is None:
        return rules.rules
    wanted = possible | claims.keys() | {rule_id for rule_id, start, _ in substances
                                         if sentence.start <= start < sentence.end}
    always = rules.unscreened
    if not wanted:
        return always
    wanted |= {rule.id for rule in always}
    return tuple(rule for rule in rules.rules if rule.id in wanted)


def _with_also(hits: list[Hit], rules: Rules) -> list[Hit]:
    """Each hit, then the general rules it brings along (help lines)."""
    by_id = rules.by_id
    return [extra for rule, words, by in hits for extra in
            [(rule, words, by), *((by_id[a], words, f"{a} (with {rule.id})")
                                  for a in rule.also if a in by_id)]]


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
                by_id: dict[str, Rule]) -> list[tuple[str, int, str]]:
    """Glossary terms in the block whose entry names a safety rule: (rule, start, words)."""
    out = []
    for match in glossary.find(block.text):
        rule_id = glossary.by_id[match.key].safety
        if rule_id and rule_id in by_id:
            out.append((rule_id, match.start, block.text[match.start:match.end]))
    return out
