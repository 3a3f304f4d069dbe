"""Rewriting on real patient pages, split by site; the Cochrane abstracts split by id.

Pages: ../shared/data/patient-pages/pages.jsonl (or PLAINHEALTH_PATIENT_PAGES), split by
site into halves A and B exactly as that set's README shows (rules are tuned on A; B is
reported). The marketing pages are reported apart from the patient pages in each half.
For each page: the Flesch-Kincaid grade of its prose before and after rewriting (target
grade 6, the safety rules protecting claim words, as ``convert`` does), how many pages got
harder, and whether every number, negation and dose is still there (the independent
checker of ``cochrane.py``).

Time: rewriting alone (``simplify``) per page, for this tree and for the ``main`` branch's
code (``git archive main``) in the same run: the two run as alternating child processes
over the same pages, three rounds, and the median round is compared. The time is the
process's CPU time (on a machine shared with other work, wall time mostly measures the
others); the Cochrane abstracts are timed apart from the pages.

``--dump FILE``: every sentence a rule changed (before, after, rule; patient pages half B
and the Cochrane report half, each line naming its set), as JSON lines, for the grammar
check (``grammar_check.py``).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import PAIRS, ROOT, site_halves
from cochrane import half as cochrane_half


def _shared(*parts: str) -> Path:
    """A file of the shared data beside the checkout (or beside the folder of worktrees
    the checkout is in)."""
    found = [up / "shared" / "data" / Path(*parts) for up in (ROOT.parent, ROOT.parent.parent)]
    return next((p for p in found if p.is_file()), found[0])


PAGES = Path(os.environ.get("PLAINHEALTH_PATIENT_PAGES") or _shared("patient-pages",
                                                                    "pages.jsonl"))
COCHRANE = PAIRS if PAIRS.is_file() else _shared("cochrane-dev", "pairs.jsonl")


def load_pages() -> list[dict[str, str]]:
    records = [json.loads(line) for line in PAGES.read_text("utf-8").splitlines() if line]
    half = site_halves(records)
    for record in records:
        record["half"] = half[record["site"]]
    return records


def load_pairs() -> list[dict[str, str]]:
    pairs = [json.loads(line) for line in COCHRANE.read_text("utf-8").splitlines() if line]
    for pair in pairs:
        pair["half"] = cochrane_half(pair["id"])
    return pairs


# ---- the child process: runs inside either tree ----

CHILD = r'''
import json, sys, time
from plainhealth.models import Article, Block, BlockKind, Section
from plainhealth.pipeline import glossary_for
from plainhealth.rewrite.plain_words import load
from plainhealth.rewrite.simplify import simplify
from plainhealth.safety.notes import find
from plainhealth.safety.rules import load_rules
from plainhealth.language.memo import forget

def article(text):
    blocks = []
    for chunk in text.split("\n\n"):
        lines = [l.strip() for l in chunk.split("\n") if l.strip()]
        for line in lines:
            if line.startswith("• "):
                blocks.append(Block(BlockKind.LIST_ITEM, line[2:]))
            elif len(lines) == 1 and len(line.split()) <= 12 and line[-1:] not in ".!?:":
                blocks.append(Block(BlockKind.HEADING, line, 2))
            else:
                blocks.append(Block(BlockKind.PARAGRAPH, line))
    return Article("", "en", (Section("", 0, tuple(blocks)),))

texts = json.load(sys.stdin)
glossary, words, rules = glossary_for(None), load(), load_rules(None)
out = []
for text in texts:
    item = article(text)
    found = find(item, glossary, rules)
    started = time.process_time()
    done = simplify(item, glossary, words, 6.0, claims=found)
    spent = time.process_time() - started
    forget()
    prose = lambda a: [b.text for b in a.prose_blocks() if b.kind != BlockKind.HEADING]
    out.append({"seconds": spent, "before": prose(item), "after": prose(done.article),
                "changes": [[c.rule, c.before, c.after] for c in done.changes]})
json.dump(out, sys.stdout)
'''


def run_tree(src: Path, texts: list[str]) -> list[dict[str, object]]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    done = subprocess.run([sys.executable, "-c", CHILD], input=json.dumps(texts),
                          capture_output=True, text=True, env=env, check=True)
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def main_tree(folder: Path) -> Path:
    archive = subprocess.run(["git", "archive", "main", "src", "glossary"], cwd=ROOT, check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder / "src"


def grades(blocks: list[str]) -> float:
    from plainhealth.language.readability import score_blocks
    return score_blocks(blocks).flesch_kincaid_grade


def kept_all(before: list[str], after: list[str]) -> bool:
    from cochrane import facts, kept
    return all(kept(facts("\n".join(before)), "\n".join(after)).values())


def summary(label: str, rows: list[dict[str, object]]) -> None:
    if not rows:
        return
    before = [grades(r["before"]) for r in rows]  # type: ignore[arg-type]
    after = [grades(r["after"]) for r in rows]  # type: ignore[arg-type]
    up = [i for i, (b, a) in enumerate(zip(before, after, strict=True)) if a > b + 0.005]
    facts_kept = sum(kept_all(r["before"], r["after"]) for r in rows)  # type: ignore[arg-type]
    print(f"  {label:<30} {len(rows):3d} pages   median grade {statistics.median(before):5.2f}"
          f" -> {statistics.median(after):5.2f}   mean drop "
          f"{statistics.mean(before) - statistics.mean(after):4.2f}   grade up on {len(up)}"
          f"   facts kept {facts_kept}/{len(rows)}")


def main() -> None:
    dump = Path(sys.argv[sys.argv.index("--dump") + 1]) if "--dump" in sys.argv else None
    pages, pairs = load_pages(), load_pairs()
    texts = [p["text"] for p in pages] + [p["technical"] for p in pairs]
    quick = "--quick" in sys.argv  # this tree only, once: no time ratio
    with tempfile.TemporaryDirectory() as folder:
        trees = {"this tree": ROOT / "src"} if quick else \
            {"this tree": ROOT / "src", "main": main_tree(Path(folder))}
        rounds: dict[str, list[float]] = {name: [] for name in trees}
        abstracts: dict[str, list[float]] = {name: [] for name in trees}
        results: dict[str, list[dict[str, object]]] = {}
        for index in range(1 if quick else 3):
            for name in (list(trees) if index % 2 == 0 else list(trees)[::-1]):
                results[name] = run_tree(trees[name], texts)
                rounds[name].append(sum(r["seconds"] for r in results[name][:len(pages)]))  # type: ignore[misc]
                abstracts[name].append(sum(r["seconds"] for r in results[name][len(pages):]))  # type: ignore[misc]
    for name in trees:
        rows = results[name]
        print(f"{name}: patient pages (half B reported; A is where rules were tuned)")
        for half in "BA":
            for marketing in (False, True):
                chosen = [r for r, p in zip(rows, pages, strict=False) if p["half"] == half
                          and (p["topic"] == "marketing") == marketing]
                summary(f"half {half} {'marketing' if marketing else 'patient pages'}", chosen)
        cochrane = rows[len(pages):]
        for half in ("report", "tune"):
            chosen = [r for r, p in zip(cochrane, pairs, strict=True) if p["half"] == half]
            before = statistics.mean(grades(r["before"]) for r in chosen)  # type: ignore[arg-type]
            after = statistics.mean(grades(r["after"]) for r in chosen)  # type: ignore[arg-type]
            kept = sum(kept_all(r["before"], r["after"]) for r in chosen)  # type: ignore[arg-type]
            print(f"  cochrane {half:<6} half {len(chosen):3d} abstracts   mean grade "
                  f"{before:5.2f} -> {after:5.2f}   drop {before - after:4.2f}   "
                  f"facts kept {kept}/{len(chosen)}")
    if quick:
        print(f"rewriting time: {statistics.median(rounds['this tree']) / len(pages) * 1000:.1f}"
              " ms/page (this tree only)")
    else:
        for label, spent, count in (("pages", rounds, len(pages)),
                                    ("Cochrane abstracts", abstracts, len(pairs))):
            ours, base = statistics.median(spent["this tree"]), statistics.median(spent["main"])
            print(f"rewriting time, {count} {label}, median of 3 rounds: this tree "
                  f"{ours / count * 1000:.1f} ms each, main {base / count * 1000:.1f} ms, "
                  f"ratio {ours / base:.2f}")
    if dump is not None:
        sources = [(page["id"], "patient pages B", page["half"] == "B") for page in pages] + \
            [(pair["id"], "cochrane report", pair["half"] == "report") for pair in pairs]
        with dump.open("w", encoding="utf-8") as out:
            for row, (name, kind, wanted) in zip(results["this tree"], sources, strict=True):
                for rule, before, after in row["changes"] if wanted else ():  # type: ignore[attr-defined]
                    out.write(json.dumps({"page": name, "set": kind, "rule": rule,
                                          "before": before, "after": after}) + "\n")


if __name__ == "__main__":
    main()
