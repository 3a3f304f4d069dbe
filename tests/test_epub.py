"""The read-along book (``-f epub``), made with the real system voice and checked with the
real epubcheck (Debian's package; ``make system`` installs it): 0 errors, 0 warnings; its
Media Overlay points at the text it says, word by word where espeak-ng gave word times;
its navigation lists the headings; its accessibility metadata is there; the same input
gives the same bytes.

Without epubcheck (or Java) the validation is skipped on a developer's machine, and fails
under CI (``CI`` set).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import zipfile
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from conftest import KRATOM, require_engine
from plainhealth.cli import main
from plainhealth.speech.system import EspeakEngine

EPUBCHECK = Path("/usr/share/java/epubcheck.jar")
OPF = "{http://www.idpf.org/2007/opf}"
XHTML = "{http://www.w3.org/1999/xhtml}"
SMIL = "{http://www.w3.org/ns/SMIL}"
SPANISH = ("<!doctype html><html lang='es'><head><title>Dolor de espalda</title></head><body>"
           "<main><article><h1>Dolor de espalda</h1><p>El dolor de espalda es común. Camine "
           "20 minutos al día.</p><h2>Cuándo pedir ayuda</h2><p>Vea a un médico si el dolor "
           "dura más de 6 semanas.</p></article></main></body></html>")


def epubcheck(book: Path) -> dict[str, object]:
    """epubcheck's JSON report on ``book``."""
    problem = ("java is not installed" if shutil.which("java") is None else
               f"{EPUBCHECK} is not there (apt-get install epubcheck)"
               if not EPUBCHECK.is_file() else "")
    if problem and os.environ.get("CI"):
        pytest.fail(f"epubcheck cannot run: {problem}")
    if problem:
        pytest.skip(problem)
    report = book.with_suffix(".epubcheck.json")
    quick = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]  # half the CPU for one short run
    done = subprocess.run(["java", *quick, "-jar", str(EPUBCHECK), str(book), "--json",
                           str(report), "-q"], capture_output=True, text=True, timeout=300,
                          check=False)
    data: dict[str, object] = json.loads(report.read_text(encoding="utf-8"))
    assert data["messages"] == [], json.dumps(data["messages"], indent=1)
    assert done.returncode == 0, done.stdout + done.stderr
    return data


@cache
def _book(folder: str, source: str, *args: str) -> Path:
    """Convert ``source`` to a book in ``folder`` (once per test session)."""
    out = Path(folder)
    done = CliRunner().invoke(main, ["convert", source, "-o", str(out), "-f", "epub,vtt,json",
                                     "--jobs", "1", *args], catch_exceptions=False)
    assert done.exit_code == 0, done.stderr
    return out / f"{Path(source).stem}.epub"


@pytest.fixture(scope="module")
def kratom(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_engine(EspeakEngine())
    return _book(str(tmp_path_factory.mktemp("book")), str(KRATOM))


def _parts(book: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(book) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _xml(data: bytes) -> etree._Element:
    return etree.fromstring(data)


@pytest.mark.slow
def test_the_book_passes_epubcheck(kratom: Path) -> None:
    """epubcheck (EPUB 3 rules, Media Overlays included): no fatal error, error, warning
    or usage message."""
    checker = epubcheck(kratom)["checker"]
    assert isinstance(checker, dict)
    assert (checker["nFatal"], checker["nError"], checker["nWarning"]) == (0, 0, 0)


def test_the_overlay_says_every_utterance_where_the_text_shows_it(kratom: Path) -> None:
    """Every utterance of the audio (each caption's first cue) has its clip, in order, on
    the element that shows it, starting where the utterance starts (what we say before
    the text, "Safety note:", is heard too); espeak-ng's word times make most sentences
    word by word, each word clip inside its sentence's clip; every text reference
    exists."""
    parts = _parts(kratom)
    page = _xml(parts["EPUB/content.xhtml"])
    ids = {node.get("id") for node in page.iter() if node.get("id")}
    smil = _xml(parts["EPUB/content.smil"])
    refs = [t.get("src", "").split("#")[1] for t in smil.iter(f"{SMIL}text")]
    assert refs and set(refs) <= ids
    starts = [_seconds(a.get("clipBegin", "")) for a in smil.iter(f"{SMIL}audio")]
    ends = [_seconds(a.get("clipEnd", "")) for a in smil.iter(f"{SMIL}audio")]
    assert all(s < e for s, e in zip(starts, ends, strict=True))
    assert all(e <= s + 1e-3 for e, s in zip(ends, starts[1:], strict=False))
    said = [c for c in re.findall(r"^(say-[^\s.]+)$", kratom.with_suffix(".vtt").read_text(
        encoding="utf-8"), re.MULTILINE)]
    synced = [s.get("{http://www.idpf.org/2007/ops}textref", "").split("#")[1]
              for s in smil.iter(f"{SMIL}seq")] + [
        p.find(f"{SMIL}text").get("src", "").split("#")[1]  # type: ignore[union-attr]
        for p in smil.find(f"{SMIL}body").iterchildren(f"{SMIL}par")]  # type: ignore[union-attr]
    assert all(any(cue == spot or cue.startswith(spot + "-") for spot in synced)
               for cue in said), [c for c in said if c not in synced]
    cue_starts = dict(re.findall(r"^(say-[^\s.]+)\n(\d\d:\d\d:\d\d\.\d{3}) -->",
                                 kratom.with_suffix(".vtt").read_text(encoding="utf-8"),
                                 re.MULTILINE))
    for part in smil.find(f"{SMIL}body"):  # type: ignore[union-attr]
        ref = (part.get("{http://www.idpf.org/2007/ops}textref") or part.find(
            f"{SMIL}text").get("src", "")).split("#")[1]  # type: ignore[union-attr]
        first = next(part.iter(f"{SMIL}audio")).get("clipBegin", "")
        assert _seconds(first) == pytest.approx(_seconds(cue_starts[ref]), abs=1e-3), ref
    sentences = [s for s in said if s.startswith("say-s-")]
    by_word = [s for s in smil.iter(f"{SMIL}seq")
               if "#say-s-" in s.get("{http://www.idpf.org/2007/ops}textref", "")]
    assert len(by_word) >= 0.9 * len(sentences)
    for seq in by_word:
        sentence = seq.get("{http://www.idpf.org/2007/ops}textref", "").split("#")[1]
        words = [p.find(f"{SMIL}text").get("src", "") for p in seq]  # type: ignore[union-attr]
        assert all(w.startswith(f"content.xhtml#{sentence}-w") for w in words)


def _seconds(clock: str) -> float:
    hours, minutes, seconds = clock.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def test_the_book_holds_the_article_and_moves_by_heading(kratom: Path) -> None:
    """The plain article with its key points, explanations, notes and word list; the
    navigation lists the title and every heading, nested as the page nests them; the
    reading order is the page; the audio's length is in the package."""
    parts = _parts(kratom)
    page = _xml(parts["EPUB/content.xhtml"])
    text = " ".join("".join(page.itertext()).split())
    assert "Key safety points" in text and "Words to know" in text
    assert page.find(f".//{XHTML}aside[@role='note']") is not None
    headings = [(int(h.tag[-1]), "".join(h.itertext())) for h in page.iter()
                if isinstance(h.tag, str) and re.fullmatch(rf"{re.escape(XHTML)}h[2-6]", h.tag)
                and (h.get("id") or "").startswith("h-")]
    nav = _xml(parts["EPUB/nav.xhtml"])
    toc = nav.find(f".//{XHTML}nav[@id='toc']")
    assert toc is not None
    links = ["".join(a.itertext()) for a in toc.iter(f"{XHTML}a")]
    assert links[0].startswith("Kratom and Dopamine")
    assert links[1:-1] == [title for _, title in headings] and links[-1] == "About this book"
    package = _xml(parts["EPUB/package.opf"])
    assert [i.get("idref") for i in package.iter(f"{OPF}itemref")] == ["content"]
    length = [m.text for m in package.iter(f"{OPF}meta")
              if m.get("property") == "media:duration" and not m.get("refines")]
    audio = json.loads(kratom.with_suffix(".json").read_text(encoding="utf-8"))["audio"]
    assert _seconds(length[0] or "") == pytest.approx(audio["duration"], abs=0.06)


def test_the_book_says_how_it_is_accessible(kratom: Path) -> None:
    """schema.org accessMode, accessibilityFeature, accessibilityHazard and
    accessibilitySummary, and the EPUB Accessibility 1.1 claim with who makes it."""
    package = _xml(_parts(kratom)["EPUB/package.opf"])
    meta: dict[str, list[str]] = {}
    for m in package.iter(f"{OPF}meta"):
        meta.setdefault(m.get("property", ""), []).append(m.text or "")
    assert meta["schema:accessMode"] == ["textual", "auditory"]
    assert {"synchronizedAudioText", "structuralNavigation", "tableOfContents",
            "readingOrder"} <= set(meta["schema:accessibilityFeature"])
    assert meta["schema:accessibilityHazard"] == ["none"]
    assert "no person has reviewed" in meta["schema:accessibilitySummary"][0]
    assert meta["dcterms:conformsTo"] == ["EPUB Accessibility 1.1 - WCAG 2.1 Level AA"]
    assert meta["a11y:certifiedBy"] == ["plainhealth (automated checks)"]
    assert meta["media:active-class"] == ["-epub-media-overlay-active"]


def test_the_book_is_the_same_bytes_every_time(kratom: Path, tmp_path: Path) -> None:
    """Same input, same book: the audio, the ids and the ZIP's times depend on nothing
    else. The mimetype comes first, stored, as EPUB requires."""
    again = _book(str(tmp_path), str(KRATOM))
    assert again.read_bytes() == kratom.read_bytes()
    with zipfile.ZipFile(kratom) as archive:
        first = archive.infolist()[0]
        assert (first.filename, first.compress_type, first.extra) == (
            "mimetype", zipfile.ZIP_STORED, b"")
        assert archive.read(first) == b"application/epub+zip"


@pytest.mark.slow
def test_a_book_without_audio_and_a_spanish_book(tmp_path: Path) -> None:
    """--no-audio: a valid book with no overlay, textual access only. A Spanish page: the
    book's language is Spanish, read by the Spanish voice, and plainhealth's English note
    is marked as English."""
    require_engine(EspeakEngine())
    silent = _book(str(tmp_path / "silent"), str(KRATOM), "--no-audio", "-f", "epub")
    epubcheck(silent)
    parts = _parts(silent)
    assert "EPUB/content.smil" not in parts and "EPUB/audio.mp3" not in parts
    assert b"schema:accessMode\">auditory" not in parts["EPUB/package.opf"]
    source = tmp_path / "espalda.html"
    source.write_text(SPANISH, encoding="utf-8")
    book = _book(str(tmp_path / "es"), str(source))
    epubcheck(book)
    parts = _parts(book)
    package = _xml(parts["EPUB/package.opf"])
    assert package.find(".//{http://purl.org/dc/elements/1.1/}language").text == "es"  # type: ignore[union-attr]
    page = _xml(parts["EPUB/content.xhtml"])
    assert page.get("lang") == page.get("{http://www.w3.org/XML/1998/namespace}lang") == "es"
    caveat = page.find(f".//{XHTML}p[@class='caveat']")
    assert caveat is not None and caveat.get("lang") == "en"
    assert b"media:narrator\">es (system engine)" in parts["EPUB/package.opf"]
