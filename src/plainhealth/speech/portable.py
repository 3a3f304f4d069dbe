"""The pyttsx3 engine: the operating system's own voice, through pyttsx3.

SAPI5 on Windows, NSSpeechSynthesizer on macOS, espeak-ng on Linux. ``--engine system``
uses it where libespeak-ng is not found (:mod:`system`); ``--engine pyttsx3`` asks for it.
pyttsx3 2.99 has defects this module works around, utterance by utterance:

- ``runAndWait()`` returns before espeak-ng has finished writing the file, so
  ``_espeak.Synchronize()`` follows it, and follows every ``setProperty()`` too;
- it prints "Audio saved to …" on stdout, and a failed save only prints a traceback (from
  a ctypes callback) or reaches an "error" callback: output is captured, errors collected
  and raised, and every file is read back and checked before its samples are used;
- it writes WAV (AIFF on macOS) whatever the file's extension: the bytes say which;
- a failed save (a ctypes callback raising) never ends ``runAndWait()``'s loop: a
  watchdog ends it, and the engine is built afresh for the next article;
- ``save_to_file`` asserts its text is not empty: empty text is never sent;
- its espeak driver grows its buffer by concatenation, so time grows faster than the
  text: one utterance per call keeps it linear.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import importlib.util
import io
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from plainhealth.speech import system
from plainhealth.speech.base import SpeechError, Voice, closest_voice
from plainhealth.speech.hints import Hint, apply, respell_renderer
from plainhealth.speech.pcm import IncompleteError, decode
from plainhealth.speech.process import ProcessSynth

NAME = "pyttsx3"
DRIVER_MODULES = {"sapi5": "comtypes", "nsss": "objc", "avspeech": "AVFoundation"}
"""What each pyttsx3 driver needs besides pyttsx3 (pip installs it with pyttsx3)."""
PROBE = "Ready."
"""Said once when a voice starts, to learn the sample rate it writes."""
WAIT = 2.0
"""Seconds to wait for a file espeak-ng is still writing after Synchronize()."""
WATCHDOG = 30.0
"""Seconds one utterance may take before pyttsx3's loop is stopped (one takes well under
one second; a failed save would otherwise hang forever)."""


def install_hint() -> str:
    """pyttsx3 speaks with the OS's own voice, except on Linux where it needs espeak-ng."""
    if sys.platform in ("win32", "darwin"):
        return "pip install pyttsx3"
    return f"pip install pyttsx3, and install espeak-ng: {system.install_hint()}"


def driver_name() -> str:
    """The pyttsx3 driver for this operating system ("sapi5", "nsss" or "espeak")."""
    engine = importlib.import_module("pyttsx3.engine")
    return str(engine.default_engine_by_sys_platform())


@cache
def _espeak() -> Any:
    """pyttsx3's own binding of libespeak-ng; importing it loads the library."""
    return importlib.import_module("pyttsx3.drivers._espeak")


class PyttsxEngine:
    name = NAME

    def missing(self) -> str | None:
        try:
            driver = driver_name()
        except ImportError:
            return f"pyttsx3 is not installed; {install_hint()}"
        needed = DRIVER_MODULES.get(driver)
        if needed and importlib.util.find_spec(needed) is None:
            return (f"pyttsx3's {driver} driver needs {needed}; "
                    "pip install --force-reinstall pyttsx3")
        if driver == "espeak":
            try:
                _espeak()
            except (OSError, RuntimeError):  # pyttsx3 raises RuntimeError when not found
                return f"pyttsx3 found no espeak-ng; install espeak-ng: {system.install_hint()}"
        return None

    def voices(self) -> tuple[Voice, ...]:
        if driver_name() == "espeak" and not system.pyttsx3_started():
            # pyttsx3 speaks in a process of its own; starting its driver here just to
            # list voices would keep the system engine out of this process (see
            # system.pyttsx3_started). Its list is libespeak-ng's, read directly.
            listed = [(ident.lower(), name, language) for language, name, ident in system.listed()]
        else:
            listed = [(str(v.id), str(v.name), _language(v)) for v in _tts().getProperty("voices")]
        default = _default_voice()
        return tuple(Voice(NAME, ident, name, language, default in (ident, name, language))
                     for ident, name, language in listed)

    def owns(self, voice: str) -> bool:
        wanted = voice.lower()
        return any(wanted in (v.id.lower(), v.name.lower()) for v in self.voices())

    def voice_for(self, language: str) -> str | None:
        return closest_voice(self.voices(), language)

    def start(self, voice: str | None, rate: int) -> ProcessSynth:
        """The voice in a fresh process, for one article: on Linux pyttsx3 drives
        libespeak-ng, whose state carries over (see :mod:`process`)."""
        problem = self.missing()
        if problem:
            raise SpeechError(f"the pyttsx3 speech engine is not available: {problem}")
        return ProcessSynth(f"{__name__}:PyttsxEngine", voice, rate)

    def local(self, voice: str | None, rate: int) -> PyttsxSynth:
        problem = self.missing()
        if problem:
            raise SpeechError(f"the pyttsx3 speech engine is not available: {problem}")
        if driver_name() == "espeak" and system.started():
            raise SpeechError("the system engine already drives libespeak-ng in this process; "
                              "pyttsx3 cannot share it (run one engine per process)")
        return PyttsxSynth(_tts(), voice or _default_voice(), rate)


def _language(voice: Any) -> str:
    languages = getattr(voice, "languages", None) or [""]
    first = languages[0]
    return first.decode("ascii", "replace") if isinstance(first, bytes) else str(first)


def _default_voice() -> str | None:
    """espeak-ng's own default is not English everywhere; the OS voices keep theirs."""
    return system.DEFAULT_VOICE if driver_name() == "espeak" else None


@cache
def _tts() -> Any:
    """One pyttsx3 engine per process, kept (pyttsx3 itself only keeps a weak reference)."""
    with _captured([]):
        return importlib.import_module("pyttsx3").init()


def _forget() -> None:
    """Drop this process's pyttsx3 engine, here and in pyttsx3's own registry."""
    _tts.cache_clear()
    with contextlib.suppress(Exception):
        importlib.import_module("pyttsx3")._activeEngines.clear()


@contextlib.contextmanager
def _captured(errors: list[BaseException]) -> Iterator[None]:
    """pyttsx3's prints and tracebacks kept off stdout/stderr; its errors into ``errors``."""
    hook = sys.unraisablehook

    def keep(unraisable: Any) -> None:
        errors.append(unraisable.exc_value)

    sys.unraisablehook = keep
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            yield
    finally:
        sys.unraisablehook = hook


class PyttsxSynth:
    def __init__(self, tts: Any, voice: str | None, rate: int) -> None:
        self._tts = tts
        self._voice = voice or "default"
        self._errors: list[BaseException] = []
        self._espeak = driver_name() == "espeak"
        self._folder = tempfile.TemporaryDirectory(prefix="plainhealth-pyttsx3-")
        self._count = 0
        self._token = tts.connect("error", self._error)
        try:
            with _captured(self._errors):
                if voice:
                    tts.setProperty("voice", voice)
                tts.setProperty("rate", rate)
                self._synchronize()
            self._raise(f"pyttsx3 has no voice {voice!r}; see `plainhealth voices`"
                        if voice else "pyttsx3 could not set the rate")
            self._rate = 0
            _, self._rate = self._render(PROBE)
        except BaseException:
            self.close()
            raise

    @property
    def sample_rate(self) -> int:
        return self._rate

    @property
    def voice(self) -> str:
        return self._voice

    def _error(self, name: object = None, exception: BaseException | None = None) -> None:
        self._errors.append(exception or SpeechError("pyttsx3 reported an error"))

    def _raise(self, what: str) -> None:
        if not self._errors:
            return
        first = self._errors[0]
        message = f"{what} ({type(first).__name__}: {first})"
        with _captured([]):
            # Freeing the tracebacks finalises what pyttsx3 left half made (a Wave_write
            # whose __del__ raises): here, not later on the user's stderr.
            del first
            self._errors.clear()
            gc.collect()
        raise SpeechError(message)

    def _synchronize(self) -> None:
        if self._espeak:
            _espeak().Synchronize()

    def say(self, text: str, hints: Sequence[Hint]) -> bytes:
        spoken = apply(text, hints, respell_renderer).strip()
        if not spoken:
            return b""
        pcm, rate = self._render(spoken)
        if rate != self._rate:
            raise SpeechError(f"pyttsx3 changed its sample rate from {self._rate} to {rate} Hz")
        return pcm

    def _render(self, text: str) -> tuple[bytes, int]:
        """The sentence's samples; said again once when the driver wrote a file with no
        sound (pyttsx3's espeak driver does so now and then on a busy host)."""
        try:
            return self._render_once(text)
        except SilentError:
            return self._render_once(text)

    def _render_once(self, text: str) -> tuple[bytes, int]:
        self._count += 1
        path = Path(self._folder.name) / f"{self._count}.wav"
        try:
            with _captured(self._errors):
                self._tts.save_to_file(text, str(path))
                self._run()
                self._synchronize()
        except Exception as error:  # pyttsx3 asserts, and its drivers raise their own types
            self._errors.append(error)
        self._raise(f"pyttsx3 failed on {text[:60]!r}")
        try:
            return _read(path, f"pyttsx3 on {text[:60]!r}")
        finally:
            path.unlink(missing_ok=True)

    def word_starts(self) -> tuple[int, ...]:
        """Not reported by this engine: captions share a sentence's time by its text."""
        return ()

    def _run(self) -> None:
        """``runAndWait()``, stopped by a watchdog after WATCHDOG seconds."""
        stopped = threading.Event()

        def stop() -> None:
            # Only the driver's own flag: Engine.endLoop() first cancels espeak-ng, which
            # blocks on the very synthesis that went wrong.
            stopped.set()
            with contextlib.suppress(Exception):  # the loop may have just ended
                self._tts.proxy._driver.endLoop()

        watchdog = threading.Timer(WATCHDOG, stop)
        watchdog.start()
        try:
            self._tts.runAndWait()
        finally:
            watchdog.cancel()
        if stopped.is_set():
            _forget()  # its loop is wedged: the next article starts a new engine
            self._errors.append(TimeoutError(f"no end after {WATCHDOG:.0f} s"))

    def close(self) -> None:
        with contextlib.suppress(Exception):  # pyttsx3 may already be gone at exit
            self._tts.disconnect(self._token)
        self._folder.cleanup()


class SilentError(SpeechError):
    """pyttsx3 wrote a sentence's file but no sound into it."""


def _read(path: Path, label: str) -> tuple[bytes, int]:
    """The samples of the file pyttsx3 wrote, once it is complete (waiting up to WAIT s)."""
    deadline = time.monotonic() + WAIT
    while True:
        try:
            pcm, rate = decode(path.read_bytes(), label)
            if pcm:
                return pcm, rate
            # a header with no samples yet: the driver writes the sound after it
            raise IncompleteError("wrote a file with no sound")
        except (OSError, IncompleteError) as error:
            if time.monotonic() > deadline:
                reason = "wrote no file" if isinstance(error, OSError) else str(error)
                kind = SilentError if reason == "wrote a file with no sound" else SpeechError
                raise kind(f"{label}: pyttsx3 {reason}") from None
        time.sleep(0.002)
