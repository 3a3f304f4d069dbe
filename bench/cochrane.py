"""Rewriting on 411 Cochrane abstracts, beside the plain summaries people wrote for them.

For each pair in ../shared/data/cochrane-dev/pairs.jsonl (or PLAINHEALTH_COCHRANE):
mean Flesch-Kincaid grade and SMOG of the technical abstract, of plainhealth's rewrite
(target grade 6, safety rules protecting claim words, as ``convert`` does), and of the human
plain-language summary.

Facts kept are measured by an independent checker, not by the invariants that gate each
rewrite (those could never fail here): plain regular expressions count number tokens,
negation words and dose expressions (a number with a unit) in the abstract and in each
rewrite, and a text keeps its facts when every one of them is still there as often.

Time: the same 411 abstracts through the whole text pipeline after extraction
(``convert_article``: scoring, rewriting, explanations, safety notes, scoring again),
with rewriting on, and with rewriting truly off (the simplify step replaced by one that
returns the article untouched). Caches are cleared before every run.
"""

from __future__ import annotations

import hashlib
import json
import re
import statistics
import time
from collections import Counter

from _common import PAIRS
from plainhealth import pipeline
from plainhealth.language.readability import score_blocks
from plainhealth.models import Article, Block, BlockKind, Section
from plainhealth.pipeline import glossary_for
from plainhealth.rewrite.plain_words import load
from plainhealth.rewrite.simplify import Simplified, simplify
from plainhealth.safety.rules import load_rules

# The independent checker: deliberately simpler than plainhealth.rewrite.invariants.
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NEGATION = re.compile(r"\b(?:no|not|never|without|none|nor|neither|cannot|nothing|nobody)\b|"
                       r"n['’]t\b", re.IGNORECASE)
_DOSE = re.compile(r"(\d+(?:[.,]\d+)?)\s*(mg/kg|mg|mcg|µg|μg|g|kg|ml|mL|L|IU|units?|mmol|"
                   r"mmHg|%)(?![A-Za-z])")
KINDS = ("numbers", "negations", "doses")


def facts(text: str) -> dict[str, Counter[str]]:
    # "14,623" and "14623" are the same figure (a rewrite may add the separator).
    text = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", text)
    return {
        "numbers": Counter(_NUMBER.findall(text)),
        "negations": Counter(m.group().lower().replace("’", "'") for m in _NEGATION.finditer(text)),
        "doses": Counter(f"{n} {u.lower()}" for n, u in _DOSE.findall(text)),
    }


def kept(original: dict[str, Counter[str]], rewrite: str) -> dict[str, bool]:
    """For each kind: is every one in the original still in the rewrite, as often?"""
    found = facts(rewrite)
    return {kind: not (original[kind] - found[kind]) for kind in KINDS}


def half(pair_id: str) -> str:
    """"tune" or "report" by a hash of the pair's id: a fixed split anyone can repeat.
    Rules are tuned on "tune"; "report" is the figure to quote."""
    return "tune" if hashlib.sha256(pair_id.encode()).digest()[0] % 2 == 0 else "report"


def article(text: str) -> Article:
    blocks = tuple(Block(BlockKind.PARAGRAPH, p.strip()) for p in text.split("\n") if p.strip())
    return Article("", "en", (Section("", 0, blocks),))


def main() -> None:
    pairs = [json.loads(line) for line in PAIRS.read_text().splitlines() if line.strip()]
    glossary, words, rules = glossary_for(None), load(), load_rules(None)
    rows = []
    for pair in pairs:
        source = article(pair["technical"])
        rewritten = simplify(source, glossary, words, 6.0, claims=rules).article
        original = facts(pair["technical"])
        rows.append({
            "before": score_blocks(source.prose()), "ours": score_blocks(rewritten.prose()),
            "human": score_blocks(article(pair["plain"]).prose()),
            "ours_kept": kept(original, "\n".join(rewritten.prose())),
            "human_kept": kept(original, pair["plain"]),
            "half": half(pair["id"]),
        })
    for name in ("report", "tune"):
        print(f"-- {name} half")
        report([r for r in rows if r["half"] == name])
    overhead([article(pair["technical"]) for pair in pairs])


def report(rows: list[dict[str, object]]) -> None:
    def mean(name: str, field: str) -> float:
        return statistics.mean(getattr(r[name], field) for r in rows)

    print(f"cochrane: {len(rows)} technical abstracts")
    for name in ("before", "ours", "human"):
        print(f"  {name:<7} mean Flesch-Kincaid {mean(name, 'flesch_kincaid_grade'):5.2f}   "
              f"mean SMOG {mean(name, 'smog_index'):5.2f}")
    for measure, field in (("Flesch-Kincaid", "flesch_kincaid_grade"), ("SMOG", "smog_index")):
        print(f"  mean {measure} drop: plainhealth "
              f"{mean('before', field) - mean('ours', field):.2f}, human summaries "
              f"{mean('before', field) - mean('human', field):.2f}")
    for who in ("ours", "human"):
        shares = {kind: sum(r[f"{who}_kept"][kind] for r in rows) / len(rows)  # type: ignore[index]
                  for kind in KINDS}
        every = sum(all(r[f"{who}_kept"].values()) for r in rows) / len(rows)  # type: ignore[attr-defined]
        label = "plainhealth" if who == "ours" else "human summaries"
        print(f"  texts keeping every number {shares['numbers']:.1%}, negation "
              f"{shares['negations']:.1%}, dose {shares['doses']:.1%}, all three {every:.1%}"
              f"  ({label}, independent check)")


def overhead(articles: list[Article]) -> None:
    """The text pipeline (``convert_article``) with rewriting off and on (the safety
    findings are computed once and handed to the rewriter, as the pipeline wires it)."""
    from plainhealth.language.matcher import _tokens
    from plainhealth.language.sentences import split

    real = pipeline.simplify

    def off(article: Article, *_args: object, **_kwargs: object) -> Simplified:
        return Simplified(article, (), ())

    def timed(item: Article, mode: str) -> float:
        pipeline.simplify = off if mode == "off" else real  # type: ignore[assignment]
        split.cache_clear()
        _tokens.cache_clear()
        started = time.perf_counter()
        pipeline.convert_article(item, source="cochrane")
        return time.perf_counter() - started

    modes = ("off", "on")
    times: dict[str, list[float]] = {mode: [] for mode in modes}
    for index, item in enumerate(articles):
        for step in range(len(modes)):  # each mode goes first on half of the abstracts
            mode = modes[(index + step) % len(modes)]
            times[mode].append(timed(item, mode))
    pipeline.simplify = real
    base = sum(times["off"])
    print(f"  text pipeline per abstract, rewriting off: {base / len(articles) * 1000:.1f} ms")
    ratios = [a / b for a, b in zip(times["on"], times["off"], strict=True)]
    print(f"  rewriting on: {sum(times['on']) / len(articles) * 1000:.1f} ms, "
          f"+{sum(times['on']) / base - 1:.0%} in total, median per abstract "
          f"+{statistics.median(ratios) - 1:.0%}")


if __name__ == "__main__":
    main()
