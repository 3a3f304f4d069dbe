"""Audio files: what an OS voice wrote read back right; MP3 from the encoder process;
nothing lands on disk unless it checked out."""

from __future__ import annotations

import array
import errno
import io
import struct
import sys
import wave
from pathlib import Path

import pytest

from plainhealth.errors import OutputError
from plainhealth.files import atomic_file
from plainhealth.speech.base import SpeechError
from plainhealth.speech.encode import (
    Mp3Stream,
    WavStream,
    check_mp3,
    check_wav,
    checked_mp3,
    mp3_bytes,
    wav_header,
)
from plainhealth.speech.gapless import with_info_tag
from plainhealth.speech.pcm import IncompleteError, decode
from plainhealth.speech.timeline import Chapter

RATE = 22050
TONE = array.array("h", [(i * 37) % 2000 - 1000 for i in range(RATE)])  # one second


def _le(samples: array.array[int]) -> bytes:
    out = array.array("h", samples)
    if sys.byteorder == "big":
        out.byteswap()
    return out.tobytes()


def _wav(channels: int = 1, width: int = 2) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(width)
        out.setframerate(RATE)
        if width == 1:
            out.writeframes(bytes(100))
        else:
            frames = array.array("h", [s for s in TONE for _ in range(channels)])
            out.writeframes(_le(frames))
    return buffer.getvalue()


def _extended(rate: int) -> bytes:
    """80-bit IEEE extended, as AIFF stores its sample rate."""
    exponent = rate.bit_length() - 1
    return struct.pack(">HQ", 16383 + exponent, rate << (63 - exponent))


def _aiff(kind: bytes = b"AIFF", compression: bytes = b"", channels: int = 2) -> bytes:
    frames = array.array("h", [s for s in TONE for _ in range(channels)])
    if compression != b"sowt" and sys.byteorder == "little":
        frames.byteswap()  # AIFF is big-endian; "sowt" is little-endian
    elif compression == b"sowt" and sys.byteorder == "big":
        frames.byteswap()
    comm = struct.pack(">hIh", channels, len(TONE), 16) + _extended(RATE) + compression
    sound = struct.pack(">II", 0, 0) + frames.tobytes()
    body = kind + b"COMM" + struct.pack(">I", len(comm)) + comm
    body += b"SSND" + struct.pack(">I", len(sound)) + sound
    return b"FORM" + struct.pack(">I", len(body)) + body


@pytest.mark.parametrize("data", [_wav(), _wav(channels=2), _aiff(), _aiff(channels=1),
                                  _aiff(b"AIFC", b"sowt")],
                         ids=["wav", "wav-stereo", "aiff-stereo", "aiff", "aifc-sowt"])
def test_decode_gives_mono_little_endian_samples(data: bytes) -> None:
    """What espeak-ng/SAPI5 (WAV) and macOS (AIFF, any channels) write: the same samples."""
    pcm, rate = decode(data, "test")
    assert rate == RATE
    assert pcm == _le(TONE)


def test_decode_refuses_what_it_cannot_read() -> None:
    whole = _wav()
    with pytest.raises(IncompleteError, match="stops inside"):
        decode(whole[:-100], "cut")  # still being written, or cut short
    with pytest.raises(IncompleteError):
        decode(b"", "empty")
    with pytest.raises(SpeechError, match="8-bit"):
        decode(_wav(width=1), "8-bit")
    with pytest.raises(SpeechError, match="neither WAV nor AIFF"):
        decode(b"ID3" + bytes(100), "mp3")


def test_encoder_process_makes_the_same_mp3_as_lame_here() -> None:
    """MP3 encoded in the worker process, fed piece by piece, is LAME's own output behind
    the Info tag's frame."""
    stream = Mp3Stream(RATE)
    pcm = _le(TONE) * 3
    for at in range(0, len(pcm), 10_000):
        stream.feed(pcm[at:at + 10_000])
    made = stream.finish()
    frames = mp3_bytes(pcm, RATE)
    assert made.endswith(frames) and made == with_info_tag(frames, 3 * RATE)
    stream.abandon()  # idempotent after finish


def test_the_info_tag_tells_players_what_the_encoder_added() -> None:
    """The first frame says LAME put 576 samples before the audio and how many after, and
    how many frames follow: a player that reads it (FFmpeg, Chromium, Apple's) plays
    exactly the samples made, so chapters, captions and the book's clips are not 50 ms
    early; the MP3's length is the audio's to the sample."""
    from mutagen.mp3 import MP3

    samples = 3 * RATE + 123
    frames = mp3_bytes(_le(TONE) * 3 + bytes(246), RATE)
    made = with_info_tag(frames, samples)
    info = made.index(b"Info")
    assert made[:2] == b"\xff\xf3" and info == 4 + 9  # MPEG-2 mono: after its side info
    count, size = struct.unpack(">II", made[info + 8:info + 16])
    assert size == len(made)
    lame = made.index(b"LAME3.100")
    delay_padding = int.from_bytes(made[lame + 21:lame + 24], "big")
    assert delay_padding >> 12 == 576
    assert count * 576 - 576 - (delay_padding & 0xFFF) == samples
    mp3 = MP3(io.BytesIO(made))
    assert mp3.info.length == pytest.approx(samples / RATE, abs=1 / RATE)
    assert mp3.info.encoder_info.startswith("LAME 3.100")


def test_a_dead_encoder_is_an_error_not_a_short_file() -> None:
    stream = Mp3Stream(RATE)
    process = stream._process
    assert process is not None
    process.kill()
    process.wait()
    stream.feed(_le(TONE))
    with pytest.raises(SpeechError, match="MP3 encoder failed"):
        stream.finish()


def _stream_wav(path: Path, pcm: bytes, samples: int) -> None:
    with atomic_file(path) as handle:
        wav = WavStream(handle, RATE, path)
        try:
            for at in range(0, len(pcm), 7_000):
                wav.feed(pcm[at:at + 7_000])
            wav.finish(samples)
        finally:
            wav.close()


def test_wav_is_written_while_fed_and_checked_before_it_takes_its_place(
        tmp_path: Path) -> None:
    pcm, target = _le(TONE), tmp_path / "a.wav"
    _stream_wav(target, pcm, len(TONE))
    assert target.read_bytes() == wav_header(len(TONE), RATE) + pcm
    with wave.open(str(target)) as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getnframes()) == (1, 2, len(TONE))
    target.write_bytes(b"old")
    with pytest.raises(SpeechError, match=f"holds {len(TONE)} samples"):
        _stream_wav(target, pcm, len(TONE) + 1)  # not the audio meant: a sample is missing
    assert [p.name for p in tmp_path.iterdir()] == ["a.wav"]
    assert target.read_bytes() == b"old"
    with pytest.raises(SpeechError, match="holds 0 samples"):
        check_wav(io.BytesIO(wav_header(0, RATE)), 0, RATE, target)  # no audio at all
    with pytest.raises(SpeechError, match="not valid"):
        check_wav(io.BytesIO(b"RIFF" + bytes(40)), 1, RATE, target)


class _FullDisk(io.RawIOBase):
    """A file on a full disk: every write fails, as it would on any system."""

    def writable(self) -> bool:
        return True

    def write(self, data: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_failed_wav_write_is_an_output_error_naming_the_cause(tmp_path: Path) -> None:
    wav = WavStream(_FullDisk(), RATE, tmp_path / "a.wav")  # type: ignore[arg-type]
    wav.feed(_le(TONE))
    with pytest.raises(OutputError, match=r"cannot write \(the disk is full\); free some space"):
        wav.finish(len(TONE))


def test_a_wav_cut_short_on_disk_is_refused(tmp_path: Path) -> None:
    """The header may promise every sample while the file lost some (a short write)."""
    whole = wav_header(len(TONE), RATE) + _le(TONE)
    assert check_wav(io.BytesIO(whole), len(TONE), RATE, tmp_path / "a.wav") == 1.0
    with pytest.raises(SpeechError, match=f"is {len(whole) - 2} bytes long, not {len(whole)}"):
        check_wav(io.BytesIO(whole[:-2]), len(TONE), RATE, tmp_path / "a.wav")


def test_mp3_is_checked_before_it_is_written(tmp_path: Path) -> None:
    """A file that does not hold what was meant is refused, so it never replaces one."""
    frames = mp3_bytes(_le(TONE), RATE)
    chapters, path = [Chapter("Start", 0.0)], tmp_path / "a.mp3"
    with pytest.raises(SpeechError, match="lasts"):
        checked_mp3(frames, 5.0, "Title", chapters, path)  # 1 s, not 5
    with pytest.raises(SpeechError, match="lasts"):
        checked_mp3(frames[: len(frames) // 3], 1.0, "Title", chapters, path)
    with pytest.raises(SpeechError, match=r"with 1 chapters, not 1\.00 s with 2"):
        check_mp3(checked_mp3(frames, 1.0, "Title", chapters, path), 1.0, 2, path)
    check_mp3(checked_mp3(frames, 1.0, "Title", chapters, path), 1.0, 1, path)


