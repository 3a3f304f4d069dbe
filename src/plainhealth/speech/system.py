"""The system engine: libespeak-ng through ctypes, one utterance at a time, in memory.

Calling the library directly (rather than pyttsx3 or one ``espeak-ng`` process per
sentence) is linear in the text, never prints, and hands back the samples of each
utterance as they are made, so every sentence starts at an exact, known sample.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from plainhealth.speech.engines import SpeechError, Voice
from plainhealth.speech.hints import Hint, PhonemeStyle, apply, phoneme_renderer

NAME = "system"
DEFAULT_VOICE = "en-us"
INSTALL = "install espeak-ng (Debian/Ubuntu: sudo apt-get install espeak-ng; or make system)"
MIN_RATE, MAX_RATE = 80, 900

_SYNCHRONOUS = 2
_DONT_EXIT = 0x8000
_UTF8, _PHONEMES = 1, 0x100
_POS_CHARACTER = 1
_RATE = 1
_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int,
                             ctypes.c_void_p)

STYLE = PhonemeStyle(
    primary="'", secondary=",", plural="z",
    unstressed=(("V", "@"), ("3:", "3"), ("Ul", "@l")),
    vowels=(("uh", "@"), ("ih", "I"), ("ee", "i:"), ("eye", "aI"), ("oh", "oU"),
            ("ay", "eI"), ("oo", "u:"), ("ah", "A:"), ("eh", "E"), ("aw", "O:"),
            ("oy", "OI"), ("ow", "aU"), ("er", "3"), ("ar", "A@"), ("or", "o@"),
            ("air", "e@")),
    nucleus=r"aI|eI|oU|aU|OI|i@3?|e@|o@|A@|U@|3:|i:|u:|A:|O:|[aAeEiIoOuUV03@]",
)


class _VoiceStruct(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("languages", ctypes.c_void_p),
                ("identifier", ctypes.c_char_p), ("gender", ctypes.c_ubyte),
                ("age", ctypes.c_ubyte), ("variant", ctypes.c_ubyte), ("xx1", ctypes.c_ubyte),
                ("score", ctypes.c_int), ("spare", ctypes.c_void_p)]


@dataclass
class _Library:
    """libespeak-ng, initialised once per process; it is not thread-safe, hence the lock."""

    lib: ctypes.CDLL
    sample_rate: int
    lock: threading.Lock
    chunks: list[bytes]
    callback: object
    selected: tuple[str, int] | None = None
    """The voice and rate set last (setting them again costs time)."""


@cache
def _library() -> _Library | None:
    path = ctypes.util.find_library("espeak-ng") or "libespeak-ng.so.1"
    try:
        lib = ctypes.CDLL(path)
    except OSError:
        return None
    lib.espeak_Initialize.restype = ctypes.c_int
    lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
    lib.espeak_Synth.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int,
                                 ctypes.c_uint, ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p]
    lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
    lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
    lib.espeak_ListVoices.restype = ctypes.POINTER(ctypes.POINTER(_VoiceStruct))
    lib.espeak_ListVoices.argtypes = [ctypes.c_void_p]
    lib.espeak_TextToPhonemes.restype = ctypes.c_char_p
    lib.espeak_TextToPhonemes.argtypes = [ctypes.POINTER(ctypes.c_char_p), ctypes.c_int,
                                          ctypes.c_int]
    rate = lib.espeak_Initialize(_SYNCHRONOUS, 1000, None, _DONT_EXIT)
    if rate <= 0:
        return None
    chunks: list[bytes] = []

    def collect(wav: ctypes._Pointer[ctypes.c_short], count: int, _events: object) -> int:
        if wav and count > 0:
            chunks.append(ctypes.string_at(wav, count * 2))
        return 0

    callback = _CALLBACK(collect)
    lib.espeak_SetSynthCallback(callback)
    return _Library(lib, rate, threading.Lock(), chunks, callback)


class EspeakEngine:
    name = NAME

    def missing(self) -> str | None:
        return None if _library() else f"libespeak-ng was not found; {INSTALL}"

    def voices(self) -> tuple[Voice, ...]:
        espeak = _require()
        out = []
        with espeak.lock:
            listed = espeak.lib.espeak_ListVoices(None)
            i = 0
            while listed[i]:
                voice = listed[i].contents
                language = _first_language(voice.languages)
                name = (voice.name or b"").decode("utf-8", "replace")
                out.append(Voice(NAME, language, name, language, language == DEFAULT_VOICE))
                i += 1
        return tuple(sorted(out, key=lambda v: (not v.default, v.id)))

    def start(self, voice: str | None, rate: int) -> EspeakSynth:
        return EspeakSynth(_require(), voice or DEFAULT_VOICE, rate)


def _first_language(pointer: int | None) -> str:
    """espeak_VOICE.languages: a priority byte, then a NUL-terminated language name."""
    if not pointer:
        return ""
    return (ctypes.string_at(pointer + 1) or b"").decode("ascii", "replace")


def _require() -> _Library:
    espeak = _library()
    if espeak is None:
        raise SpeechError(f"the system speech engine needs libespeak-ng; {INSTALL}")
    return espeak


class EspeakSynth:
    def __init__(self, espeak: _Library, voice: str, rate: int) -> None:
        self._espeak = espeak
        self._voice = voice
        self._rate = max(MIN_RATE, min(MAX_RATE, rate))
        self._render = phoneme_renderer(self._phonemize, STYLE)
        with espeak.lock:
            self._select()

    @property
    def sample_rate(self) -> int:
        return self._espeak.sample_rate

    @property
    def voice(self) -> str:
        return self._voice

    def _select(self) -> None:
        """This synth's voice and rate, unless they are the library's already."""
        espeak = self._espeak
        if espeak.selected == (self._voice, self._rate):
            return
        if espeak.lib.espeak_SetVoiceByName(self._voice.encode()) != 0:
            espeak.selected = None
            raise SpeechError(f"espeak-ng has no voice {self._voice!r}; "
                              "see `plainhealth voices` for the ones installed")
        espeak.lib.espeak_SetParameter(_RATE, self._rate, 0)
        espeak.selected = (self._voice, self._rate)

    def _phonemize(self, text: str) -> str:
        """espeak's own phonemes (its mnemonic alphabet) for a few letters."""
        pointer = ctypes.c_char_p(text.encode("utf-8"))
        with self._espeak.lock:
            self._select()
            result = self._espeak.lib.espeak_TextToPhonemes(ctypes.byref(pointer), _UTF8, 0)
        return (result or b"").decode("utf-8", "replace")

    def prepare(self, text: str, hints: Sequence[Hint]) -> str:
        """What is sent to espeak-ng: the text with hinted words as phonemes."""
        return apply(text, hints, self._render)

    def say(self, text: str, hints: Sequence[Hint]) -> bytes:
        spoken = self.prepare(text, hints).encode("utf-8")
        espeak = self._espeak
        with espeak.lock:
            self._select()
            espeak.chunks.clear()
            status = espeak.lib.espeak_Synth(spoken, len(spoken) + 1, 0, _POS_CHARACTER, 0,
                                             _UTF8 | _PHONEMES, None, None)
            pcm = b"".join(espeak.chunks)
            espeak.chunks.clear()
        if status != 0:
            raise SpeechError(f"espeak-ng failed (error {status}) on: {text[:60]!r}")
        return pcm

    def close(self) -> None:
        """The library stays loaded for the next article in this process."""
