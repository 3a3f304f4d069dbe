"""Audio with the real engines: espeak-ng (the system engine) and Piper (the neural extra).

A missing engine skips these tests on a developer's machine but fails them under CI
(``CI`` set), where ``make system`` installs espeak-ng and the neural extra is installed:
a green run must mean the audio was really made and checked.
"""

from __future__ import annotations

import _thread
import array
import re
import threading
import wave
from functools import cache
from itertools import pairwise
from pathlib import Path

import pytest

from conftest import KRATOM, require_engine
from plainhealth.models import Result
from plainhealth.speech import AudioInfo, SpeechOptions, spoken_text, synthesize
from plainhealth.speech.base import Engine
from plainhealth.speech.engines import choose
from plainhealth.speech.hints import Hint, phonemes
from plainhealth.speech.neural import PiperEngine
from plainhealth.speech.process import ProcessSynth
from plainhealth.speech.system import STYLE, EspeakEngine, EspeakSynth
from plainhealth.speech.timeline import trim

FRAME = 0.01  # seconds per analysis frame
QUIET = 300  # peak below this (of 32767) is silence
ALL = ("mp3", "vtt", "wav")


@pytest.fixture
def espeak() -> Engine:
    return require_engine(EspeakEngine())


@pytest.fixture
def piper() -> Engine:
    return require_engine(PiperEngine())


@cache
def kratom() -> Result:
    from plainhealth import convert

    return convert(str(KRATOM))


def _samples(path: Path) -> tuple[array.array[int], int]:
    with wave.open(str(path)) as wav:
        assert (wav.getnchannels(), wav.getsampwidth()) == (1, 2)
        rate = wav.getframerate()
        samples = array.array("h")
        samples.frombytes(wav.readframes(wav.getnframes()))
    return samples, rate


def _voiced(samples: array.array[int], rate: int) -> list[float]:
    """Start time of every frame with voice in it."""
    step = round(FRAME * rate)
    return [i / rate for i in range(0, len(samples), step)
            if max(samples[i:i + step]) > QUIET or -min(samples[i:i + step]) > QUIET]


def _cues(path: Path) -> list[tuple[float, float]]:
    def seconds(h: str, m: str, s: str, ms: str) -> float:
        return int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000
    text = path.read_text(encoding="utf-8")
    assert text.startswith("WEBVTT")
    stamp = r"(\d\d):(\d\d):(\d\d)\.(\d\d\d)"
    return [(seconds(*m.groups()[:4]), seconds(*m.groups()[4:]))
            for m in re.finditer(f"{stamp} --> {stamp}", text)]


def _check_files(info: AudioInfo, out: Path, slug: str, rate: int) -> None:
    from mutagen.mp3 import MP3

    samples, sample_rate = _samples(out / f"{slug}.wav")
    assert len(samples) / sample_rate == pytest.approx(info.duration)
    # speech time matches the words at the asked rate (pauses excluded), within reason
    cues = _cues(out / f"{slug}.vtt")
    words = len(spoken_text(kratom() if slug == "kratom" else _short()).split())
    speech = sum(end - start for start, end in cues)
    assert 0.6 < speech / (words / rate * 60) < 1.6
    # MP3: one chapter per section, starting where the synthesis announced it
    mp3 = MP3(str(out / f"{slug}.mp3"))
    chapters = sorted(mp3.tags.getall("CHAP"), key=lambda c: c.start_time)
    assert [c.start_time for c in chapters] == [round(c.start * 1000) for c in info.chapters]
    assert [c.sub_frames["TIT2"].text[0] for c in chapters] == [c.title for c in info.chapters]
    assert mp3.info.length == pytest.approx(info.duration, abs=0.25)
    # captions: in order, each chapter starts with a cue, every voiced frame inside a cue
    assert all(a[0] <= b[0] and a[1] <= b[0] + 1e-3 for a, b in pairwise(cues))
    starts = {round(s, 3) for s, _ in cues}
    assert {round(c.start, 3) for c in info.chapters} <= starts
    # (a frame starting up to one frame before a cue may hold its first sample; the
    # captions' times are rounded to the millisecond)
    outside = [t for t in _voiced(samples, sample_rate)
               if not any(s - FRAME - 0.001 <= t <= e + 0.001 for s, e in cues)]
    assert not outside, f"voice outside every caption at {outside[:5]}"


def test_system_engine_kratom(espeak: Engine, tmp_path: Path) -> None:
    info = synthesize(kratom(), tmp_path, "kratom", SpeechOptions(engine="system", formats=ALL))
    assert (info.engine, info.voice, info.rate) == ("system", "en-us", 160)
    assert [c.title for c in info.chapters][1:] == [
        s.heading for s in kratom().plain.sections if s.heading]
    _check_files(info, tmp_path, "kratom", 160)


@cache
def _short() -> Result:
    """The kratom result cut to two sentences a section, their explanations kept."""
    from dataclasses import replace

    from plainhealth.language.sentences import split

    result = kratom()
    sections = []
    for section in result.plain.sections:
        block = section.blocks[0]
        cut = split(block.text)[:2][-1].end
        block = replace(block, text=block.text[:cut],
                        additions=tuple(a for a in block.additions if a.after <= cut))
        sections.append(replace(section, blocks=(block,)))
    return replace(result, plain=replace(result.plain, sections=tuple(sections)))


def test_system_engine_fast_rate_is_faster(espeak: Engine, tmp_path: Path) -> None:
    slow = synthesize(_short(), tmp_path / "slow", "short", SpeechOptions(engine="system"))
    fast = synthesize(_short(), tmp_path / "fast", "short",
                      SpeechOptions(engine="system", rate=320, formats=ALL))
    _check_files(fast, tmp_path / "fast", "short", 320)
    assert fast.duration < 0.75 * slow.duration


def test_system_engine_voices_and_pronunciation(espeak: Engine) -> None:
    voices = espeak.voices()
    assert voices[0].id == "en-us" and voices[0].default
    assert {"en-gb", "fr-fr"} <= {v.id for v in voices}
    synth = espeak.local(None, 160)  # type: ignore[attr-defined]
    assert isinstance(synth, EspeakSynth)
    assert phonemes("KRAT-um", synth._phonemize, STYLE) == "kr'at@m"
    sent = synth.prepare("Kratom binds receptors.", [Hint("receptor", "ree-SEP-ter")])
    assert sent == "Kratom binds [[ri:s'Ept3z]]."
    assert trim(synth.say("", []), synth.sample_rate) == b""  # silence, never an error


def test_unknown_voice_is_a_clear_error(espeak: Engine) -> None:
    from plainhealth.speech import SpeechError

    with pytest.raises(SpeechError, match="plainhealth voices"):
        espeak.start("xx-nope", 160)


@pytest.mark.slow
def test_neural_engine(piper: Engine, tmp_path: Path) -> None:
    assert choose("neural") is not None
    info = synthesize(_short(), tmp_path, "short", SpeechOptions(engine="neural", formats=ALL))
    assert info.engine == "neural" and info.voice == piper.voices()[0].id
    _check_files(info, tmp_path, "short", 160)


@pytest.mark.slow
def test_neural_engine_says_the_same_text_the_same_way(piper: Engine) -> None:
    """Same input, same output: Piper's random noise is off (it made every run differ)."""
    text = "Kratom is a tree that grows in Asia."
    assert piper.start(None, 160).say(text, []) == piper.start(None, 160).say(text, [])


def test_system_engine_reports_when_each_word_starts(espeak: Engine) -> None:
    """espeak-ng's own word events, one per word in order; the word after the comma starts
    right after the comma's silence (checked in the audio itself), through the process the
    voice speaks in."""
    synth = espeak.start(None, 160)
    text = "Take two to three milligrams a day, twenty-one times."
    samples = array.array("h")
    try:
        samples.frombytes(synth.say(text, [Hint("milligram", "MIL-ih-gram")]))
        starts = synth.word_starts()
    finally:
        synth.close()
    assert len(starts) == len(text.split())
    assert list(starts) == sorted(set(starts)) and starts[-1] < len(samples)
    after_comma = starts[text.split().index("twenty-one")]
    gap = round(0.08 * synth.sample_rate)
    assert max(abs(s) for s in samples[after_comma - gap:after_comma]) < QUIET
    assert max(abs(s) for s in samples[after_comma:after_comma + gap]) > QUIET


def test_ctrl_c_during_espeak_synthesis_stops_it(espeak: Engine) -> None:
    """Ctrl-C mostly lands in the library's callback, where ctypes would print and drop it:
    the synthesis must stop and raise it, and the next utterance still work."""
    synth = espeak.local(None, 160)  # type: ignore[attr-defined]
    long_text = "This sentence is said again and again to keep the voice busy. " * 300
    timer = threading.Timer(0.05, _thread.interrupt_main)
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            synth.say(long_text, ())
    finally:
        timer.cancel()
    assert trim(synth.say("Hello there.", ()), synth.sample_rate)


def test_ctrl_c_while_the_voices_process_speaks_stops_it(espeak: Engine) -> None:
    """Ctrl-C while an article's voice speaks in its own process: raised at once, the
    process is gone, and the next article's voice works."""
    synth = espeak.start(None, 160)
    assert isinstance(synth, ProcessSynth)
    timer = threading.Timer(0.3, _thread.interrupt_main)
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            list(synth.say_all(["This sentence keeps the voice busy for a while."] * 300, ()))
    finally:
        timer.cancel()
    assert synth._process.poll() is not None
    again = espeak.start(None, 160)
    try:
        assert trim(again.say("Hello there.", ()), again.sample_rate)
    finally:
        again.close()
