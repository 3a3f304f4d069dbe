"""Audio files: WAV, MP3 with ID3 chapters (lameenc + mutagen), each checked (format,
length, chapters) before it takes its place: the MP3 in memory, the WAV on disk, as it is
written while the speech is made.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import queue
import struct
import subprocess
import sys
import threading
import wave
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from plainhealth.files import reason, write_failure
from plainhealth.speech.base import SpeechError
from plainhealth.speech.gapless import with_info_tag
from plainhealth.speech.timeline import Chapter

MP3_KBPS = 64
"""Mono speech: 64 kb/s is clear at any rate a listener picks."""
MP3_QUALITY = 7
"""LAME's speed/quality knob: 7 encodes three times faster than 2, no audible loss on speech."""
LENGTH_SLACK = 0.25
"""Seconds an MP3's length may differ from the audio (frames, encoder delay)."""


def wav_header(samples: int, sample_rate: int) -> bytes:
    """The canonical 44-byte header of a 16-bit mono PCM WAV holding ``samples``."""
    size = 2 * samples
    return struct.pack("<4sI4s4sIHHIIHH4sI", b"RIFF", 36 + size, b"WAVE", b"fmt ", 16,
                       1, 1, sample_rate, 2 * sample_rate, 2, 16, b"data", size)


def check_wav(source: IO[bytes], samples: int, sample_rate: int, path: Path) -> float:
    """The WAV's duration, after checking its format and length are the ones meant."""
    try:
        source.seek(0)
        with wave.open(source, "rb") as wav:
            shape = (wav.getnchannels(), wav.getsampwidth(), wav.getframerate())
            frames = wav.getnframes()
        size = source.seek(0, io.SEEK_END)
    except (OSError, EOFError, wave.Error) as error:
        raise SpeechError(f"{path}: the WAV made is not valid ({error})") from None
    if shape != (1, 2, sample_rate) or frames != samples or frames == 0:
        raise SpeechError(f"{path}: the WAV made holds {frames} samples of {shape}, "
                          f"not {samples} of (1, 2, {sample_rate})")
    expected = len(wav_header(0, sample_rate)) + 2 * samples
    if size != expected:
        raise SpeechError(f"{path}: the WAV made is {size} bytes long, not {expected}")
    return frames / sample_rate


class QueuedWriter:
    """Bytes written to ``handle`` in order by a thread of their own, so that a slow disk
    or a full pipe never stalls the speech (writes release the GIL). After a failed write
    the rest is drained unwritten, and :meth:`close` reports the failure."""

    def __init__(self, handle: IO[bytes], name: str) -> None:
        self._handle = handle
        self._queue: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._closing = False
        self._done = threading.Event()  # its own flag: an interrupted join() misreports
        self.error: str | None = None
        self.failure: OSError | None = None
        """The failed write's error, when it was the system's (a full disk)."""
        threading.Thread(target=self._run, name=name, daemon=True).start()

    def feed(self, data: bytes) -> None:
        self._queue.put(data)

    def _run(self) -> None:
        try:
            while (data := self._queue.get()) is not None:
                if self.error is None:
                    try:
                        self._handle.write(data)
                    except Exception as error:  # reported by close()
                        self.error = reason(error)
                        self.failure = error if isinstance(error, OSError) else None
        finally:
            self._done.set()

    def close(self) -> str | None:
        """Wait for every queued write (idempotent, and again after an interrupt); why
        one failed, if one did."""
        if not self._closing:
            self._closing = True
            self._queue.put(None)
        self._done.wait()
        return self.error


class WavStream:
    """The WAV written while the speech is made, into ``handle`` (a file that
    :func:`plainhealth.output.atomic_file` renames into place only if nothing fails).

    A header for no samples goes first, then each piece of audio as it comes, on a thread
    (the disk time overlaps the synthesis), then the real header. :meth:`finish` checks
    the file on disk holds exactly the audio meant.
    """

    def __init__(self, handle: IO[bytes], sample_rate: int, path: Path) -> None:
        self._handle, self._sample_rate, self._path = handle, sample_rate, path
        self._samples = 0
        self._writer = QueuedWriter(handle, "plainhealth-wav")
        self._writer.feed(wav_header(0, sample_rate))

    def feed(self, pcm: bytes) -> None:
        """Queue ``pcm`` (16-bit mono) for the file, in order."""
        self._samples += len(pcm) // 2
        self._writer.feed(pcm)

    def finish(self, samples: int) -> float:
        """The file's duration, once it is whole and checked to hold ``samples``."""
        error = self.close()
        failure: OSError | str | None = self._writer.failure or error
        try:
            if not failure:
                self._handle.seek(0)
                self._handle.write(wav_header(self._samples, self._sample_rate))
                self._handle.flush()
        except OSError as problem:
            failure = problem
        if failure:
            raise write_failure(self._path, failure)
        return check_wav(self._handle, samples, self._sample_rate, self._path)

    def close(self) -> str | None:
        """Stop writing (idempotent): before the file is closed, on success or not."""
        return self._writer.close()


WORKER = """
import sys, lameenc
kbps, rate, quality = map(int, sys.argv[1:4])
encoder = lameenc.Encoder()
encoder.set_bit_rate(kbps)
encoder.set_in_sample_rate(rate)
encoder.set_channels(1)
encoder.set_quality(quality)
source, parts = sys.stdin.buffer, []
while chunk := source.read(1 << 16):
    parts.append(encoder.encode(chunk))
parts.append(encoder.flush())
sys.stdout.buffer.write(b"".join(parts))
"""
"""The MP3 encoder process: PCM in on stdin, every frame out on stdout at the end."""


def _encoder(sample_rate: int, kbps: int) -> Any:
    """A LAME encoder at the settings every MP3 of ours uses (mono, 16-bit input)."""
    lameenc = importlib.import_module("lameenc")  # untyped: Any on purpose
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(kbps)
    encoder.set_in_sample_rate(sample_rate)
    encoder.set_channels(1)
    encoder.set_quality(MP3_QUALITY)
    return encoder


class Mp3Stream:
    """MP3 encoding beside synthesis, in another process.

    LAME (lameenc) holds the GIL while it encodes, so a thread would only take turns with
    the speech engine; a process runs on the second core. The PCM goes down a pipe as it
    is made (a thread writes it, so a full pipe never stalls synthesis), and the frames
    come back when the audio ends. Where no process can be started, the audio is encoded
    here at the end.
    """

    def __init__(self, sample_rate: int, kbps: int = MP3_KBPS) -> None:
        self._sample_rate, self._kbps = sample_rate, kbps
        self._kept: list[bytes] = []
        self._samples = 0
        self._finished = False
        try:
            self._process: subprocess.Popen[bytes] | None = subprocess.Popen(
                [sys.executable, "-c", WORKER, str(kbps), str(sample_rate), str(MP3_QUALITY)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        except OSError:
            self._process = None
        self._writer = QueuedWriter(self._process.stdin, "plainhealth-mp3") \
            if self._process and self._process.stdin else None

    def feed(self, pcm: bytes) -> None:
        """Queue ``pcm`` (16-bit mono) for encoding, in order."""
        if pcm:
            self._samples += len(pcm) // 2
            (self._writer.feed if self._writer else self._kept.append)(pcm)

    def finish(self) -> bytes:
        """Every frame, once all fed audio is encoded, behind the Info tag's frame."""
        return with_info_tag(self._frames(), self._samples)

    def _frames(self) -> bytes:
        process, writer = self._process, self._writer
        if process is None or writer is None:
            return mp3_bytes(b"".join(self._kept), self._sample_rate, self._kbps)
        broken = self._close_input(writer)
        assert process.stdout and process.stderr
        frames, errors = process.stdout.read(), process.stderr.read()
        self._finished = True
        self.abandon()
        if process.returncode or broken:
            reason = errors.decode("utf-8", "replace").strip().splitlines()[-1:] or \
                [broken or f"exit status {process.returncode}"]
            raise SpeechError(f"the MP3 encoder failed: {reason[0]}")
        return frames

    def _close_input(self, writer: QueuedWriter) -> str | None:
        """All audio sent and the pipe closed (the encoder's sign to flush); why a write
        failed, if one did (the encoder died)."""
        broken = writer.close()
        assert self._process and self._process.stdin
        with contextlib.suppress(OSError):
            self._process.stdin.close()
        return broken

    def abandon(self) -> None:
        """Stop encoding and release the process (idempotent)."""
        process, writer = self._process, self._writer
        if process is None or writer is None:
            return
        if process.poll() is None and not self._finished:
            process.kill()  # unread, its output could fill the pipe: it would never end
        self._close_input(writer)
        process.wait()
        for stream in (process.stdout, process.stderr):
            if stream:
                stream.close()


def mp3_bytes(pcm: bytes, sample_rate: int, kbps: int = MP3_KBPS) -> bytes:
    encoder = _encoder(sample_rate, kbps)
    return bytes(encoder.encode(pcm)) + bytes(encoder.flush())


def chapter_tags(title: str, chapters: Sequence[Chapter], duration: float) -> bytes:
    """An ID3v2.3 tag: the title, and one CHAP per chapter under a top-level CTOC."""
    id3 = importlib.import_module("mutagen.id3")  # untyped: Any on purpose
    CHAP, CTOC, TIT2 = id3.CHAP, id3.CTOC, id3.TIT2  # noqa: N806
    tags = id3.ID3()
    tags.add(TIT2(encoding=3, text=[title or "plainhealth"]))
    tags.add(id3.TSSE(encoding=3, text=["plainhealth"]))
    ends = [c.start for c in chapters[1:]] + [duration]
    ids = [f"chp{i}" for i in range(len(chapters))]
    for element, chapter, end in zip(ids, chapters, ends, strict=True):
        tags.add(CHAP(element_id=element, start_time=round(chapter.start * 1000),
                      end_time=round(end * 1000), start_offset=0xFFFFFFFF,
                      end_offset=0xFFFFFFFF,
                      sub_frames=[TIT2(encoding=3, text=[chapter.title])]))
    tags.add(CTOC(element_id="toc", flags=id3.CTOCFlags.TOP_LEVEL | id3.CTOCFlags.ORDERED,
                  child_element_ids=ids, sub_frames=[TIT2(encoding=3, text=["Chapters"])]))
    buffer = io.BytesIO()
    tags.save(buffer, v2_version=3, padding=lambda info: 0)
    return buffer.getvalue()


def checked_mp3(frames: bytes, duration: float, title: str, chapters: Sequence[Chapter],
                path: Path) -> bytes:
    """The MP3 file: ``frames`` behind a chapter tag, checked (length, chapters) first."""
    data = chapter_tags(title, chapters, duration) + frames
    check_mp3(data, duration, len(chapters), path)
    return data


def check_mp3(data: bytes, duration: float, chapters: int, path: Path) -> None:
    mutagen = importlib.import_module("mutagen")
    mp3 = importlib.import_module("mutagen.mp3")
    try:
        audio = mp3.MP3(io.BytesIO(data))
    except mutagen.MutagenError as error:
        raise SpeechError(f"{path}: the MP3 made is not valid ({error})") from None
    length = audio.info.length
    found = len(audio.tags.getall("CHAP")) if audio.tags else 0
    if abs(length - duration) > LENGTH_SLACK or found != chapters:
        raise SpeechError(f"{path}: the MP3 made lasts {length:.2f} s with {found} "
                          f"chapters, not {duration:.2f} s with {chapters}")
