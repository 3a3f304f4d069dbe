"""Precision and recall of hard-word detection on tests/data/jargon-labelled.jsonl.

Word-level: a labelled item ("plasma concentrations") contributes each of its words. The
thresholds in plainhealth.explain.jargon were chosen on the odd-numbered sentences; the even ones
are held out. Baseline: "hard = Zipf frequency below 3.0", wordfreq alone.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from _common import ROOT
from plainhealth.explain.jargon import _zipf, hard_words

WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*[0-9]*")
ROWS = [json.loads(line) for line in
        (ROOT / "tests" / "data" / "jargon-labelled.jsonl").read_text().splitlines()]


def ours(text: str) -> set[str]:
    return {h.word.lower() for h in hard_words(text)}


def frequency_only(text: str) -> set[str]:
    return {w.lower() for w in WORD.findall(text) if _zipf(w.lower()) < 3.0}


def score(rows: list[dict[str, object]], detect: Callable[[str], set[str]]) -> str:
    tp = fp = fn = 0
    for row in rows:
        gold = {w.lower() for item in row["hard"] for w in WORD.findall(str(item))}  # type: ignore[attr-defined]
        found = detect(str(row["text"]))
        tp, fp, fn = tp + len(found & gold), fp + len(found - gold), fn + len(gold - found)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    f1 = 2 * precision * recall / (precision + recall)
    return f"P={precision:.3f} R={recall:.3f} F1={f1:.3f} (words: {tp + fn} hard)"


def main() -> None:
    held_out = [r for r in ROWS if int(str(r["id"])[1:]) % 2 == 0]
    print(f"jargon detection: {len(ROWS)} labelled sentences, {len(held_out)} held out")
    for name, rows in (("held-out half", held_out), ("all", ROWS)):
        print(f"  {name:<14} plainhealth      {score(rows, ours)}")
        print(f"  {name:<14} zipf<3.0 only    {score(rows, frequency_only)}")


if __name__ == "__main__":
    main()
