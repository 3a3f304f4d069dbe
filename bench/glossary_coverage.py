"""How much of the jargon patients meet the glossary explains, on real patient pages.

Reads ../shared/data/patient-pages/pages.jsonl (never copied into the repository) and
splits it by site as its README shows: half A is mined for glossary entries, half B is
only measured. The marketing pages are reported apart (they exercise the safety rules;
their vocabulary should not drive the glossary).

A hard-word occurrence is a word that plainhealth's hard-word detector flags in the page's
own text with no glossary at all, so the denominator never moves as the glossary grows;
it is explained when a glossary entry's match (sense guards applied) covers it and the
entry is shown to patients (not ``common``).

    .venv/bin/python bench/glossary_coverage.py            # coverage of both halves
    .venv/bin/python bench/glossary_coverage.py --mine 300  # half A's unexplained words
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import statistics
from pathlib import Path

from _common import ROOT, site_halves
from plainhealth.explain.difficulty import difficulty
from plainhealth.explain.glossary import Glossary, load
from plainhealth.explain.jargon import HardWord, hard_words

PAGES = Path(os.environ.get("PLAINHEALTH_PATIENT_PAGES", ROOT.parent / "shared" / "data"
                            / "patient-pages" / "pages.jsonl"))


def blocks(text: str) -> list[str]:
    return [b.strip() for b in text.replace("\r", "").split("\n") if b.strip()]


def page_words(text: str, glossary: Glossary) -> list[tuple[HardWord, bool]]:
    """Each hard-word occurrence of the page and whether the glossary explains it to a
    patient (an entry marked ``common`` is never shown, so it explains nothing)."""
    out = []
    for block in blocks(text):
        covered = [(m.start, m.end) for m in glossary.find(block)
                   if difficulty(glossary.by_id[m.key]) != "common"]
        for word in hard_words(block):
            out.append((word, any(a <= word.start < b for a, b in covered)))
    return out


def measure(records: list[dict[str, str]], glossary: Glossary) -> tuple[int, int, float]:
    explained = total = 0
    shares = []
    for record in records:
        words = page_words(record["text"], glossary)
        done = sum(1 for _, ok in words if ok)
        explained, total = explained + done, total + len(words)
        if words:
            shares.append(done / len(words))
    return explained, total, statistics.median(shares) if shares else 0.0


def mine(records: list[dict[str, str]], glossary: Glossary, top: int) -> None:
    """Half A's unexplained hard words by the number of sites that use them."""
    sites: dict[str, set[str]] = collections.defaultdict(set)
    count: collections.Counter[str] = collections.Counter()
    for record in records:
        for word, ok in page_words(record["text"], glossary):
            if not ok:
                key = word.word if word.word.isupper() else word.word.lower()
                sites[key].add(record["site"])
                count[key] += 1
    ranked = sorted(count, key=lambda w: (-len(sites[w]), -count[w], w))
    for word in ranked[:top]:
        print(f"{len(sites[word])}\t{count[word]}\t{word}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mine", type=int, default=0, metavar="N")
    args = parser.parse_args()
    records = [json.loads(line) for line in PAGES.read_text(encoding="utf-8").splitlines()]
    half = site_halves(records)
    glossary = load()
    groups = {
        "A patient pages (mined)": [r for r in records if half[r["site"]] == "A"
                                    and r["topic"] != "marketing"],
        "B patient pages (held out)": [r for r in records if half[r["site"]] == "B"
                                       and r["topic"] != "marketing"],
        "A marketing": [r for r in records if half[r["site"]] == "A"
                        and r["topic"] == "marketing"],
        "B marketing": [r for r in records if half[r["site"]] == "B"
                        and r["topic"] == "marketing"],
    }
    if args.mine:
        mine(groups["A patient pages (mined)"], glossary, args.mine)
        return
    print(f"glossary coverage: {len(glossary.terms)} entries, "
          f"{sum(t.source_read for t in glossary.terms)} checked against a read page")
    for name, group in groups.items():
        explained, total, median = measure(group, glossary)
        print(f"  {name:<28} {len(group):>3} pages  hard-word occurrences explained "
              f"{explained}/{total} = {explained / max(total, 1):.1%}  (page median {median:.1%})")


if __name__ == "__main__":
    main()
