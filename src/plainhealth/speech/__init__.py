"""Audio a screen-reader user would choose to listen to.

``synthesize(result, out_dir, slug, options)`` speaks the plain-language result (not the
raw page) in the article's language and writes the formats asked for, each atomically:
``<slug>.mp3`` (ID3 chapters, one per section) and ``<slug>.vtt`` (WebVTT captions timed
from the synthesis itself) by default, ``<slug>.wav`` when asked. The same text always
gives the same files, whatever was spoken before it in the process (:mod:`process`).

| module | owns |
|---|---|
| ``script.py`` | what is said: title, headings, sentences, explanations, notes, pauses |
| ``normalize.py`` | numbers, units, doses, symbols and abbreviations as words |
| ``hints.py`` | glossary pronunciation hints ("KRAT-um") as each engine's phonemes |
| ``base.py`` | the ``Engine`` and ``Synth`` protocols, ``SpeechError``, voices by language |
| ``engines.py`` | the engines and how one is chosen |
| ``system.py`` / ``portable.py`` / ``neural.py`` | libespeak-ng through ctypes / pyttsx3 / Piper |
| ``process.py`` | an engine's voice in a fresh process for each article |
| ``pcm.py`` | the WAV or AIFF an operating-system voice wrote, read back as samples |
| ``timeline.py`` | utterances laid end to end with exact start times |
| ``encode.py`` / ``captions.py`` | WAV, MP3 + chapters / WebVTT |
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from plainhealth.files import atomic_file, refuse_existing
from plainhealth.models import Result
from plainhealth.speech.base import Engine, EngineMissingError, SpeechError, Voice
from plainhealth.speech.engines import NoVoiceError, all_voices, choose
from plainhealth.speech.script import Pauses, Script, build
from plainhealth.speech.timeline import Chapter, Cue, Timeline, speak

if TYPE_CHECKING:
    from plainhealth.speech.encode import Mp3Stream, WavStream

__all__ = ["FORMATS", "AudioInfo", "AudioProblem", "Chapter", "Cue", "Pauses", "SpeechError",
           "SpeechOptions", "Voice", "spoken_text", "synthesize", "try_synthesize", "voices"]

DEFAULT_RATE = 160
MIN_RATE, MAX_RATE = 80, 900
FORMATS = ("mp3", "vtt", "wav")
"""The audio formats, in the order a report lists them."""
DEFAULT_FORMATS = ("mp3", "vtt")
"""Audio unless told otherwise: the WAV is ten times the MP3's size and adds nothing a
listener hears, so it is made only when asked for."""
SLOWEST = 0.25
"""The audio may run at a quarter of the asked rate at the slowest, pauses excluded..."""
FASTEST = 4.0
"""...and four times it at the fastest; outside that the engine has gone wrong."""


@dataclass(frozen=True)
class SpeechOptions:
    engine: str = "auto"
    """``auto``, ``system`` (libespeak-ng, else pyttsx3), ``pyttsx3`` or ``neural`` (Piper)."""
    voice: str | None = None
    """Under ``auto`` or ``system``, the engine that has this voice is used."""
    rate: int = DEFAULT_RATE
    """Words a minute; screen-reader users often choose 300 or more."""
    pauses: Pauses = field(default_factory=Pauses)
    formats: tuple[str, ...] = DEFAULT_FORMATS
    force: bool = False
    """Overwrite audio files that already exist."""


@dataclass(frozen=True)
class AudioInfo:
    engine: str
    voice: str
    rate: int
    duration: float
    """Seconds."""
    chapters: tuple[Chapter, ...]
    paths: tuple[Path, ...]
    language: str = "en"
    """The language the voice reads (the article's)."""
    cues: tuple[Cue, ...] = ()
    """Every utterance with its times, for a read-along book."""
    mp3: bytes | None = field(default=None, repr=False)
    """The MP3 made (chapters and all), when it was asked to be kept."""

    def report(self) -> dict[str, Any]:
        """The JSON report's ``audio`` field, times rounded to a tenth of a second (the
        MP3 and captions carry exact times)."""
        return {"engine": self.engine, "voice": self.voice, "language": self.language,
                "rate": self.rate, "duration": round(self.duration, 1),
                "chapters": [{"title": c.title, "start": round(c.start, 1)}
                             for c in self.chapters],
                "files": [p.name for p in self.paths]}


def synthesize(result: Result, out_dir: Path, slug: str, options: SpeechOptions | None = None,
               engine: Engine | None = None, keep_mp3: bool = False) -> AudioInfo:
    """Speak ``result`` and write ``out_dir/slug.{mp3,vtt,wav}`` (the formats asked for);
    ``keep_mp3``: make the MP3 even if it is not written, and keep it (for a book).
    Raises SpeechError."""
    from plainhealth.speech.encode import Mp3Stream

    options = options or SpeechOptions()
    unknown = sorted(set(options.formats) - set(FORMATS))
    if unknown:
        raise SpeechError(f"unknown audio format {', '.join(unknown)}; "
                          f"choose from {', '.join(FORMATS)}")
    if not MIN_RATE <= options.rate <= MAX_RATE:
        raise SpeechError(f"a rate of {options.rate} words a minute is out of range; "
                          f"choose {MIN_RATE} to {MAX_RATE}")
    paths = {ext: out_dir / f"{slug}.{ext}" for ext in FORMATS if ext in options.formats}
    if not options.force:
        refuse_existing(paths.values())
    script = build(result, options.pauses)
    engine = engine or choose(options.engine, options.voice, script.language)
    synth = engine.start(options.voice or engine.voice_for(script.language), options.rate)
    mp3 = Mp3Stream(synth.sample_rate) if "mp3" in paths or keep_mp3 else None
    made = None
    try:
        with contextlib.ExitStack() as files:  # every file takes its place only if all succeed
            wav = _wav_stream(files, paths, synth.sample_rate)
            timeline = speak(script, synth, [s.feed for s in (wav, mp3) if s])
            check_plausible(script, timeline, options.rate)
            if wav:
                wav.finish(timeline.samples)
            for ext, data in _other_files(paths, script.title, timeline, mp3,
                                          out_dir / f"{slug}.mp3"):
                if ext == "mp3":
                    made = data
                if ext in paths:
                    files.enter_context(atomic_file(paths[ext])).write(data)
    finally:
        synth.close()
        if mp3:
            mp3.abandon()
    return AudioInfo(engine.name, synth.voice, options.rate, timeline.duration,
                     timeline.chapters, tuple(paths.values()), script.language, timeline.cues,
                     made if keep_mp3 else None)


def _wav_stream(files: contextlib.ExitStack, paths: dict[str, Path], sample_rate: int,
                ) -> WavStream | None:
    """The WAV, written as the speech is made, into a file ``files`` renames into place."""
    from plainhealth.speech.encode import WavStream

    if "wav" not in paths:
        return None
    wav = WavStream(files.enter_context(atomic_file(paths["wav"])), sample_rate, paths["wav"])
    files.callback(wav.close)  # the writing thread stops before the file closes
    return wav


def _other_files(paths: dict[str, Path], title: str, timeline: Timeline,
                 mp3: Mp3Stream | None, mp3_path: Path) -> Iterator[tuple[str, bytes]]:
    """The captions, then the MP3 (checked) once its encoder has caught up."""
    from plainhealth.speech.captions import webvtt
    from plainhealth.speech.encode import checked_mp3

    if "vtt" in paths:
        yield "vtt", webvtt(timeline.cues, title).encode("utf-8")
    if mp3:
        yield "mp3", checked_mp3(mp3.finish(), timeline.duration, title, timeline.chapters,
                                 mp3_path)


@dataclass(frozen=True)
class AudioProblem:
    """Why an article has no audio, and whether that fails the item."""

    message: str
    fatal: bool
    """False only when ``--engine auto`` found no engine installed, or none with a voice
    for the article's language: the text outputs are the product then and the audio a
    bonus. A voice no engine has, an engine asked for by name that is missing or has no
    voice for the language, or an engine that fails are errors."""


def try_synthesize(result: Result, out_dir: Path, slug: str, options: SpeechOptions,
                   keep_mp3: bool = False) -> tuple[AudioInfo | None, AudioProblem | None]:
    """Like :func:`synthesize`, but a speech failure comes back as an AudioProblem.

    For a batch: the text outputs are written whatever happens to the audio. Existing
    files (OutputError) still raise, as they do for the text outputs.
    """
    try:
        return synthesize(result, out_dir, slug, options, keep_mp3=keep_mp3), None
    except SpeechError as error:
        fatal = not (isinstance(error, EngineMissingError | NoVoiceError)
                     and options.engine == "auto")
        return None, AudioProblem(f"{result.source}: audio not made: {error}", fatal)


def check_plausible(script: Script, timeline: Timeline, rate: int) -> None:
    """Speech time (pauses excluded) within reason for the words and the rate asked."""
    words = sum(len(line.say.split()) for line in script.lines())
    spoken = sum(c.end - c.start for c in timeline.cues)
    expected = words / rate * 60
    if not SLOWEST * expected <= spoken <= FASTEST * expected + 1:
        raise SpeechError(f"the audio has {spoken:.1f} s of speech for {words} words at "
                          f"{rate} words a minute (about {expected:.1f} s expected); "
                          "the speech engine is not working as it should")


def voices() -> tuple[Voice, ...]:
    """Every voice of every installed engine."""
    return all_voices()


def spoken_text(result: Result, pauses: Pauses | None = None) -> str:
    """Exactly the words the audio says, one utterance a line (for comparisons); the
    glossary's pronunciations change how some are said, not which."""
    return build(result, pauses).text()

