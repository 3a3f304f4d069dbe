"""Risky-claim detection on real sentences, split by site; and what it costs per page.

1. The real claims data (../shared/data/claims-dev/claims.jsonl, 950 sentences from 399
   sites), split by source into a development half (the claim words, rules and model were
   tuned and trained on it) and a test half (never used for tuning): precision, recall and
   F1 on each half, and per kind (share of each risky kind found, share of each responsible
   kind flagged). The baseline is the claim rules as they were before the structural
   detector and the model (glossary/safety.toml at BASELINE_COMMIT), measured in the same run.
2. The project's own labelled set (tests/data/claims-labelled.jsonl, written for the
   project), by part, as before.
3. The patient pages (../shared/data/patient-pages, health services' and agencies' pages,
   split by site as bench/editorial.py does): the share of their sentences (4 words or
   more) that get a claim note, on half A (the model's operating point was chosen there)
   and half B (never used); and, for each rule that fires without the model (ALONE,
   ALONE_UNSCOPED), its firings on the development half and on half A.
4. `plainhealth check` time per page on the extraction dev pages: the whole conversion by
   this tree against the same by main's src/ (TIME_BASELINE), in the same run.

    PLAINHEALTH_CLAIMS=/path/to/claims.jsonl .venv/bin/python bench/claim_detection.py [--show]

``--show`` lists the development half's misses and false alarms (never the test half's).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from _common import ROOT, line, site_halves
from claims_data import rows
from glossary_coverage import PAGES, blocks
from plainhealth.language.sentences import split
from plainhealth.safety.detect import ALONE, ALONE_UNSCOPED, judge
from plainhealth.safety.rules import Kind, Rules, load_rules, read_rules

BASELINE_COMMIT = "42cf78b"
"""main before issue 15: the phrase rules only."""
TIME_BASELINE = os.environ.get("PLAINHEALTH_TIME_BASELINE", "main")
"""The git ref whose `plainhealth check` time per page this tree's is compared with."""
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


TIMER = """
import sys, time
sys.path.insert(0, sys.argv[1])
sys.path.insert(0, sys.argv[2])
from _common import dev_pages
from plainhealth import convert
from plainhealth.models import Options
pages = dev_pages()
convert("page.html", Options(), data=pages[0][1])  # load the glossary, rules and model
started = time.process_time()
for _, page in pages:
    convert("page.html", Options(), data=page)
print((time.process_time() - started) / len(pages))
"""
"""CPU time, not wall time: on a shared host other processes stretch wall time run by run,
and a conversion is single-threaded."""


def check_time(rounds: int = 5) -> None:
    """`plainhealth check` (a whole conversion) CPU time per page on the extraction dev
    pages: this tree against the baseline ref's src/ and glossary/ (git archive into a
    temporary folder), each in a fresh process, alternating which goes first, in the same
    run; the median of ``rounds`` each, and the spread of the per-round ratios."""
    with tempfile.TemporaryDirectory(prefix="plainhealth-main-") as folder:
        archive = subprocess.run(["git", "archive", TIME_BASELINE, "src", "glossary"], cwd=ROOT,
                                 capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", folder], input=archive, check=True)
        trees = {"this tree": ROOT / "src", TIME_BASELINE: Path(folder) / "src"}
        times: dict[str, list[float]] = {name: [] for name in trees}
        for turn in range(rounds):
            for name in list(trees)[::1 if turn % 2 == 0 else -1]:
                out = subprocess.run([sys.executable, "-c", TIMER, str(trees[name]),
                                      str(ROOT / "bench")],
                                     capture_output=True, text=True, check=True).stdout
                times[name].append(float(out.split()[-1]))
    ours, theirs = (statistics.median(times[n]) for n in trees)
    ratios = [a / b for a, b in zip(*times.values(), strict=True)]
    print("\n" + line("check CPU time per page", 1000 * ours, "ms", TIME_BASELINE,
                      1000 * theirs) + f" (rounds {min(ratios):.2f}-{max(ratios):.2f}x)")


def page_sentences() -> dict[str, list[str]]:
    """The patient pages' sentences of 4 words or more, by half (marketing pages apart)."""
    if not PAGES.is_file():
        return {}
    records = [json.loads(x) for x in PAGES.read_text("utf-8").splitlines() if x]
    halves = site_halves(records)
    out: dict[str, list[str]] = {"A": [], "B": []}
    for record in records:
        if record["topic"] != "marketing":
            out[halves[record["site"]]] += [s.text for b in blocks(record["text"])
                                            for s in split(b) if len(s.text.split()) >= 4]
    return out


def patient_pages() -> None:
    rules = load_rules()
    pages = page_sentences()
    if not pages:
        print("\npatient-pages data not found: set PLAINHEALTH_PATIENT_PAGES")
        return
    print("\npatient pages (health services' and agencies' own text): sentences flagged")
    for half, sentences in pages.items():
        flagged = sum(1 for t in sentences if len(t) <= 1000 and judge(t, rules))
        print(f"  half {half}: {flagged}/{len(sentences)} = {flagged / len(sentences):.2%}")
    alone = [r for r in rules.rules if r.detector in ALONE or r.id in ALONE_UNSCOPED]
    dev = rows("dev")
    print("rules that fire without the model: sentences where they fire and the model does"
          " not (development half, then patient pages half A)")
    for rule in alone:
        fired = [r for r in dev if any(f.rule.id == rule.id and f.by == rule.id
                                       for f in judge(r["text"], rules))]
        right = sum(1 for r in fired if r["label"] == "risky")
        pages_hit = sum(1 for t in pages["A"] if len(t) <= 1000 and any(
            f.rule.id == rule.id for f in judge(t, rules)))
        print(f"  {rule.id:<26} dev: {right}/{len(fired)} claims; half A: {pages_hit}")


def main() -> None:
    flags = flaggers()
    real_halves(flags, "--show" in sys.argv[1:])
    own_set(flags)
    patient_pages()
    check_time()


if __name__ == "__main__":
    main()
