"""Publishing outputs: never over another run's files without --force, a full disk is a
clear error that leaves nothing behind, and file names that are not UTF-8 convert."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ARTICLE_HTML, KRATOM, require_engine
from plainhealth.cli import main
from plainhealth.errors import OutputError
from plainhealth.output import publish
from plainhealth.speech.system import EspeakEngine

EXISTS = "already exists; use --force to overwrite it or --skip-existing to keep it"


def plainhealth(*args: str | bytes, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "plainhealth", *args], capture_output=True,
                          text=True, check=False, cwd=cwd,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"})


# ---- two runs, one name ---------------------------------------------------------------

class _Gate:
    """A real HTTP server whose page is sent only when the test opens the gate."""

    def __init__(self) -> None:
        self.arrived = threading.Event()
        self.open = threading.Event()
        gate = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                gate.arrived.set()
                gate.open.wait(60)
                body = ARTICLE_HTML.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/page.html"


@pytest.fixture
def gate() -> Iterator[_Gate]:
    gate = _Gate()
    threading.Thread(target=gate.server.serve_forever, daemon=True).start()
    yield gate
    gate.open.set()
    gate.server.shutdown()
    gate.server.server_close()


@pytest.mark.parametrize("mode", ["", "--skip-existing"])
def test_a_run_never_replaces_outputs_another_run_published_meanwhile(
        tmp_path: Path, gate: _Gate, mode: str) -> None:
    """Two sources named alike (a URL ending /page.html, a file b/page.html) converted
    into one folder at once: the run that publishes second loses, says so, and leaves the
    first run's files as they were (both used to exit 0, one silently replacing the
    other). Under --skip-existing the loser counts as skipped: the outputs are there.

    The URL's run has passed its "already exists" check and waits for the page while the
    file's run converts and publishes; then the page comes."""
    out = tmp_path / "out"
    (tmp_path / "b").mkdir()
    shutil.copy(KRATOM, tmp_path / "b" / "page.html")
    first = subprocess.Popen(
        [sys.executable, "-m", "plainhealth", "convert", gate.url, "-o", str(out), "--no-audio",
         *([mode] if mode else [])], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert gate.arrived.wait(60), "the first run never asked for its page"
        second = CliRunner().invoke(main, ["convert", str(tmp_path / "b" / "page.html"), "-o",
                                           str(out), "--no-audio"], catch_exceptions=False)
        assert second.exit_code == 0, second.stderr
        published = {p.name: p.read_bytes() for p in out.iterdir()}
    finally:
        gate.open.set()
        stdout, stderr = first.communicate(timeout=120)
    if mode:
        assert (first.returncode, stdout, stderr) == (0, "", "")
    else:
        assert first.returncode == 1
        assert stderr == f"Error: {out / 'page.txt'} {EXISTS}\n"
    assert sorted(published) == ["page.html", "page.json", "page.md", "page.txt"]
    assert {p.name: p.read_bytes() for p in out.iterdir()} == published
    assert b"Kratom" in published["page.txt"]


def test_publishing_takes_back_what_it_moved_when_a_later_name_is_taken(tmp_path: Path) -> None:
    """A set is published whole or not at all: when one of its names was taken meanwhile,
    the files already moved are taken back and the other run's file is left alone."""
    stage, out = tmp_path / "stage", tmp_path / "out"
    stage.mkdir()
    out.mkdir()
    for ext in ("txt", "md", "json"):
        (stage / f"a.{ext}").write_text(f"ours {ext}")
    (out / "a.md").write_text("theirs")
    with pytest.raises(OutputError) as error:
        publish(stage, out, ["a.txt", "a.md", "a.json"], "a.json")
    assert str(error.value) == f"{out / 'a.md'} {EXISTS}"
    assert {p.name: p.read_text() for p in out.iterdir()} == {"a.md": "theirs"}
    (stage / "a.txt").write_text("ours txt")  # --force replaces, theirs too
    assert publish(stage, out, ["a.txt", "a.md", "a.json"], "a.json", replace=True) == [
        out / "a.txt", out / "a.md", out / "a.json"]
    assert (out / "a.md").read_text() == "ours md"


# ---- a full disk ------------------------------------------------------------------------

def on_a_small_disk(tmp_path: Path, kilobytes: int, *args: str) -> tuple[
        subprocess.CompletedProcess[str], list[str]]:
    """Run plainhealth with ``tmp_path/disk`` a real tmpfs of ``kilobytes`` (a private
    mount namespace: as root, or as a user through a user namespace); also what the
    folder ``disk/out`` holds afterwards."""
    disk, listing = tmp_path / "disk", tmp_path / "listing.txt"
    disk.mkdir()
    unshare = ["unshare", "--mount"] if os.geteuid() == 0 else \
        ["unshare", "--user", "--map-root-user", "--mount"]
    script = ('mount -t tmpfs -o size="$1"k tmpfs "$2" || exit 99; cd "$2"; shift 2; '
              '"$@"; code=$?; ls -A out > "$0"; exit $code')
    done = subprocess.run([*unshare, "sh", "-c", script, str(listing), str(kilobytes), str(disk),
                           sys.executable, "-m", "plainhealth", *args], capture_output=True,
                          text=True, check=False, cwd=tmp_path)
    if done.returncode == 99 or not listing.exists():
        if os.environ.get("CI"):
            pytest.fail(f"cannot mount a small tmpfs under CI: {done.stderr}")
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr}")
    return done, listing.read_text().split()


def test_a_full_disk_is_a_clear_error_that_leaves_nothing(tmp_path: Path) -> None:
    """On a real full file system: the output named, the cause said ("the disk is full"),
    no traceback, no "please report this as a bug", no staging folder named, and no file
    left behind."""
    done, left = on_a_small_disk(tmp_path, 4, "convert", str(KRATOM), "-o", "out",
                                 "--no-audio")
    assert (done.returncode, done.stdout, left) == (1, "", [])
    assert done.stderr == ("Error: out/kratom-chronic-pain.txt: cannot write (the disk is "
                           "full); free some space on it and try again\n")


@pytest.mark.parametrize(("audio", "kilobytes"), [("wav", 160), ("mp3", 80)])
def test_a_disk_filling_up_during_the_audio_is_a_clear_error(
        tmp_path: Path, audio: str, kilobytes: int) -> None:
    """The audio comes first (the WAV written while the speech is made, the MP3 once it
    is encoded); when the disk fills part-way, the error names the audio file as the user
    will find it, and no part of it is left."""
    require_engine(EspeakEngine())
    page = tmp_path / "page.html"
    page.write_text(ARTICLE_HTML, encoding="utf-8")
    done, left = on_a_small_disk(tmp_path, kilobytes, "convert", str(page), "-o", "out",
                                 "--engine", "system", "-f", f"txt,{audio}")
    assert done.returncode == 1
    assert done.stderr.endswith(f"Error: out/page.{audio}: cannot write (the disk is full); "
                                "free some space on it and try again\n")
    assert ".plainhealth-" not in done.stderr and "bug" not in done.stderr
    assert not [name for name in left if name.startswith(".") or name.startswith("page.")]


# ---- file names that are not UTF-8 -------------------------------------------------------

def test_a_file_name_that_is_not_utf8_converts_and_is_recorded_exactly(tmp_path: Path) -> None:
    """``caf\\xe9.html`` (Latin-1 names are common on old shares) converts; the JSON report
    keeps the name exactly (JSON escapes that decode to Python's file-name form); the
    index and every message show the odd byte as \\xe9; no message shows the staging
    folder."""
    folder = tmp_path / "share"
    folder.mkdir()
    odd = os.fsencode(folder) + b"/caf\xe9.html"
    Path(os.fsdecode(odd)).write_bytes(KRATOM.read_bytes())
    Path(os.fsdecode(os.fsencode(folder) + b"/vid\xe9.html")).touch()  # empty: it fails
    out = tmp_path / "out"
    done = plainhealth("convert", os.fsencode(folder), "-o", str(out), "--no-audio")
    assert done.returncode == 1
    assert f"Error: {folder}/vid\\xe9.html: is empty; there is no page to convert\n" in done.stderr
    for line in done.stderr.splitlines():  # a warning about the page's grade, say
        assert line.startswith((f"Error: {folder}/vid\\xe9.html",
                                f"Warning: {folder}/caf\\xe9.html"))
    raw = (out / "caf.json").read_text(encoding="utf-8")
    assert '/caf\\udce9.html",' in raw
    assert os.fsencode(json.loads(raw)["source"]) == odd
    rows = list(csv.DictReader((out / "index.csv").read_text(encoding="utf-8").splitlines()))
    assert [(r["source"], r["status"]) for r in rows] == [
        (f"{folder}/caf\\xe9.html", "converted"), (f"{folder}/vid\\xe9.html", "failed")]
    assert f"{folder}/caf\\xe9.html" in (out / "index.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in out.iterdir()) == [
        "caf.html", "caf.json", "caf.md", "caf.txt", "index.csv", "index.html"]

