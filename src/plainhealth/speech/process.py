"""An engine's voice in a process of its own, started fresh for each article.

libespeak-ng keeps state from one utterance to the next in static variables that no call
resets (its voice's flutter and wave phase, its echo buffer, its gain control), so the
same sentence came out a little different after another one, and the same article gave
different audio alone, after another article, or in a batch run in parallel. Each
article is therefore spoken by a new child process: its audio depends on its own text
and nothing else. pyttsx3, which drives the same library on Linux, runs the same way.

The child is sent the whole script at once and sends each utterance back as soon as it is
made, so it speaks while the parent trims, encodes and writes. Messages are pickles behind
their length, on the child's stdin and stdout (the child's own prints go to stderr).
"""

from __future__ import annotations

import contextlib
import importlib
import os
import pickle
import signal
import struct
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from typing import IO, Any, Protocol

from plainhealth.speech.base import EngineMissingError, SpeechError, Spoken, Synth
from plainhealth.speech.hints import Hint

CHILD = "import sys; from plainhealth.speech.process import serve; serve(*sys.argv[1:])"
_LENGTH = struct.Struct("!I")


class Local(Protocol):
    """An engine that can start its synth in this very process (in the child)."""

    def local(self, voice: str | None, rate: int) -> Synth: ...


def send(channel: IO[bytes], message: object) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    channel.write(_LENGTH.pack(len(data)) + data)
    channel.flush()


def receive(channel: IO[bytes]) -> Any:
    """The next message, or None at the end of the stream."""
    head = channel.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        return None
    (size,) = _LENGTH.unpack(head)
    data = channel.read(size)
    if len(data) < size:
        return None
    return pickle.loads(data)


class ProcessSynth:
    """A :class:`Synth` whose engine runs in a child process (see the module's text)."""

    def __init__(self, engine: str, voice: str | None, rate: int) -> None:
        """``engine``: the engine's class as "module:Class"."""
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 (the child's stderr, kept to
        # say why it died; closed by close())
        self._words: tuple[int, ...] = ()
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-c", CHILD, engine, voice or "", str(rate)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._log)
        except OSError as error:
            self._log.close()
            raise SpeechError(f"a speech process could not start ({error})") from None
        try:
            reply = self._reply()
        except BaseException:
            self.close()
            raise
        self._sample_rate, self._voice = int(reply[1]), str(reply[2])

    @property
    def sample_rate(self) -> int:
        return self._sample_rate

    @property
    def voice(self) -> str:
        return self._voice

    def say_all(self, texts: Sequence[str], hints: Sequence[Hint]) -> Iterator[Spoken]:
        """Every text, said in order; the child works ahead. Anything that stops this
        part-way (an error, Ctrl-C, the caller giving up) stops the child too: what it
        would still send is of no use to anyone."""
        assert self._process.stdin is not None
        try:
            try:
                send(self._process.stdin, (list(texts), list(hints)))
            except OSError:
                self._reply()  # the child died: say why
            for _ in texts:
                reply = self._reply()
                yield Spoken(reply[1], tuple(reply[2]))
        except BaseException:
            self.close()
            raise

    def say(self, text: str, hints: Sequence[Hint]) -> bytes:
        (spoken,) = self.say_all([text], hints)
        self._words = spoken.words
        return spoken.pcm

    def word_starts(self) -> tuple[int, ...]:
        return self._words

    def _reply(self) -> Any:
        """The child's next message; its error raised as the child raised it."""
        assert self._process.stdout is not None
        reply = receive(self._process.stdout)
        if reply is None:
            status = self._process.wait()
            self._log.seek(0)
            said = self._log.read().decode("utf-8", "replace").strip().splitlines()
            raise SpeechError("the speech engine's process ended unexpectedly "
                              f"({said[-1] if said else f'exit status {status}'})")
        if reply[0] == "error":
            raise (EngineMissingError if reply[2] else SpeechError)(reply[1])
        return reply

    def close(self) -> None:
        """Stop the child (it is done with, or it is abandoned) and wait for it
        (idempotent)."""
        process = self._process
        if process.poll() is None:
            process.kill()
        process.wait()
        for stream in (process.stdin, process.stdout):
            if stream:
                with contextlib.suppress(OSError):
                    stream.close()
        self._log.close()


def serve(engine: str, voice: str, rate: str) -> None:
    """The child: start ``engine``'s voice here, then say what it is sent, in order."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    channel = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # whatever else writes to stdout (a library, a print) goes to stderr
    requests = sys.stdin.buffer
    try:
        synth = _local(engine).local(voice or None, int(rate))
    except SpeechError as error:
        send(channel, ("error", str(error), isinstance(error, EngineMissingError)))
        return
    send(channel, ("ready", synth.sample_rate, synth.voice))
    try:
        while (request := receive(requests)) is not None:
            texts, hints = request
            for text in texts:
                try:
                    pcm = synth.say(text, hints)
                except SpeechError as error:
                    send(channel, ("error", str(error), False))
                    return
                send(channel, ("spoken", pcm, synth.word_starts()))
    except BrokenPipeError:  # the parent stopped listening
        pass
    finally:
        synth.close()


def _local(engine: str) -> Local:
    """The engine named "module:Class" (no import of the engines here: they import us)."""
    module, _, name = engine.partition(":")
    made: Local = getattr(importlib.import_module(module), name)()
    return made
