"""Every command through the real CLI: stdout for products, stderr for errors, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from conftest import KRATOM, SAMPLES
from plainhealth.cli import main
from plainhealth.version import __version__


def run(runner: CliRunner, *args: str, input: str | None = None) -> object:
    return runner.invoke(main, list(args), input=input, catch_exceptions=False)


def test_version(runner: CliRunner) -> None:
    result = run(runner, "--version")
    assert result.exit_code == 0
    assert result.stdout == f"plainhealth, version {__version__}\n"


def _commands(group: click.Group, path: tuple[str, ...] = ()) -> list[list[str]]:
    """Every command and group under ``group``, as the words that name it."""
    found = [list(path)]
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            found += _commands(command, (*path, name))
        else:
            found.append([*path, name])
    return found


@pytest.mark.parametrize("command", _commands(main), ids=lambda c: " ".join(c) or "main")
def test_every_help_has_an_example(runner: CliRunner, command: list[str]) -> None:
    """-h works on every registered command and shows a runnable example."""
    result = run(runner, *command, "-h")
    assert result.exit_code == 0
    assert "Example:" in result.stdout
    assert "plainhealth " in result.stdout.split("Example:")[1]


def test_extract_prints_the_article(runner: CliRunner) -> None:
    result = run(runner, "extract", str(KRATOM))
    assert result.exit_code == 0
    assert result.stdout.startswith("Kratom and Dopamine: A Natural Approach to Chronic Pain "
                                    "Relief\n\nChronic pain, lasting over 12 weeks,")
    assert result.stderr == ""


def test_extract_reads_stdin(runner: CliRunner) -> None:
    result = run(runner, "extract", "-", input=KRATOM.read_text(encoding="utf-8"))
    assert result.exit_code == 0
    assert "Kratom, a natural herb derived from Mitragyna speciosa" in result.stdout


def test_extract_from_a_url(runner: CliRunner, server: str) -> None:
    result = run(runner, "extract", f"{server}/article.html")
    assert result.exit_code == 0
    assert result.stdout.startswith("Back pain\n\nBack pain is common.")


def test_missing_file_is_an_error_line_and_exit_1(runner: CliRunner, tmp_path: Path) -> None:
    """A user mistake: one `Error:` line on stderr, nothing on stdout, no traceback."""
    missing = tmp_path / "nope.html"
    result = run(runner, "extract", str(missing))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"Error: {missing}: no such file; check the path\n"


def test_http_error_is_reported(runner: CliRunner, server: str) -> None:
    result = run(runner, "extract", f"{server}/missing.html")
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {server}/missing.html: the server answered HTTP 404 "
                             "Not Found; check the address or try again later\n")


def test_usage_mistake_exits_2(runner: CliRunner) -> None:
    result = run(runner, "convert", str(KRATOM), "--formats", "pdf")
    assert result.exit_code == 2
    assert "unknown format pdf" in result.stderr


def test_score_table(runner: CliRunner) -> None:
    result = run(runner, "score", str(KRATOM))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Kratom and Dopamine: A Natural Approach to Chronic Pain Relief"
    assert any(line.startswith("Flesch-Kincaid grade") for line in lines)
    assert "Hardest sentences (Flesch-Kincaid grade):" in lines
    assert "By section (Flesch-Kincaid grade before → after):" in lines


def test_score_json(runner: CliRunner) -> None:
    result = run(runner, "score", str(KRATOM), "--json")
    data = json.loads(result.stdout)
    before = data["before"]
    for key in ("flesch_kincaid_grade", "smog_index", "flesch_reading_ease", "gunning_fog",
                "coleman_liau_index", "dale_chall", "words", "sentences", "syllables_per_word"):
        assert key in before
    assert before["flesch_kincaid_grade"] > 12  # the sample reads at college level
    assert len(before["hardest"]) == 5
    assert [s["heading"] for s in before["sections"]][1:] == [
        "Understanding Chronic Pain and Its Impact on the Body",
        "Kratom as a Natural Approach to Pain Management: Mechanisms and Benefits",
        "Navigating Dopamine's Role in Chronic Pain Relief with Kratom: What Does It Actually Do?",
    ]


def test_score_warns_for_a_non_english_article(runner: CliRunner, tmp_path: Path) -> None:
    page = tmp_path / "es.html"
    page.write_text("<html lang='es'><body><article><h1>Dolor</h1><p>El dolor de espalda es "
                    "muy común y casi siempre mejora en pocas semanas.</p></article></body></html>")
    result = run(runner, "score", str(page))
    assert result.exit_code == 0
    assert "the readability formulas are for English" in result.stderr
    assert "formulas are for English and do not apply" in result.stdout


def test_convert_writes_txt_md_json(runner: CliRunner, tmp_path: Path) -> None:
    result = run(runner, "convert", str(KRATOM), "-o", str(tmp_path), "--no-audio")
    assert result.exit_code == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["kratom-chronic-pain.html", "kratom-chronic-pain.json",
                     "kratom-chronic-pain.md", "kratom-chronic-pain.txt"]
    # the report last: it is published last, as the mark of a finished item
    assert result.stdout.splitlines() == [str(tmp_path / n) for n in
                                          ("kratom-chronic-pain.txt", "kratom-chronic-pain.md",
                                           "kratom-chronic-pain.html",
                                           "kratom-chronic-pain.json")]
    report = json.loads((tmp_path / "kratom-chronic-pain.json").read_text())
    assert report["source"] == str(KRATOM)
    assert report["title"] == "Kratom and Dopamine: A Natural Approach to Chronic Pain Relief"
    for when in ("before", "after"):
        for key in ("flesch_kincaid_grade", "smog_index", "flesch_reading_ease", "dale_chall",
                    "words", "sentences"):
            assert isinstance(report["readability"][when][key], int | float)
    assert {"terms", "notes", "changes", "unexplained", "glossary"} <= set(report)


def test_convert_refuses_to_overwrite_without_force(runner: CliRunner, tmp_path: Path) -> None:
    run(runner, "convert", str(KRATOM), "-o", str(tmp_path), "--no-audio")
    (tmp_path / "kratom-chronic-pain.txt").write_text("edited by hand")
    again = run(runner, "convert", str(KRATOM), "-o", str(tmp_path), "--no-audio")
    assert again.exit_code == 1
    assert "kratom-chronic-pain.txt already exists; use --force" in again.stderr
    assert (tmp_path / "kratom-chronic-pain.txt").read_text() == "edited by hand"
    forced = run(runner, "convert", str(KRATOM), "-o", str(tmp_path), "--force", "--no-audio")
    assert forced.exit_code == 0
    assert (tmp_path / "kratom-chronic-pain.txt").read_text().startswith("Kratom and Dopamine")


def test_convert_skip_existing_keeps_finished_items(runner: CliRunner, tmp_path: Path) -> None:
    run(runner, "convert", str(KRATOM), "-o", str(tmp_path), "--no-audio")
    stamp = (tmp_path / "kratom-chronic-pain.json").stat().st_mtime_ns
    result = run(runner, "convert", str(SAMPLES), "-o", str(tmp_path), "--skip-existing",
        "--no-audio")
    assert result.exit_code == 0
    assert (tmp_path / "kratom-chronic-pain.json").stat().st_mtime_ns == stamp
    assert (tmp_path / "high-blood-pressure.json").exists()


def test_one_bad_source_does_not_stop_the_others(runner: CliRunner, tmp_path: Path) -> None:
    """The good page is converted, the bad one reported, and the exit status is 1."""
    bad = tmp_path / "broken.html"
    bad.write_bytes(b"%PDF-1.4 not a page")
    out = tmp_path / "out"
    result = run(runner, "convert", str(bad), str(KRATOM), "-o", str(out), "--no-audio")
    assert result.exit_code == 1
    assert f"Error: {bad}: this PDF is damaged or not a PDF and cannot be opened" in result.stderr
    assert (out / "kratom-chronic-pain.txt").exists()
    assert not (out / "broken.txt").exists()


def test_quiet_and_verbose_are_accepted(runner: CliRunner, tmp_path: Path) -> None:
    assert run(runner, "-q", "convert", str(KRATOM), "-o", str(tmp_path), "-q",
        "--no-audio").exit_code == 0
    assert run(runner, "score", "-v", str(KRATOM)).exit_code == 0


def test_an_unexpected_failure_is_one_line_not_a_traceback(
        runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug inside the library still ends as `Error: …` and exit 1, asking for a report."""
    import plainhealth.source.extract

    def broken(*_args: object, **_kwargs: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(plainhealth.source.extract, "extract", broken)
    result = run(runner, "extract", str(KRATOM))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == ("Error: unexpected ZeroDivisionError: division by zero; please "
                             "report this as a plainhealth bug (run with -vv to see where it "
                             "happened)\n")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("content", ["<!-- x -->", '<?xml version="1.0"?><x/>'])
def test_library_log_lines_never_reach_the_user(tmp_path: Path, content: str) -> None:
    """trafilatura logs its parse failures as errors ("parsed tree length: 0 …");
    plainhealth says what went wrong itself, on exactly one line (a real process, since
    the logging set-up is what is under test)."""
    import subprocess
    import sys

    page = tmp_path / "odd.html"
    page.write_text(content)
    done = subprocess.run([sys.executable, "-m", "plainhealth", "extract", str(page)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert done.stderr == f"Error: {page}: the page could not be parsed as HTML\n"


def test_a_reader_that_stops_early_is_no_error() -> None:
    """`plainhealth glossary list | head`: the closed pipe ends the command quietly."""
    process = subprocess.Popen([sys.executable, "-m", "plainhealth", "glossary", "list"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout and process.stderr
    process.stdout.close()  # the reader is gone before the first line
    with process.stderr:
        errors = process.stderr.read().decode()
    assert process.wait(timeout=60) == 141
    assert errors == ""
