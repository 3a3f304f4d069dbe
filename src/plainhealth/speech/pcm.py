"""Read the sound file an operating-system voice wrote back into 16-bit mono PCM.

pyttsx3 writes WAV with espeak-ng and SAPI5 whatever the name says, and AIFF with
NSSpeechSynthesizer (macOS); 16-bit PCM in both, sometimes in stereo. Only what those
engines write is read: anything else is an error that says what was found.
"""

from __future__ import annotations

import array
import math
import struct
import sys
from collections.abc import Iterator

from plainhealth.speech.base import SpeechError

_PCM, _EXTENSIBLE = 1, 0xFFFE


class IncompleteError(SpeechError):
    """The file is shorter than its header says (perhaps still being written)."""


def decode(data: bytes, label: str) -> tuple[bytes, int]:
    """(16-bit little-endian mono PCM, sample rate) from a WAV or AIFF file's bytes."""
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        samples, channels, rate = _wav(data, label)
    elif data[:4] == b"FORM" and data[8:12] in (b"AIFF", b"AIFC"):
        samples, channels, rate = _aiff(data, label)
    else:
        raise (IncompleteError if len(data) < 12 else SpeechError)(
            f"{label}: the voice wrote {len(data)} bytes that are neither WAV nor AIFF")
    return _mono(samples, channels).tobytes(), rate


def _chunks(data: bytes, start: int, order: str, label: str) -> Iterator[tuple[bytes, bytes]]:
    """(id, body) of each chunk of a RIFF (``<``) or IFF (``>``) file from ``start``."""
    at = start
    while at + 8 <= len(data):
        kind, size = data[at:at + 4], struct.unpack(f"{order}I", data[at + 4:at + 8])[0]
        if at + 8 + size > len(data):
            raise IncompleteError(f"{label}: the file the voice wrote stops inside its "
                             f"{kind.decode('latin-1')!r} chunk")
        yield kind, data[at + 8:at + 8 + size]
        at += 8 + size + (size & 1)


def _wav(data: bytes, label: str) -> tuple[array.array[int], int, int]:
    chunks = dict(_chunks(data, 12, "<", label))
    fmt, body = chunks.get(b"fmt "), chunks.get(b"data")
    if fmt is None or body is None or len(fmt) < 16:
        raise IncompleteError(f"{label}: the WAV the voice wrote is incomplete")
    tag, channels, rate, _, _, bits = struct.unpack("<HHIIHH", fmt[:16])
    if tag == _EXTENSIBLE and len(fmt) >= 26:
        tag = struct.unpack("<H", fmt[24:26])[0]
    _check(label, tag == _PCM and bits == 16 and channels > 0 and rate > 0,
           f"format {tag}, {bits}-bit, {channels} channels, {rate} Hz")
    return _samples(body, big_endian=False), channels, rate


def _aiff(data: bytes, label: str) -> tuple[array.array[int], int, int]:
    chunks = dict(_chunks(data, 12, ">", label))
    comm, sound = chunks.get(b"COMM"), chunks.get(b"SSND")
    if comm is None or sound is None or len(comm) < 18 or len(sound) < 8:
        raise IncompleteError(f"{label}: the AIFF the voice wrote is incomplete")
    channels, _, bits = struct.unpack(">hIh", comm[:8])
    rate = _extended(comm[8:18])
    compression = comm[18:22] if data[8:12] == b"AIFC" else b"NONE"
    _check(label, bits == 16 and channels > 0 and rate > 0 and compression in (b"NONE", b"sowt"),
           f"{compression.decode('latin-1')}, {bits}-bit, {channels} channels, {rate} Hz")
    offset = struct.unpack(">I", sound[:4])[0]
    return _samples(sound[8 + offset:], big_endian=compression == b"NONE"), channels, rate


def _extended(raw: bytes) -> int:
    """An IEEE 754 80-bit extended float (AIFF's sample rate) as a whole number."""
    exponent, mantissa = struct.unpack(">HQ", raw)
    if not mantissa:
        return 0
    return round(math.ldexp(mantissa, (exponent & 0x7FFF) - 16383 - 63))


def _check(label: str, ok: bool, found: str) -> None:
    if not ok:
        raise SpeechError(f"{label}: the voice wrote {found}; plainhealth reads 16-bit PCM")


def _samples(body: bytes, *, big_endian: bool) -> array.array[int]:
    samples = array.array("h")
    samples.frombytes(body[: len(body) - len(body) % 2])
    if big_endian != (sys.byteorder == "big"):
        samples.byteswap()
    return samples


def _mono(samples: array.array[int], channels: int) -> array.array[int]:
    """The channels averaged; little-endian, as the timeline expects."""
    if channels > 1:
        frames = len(samples) // channels
        lanes = [samples[c::channels][:frames] for c in range(channels)]
        samples = array.array("h", (sum(f) // channels for f in zip(*lanes, strict=True)))
    if sys.byteorder == "big":
        samples.byteswap()
    return samples
