"""Precision and recall of risky-claim detection on tests/data/claims-labelled.jsonl.

A sentence counts as flagged when any claim rule of glossary/safety.toml fires on it.
The rules were written from their own examples, without looking at this set. Baseline:
a keyword list ("side effects", "safe", "cure", "natural", "detox", "immun", "proven",
"revolution", "alternative") — what a quick screen by word search would flag.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable

from _common import ROOT
from plainhealth.safety_rules import Kind, load_rules

ROWS = [json.loads(line) for line in
        (ROOT / "tests" / "data" / "claims-labelled.jsonl").read_text().splitlines()]
KEYWORDS = re.compile(r"side effects|safe|cure|natural|detox|immun|proven|revolution|"
                      r"alternative", re.IGNORECASE)


def ours() -> Callable[[str], bool]:
    claims = load_rules().of_kind(Kind.CLAIM)
    return lambda text: any(rule.fires_on(text) for rule in claims)


def evaluate(flag: Callable[[str], bool]) -> tuple[str, Counter[str], list[str]]:
    tp = fp = fn = 0
    missed: Counter[str] = Counter()
    false_alarms = []
    for row in ROWS:
        flagged, risky = flag(row["text"]), bool(row["risky"])
        tp += flagged and risky
        fp += flagged and not risky
        fn += risky and not flagged
        if risky and not flagged:
            missed[row["family"]] += 1
        if flagged and not risky:
            false_alarms.append(row["text"])
    precision, recall = tp / max(1, tp + fp), tp / max(1, tp + fn)
    return f"P={precision:.3f} R={recall:.3f} (tp {tp}, fp {fp}, fn {fn})", missed, false_alarms


def main() -> None:
    risky = sum(1 for r in ROWS if r["risky"])
    print(f"claims: {len(ROWS)} sentences, {risky} risky, {len(ROWS) - risky} responsible")
    summary, missed, false_alarms = evaluate(ours())
    print(f"  plainhealth claim rules   {summary}")
    print(f"  keyword baseline          {evaluate(lambda t: bool(KEYWORDS.search(t)))[0]}")
    print(f"  missed by family: {dict(missed)}")
    for text in false_alarms:
        print(f"  false alarm: {text}")


if __name__ == "__main__":
    main()
