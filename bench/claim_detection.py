"""Risky-claim detection on real sentences, split by site; and what it costs per page.

1. The real claims data (../shared/data/claims-dev/claims.jsonl, 950 sentences from 399
   sites), split by source into a development half (the claim words, rules and model were
   tuned and trained on it) and a test half (never used for tuning): precision, recall and
   F1 on each half, and per kind (share of each risky kind found, share of each responsible
   kind flagged). The baseline is the claim rules as they were before the structural
   detector and the model (glossary/safety.toml at BASELINE_COMMIT), measured in the same run.
2. The project's own labelled set (tests/data/claims-labelled.jsonl, written for the
   project), by part, as before.
3. `plainhealth check` time per page on the extraction dev pages: the whole conversion with
   today's claim detection against the same conversion with the baseline's claim matching
   instead (the old pattern loop over the old rules), in the same run.

    PLAINHEALTH_CLAIMS=/path/to/claims.jsonl .venv/bin/python bench/claim_detection.py [--show]

``--show`` lists the development half's misses and false alarms (never the test half's).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from _common import ROOT, dev_pages, line
from claims_data import rows
from plainhealth import convert
from plainhealth.language.sentences import split
from plainhealth.models import Options
from plainhealth.pipeline import glossary_for
from plainhealth.safety import notes
from plainhealth.safety.detect import judge
from plainhealth.safety.rules import Kind, Rules, load_rules, read_rules

BASELINE_COMMIT = "42cf78b"
"""main before issue 15: the phrase rules only."""
OWN = ROOT / "tests" / "data" / "claims-labelled.jsonl"
Flag = Callable[[str], bool]


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    by_kind: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / max(1, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return self.tp / max(1, self.tp + self.fn)

    @property
    def f1(self) -> float:
        return 2 * self.precision * self.recall / max(1e-9, self.precision + self.recall)

    def __str__(self) -> str:
        return (f"P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f} "
                f"(tp {self.tp}, fp {self.fp}, fn {self.fn})")


def evaluate(flag: Flag, data: list[tuple[str, bool, str]]) -> Score:
    score = Score()
    for text, risky, kind in data:
        flagged = flag(text)
        score.tp += flagged and risky
        score.fp += flagged and not risky
        score.fn += risky and not flagged
        score.kinds[kind] += 1
        score.by_kind[kind] += flagged
        if flagged != risky:
            score.misses.append(f"{'miss' if risky else 'false alarm'} [{kind}]: {text}")
    return score


def baseline_rules() -> Rules:
    """The claim rules at BASELINE_COMMIT, read from git into a folder of their own."""
    text = subprocess.run(["git", "show", f"{BASELINE_COMMIT}:glossary/safety.toml"],
                          cwd=ROOT, capture_output=True, text=True, check=True).stdout
    folder = Path(tempfile.mkdtemp(prefix="plainhealth-baseline-"))
    (folder / "safety.toml").write_text(text, encoding="utf-8")
    rules, _ = read_rules(folder)  # the old file as an overlay replaces every shipped id
    old = {r.id for r in rules.rules if r.overlay}
    return Rules(tuple(r for r in rules.rules if r.id in old), (), rules.guards)


def flaggers() -> dict[str, Flag]:
    old = baseline_rules().of_kind(Kind.CLAIM)
    rules = load_rules()
    return {"baseline (phrase rules)": lambda t: any(r.fires_on(t) for r in old),
            "plainhealth (structure + model)": lambda t: bool(judge(t, rules))}


def by_kind(score: Score) -> str:
    return ", ".join(f"{k} {score.by_kind[k]}/{n}" for k, n in sorted(score.kinds.items()))


def real_halves(flags: dict[str, Flag], show: bool) -> None:
    for half in ("test", "dev"):
        data = [(r["text"], r["label"] == "risky", r["kind"]) for r in rows(half)]
        if not data:
            print("claims-dev data not found: set PLAINHEALTH_CLAIMS")
            return
        risky = sum(1 for _, y, _ in data if y)
        print(f"\nreal claims, {half} half: {len(data)} sentences, {risky} risky")
        for name, flag in flags.items():
            score = evaluate(flag, data)
            print(f"  {name:<32} {score}")
            print(f"      flagged per kind: {by_kind(score)}")
            if show and half == "dev" and name.startswith("plainhealth"):
                print("\n".join(f"      {m}" for m in score.misses))


def own_set(flags: dict[str, Flag]) -> None:
    own: list[dict[str, Any]] = [json.loads(x) for x in OWN.read_text().splitlines()]
    print("\nthe project's own labelled set (written for the project)")
    for part in ("original", "heldout-a", "heldout-b", "heldout-c", "heldout-d"):
        data = [(r["text"], bool(r["risky"]), r["family"]) for r in own
                if r.get("split", "original") == part]
        for name, flag in flags.items():
            print(f"  {part:<10} {name:<32} {evaluate(flag, data)}")


def old_find(article: Any, glossary: Any, rules: Rules) -> int:
    """The baseline's matching loop: every rule's patterns on every sentence."""
    count = 0
    for section in article.sections:
        for block in section.blocks:
            for match in glossary.matcher.find(block.text):
                count += bool(glossary.by_id[match.key].safety)
            for sentence in split(block.text):
                count += sum(r.fires_on(sentence.text) for r in rules.rules
                             if r.kind is not Kind.GENERAL or r.patterns)
    return count


def check_time() -> None:
    pages = dev_pages()
    glossary, rules, old = glossary_for(None), load_rules(), baseline_rules()
    now = then = 0.0
    for _, page in pages:
        started = time.perf_counter()
        result = convert("page.html", Options(), data=page)
        total = time.perf_counter() - started
        started = time.perf_counter()
        notes.find(result.article, glossary, rules)
        ours = time.perf_counter() - started
        started = time.perf_counter()
        old_find(result.article, glossary, old)
        theirs = time.perf_counter() - started
        now, then = now + total, then + total - ours + theirs
    print("\n" + line("check time per page, structure + model", 1000 * now / len(pages),
                      "ms", "baseline", 1000 * then / len(pages)))


def main() -> None:
    flags = flaggers()
    real_halves(flags, "--show" in sys.argv[1:])
    own_set(flags)
    check_time()


if __name__ == "__main__":
    main()
