"""The system engine: libespeak-ng through ctypes, one utterance at a time, in memory.

Calling the library directly (rather than through pyttsx3, or one ``espeak-ng`` process
per sentence) is linear in the text, never prints, and hands back the samples of each
utterance as they are made, so every sentence starts at an exact, known sample. Each
article is spoken in a fresh process of its own (:mod:`process`: the library keeps
state between utterances that nothing resets). Where the library is not found,
``--engine system`` falls back to pyttsx3 (:mod:`portable`).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache

from plainhealth.speech.base import SpeechError, Voice, closest_voice, word_samples
from plainhealth.speech.hints import Hint, PhonemeStyle, apply, phoneme_renderer
from plainhealth.speech.process import ProcessSynth

NAME = "system"
DEFAULT_VOICE = "en-us"
LIBRARY_ENV = "PLAINHEALTH_ESPEAK_LIBRARY"
"""The path of libespeak-ng, when it is somewhere plainhealth does not look."""
PLACES = {
    "darwin": ("/opt/homebrew/lib/libespeak-ng.1.dylib", "/opt/homebrew/lib/libespeak-ng.dylib",
               "/usr/local/lib/libespeak-ng.1.dylib", "/usr/local/lib/libespeak-ng.dylib"),
    "win32": (r"C:\Program Files\eSpeak NG\libespeak-ng.dll",
              r"C:\Program Files (x86)\eSpeak NG\libespeak-ng.dll"),
}
"""Where installers put the library outside the loader's search path (Homebrew on Apple
silicon and Intel; the eSpeak NG installer on Windows)."""
INSTALLS = {
    "darwin": "brew install espeak-ng",
    "win32": "install eSpeak NG (the .msi from the espeak-ng project's releases)",
}
MIN_RATE, MAX_RATE = 80, 900

_SYNCHRONOUS = 2
_DONT_EXIT = 0x8000
_UTF8, _PHONEMES = 1, 0x100
_POS_CHARACTER = 1
_RATE = 1
_LIST_END, _WORD = 0, 1


class _Event(ctypes.Structure):
    """espeak_EVENT: ``sample`` is where the event falls in this utterance's audio."""

    _fields_ = [("type", ctypes.c_int), ("unique_identifier", ctypes.c_uint),
                ("text_position", ctypes.c_int), ("length", ctypes.c_int),
                ("audio_position", ctypes.c_int), ("sample", ctypes.c_int),
                ("user_data", ctypes.c_void_p), ("id", ctypes.c_void_p)]


_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int,
                             ctypes.POINTER(_Event))

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
    words: list[tuple[int, int]]
    """(character position in the text, 1-based; sample) of each word said."""
    callback: object
    raised: list[BaseException]
    """What stopped the callback (an error in it, or Ctrl-C): raised once espeak returns."""
    selected: tuple[str, int] | None = None
    """The voice and rate set last (setting them again costs time)."""


def install_hint() -> str:
    """How to install espeak-ng on this operating system."""
    return INSTALLS.get(sys.platform, "sudo apt-get install espeak-ng (Debian/Ubuntu), "
                                      "sudo dnf install espeak-ng (Fedora)")


def candidates() -> tuple[str, ...]:
    """The places to load libespeak-ng from, in order (only the one named, if set)."""
    named = os.environ.get(LIBRARY_ENV)
    if named:
        return (named,)
    found = ctypes.util.find_library("espeak-ng")
    return tuple(dict.fromkeys([*([found] if found else []), "libespeak-ng.so.1",
                                *PLACES.get(sys.platform, ())]))


def _load() -> ctypes.CDLL | None:
    for path in candidates():
        try:
            return ctypes.CDLL(path)
        except OSError:
            continue
    return None


def pyttsx3_started() -> bool:
    """Whether pyttsx3's espeak driver has initialised libespeak-ng in this process.

    The library has one output mode per process: pyttsx3 puts it in its asynchronous
    mode and installs its own callback, after which this engine's calls would hang, and
    switching back and forth hangs too. So in one process, one of the two.
    """
    driver = sys.modules.get("pyttsx3.drivers.espeak")
    return bool(driver and getattr(driver.EspeakDriver, "_moduleInitialized", False))


def started() -> bool:
    """Whether this engine has initialised libespeak-ng in this process."""
    return _library.cache_info().currsize > 0 and _library() is not None


@cache
def _library() -> _Library | None:
    lib = _load()
    if lib is None:
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
    words: list[tuple[int, int]] = []
    raised: list[BaseException] = []

    def collect(wav: ctypes._Pointer[ctypes.c_short], count: int,
                events: ctypes._Pointer[_Event]) -> int:
        if raised:  # Ctrl-C came (see _interrupts_noted): 1 stops espeak
            return 1
        try:
            if wav and count > 0:
                chunks.append(ctypes.string_at(wav, count * 2))
            i = 0
            while events and events[i].type != _LIST_END:
                if events[i].type == _WORD:
                    words.append((events[i].text_position, events[i].sample))
                i += 1
        except BaseException as error:  # ctypes would print it and go on; 1 stops espeak
            raised.append(error)
            return 1
        return 0

    callback = _CALLBACK(collect)
    lib.espeak_SetSynthCallback(callback)
    return _Library(lib, rate, threading.Lock(), chunks, words, callback, raised)


@contextlib.contextmanager
def _interrupts_noted(noted: list[BaseException]) -> Iterator[None]:
    """Ctrl-C while libespeak-ng speaks is put in ``noted``, not raised: raised inside the
    library's callback, ctypes would print it and drop it, with a piece of the audio.
    (Signal handlers belong to the main thread; elsewhere nothing changes.)"""
    if threading.current_thread() is not threading.main_thread() or \
            signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        yield
        return
    signal.signal(signal.SIGINT, lambda signum, frame: noted.append(KeyboardInterrupt()))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)


class EspeakEngine:
    name = NAME

    def missing(self) -> str | None:
        if not started() and _load() is None:
            return f"libespeak-ng was not found; install espeak-ng: {install_hint()}"
        return None

    def owns(self, voice: str) -> bool:
        return voice.lower() in {v.id.lower() for v in self.voices()}

    def voices(self) -> tuple[Voice, ...]:
        out = [Voice(NAME, language, name, language, language == DEFAULT_VOICE)
               for language, name, _ in listed()]
        return tuple(sorted(out, key=lambda v: (not v.default, v.id)))

    def voice_for(self, language: str) -> str | None:
        return closest_voice(self.voices(), language)

    def start(self, voice: str | None, rate: int) -> ProcessSynth:
        """The voice in a fresh process, for one article (see :mod:`process`)."""
        return ProcessSynth(f"{__name__}:EspeakEngine", voice or DEFAULT_VOICE, rate)

    def local(self, voice: str | None, rate: int) -> EspeakSynth:
        """The voice in this process (its state carries over from one text to the next)."""
        return EspeakSynth(_require(), voice or DEFAULT_VOICE, rate)


def listed() -> list[tuple[str, str, str]]:
    """(language, name, identifier) of every voice libespeak-ng has."""
    espeak = _require()
    out = []
    with espeak.lock:
        voices = espeak.lib.espeak_ListVoices(None)
        i = 0
        while voices[i]:
            voice = voices[i].contents
            out.append((_first_language(voice.languages),
                        (voice.name or b"").decode("utf-8", "replace"),
                        (voice.identifier or b"").decode("utf-8", "replace")))
            i += 1
    return out


@cache
def _voice_files() -> dict[str, str]:
    """Each voice's language, name and file, lower case, to the file to load it by.

    espeak_SetVoiceByName takes a name or a file ("gmw/en"), not every language code
    `plainhealth voices` shows ("en-gb", "fr-fr"); the file always works.
    """
    files: dict[str, str] = {}
    for language, name, identifier in listed():
        for key in (language, identifier, name):
            files.setdefault(key.lower(), identifier)
    return files


def _first_language(pointer: int | None) -> str:
    """espeak_VOICE.languages: a priority byte, then a NUL-terminated language name."""
    if not pointer:
        return ""
    return (ctypes.string_at(pointer + 1) or b"").decode("ascii", "replace")


def _require() -> _Library:
    if pyttsx3_started():
        raise SpeechError("pyttsx3 already drives libespeak-ng in this process; the system "
                          "engine cannot share it (run one engine per process)")
    espeak = _library()
    if espeak is None:
        raise SpeechError("the system speech engine needs libespeak-ng; "
                          f"install espeak-ng: {install_hint()}")
    return espeak


class EspeakSynth:
    def __init__(self, espeak: _Library, voice: str, rate: int) -> None:
        self._espeak = espeak
        self._voice = voice
        self._rate = max(MIN_RATE, min(MAX_RATE, rate))
        self._file = _voice_files().get(voice.lower(), voice).encode()
        self._words: tuple[int, ...] = ()
        self._render = phoneme_renderer(self._phonemize, STYLE)
        with espeak.lock, _interrupts_noted(espeak.raised):
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
        if espeak.lib.espeak_SetVoiceByName(self._file) != 0:
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
        prepared = self.prepare(text, hints)
        spoken = prepared.encode("utf-8")
        espeak = self._espeak
        with espeak.lock, _interrupts_noted(espeak.raised):
            self._select()
            espeak.chunks.clear()
            espeak.words.clear()
            status = espeak.lib.espeak_Synth(spoken, len(spoken) + 1, 0, _POS_CHARACTER, 0,
                                             _UTF8 | _PHONEMES, None, None)
            pcm = b"".join(espeak.chunks)
            events = list(espeak.words)
            espeak.chunks.clear()
            if espeak.raised:
                error = espeak.raised[0]
                espeak.raised.clear()
                raise error
        if status != 0:
            raise SpeechError(f"espeak-ng failed (error {status}) on: {text[:60]!r}")
        self._words = word_samples(prepared, events, len(pcm) // 2)
        return pcm

    def word_starts(self) -> tuple[int, ...]:
        return self._words

    def close(self) -> None:
        """The library stays loaded for the next article in this process."""
