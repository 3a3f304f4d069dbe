"""Helpers shared by the benchmarks: timing, the dev pages, and result lines."""

from __future__ import annotations

import collections
import gzip
import html
import json
import os
import statistics
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV_PAGES = Path(os.environ.get(
    "PLAINHEALTH_DEV_PAGES", ROOT.parent / "shared" / "data" / "extraction-dev" / "html"))
PAIRS = Path(os.environ.get("PLAINHEALTH_COCHRANE",
                            ROOT.parent / "shared" / "data" / "cochrane-dev" / "pairs.jsonl"))

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | Health Library</title></head>
<body><header><nav><a href="/">Home</a> <a href="/topics">Topics</a>
<a href="/about">About us</a> <a href="/donate">Donate</a></nav></header>
<main><article><h1>{title}</h1><p class="byline">Review summary {doi}</p>
<h2>What the review found</h2>{body}</article></main>
<aside><h2>Related</h2><ul><li><a href="/a">Living with pain</a></li>
<li><a href="/b">Your medicines</a></li></ul></aside>
<footer><p>Sign up for our newsletter. &copy; Health Library</p></footer></body></html>
"""


def dev_pages() -> list[tuple[str, bytes]]:
    """The 88 dev pages (name, HTML bytes); the samples when the dev set is not beside us."""
    if DEV_PAGES.is_dir():
        return [(p.name.split(".")[0][:12], gzip.decompress(p.read_bytes()))
                for p in sorted(DEV_PAGES.glob("*.html.gz"))]
    return [(p.stem, p.read_bytes()) for p in sorted((ROOT / "samples").glob("*.html"))]


def abstract_pages() -> list[tuple[str, bytes]]:
    """One web page per Cochrane technical abstract (menus, a sidebar and a footer around
    the abstract, split into paragraphs of three sentences): distinct health articles, for
    batches that must not repeat a page. Empty when the set is not beside us."""
    if not PAIRS.is_file():
        return []
    pages = []
    for row in map(json.loads, PAIRS.read_text(encoding="utf-8").splitlines()):
        sentences = row["technical"].replace(". ", ".\n").splitlines()
        body = "".join(f"<p>{html.escape(' '.join(sentences[i:i + 3]))}</p>"
                       for i in range(0, len(sentences), 3))
        title = html.escape(" ".join(sentences[0].split()[:8]).rstrip(".,;:"))
        page = PAGE.format(title=title, doi=html.escape(row.get("doi", "")), body=body)
        pages.append((row["id"], page.encode("utf-8")))
    return pages


def median_ms(func: Callable[[], object], repeat: int = 3) -> float:
    """Median wall time of ``func`` in milliseconds over ``repeat`` runs, after a warm-up."""
    func()
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        runs.append((time.perf_counter() - started) * 1000)
    return statistics.median(runs)


def per_page_medians(pages: list[tuple[str, bytes]],
                     func: Callable[[bytes], object]) -> Iterator[float]:
    for _name, page in pages:
        yield median_ms(lambda page=page: func(page), repeat=1)  # type: ignore[misc]


def line(name: str, value: float, unit: str, baseline_name: str = "",
         baseline: float | None = None, decimals: int = 1) -> str:
    text = f"{name:<44} {value:9.{decimals}f} {unit}"
    if baseline is not None:
        text += (f"   {baseline_name} {baseline:9.{decimals}f} {unit}"
                 f"   ratio {value / baseline:5.2f}")
    return text


def site_halves(records: list[dict[str, str]]) -> dict[str, str]:
    """Each site's half of the patient-page corpus, "A" or "B": the deterministic,
    topic-balanced split by site of the corpus README (rules are tuned on A; B is
    reported)."""
    by_site: dict[str, list[dict[str, str]]] = collections.defaultdict(list)
    for record in records:
        by_site[record["site"]].append(record)
    count: dict[str, collections.Counter[str]] = {"A": collections.Counter(),
                                                  "B": collections.Counter()}
    half: dict[str, str] = {}
    for site in sorted(by_site, key=lambda s: (-len(by_site[s]), s)):
        cost = {h: (sum(count[h][r["topic"]] for r in by_site[site]),
                    sum(count[h].values()), h) for h in "AB"}
        half[site] = chosen = min(cost, key=lambda h: cost[h])
        for record in by_site[site]:
            count[chosen][record["topic"]] += 1
    return half
