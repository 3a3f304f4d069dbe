"""Two long pages that took most of a minute: 200,000 list items and a 1.9 MB paragraph.

Each page is made here (deterministic, written for the project), then converted by
``plainhealth convert --no-audio`` (every text format) in a fresh process; the kernel
gives its CPU time and peak RSS (``wait4``), and the wall time is measured around it.
Each run also says whether the safety rules were checked to the page's end: a run that
stops at the time budget is quicker and has missed notes (main did, on the list page,
before the safety screen).

Baseline: the same pages converted, in the same run, by the code at a git ref (default
``main``), unpacked with ``git archive`` into a temporary folder and put first on the
child's PYTHONPATH (the dependencies are this environment's). ``--baseline none`` skips
it. CPU time is the figure to compare on a shared machine; wall time is what a user waits.

    .venv/bin/python bench/long_pages.py [--baseline REF] [--only items|paragraph]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from _common import ROOT, line

INTRO = ("This checklist lists every step the care team may ask you to do at home. Tick each "
         "one when it is done, and take the list with you to your next visit. If a step is "
         "not clear to you, ask your nurse or your doctor what it means. You can do the "
         "steps in any order, but do not skip the ones about your medicines. ")
HEALTH = ("Take 2 tablets of ibuprofen with food, and do not take more than 6 in a day.",
          "Call your doctor if you have a fever above 38 C or new chest pain.",
          "Most people feel better within 4 to 6 weeks.",
          "Do not drive if the medicine makes you sleepy.")


def _words() -> list[str]:
    from plainhealth.language.readability import familiar_words

    return sorted(w for w in familiar_words() if w.isalpha() and 3 <= len(w) <= 5)


def list_page(items: int = 200_000) -> str:
    """An English page whose article is a list of ``items`` distinct short items (two
    everyday words each: about 1.9 million characters of text, under the 2 million
    plainhealth converts), minified (no whitespace between the items: main counted it as
    text and refused the page)."""
    words = _words()
    first, second = words[:450], words[450:]
    entries = "".join(f"<li>{first[i % 450]} {second[i // 450 % len(second)]}</li>"
                      for i in range(items))
    return ("<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Home care "
            f"checklist</title></head><body><main><article><h1>Home care checklist</h1>"
            f"<p>{INTRO * 6}</p><ul>\n{entries}</ul></article></main></body></html>\n")


def paragraph_page(size: int = 1_900_000) -> str:
    """One paragraph of ``size`` characters: sentences of everyday words, with a sentence
    about medicines or symptoms now and then (as in a long transcript pasted into a page)."""
    words, rng = _words(), random.Random(2026)
    sentences, length = [], 0
    while length < size:
        if rng.random() < 0.01:
            sentence = rng.choice(HEALTH)
        else:
            chosen = rng.choices(words, k=rng.randint(6, 16))
            sentence = " ".join(chosen).capitalize() + "."
        sentences.append(sentence)
        length += len(sentence) + 1
    return ("<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Talk "
            "transcript</title></head><body><main><article><h1>Talk transcript</h1>"
            f"<p>{' '.join(sentences)}</p></article></main></body></html>\n")


PAGES: dict[str, Callable[[], str]] = {"items": list_page, "paragraph": paragraph_page}


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    peak_mb: float
    outcome: str


def convert(page: Path, out: Path, pythonpath: str | None) -> Run:
    """``plainhealth convert`` in a fresh process, with ``pythonpath`` first on its path."""
    env = dict(os.environ)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    command = [sys.executable, "-m", "plainhealth", "convert", str(page), "-o", str(out),
               "--no-audio", "--force", "-q", "--max-size", "20"]
    with tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err, env=env)
        _pid, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped; Popen must not wait
        err.seek(0)
        lines = err.read().strip().splitlines()
    outcome = lines[-1] if lines else f"converted ({len(list(out.glob(page.stem + '.*')))} files)"
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
               f"{outcome}; {_safety(out / f'{page.stem}.json')}")


def _safety(report: Path) -> str:
    """Whether the safety rules were checked to the page's end (a run that stops at its
    time budget is quicker, and has missed notes)."""
    try:
        warnings = json.loads(report.read_text(encoding="utf-8"))["warnings"]
    except (OSError, ValueError, KeyError):
        return "no report"
    stopped = [w for w in warnings if "safety rules stopped" in w]
    return f"SAFETY STOPPED EARLY: {stopped[0]}" if stopped else "safety checked to the end"


def baseline_tree(ref: str, into: Path) -> str | None:
    """The code (src/ and glossary/) at ``ref``, unpacked into ``into``; its src path
    (None, said on stdout, when there is no git checkout or no such ref)."""
    archive = into / "baseline.tar"
    made = subprocess.run(["git", "-C", str(ROOT), "archive", "-o", str(archive), ref, "src",
                           "glossary"], capture_output=True, text=True, check=False)
    if made.returncode:
        print(f"no baseline: git archive {ref} failed ({made.stderr.strip()})")
        return None
    with tarfile.open(archive) as tar:
        tar.extractall(into / "baseline", filter="data")
    return str(into / "baseline" / "src")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default="main", help="git ref to compare, or 'none'")
    parser.add_argument("--only", choices=sorted(PAGES), help="one page only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        base = None if args.baseline == "none" else baseline_tree(args.baseline, folder)
        print("long pages: plainhealth convert --no-audio in a fresh process "
              f"(baseline: {args.baseline})")
        for name, make in PAGES.items():
            if args.only and name != args.only:
                continue
            page = folder / f"{name}.html"
            page.write_text(make(), encoding="utf-8")
            ours = convert(page, folder / "ours", None)
            _report(f"{name} ({page.stat().st_size / 1e6:.1f} MB)", ours, None)
            if base:
                _report(f"{name}, {args.baseline}", convert(page, folder / "base", base), ours)


def _report(label: str, run: Run, ours: Run | None) -> None:
    if ours is None:
        print(f"{label:<44} wall {run.wall:6.1f} s  cpu {run.cpu:6.1f} s  "
              f"peak {run.peak_mb:6.0f} MB")
    else:
        print(line(f"  {label}: cpu", run.cpu, "s", "ours", ours.cpu))
        print(line(f"  {label}: peak RSS", run.peak_mb, "MB", "ours", ours.peak_mb, 0))
        print(f"  {label}: wall {run.wall:.1f} s")
    print(f"    -> {run.outcome}")


if __name__ == "__main__":
    main()
