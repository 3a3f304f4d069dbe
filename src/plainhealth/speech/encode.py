"""Audio files: WAV, MP3 with ID3 chapters (lameenc + mutagen), each written atomically
and read back to check it is what was meant to be written.
"""

from __future__ import annotations

import importlib
import io
import wave
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from plainhealth.output import write_atomic
from plainhealth.speech.engines import SpeechError
from plainhealth.speech.timeline import Chapter

MP3_KBPS = 64
"""Mono speech: 64 kb/s is clear at any rate a listener picks."""
MP3_QUALITY = 7
"""LAME's speed/quality knob: 7 encodes three times faster than 2, no audible loss on speech."""
LENGTH_SLACK = 0.25
"""Seconds an MP3's length may differ from the audio (frames, encoder delay)."""


def wav_bytes(pcm: bytes, sample_rate: int) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(sample_rate)
        out.writeframes(pcm)
    return buffer.getvalue()


def write_wav(path: Path, pcm: bytes, sample_rate: int) -> None:
    write_atomic(path, wav_bytes(pcm, sample_rate))
    check_wav(path, len(pcm) // 2, sample_rate)


def check_wav(path: Path, samples: int, sample_rate: int) -> float:
    """The WAV's duration, after checking its format and length are the ones written."""
    try:
        with wave.open(str(path), "rb") as wav:
            shape = (wav.getnchannels(), wav.getsampwidth(), wav.getframerate())
            frames = wav.getnframes()
    except (OSError, EOFError, wave.Error) as error:
        raise SpeechError(f"{path}: the WAV written is not valid ({error})") from None
    if shape != (1, 2, sample_rate) or frames != samples or frames == 0:
        raise SpeechError(f"{path}: the WAV written holds {frames} samples of {shape}, "
                          f"not {samples} of (1, 2, {sample_rate})")
    return frames / sample_rate


class Mp3Stream:
    """MP3 encoding beside synthesis: LAME runs in a worker thread (it releases the GIL),
    so encoding takes no extra wall time while the engine is still speaking."""

    def __init__(self, sample_rate: int, kbps: int = MP3_KBPS) -> None:
        lameenc = importlib.import_module("lameenc")  # untyped: Any on purpose
        self._encoder = lameenc.Encoder()
        self._encoder.set_bit_rate(kbps)
        self._encoder.set_in_sample_rate(sample_rate)
        self._encoder.set_channels(1)
        self._encoder.set_quality(MP3_QUALITY)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="plainhealth-mp3")
        self._parts: list[Future[bytes]] = []

    def feed(self, pcm: bytes) -> None:
        """Queue ``pcm`` (16-bit mono) for encoding; one worker keeps the order."""
        if pcm:
            self._parts.append(self._pool.submit(self._encode, pcm))

    def _encode(self, pcm: bytes) -> bytes:
        return bytes(self._encoder.encode(pcm))

    def finish(self) -> bytes:
        """Every frame, once all fed audio is encoded."""
        try:
            if not self._parts:
                return b""
            data = b"".join(part.result() for part in self._parts)
            return data + bytes(self._pool.submit(self._encoder.flush).result())
        finally:
            self.abandon()

    def abandon(self) -> None:
        """Stop encoding: drop what is still queued, wait for the worker (idempotent)."""
        self._pool.shutdown(wait=True, cancel_futures=True)


def mp3_bytes(pcm: bytes, sample_rate: int, kbps: int = MP3_KBPS) -> bytes:
    stream = Mp3Stream(sample_rate, kbps)
    stream.feed(pcm)
    return stream.finish()


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


def write_mp3(path: Path, mp3: bytes, duration: float, title: str,
              chapters: Sequence[Chapter]) -> None:
    """``mp3`` (frames only) with a chapter tag in front; checked after writing."""
    write_atomic(path, chapter_tags(title, chapters, duration) + mp3)
    check_mp3(path, duration, len(chapters))


def check_mp3(path: Path, duration: float, chapters: int) -> None:
    mutagen = importlib.import_module("mutagen")
    mp3 = importlib.import_module("mutagen.mp3")
    try:
        audio = mp3.MP3(str(path))
    except mutagen.MutagenError as error:
        raise SpeechError(f"{path}: the MP3 written is not valid ({error})") from None
    length = audio.info.length
    found = len(audio.tags.getall("CHAP")) if audio.tags else 0
    if abs(length - duration) > LENGTH_SLACK or found != chapters:
        raise SpeechError(f"{path}: the MP3 written lasts {length:.2f} s with {found} "
                          f"chapters, not {duration:.2f} s with {chapters}")
