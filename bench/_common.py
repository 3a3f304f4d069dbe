"""Helpers shared by the benchmarks: timing, the dev pages, and result lines."""

from __future__ import annotations

import gzip
import os
import statistics
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV_PAGES = Path(os.environ.get(
    "PLAINHEALTH_DEV_PAGES", ROOT.parent / "shared" / "data" / "extraction-dev" / "html"))


def dev_pages() -> list[tuple[str, bytes]]:
    """The 88 dev pages (name, HTML bytes); the samples when the dev set is not beside us."""
    if DEV_PAGES.is_dir():
        return [(p.name.split(".")[0][:12], gzip.decompress(p.read_bytes()))
                for p in sorted(DEV_PAGES.glob("*.html.gz"))]
    return [(p.stem, p.read_bytes()) for p in sorted((ROOT / "samples").glob("*.html"))]


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
    for _name, html in pages:
        yield median_ms(lambda html=html: func(html), repeat=1)  # type: ignore[misc]


def line(name: str, value: float, unit: str, baseline_name: str = "",
         baseline: float | None = None) -> str:
    text = f"{name:<44} {value:9.1f} {unit}"
    if baseline is not None:
        text += f"   {baseline_name} {baseline:9.1f} {unit}   ratio {value / baseline:5.2f}"
    return text
