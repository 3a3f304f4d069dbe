"""Bytes to text: byte-order mark, HTTP charset, ``<meta charset>``, then detection.

The order follows the HTML standard's encoding sniffing (https://html.spec.whatwg.org/
multipage/parsing.html#determining-the-character-encoding): a byte-order mark decides;
else the first declaration Python knows is used, and a byte it cannot decode becomes
U+FFFD, as browsers show it; detection runs only when nothing is declared. Two
deliberate changes, both for labels the bytes prove wrong (keeping them would garble
every accented letter): a page declared as a single-byte encoding (ISO-8859-1,
Windows-1252 …) whose bytes are valid UTF-8 with non-ASCII characters is decoded as
UTF-8; and a page declared UTF-8 with hardly any valid UTF-8 sequence among its bad ones
(a Windows-1252 page labelled by its template) goes to detection.

NUL bytes are dropped from the text, as browsers drop them from a page's text.
"""

from __future__ import annotations

import codecs
import re

from plainhealth.errors import FetchError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
# The HTML standard reads these labels as windows-1252, a superset of ISO-8859-1.
_WINDOWS_1252_ALIASES = {"latin_1", "ascii", "iso8859_1"}
_LATIN_SCRIPT_SINGLE_BYTE = {
    "cp1250", "cp1252", "cp1254", "cp1257", "latin_1", "iso8859_2", "iso8859_3", "iso8859_4",
    "iso8859_9", "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_15", "iso8859_16",
    "mac_roman", "mac_latin2", "cp850", "cp437",
}
_BINARY_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"\x7fELF", "a program (ELF binary)"),
)


def sniff_binary(data: bytes) -> str | None:
    """Name the kind of binary file ``data`` is, or None when it may be text."""
    for signature, kind in _BINARY_SIGNATURES:
        if data.startswith(signature):
            return kind
    head = data[:4096]
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return None
    if b"\x00" in head and not _looks_like_utf16(head) and not _starts_like_html(head):
        return "a binary file"
    return None


_HTML_START = re.compile(
    rb"[\t\n\x0c\r ]*<(?:!doctype html|html|head|script|iframe|h1|div|font|table|a|style|"
    rb"title|b|body|br|p|meta|link|!--|\?xml)[ >\t\n\x0c\r/]", re.IGNORECASE)
"""How a page starts, from the MIME Sniffing standard's HTML signatures (with <meta>,
<link> and <?xml added): such a file is a page, whatever NUL bytes it holds later."""


def _starts_like_html(head: bytes) -> bool:
    return _HTML_START.match(head) is not None


def _looks_like_utf16(head: bytes) -> bool:
    even_zeros = head[0::2].count(0)
    odd_zeros = head[1::2].count(0)
    half = max(1, len(head) // 2)
    return max(even_zeros, odd_zeros) > half * 0.3 and min(even_zeros, odd_zeros) < half * 0.05


def canonical_codec(label: str) -> str | None:
    """Python's codec name for a charset label, or None if Python does not know it."""
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None
    name = name.replace("-", "_")
    return "cp1252" if name in _WINDOWS_1252_ALIASES else name


def decode_html(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode a page; returns (text, codec used). ``declared`` is the HTTP charset."""
    text, codec = _decode(data, declared)
    return text.replace("\x00", "") if "\x00" in text else text, codec


def _decode(data: bytes, declared: str | None) -> tuple[str, str]:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace"), codec.replace("-sig", "")
    candidates: list[str | None] = [canonical_codec(declared)] if declared else []
    match = _META_CHARSET.search(data[:8192])
    if match:
        candidates.append(canonical_codec(match.group(1).decode("ascii", "replace")))
    for label in candidates:
        decoded = _try_declared(data, label) if label else None
        if decoded is not None:
            return decoded
    return _guess(data)


def _try_declared(data: bytes, codec: str) -> tuple[str, str] | None:
    if codec in ("utf_16", "utf_16_le", "utf_16_be") and not _looks_like_utf16(data[:4096]):
        return None  # a UTF-16 label on ASCII-compatible bytes is always wrong
    if codec != "utf_8" and _is_utf8_with_non_ascii(data):
        return data.decode("utf-8"), "utf-8"
    if codec == "utf_8":
        return _damaged_utf8(data, _MISLABELLED)
    return data.decode(codec, errors="replace"), codec


def _is_utf8_with_non_ascii(data: bytes) -> bool:
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


_SURROGATE = re.compile("[\udc80-\udcff]+")
_VALID_NON_ASCII = re.compile("[^\x00-\x7f\udc80-\udcff]")
_MISLABELLED = 0.2
"""A page declared UTF-8 keeps UTF-8 unless fewer than this share of its non-ASCII
characters are valid UTF-8 (a Windows-1252 page has none: é alone is never valid)."""
_DAMAGED = 0.5
"""With nothing declared, bytes that are not valid UTF-8 are still read as UTF-8 (the
bad ones as U+FFFD) when at least this share of their non-ASCII characters are valid:
a multi-byte UTF-8 sequence almost never occurs by chance in a legacy encoding."""


def _damaged_utf8(data: bytes, share: float) -> tuple[str, str] | None:
    """UTF-8 with each bad byte as U+FFFD, if at least ``share`` of the non-ASCII
    characters are valid UTF-8; None otherwise."""
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="surrogateescape")  # a bad byte: one surrogate
    bad = sum(len(run) for run in _SURROGATE.findall(text))
    good = len(_VALID_NON_ASCII.findall(text))
    if good < share * (good + bad):
        return None
    return _SURROGATE.sub(lambda run: "\ufffd" * len(run.group()), text), "utf-8"


def _guess(data: bytes) -> tuple[str, str]:
    decoded = _damaged_utf8(data, _DAMAGED)
    if decoded is not None:
        return decoded
    from charset_normalizer import from_bytes

    best = from_bytes(data[:262144]).best()
    if best is not None and best.encoding:
        codec = canonical_codec(best.encoding) or "cp1252"
        if codec in _LATIN_SCRIPT_SINGLE_BYTE:
            # Detection cannot tell these apart on short text; like browsers with an
            # English locale, read any Latin-script single-byte page as Windows-1252.
            codec = "cp1252"
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def check_not_binary(data: bytes, source: str) -> None:
    """Raise a clear error when ``data`` is a binary file rather than a page."""
    kind = sniff_binary(data)
    if kind:
        raise FetchError(
            f"{source}: this is {kind}, not an HTML page; give plainhealth the page's HTML"
        )


__all__ = ["canonical_codec", "check_not_binary", "decode_html", "sniff_binary"]
