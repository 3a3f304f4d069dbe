"""Batch conversion: many sources, broken items, parallel jobs, resuming, the index."""

from __future__ import annotations

import csv
import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import KRATOM, SAMPLES
from plainhealth.cli import main
from plainhealth.errors import OutputError


def make_collection(folder: Path, copies: int) -> list[Path]:
    """``copies`` pages (the samples, renamed) in nested folders, plus nothing else."""
    folder.mkdir(parents=True, exist_ok=True)
    samples = sorted(SAMPLES.glob("*.html"))
    pages = []
    for i in range(copies):
        target = folder / f"shelf{i % 3}" / f"page-{i:03d}.html"
        target.parent.mkdir(exist_ok=True)
        shutil.copy(samples[i % len(samples)], target)
        pages.append(target)
    return pages


def run(*args: str) -> object:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_broken_items_are_reported_and_the_rest_finish(tmp_path: Path) -> None:
    """Empty, binary and missing items fail alone; exit 1; the index lists every item."""
    pages = make_collection(tmp_path / "in", 3)
    (tmp_path / "in" / "empty.html").write_text("")
    (tmp_path / "in" / "photo.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    listing = tmp_path / "list.txt"
    listing.write_text(f"# my list\n{tmp_path / 'missing.html'}\n\n{KRATOM}\n")
    out = tmp_path / "out"
    result = run("convert", str(tmp_path / "in"), "--from-list", str(listing), "-o", str(out),
                 "--jobs", "2", "--no-audio")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 3
    assert any("empty.html: is empty" in e for e in errors)
    assert any("photo.html: this is a PNG image" in e for e in errors)
    assert any("missing.html: no such file" in e for e in errors)
    for page in pages:
        assert (out / f"{page.stem}.json").exists()
    assert (out / "kratom-chronic-pain.txt").exists()
    with (out / "index.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 7
    assert sorted(r["status"] for r in rows).count("failed") == 3
    converted = next(r for r in rows if r["source"] == str(KRATOM))
    assert float(converted["grade_before"]) > 12
    assert converted["title"].startswith("Kratom and Dopamine")
    assert list(rows[0]) == ["title", "source", "status", "grade_before", "grade_after",
                             "terms_explained", "notes_added", "audio_seconds", "error",
                             "warnings", "outputs"]
    report = json.loads((out / "kratom-chronic-pain.json").read_text())
    assert converted["terms_explained"] == str(sum(t["shown"] in ("inline", "list")
                                                   for t in report["terms"]))
    # each safety note once where it is shown in full: not its pointers, not the closing
    # not-medical-advice note every handout carries
    assert converted["notes_added"] == str(len({n["rule"] for n in report["notes"]
                                                if n["shown"] == "full"
                                                and n["position"] == "after_block"}))
    assert int(converted["notes_added"]) < len(report["notes"])
    index = (out / "index.html").read_text()
    assert '<a href="kratom-chronic-pain.html">' in index
    assert "7 items, 3 failed." in index


def test_parallel_and_serial_give_the_same_files(tmp_path: Path) -> None:
    """Same input, same bytes: the index too lists items in input order, not finish order."""
    make_collection(tmp_path / "in", 6)
    assert run("convert", str(tmp_path / "in"), "-o", str(tmp_path / "one"),
               "--jobs", "1", "--no-audio").exit_code == 0
    assert run("convert", str(tmp_path / "in"), "-o", str(tmp_path / "two"),
               "--jobs", "2", "--no-audio").exit_code == 0
    names = sorted(p.name for p in (tmp_path / "one").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "two").iterdir())
    assert "index.csv" in names and "index.html" in names
    for name in names:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    rows = list(csv.DictReader((tmp_path / "two" / "index.csv").read_text().splitlines()))
    assert [Path(r["source"]).name for r in rows] == [
        f"page-{i:03d}.html" for i in (0, 3, 1, 4, 2, 5)]  # shelf0, shelf1, shelf2, sorted


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    make_collection(tmp_path / "in", 3)
    result = run("convert", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--no-audio")
    assert result.exit_code == 0
    assert all(line.startswith("Warning: ") for line in result.stderr.splitlines())
    assert "converting (" not in result.stderr


def test_interrupted_batch_leaves_no_partial_files_and_resumes(tmp_path: Path) -> None:
    """kill -9 in the middle; every file left is complete; --skip-existing finishes the rest
    without redoing finished items."""
    make_collection(tmp_path / "in", 40)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "plainhealth", "convert", str(tmp_path / "in"),
               "-o", str(out), "--jobs", "1", "-q", "--no-audio"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.glob("*.json"))) < 5:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    finished = list(out.glob("*.json"))
    assert 5 <= len(finished) < 40, "the kill should land mid-batch"
    for report in finished:
        json.loads(report.read_text())  # complete, parseable
    for text in out.glob("*.txt"):
        assert text.read_text().endswith("\n")
    published = [p for p in out.iterdir() if not p.name.startswith(".")]
    for stem in {p.stem for p in published}:  # an item has all its files or none
        assert sorted(p.suffix for p in published if p.stem == stem) == [
            ".html", ".json", ".md", ".txt"], stem
    stamps = {p.name: p.stat().st_mtime_ns for p in finished}
    resumed = run("convert", str(tmp_path / "in"), "-o", str(out), "--skip-existing",
                  "--no-audio")
    assert resumed.exit_code == 0
    assert len(list(out.glob("*.json"))) == 40
    for name, stamp in stamps.items():
        assert (out / name).stat().st_mtime_ns == stamp
    rows = list(csv.DictReader((out / "index.csv").read_text().splitlines()))
    assert {r["status"] for r in rows} == {"converted", "skipped"}
    assert all(r["grade_before"] for r in rows)


def test_skip_existing_finishes_an_item_left_incomplete(tmp_path: Path) -> None:
    """Outputs of an item with files missing are made again; complete items are kept."""
    make_collection(tmp_path / "in", 2)
    out = tmp_path / "out"
    assert run("convert", str(tmp_path / "in"), "-o", str(out), "--no-audio").exit_code == 0
    (out / "page-000.html").unlink()
    kept = (out / "page-001.json").stat().st_mtime_ns
    refused = run("convert", str(tmp_path / "in"), "-o", str(out), "--no-audio")
    assert refused.exit_code == 1
    assert f"Error: {out / 'page-000.txt'} already exists; use --force" in refused.stderr
    resumed = run("convert", str(tmp_path / "in"), "-o", str(out), "--no-audio",
                  "--skip-existing")
    assert resumed.exit_code == 0, resumed.stderr
    assert (out / "page-000.html").exists()
    assert (out / "page-001.json").stat().st_mtime_ns == kept
    rows = {Path(r["source"]).name: r
            for r in csv.DictReader((out / "index.csv").read_text().splitlines())}
    assert {name: r["status"] for name, r in rows.items()} == {
        "page-000.html": "converted", "page-001.html": "skipped"}
    # the index lists a skipped item's files too; stdout names only the files written now
    assert sorted(rows["page-001.html"]["outputs"].split()) == [
        f"page-001.{ext}" for ext in ("html", "json", "md", "txt")]
    assert "page-001" not in resumed.stdout and "page-000.html" in resumed.stdout


def test_stdin_named_by_its_title_never_takes_another_items_name(tmp_path: Path) -> None:
    """Standard input is named after its title; a file of the same name keeps its outputs."""
    twin = tmp_path / "kratom-and-dopamine-a-natural-approach-to-chronic-pain-relief.html"
    shutil.copy(KRATOM, twin)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["convert", "-", str(twin), "-o", str(out), "--no-audio"],
                                input=KRATOM.read_bytes(), catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    stems = sorted(p.stem for p in out.glob("*.json"))
    assert stems == ["kratom-and-dopamine-a-natural-approach-to-chronic-pain-relief",
                     "kratom-and-dopamine-a-natural-approach-to-chronic-pain-relief-2"]
    sources = {json.loads(p.read_text())["source"] for p in out.glob("*.json")}
    assert sources == {"-", str(twin)}


def test_standard_input_twice_is_a_clear_error(tmp_path: Path) -> None:
    result = run("convert", "-", "-", "-o", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr == "Error: -: standard input can be read only once; give - one time\n"


def test_an_abandoned_staging_folder_is_cleared_by_the_next_run(tmp_path: Path) -> None:
    """A run killed while making an item leaves only a hidden folder, which goes next time."""
    out = tmp_path / "out"
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    abandoned = out / f".plainhealth-{gone.pid}-kratom-abc123"
    abandoned.mkdir(parents=True)
    (abandoned / "kratom-chronic-pain.txt").write_text("half")
    assert run("convert", str(KRATOM), "-o", str(out), "--no-audio").exit_code == 0
    assert not abandoned.exists()
    assert sorted(p.name for p in out.iterdir()) == [
        "kratom-chronic-pain.html", "kratom-chronic-pain.json", "kratom-chronic-pain.md",
        "kratom-chronic-pain.txt"]


def test_the_index_carries_each_items_warnings(tmp_path: Path) -> None:
    """A librarian sees in the index which items were converted with a caveat."""
    (tmp_path / "in").mkdir()
    shutil.copy(KRATOM, tmp_path / "in" / "kratom.html")
    (tmp_path / "in" / "es.html").write_text(
        "<html lang='es'><body><article><h1>Dolor</h1><p>El dolor de espalda es muy común y "
        "casi siempre mejora en pocas semanas con movimiento suave.</p></article></body></html>",
        encoding="utf-8")
    out = tmp_path / "out"
    assert run("convert", str(tmp_path / "in"), "-o", str(out), "--no-audio").exit_code == 0
    rows = {Path(r["source"]).name: r
            for r in csv.DictReader((out / "index.csv").read_text().splitlines())}
    assert "the article's language is 'es'" in rows["es.html"]["warnings"]
    assert "kratom.html: reads at grade" in rows["kratom.html"]["warnings"]
    assert "language" not in rows["kratom.html"]["warnings"]
    assert "the article&#x27;s language is &#x27;es&#x27;" in (out / "index.html").read_text()


def test_quiet_hides_warnings_but_not_errors(tmp_path: Path) -> None:
    """-q: "only print errors" — an item's warning is not printed, a failure still is."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "es.html").write_text(
        "<html lang='es'><body><article><h1>Dolor</h1><p>El dolor de espalda es muy común y "
        "casi siempre mejora en pocas semanas con movimiento suave.</p></article></body></html>",
        encoding="utf-8")
    (tmp_path / "in" / "empty.html").write_text("")
    loud = run("convert", str(tmp_path / "in"), "-o", str(tmp_path / "a"), "--no-audio")
    assert "Warning: " in loud.stderr and "Error: " in loud.stderr
    quiet = run("convert", str(tmp_path / "in"), "-o", str(tmp_path / "b"), "--no-audio", "-q")
    assert quiet.exit_code == 1
    assert "Warning: " not in quiet.stderr
    assert f"Error: {tmp_path / 'in' / 'empty.html'}: is empty" in quiet.stderr


def test_standard_input_over_the_size_cap_is_an_error_not_read_twice(tmp_path: Path) -> None:
    """The cap's error is reported for stdin; what follows the cap is never converted as a
    page of its own."""
    page = "<html lang='en'><body><article><h1>Big</h1><p>" + "Rest helps. " * 100_000 + \
        "</p></article></body></html>"
    out = tmp_path / "out"
    for jobs in ("1", "2"):
        result = CliRunner().invoke(main, ["convert", "-", str(KRATOM), "-o", str(out),
                                           "--no-audio", "--max-size", "1", "--jobs", jobs,
                                           "--force"], input=page, catch_exceptions=False)
        assert result.exit_code == 1
        assert "Error: standard input: more than the 1.0 MB limit" in result.stderr, jobs
        assert sorted(p.stem for p in out.glob("*.json")) == ["kratom-chronic-pain"]


def test_force_over_an_earlier_item_removes_its_report_first(tmp_path: Path) -> None:
    """Publishing replaces the report last and removes the old one first, so a set killed
    half-way through never has a report vouching for it."""
    from plainhealth.output import publish

    out, stage = tmp_path / "out", tmp_path / "stage"
    out.mkdir()
    stage.mkdir()
    for name in ("a.txt", "a.json"):
        (out / name).write_text("old")
        (stage / name).write_text("new")
    (stage / "a.json").unlink()  # as if killed before the report was staged
    with pytest.raises(OutputError):
        publish(stage, out, ["a.txt", "a.json"], "a.json", replace=True)
    assert not (out / "a.json").exists()
    assert (out / "a.txt").read_text() == "new"


def test_a_long_batch_keeps_no_page_text_in_memory() -> None:
    """Memory must not grow with the number of items: each page's sentences and tokens are
    let go when it is done (the caches held up to 8,192 texts of every page before, so
    memory grew by 125 MB over 500 distinct pages), and word caches are bounded."""
    from plainhealth.explain import jargon
    from plainhealth.language import matcher, memo, sentences, syllables
    from plainhealth.pipeline import convert
    from plainhealth.rewrite import plain_words

    for n in range(3):
        page = (f"<html lang='en'><body><article><h1>Visit {n}</h1><p>Patient {n} took "
                f"{n + 2} mg of ibuprofen for back pain. The analgesic helped within "
                f"{n + 1} days.</p></article></body></html>").encode()
        convert(f"page{n}.html", data=page)
        for cache in (sentences.split, matcher._tokens):
            assert cache.cache_info().currsize == 0
    for word_cache in (syllables.count, jargon._zipf, plain_words.lemma):
        assert word_cache.cache_info().maxsize == memo.WORDS


def test_warming_up_leaves_the_garbage_collector_running() -> None:
    """A batch loads its tables with the collector paused; it must be running again after
    (a batch of thousands of pages would otherwise keep every cycle it ever made). The
    tables are set aside once; a second warm-up freezes nothing more (no garbage made
    since is kept for ever), and a caller who turned the collector off keeps it off."""
    code = ("import gc\nfrom plainhealth.pipeline import warm_up\n"
            "warm_up()\nassert gc.isenabled()\nfrozen = gc.get_freeze_count()\n"
            "assert frozen > 10_000, frozen\n"
            "garbage = [[] for _ in range(1000)]\nfor a in garbage: a.append(a)\n"
            "del garbage, a\nwarm_up()\nassert gc.get_freeze_count() == frozen\n"
            "gc.disable()\nwarm_up()\nassert not gc.isenabled()\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_broken_glossary_overlay_fails_each_item_and_the_index_lists_them(
        tmp_path: Path, jobs: str) -> None:
    """The batch's warm-up meets the broken overlay first; it must not stop the batch
    before the items are reported and the index written."""
    overlay = tmp_path / "overlay"
    (overlay / "terms").mkdir(parents=True)
    (overlay / "terms" / "broken.toml").write_text("[[term\nid = ")
    pages = make_collection(tmp_path / "in", 2)
    out = tmp_path / "out"
    result = run("convert", *map(str, pages), "-o", str(out), "--jobs", jobs, "--no-audio",
                 "--glossary", str(overlay))
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 2
    assert result.stderr.count("broken.toml") == 2
    with (out / "index.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    assert [row["status"] for row in rows] == ["failed", "failed"]
    assert all("broken.toml" in row["error"] for row in rows)
