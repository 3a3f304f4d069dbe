"""What the bigger glossary costs a conversion (issue 16: at most 1.1 x).

Converts the extraction dev pages (text pipeline, `plainhealth.convert`) with today's
glossary and with the glossary as it stood before issue 16 (377 entries, the terms and
sources at BEFORE), in fresh processes, alternating, same run. The safety rules, everyday
words and plain words are today's in both, so only the entries differ. Each process loads
its glossary and converts one page before the clock starts; the figure is CPU time per page
(the host is shared), median of the rounds.

    .venv/bin/python bench/glossary_speed.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from _common import DEV_PAGES, ROOT, line

BEFORE = "1a4e71e"
"""The last commit whose glossary had the 377 entries issue 16 started from."""

CHILD = """
import sys, time, gzip
from pathlib import Path
import plainhealth.explain.glossary as glossary
folder = Path(sys.argv[1])
glossary.shipped_dir = lambda: folder
from plainhealth import convert
from plainhealth.errors import PlainhealthError
pages = [gzip.decompress(p.read_bytes()) for p in sorted(Path(sys.argv[2]).glob('*.html.gz'))]
def one(page):
    try:
        convert('-', data=page)
    except PlainhealthError:
        pass
one(pages[0])
started = time.process_time()
for page in pages:
    one(page)
print((time.process_time() - started) / len(pages) * 1000)
"""


def old_glossary(into: Path) -> Path:
    """Today's glossary folder with the terms and sources of BEFORE."""
    folder = into / "before"
    shutil.copytree(ROOT / "glossary", folder)
    for part in ("terms", "sources"):
        shutil.rmtree(folder / part)
    archive = into / "before.tar"
    with archive.open("wb") as out:
        subprocess.run(["git", "archive", BEFORE, "glossary/terms", "glossary/sources"],
                       cwd=ROOT, stdout=out, check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(into / "archive", filter="data")
    for part in ("terms", "sources"):
        shutil.copytree(into / "archive" / "glossary" / part, folder / part)
    return folder


def ms_per_page(folder: Path) -> float:
    done = subprocess.run([sys.executable, "-c", CHILD, str(folder), str(DEV_PAGES)],
                          capture_output=True, text=True, check=True)
    return float(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    if not DEV_PAGES.is_dir():
        raise SystemExit(f"{DEV_PAGES}: the extraction dev pages are not here")
    with tempfile.TemporaryDirectory() as tmp:
        before = old_glossary(Path(tmp))
        now, old = [], []
        for _ in range(rounds):
            now.append(ms_per_page(ROOT / "glossary"))
            old.append(ms_per_page(before))
    ratios = [n / o for n, o in zip(now, old, strict=True)]
    print(f"glossary speed: convert (text) of {len(list(DEV_PAGES.glob('*.html.gz')))} "
          f"dev pages, CPU ms per page, median of {rounds} alternating rounds "
          "(goal <= 1.1x)")
    print(line("today's glossary", statistics.median(now), "ms",
               f"the 377 entries of {BEFORE}", statistics.median(old)))
    print("  ratio per round: " + ", ".join(f"{r:.2f}" for r in ratios))


if __name__ == "__main__":
    main()
