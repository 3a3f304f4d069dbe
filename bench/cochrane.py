"""Rewriting on 411 Cochrane abstracts, beside the plain summaries people wrote for them.

For each pair in ../shared/data/cochrane-dev/pairs.jsonl (or PLAINHEALTH_COCHRANE):
mean Flesch-Kincaid grade and SMOG of the technical abstract, of plainhealth's rewrite
(target grade 6), and of the human plain-language summary; and the share of texts in
which every number (with its unit), negation, hedge and warning word survives — checked by
plainhealth's own invariants, for our rewrite and for the human summary alike. Also the
time rewriting adds to the text pipeline on the extraction dev pages.
"""

from __future__ import annotations

import json
import os
import statistics
import time
from pathlib import Path

from _common import ROOT, dev_pages
from plainhealth.errors import PlainhealthError
from plainhealth.invariants import broken, numbers
from plainhealth.models import Article, Block, BlockKind, Section
from plainhealth.pipeline import glossary_for
from plainhealth.plain_words import load
from plainhealth.readability import score_blocks
from plainhealth.simplify import simplify

PAIRS = Path(os.environ.get("PLAINHEALTH_COCHRANE",
                            ROOT.parent / "shared" / "data" / "cochrane-dev" / "pairs.jsonl"))


def article(text: str) -> Article:
    blocks = tuple(Block(BlockKind.PARAGRAPH, p.strip()) for p in text.split("\n") if p.strip())
    return Article("", "en", (Section("", 0, blocks),))


def main() -> None:
    pairs = [json.loads(line) for line in PAIRS.read_text().splitlines() if line.strip()]
    glossary, words = glossary_for(None), load()
    rows = []
    for pair in pairs:
        source = article(pair["technical"])
        rewritten = simplify(source, glossary, words, 6.0).article
        ours = " ".join(rewritten.prose())
        original = " ".join(source.prose())
        rows.append({
            "before": score_blocks(source.prose()), "ours": score_blocks(rewritten.prose()),
            "human": score_blocks(article(pair["plain"]).prose()),
            "ours_kept": not broken(original, ours),
            "human_numbers_kept": not (numbers(original) - numbers(pair["plain"])),
        })
    print(f"cochrane: {len(rows)} technical abstracts")
    for name in ("before", "ours", "human"):
        fk = statistics.mean(r[name].flesch_kincaid_grade for r in rows)
        smog = statistics.mean(r[name].smog_index for r in rows)
        print(f"  {name:<7} mean Flesch-Kincaid {fk:5.2f}   mean SMOG {smog:5.2f}")
    drop = [r["before"].flesch_kincaid_grade - r["ours"].flesch_kincaid_grade for r in rows]
    human = [r["before"].flesch_kincaid_grade - r["human"].flesch_kincaid_grade for r in rows]
    print(f"  mean grade drop: plainhealth {statistics.mean(drop):.2f}, "
          f"human summaries {statistics.mean(human):.2f}")
    kept = sum(r["ours_kept"] for r in rows) / len(rows)
    human_kept = sum(r["human_numbers_kept"] for r in rows) / len(rows)
    print(f"  every number, negation, hedge and warning kept: plainhealth {kept:.1%}")
    print(f"  every number kept: human summaries {human_kept:.1%}")
    rewriting_share()


def rewriting_share() -> None:
    """Median over the dev pages of convert() time with rewriting (target grade 6) beside
    the same pipeline with rewriting off (a target no text exceeds). Caches are cleared
    before every run so neither borrows the other's work."""
    from plainhealth import convert
    from plainhealth.matcher import _tokens
    from plainhealth.models import Options
    from plainhealth.sentences import split

    def timed(path: Path, target: float) -> float:
        split.cache_clear()
        _tokens.cache_clear()
        started = time.perf_counter()
        convert(str(path), Options(target_grade=target))
        return time.perf_counter() - started

    ratios = []
    tmp = Path(os.environ.get("TMPDIR", "/tmp")) / "plainhealth-bench-pages"
    tmp.mkdir(exist_ok=True)
    for name, html in dev_pages():
        path = tmp / f"{name}.html"
        path.write_bytes(html)
        try:
            timed(path, 6.0)
        except PlainhealthError:
            continue
        off = min(timed(path, 1000.0) for _ in range(3))
        on = min(timed(path, 6.0) for _ in range(3))
        ratios.append(on / off)
    print(f"  text pipeline with rewriting / without: median {statistics.median(ratios):.2f}x "
          f"over {len(ratios)} dev pages (+{statistics.median(ratios) - 1:.0%})")


if __name__ == "__main__":
    main()
