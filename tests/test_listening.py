"""Listening end to end with the real engines: the same text gives the same audio in any
batch, the voice reads the article's language, and the audio formats are output formats.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from conftest import ARTICLE_HTML, require_engine
from plainhealth.cli import main
from plainhealth.speech.base import Engine
from plainhealth.speech.neural import PiperEngine
from plainhealth.speech.portable import PyttsxEngine
from plainhealth.speech.system import EspeakEngine

OTHER = ("<!doctype html><html lang='en'><head><title>Sleep</title></head><body><main>"
         "<article><h1>Sleep</h1><p>Most adults need seven to nine hours of sleep. A regular "
         "bedtime helps, and so does a dark, quiet room.</p></article></main></body></html>")
SPANISH = ("<!doctype html><html lang='es'><head><title>Dolor de espalda</title></head><body>"
           "<main><article><h1>Dolor de espalda</h1><p>El dolor de espalda es común. Camine "
           "20 minutos al día y tome 2 vasos de agua.</p><h2>Cuándo pedir ayuda</h2><p>Vea a "
           "un médico si el dolor dura más de 6 semanas.</p></article></main></body></html>")
ENGINES = {"system": EspeakEngine, "pyttsx3": PyttsxEngine, "neural": PiperEngine}


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["convert", *args], catch_exceptions=False)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def page(folder: Path, name: str, html: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.html"
    path.write_text(html, encoding="utf-8")
    return path


@pytest.mark.slow
@pytest.mark.parametrize("name", list(ENGINES))
def test_the_same_text_gives_the_same_audio_in_any_batch(name: str, tmp_path: Path) -> None:
    """Two identical pages with another between them, in one batch run with --jobs 1 (the
    second copy is spoken after the other page, in the same process) and with --jobs 2,
    and the page converted alone: the MP3, the WAV and the captions of the same text are
    the same bytes every time."""
    require_engine(ENGINES[name]())
    pages = tmp_path / "in"
    for slug, html in (("a", ARTICLE_HTML), ("b", OTHER), ("c", ARTICLE_HTML)):
        page(pages, slug, html)
    formats = ("mp3", "wav", "vtt")
    args = ("--engine", name, "-f", ",".join(formats))
    for jobs in ("1", "2"):
        done = run(str(pages), "-o", str(tmp_path / jobs), "--jobs", jobs, *args)
        assert done.exit_code == 0, done.stderr
    alone = run(str(pages / "a.html"), "-o", str(tmp_path / "alone"), *args)
    assert alone.exit_code == 0, alone.stderr
    for ext in formats:
        made = {digest(tmp_path / run_ / f"{slug}.{ext}")
                for run_ in ("1", "2") for slug in ("a", "c")}
        assert made == {digest(tmp_path / "alone" / f"a.{ext}")}, ext
        assert digest(tmp_path / "1" / f"b.{ext}") == digest(tmp_path / "2" / f"b.{ext}")


def _report(out: Path, slug: str) -> dict[str, object]:
    data: dict[str, object] = json.loads((out / f"{slug}.json").read_text(encoding="utf-8"))
    return data


def _cue_texts(vtt: Path) -> list[str]:
    blocks = vtt.read_text(encoding="utf-8").split("\n\n")[1:]
    return [" ".join(block.splitlines()[2:]) for block in blocks]


@pytest.mark.parametrize(("lang", "voice"), [("es", "es"), ("fr", "fr-fr"), ("de", "de"),
                                             ("pt-BR", "pt-br"), ("en-GB", "en-gb")])
def test_the_voice_reads_the_articles_language(lang: str, voice: str, tmp_path: Path) -> None:
    """espeak-ng's voice for the page's language reads it (the closest one: "fr" is
    "fr-fr"), and the report says so."""
    require_engine(EspeakEngine())
    source = page(tmp_path, "page", SPANISH.replace("lang='es'", f"lang='{lang}'"))
    done = run(str(source), "-o", str(tmp_path / "out"), "-f", "json,vtt")
    assert done.exit_code == 0, done.stderr
    audio = _report(tmp_path / "out", "page")["audio"]
    assert isinstance(audio, dict)
    assert (audio["engine"], audio["voice"], audio["language"]) == ("system", voice,
                                                                  lang.lower())


def test_a_spanish_page_is_read_in_spanish_without_our_english(tmp_path: Path) -> None:
    """A Spanish page: the Spanish voice reads the page as written (numbers too: espeak-ng
    says "20" in Spanish), chapters by its headings, and nothing of ours in English (no
    "Section:", no legend); --voice still picks any voice."""
    require_engine(EspeakEngine())
    source = page(tmp_path, "espalda", SPANISH)
    done = run(str(source), "-o", str(tmp_path / "out"), "-f", "json,vtt,mp3")
    assert done.exit_code == 0, done.stderr
    audio = _report(tmp_path / "out", "espalda")["audio"]
    assert isinstance(audio, dict) and audio["voice"] == "es"
    assert [c["title"] for c in audio["chapters"]] == ["Dolor de espalda", "Cuándo pedir ayuda"]
    said = _cue_texts(tmp_path / "out" / "espalda.vtt")
    assert said[0] == "Dolor de espalda." and "Cuándo pedir ayuda." in said
    assert any("20 minutos" in text for text in said)
    assert not any(re.search(r"Section|plainhealth|Safety|word to know", t) for t in said)
    chosen = run(str(source), "-o", str(tmp_path / "chosen"), "-f", "json,vtt", "--voice",
                 "en-gb")
    assert chosen.exit_code == 0, chosen.stderr
    audio = _report(tmp_path / "chosen", "espalda")["audio"]
    assert isinstance(audio, dict) and audio["voice"] == "en-gb"


GERMAN = ("<!doctype html><html{lang}><head><title>Rückenschmerzen</title></head><body><main>"
          "<article><h1>Rückenschmerzen</h1><p>Rückenschmerzen sind häufig und gehen meist "
          "von selbst vorbei. Bleiben Sie in Bewegung und gehen Sie jeden Tag 20 Minuten "
          "spazieren.</p><h2>Wann Sie zum Arzt gehen sollten</h2><p>Gehen Sie zu einer "
          "Ärztin oder einem Arzt, wenn die Schmerzen länger als 6 Wochen dauern oder wenn "
          "Sie Fieber haben.</p></article></main></body></html>")


@pytest.mark.parametrize("lang", [" lang='en'", ""])
def test_a_page_that_does_not_say_its_language_is_read_in_it(lang: str,
                                                              tmp_path: Path) -> None:
    """A German page whose template says lang="en", or that says nothing: the language is
    recognised from the text, the German voice reads it, and the warning names it."""
    require_engine(EspeakEngine())
    source = page(tmp_path, "ruecken", GERMAN.format(lang=lang))
    done = run(str(source), "-o", str(tmp_path / "out"), "-f", "json,vtt")
    assert done.exit_code == 0, done.stderr
    report = _report(tmp_path / "out", "ruecken")
    assert report["lang"] == "de"
    audio = report["audio"]
    assert isinstance(audio, dict) and (audio["voice"], audio["language"]) == ("de", "de")
    assert "ruecken.html: the article's language is 'de';" in done.stderr


def test_a_page_whose_language_cannot_be_recognised_says_so(tmp_path: Path) -> None:
    """A page that says it is English but is only names and numbers (a results table): no
    language is guessed, no voice reads it, and the message says the language could not be
    recognised instead of showing a code."""
    rows = "".join(f"<p>{n}; Kowalczyk Zbigniew; 40{n}0; {n}; Xu Qiang; 9{n}</p>"
                   for n in range(1, 9))
    html = (f"<!doctype html><html lang='en'><head><title>2019</title></head><body><main>"
            f"<article><h1>2019</h1>{rows}</article></main></body></html>")
    source = page(tmp_path, "table", html)
    done = run(str(source), "-o", str(tmp_path / "out"), "-f", "txt,json", "--no-audio")
    assert done.exit_code == 0, done.stderr
    assert _report(tmp_path / "out", "table")["lang"] == "und"
    assert ("table.html: the article is not in English, and its language could not be "
            "recognised; plainhealth's glossary") in done.stderr


def test_an_engine_without_the_pages_language_says_so(tmp_path: Path) -> None:
    """--engine neural on a Spanish page, with only an English Piper voice installed: the
    item fails with the reason, and its text outputs are written."""
    engine: Engine = require_engine(PiperEngine())
    if engine.voice_for("es"):
        pytest.skip("a Spanish Piper voice is installed")
    source = page(tmp_path, "espalda", SPANISH)
    done = run(str(source), "-o", str(tmp_path / "out"), "-f", "txt,mp3", "--engine", "neural")
    assert done.exit_code == 1
    assert ("Error: espalda.html: audio not made: the neural speech engine has no voice for "
            "the article's language (es); see `plainhealth voices`, or name one with --voice"
            ) in done.stderr.replace(str(tmp_path) + "/", "")
    assert (tmp_path / "out" / "espalda.txt").is_file()
    assert not (tmp_path / "out" / "espalda.mp3").exists()


@pytest.mark.parametrize(("formats", "made"), [
    (None, ("txt", "md", "json", "html", "mp3", "vtt")),
    ("txt,mp3", ("txt", "mp3")),
    ("wav", ("wav",)),
    ("vtt,json", ("json", "vtt")),
    ("html,epub", ("html", "epub")),
])
def test_audio_formats_are_output_formats(formats: str | None, made: tuple[str, ...],
                                          tmp_path: Path) -> None:
    """-f takes the audio formats like the text ones; by default audio is MP3 and
    captions, the WAV only when asked; exactly the files asked for are written."""
    require_engine(EspeakEngine())
    source = page(tmp_path, "back", ARTICLE_HTML)
    done = run(str(source), "-o", str(tmp_path / "out"), *(("-f", formats) if formats else ()))
    assert done.exit_code == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        f"back.{ext}" for ext in made)
    assert sorted(Path(line).name for line in done.stdout.split()) == sorted(
        f"back.{ext}" for ext in made)


def test_format_mistakes_are_clear_errors(tmp_path: Path) -> None:
    source = page(tmp_path, "back", ARTICLE_HTML)
    unknown = run(str(source), "-o", str(tmp_path / "out"), "-f", "txt,ogg")
    assert unknown.exit_code == 2
    assert ("Invalid value for --formats: unknown format ogg; choose from txt, md, json, "
            "html, mp3, vtt, wav, epub") in " ".join(unknown.stderr.split())
    both = run(str(source), "-o", str(tmp_path / "out"), "-f", "txt,mp3", "--no-audio")
    assert both.exit_code == 2
    assert "--no-audio and -f mp3 contradict each other; leave out one" in both.stderr
    quiet = run(str(source), "-o", str(tmp_path / "quiet"), "--no-audio")
    assert quiet.exit_code == 0
    assert sorted(p.suffix for p in (tmp_path / "quiet").iterdir()) == [
        ".html", ".json", ".md", ".txt"]
