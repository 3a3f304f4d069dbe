"""The MP3's first frame: a LAME "Info" tag, so that players start the audio where it starts.

An MP3 encoder puts 576 samples before the audio, and an MP3 decoder 529 more: without a
word about it a player plays 1,105 samples (50 ms at 22,050 Hz) of nothing first, and
every time we give (chapters, captions, the book's Media Overlays) comes 50 ms early. The
Info tag (what LAME itself writes when it encodes to a file) says how many samples were
added at the start and the end; players that read it (those built on FFmpeg, such as
Chromium, and Apple's) drop them, and the audio's times are the timeline's, to the
sample. It also gives the number of frames, so a player knows the length at once.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator

ENCODER_DELAY = 576
"""Samples LAME adds before the audio (its ENCDELAY)."""
_BITRATES = {3: (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
             2: (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160)}
"""kb/s by the header's index, for MPEG-1 (version bits 3) and MPEG-2 and 2.5 layer III."""
_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


class _Frame:
    """A layer III frame header."""

    def __init__(self, header: bytes) -> None:
        value: int = struct.unpack(">I", header[:4])[0]
        if value >> 21 != 0x7FF or (value >> 17) & 3 != 1:
            raise ValueError("not an MPEG layer III frame")
        self.version = (value >> 19) & 3
        self.mono = (value >> 6) & 3 == 3
        self.kbps = _BITRATES[3 if self.version == 3 else 2][(value >> 12) & 15]
        self.rate = _RATES[self.version][(value >> 10) & 3]
        self.padding = (value >> 9) & 1
        self.header = value

    @property
    def samples(self) -> int:
        return 1152 if self.version == 3 else 576

    @property
    def length(self) -> int:
        return self.samples // 8 * self.kbps * 1000 // self.rate + self.padding

    @property
    def side_info(self) -> int:
        if self.version == 3:
            return 17 if self.mono else 32
        return 9 if self.mono else 17


def _frames(data: bytes) -> Iterator[_Frame]:
    at = 0
    while at + 4 <= len(data):
        frame = _Frame(data[at:at + 4])
        yield frame
        at += frame.length


def with_info_tag(frames: bytes, samples: int) -> bytes:
    """``frames`` (a constant-bit-rate stream from LAME, of ``samples`` samples) behind a
    first frame holding the LAME Info tag; unchanged if it holds no frame."""
    parsed = list(_frames(frames))
    if not parsed:
        return frames
    first = parsed[0]
    length = first.length - first.padding
    padding = len(parsed) * first.samples - ENCODER_DELAY - samples
    header = struct.pack(">I", first.header & ~(1 << 9))  # no padding byte
    tag = (b"Info" + struct.pack(">III", 0x3, len(parsed), len(frames) + length)
           + b"LAME3.100" + bytes([0x01, 0]) + bytes(8) + bytes([0, min(first.kbps, 255)])
           + ((ENCODER_DELAY << 12) | max(0, min(padding, 4095))).to_bytes(3, "big")
           + bytes(4) + struct.pack(">I", len(frames) + length) + bytes(2))
    body = header + bytes(first.side_info) + tag
    body += struct.pack(">H", _crc16(body))
    return body + bytes(length - len(body)) + frames


def _crc16(data: bytes) -> int:
    """CRC-16 (polynomial 0x8005, reflected: 0xA001), as the Info tag's own checksum."""
    crc = 0
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc
