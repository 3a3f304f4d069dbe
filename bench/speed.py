"""Per-page speed: extract_text and the whole text pipeline, beside trafilatura.extract.

Baseline: trafilatura.extract(html) with its defaults, on the same pages, same run.
Prints the median milliseconds per page and the ratio to the baseline.
"""

from __future__ import annotations

import contextlib
import statistics
import tempfile
from pathlib import Path

import trafilatura

from _common import dev_pages, line, median_ms, per_page_medians
from plainhealth import convert, extract_text
from plainhealth.errors import PlainhealthError


def main() -> None:
    pages = dev_pages()
    baseline = statistics.median(per_page_medians(pages, trafilatura.extract))
    ours = statistics.median(per_page_medians(pages, extract_text))
    print(f"speed: {len(pages)} pages, median ms per page")
    print(line("extract_text", ours, "ms", "trafilatura.extract", baseline))
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for name, html in pages:
            path = Path(tmp) / f"{name}.html"
            path.write_bytes(html)
            files.append((str(path), b""))
        pipeline = statistics.median(_convert_medians(files))
    print(line("convert (text pipeline, no audio)", pipeline, "ms", "trafilatura.extract",
               baseline))


def _convert_medians(files: list[tuple[str, bytes]]) -> list[float]:
    """Median ms of convert() per file; a page that fails still counts its time. Also
    prints each stage's median share of the pipeline (safety rules included)."""
    shares: dict[str, list[float]] = {}

    def run(path: str) -> None:
        with contextlib.suppress(PlainhealthError):
            timings = convert(path).timings
            total = sum(seconds for _stage, seconds in timings) or 1.0
            for stage, seconds in timings:
                shares.setdefault(stage, []).append(seconds / total)

    medians = [median_ms(lambda path=path: run(path), repeat=1) for path, _ in files]
    print("  stage shares of convert(): " + ", ".join(
        f"{stage} {statistics.median(values):.0%}" for stage, values in shares.items()))
    return medians


if __name__ == "__main__":
    main()
