"""Bytes to text: BOM, HTTP charset, meta charset, and mislabelled pages."""

from __future__ import annotations

from plainhealth.source.decode import decode_html

TEXT = "Café – “naïve” ½ °C"


def test_utf16_with_bom() -> None:
    data = ("<html><body><p>" + TEXT + "</p></body></html>").encode("utf-16")
    text, codec = decode_html(data)
    assert TEXT in text and codec == "utf-16"


def test_utf8_bom_beats_a_wrong_meta() -> None:
    data = b"\xef\xbb\xbf<meta charset='iso-8859-1'><p>" + TEXT.encode() + b"</p>"
    assert TEXT in decode_html(data)[0]


def test_http_charset_is_honoured() -> None:
    data = b"<p>Caf\xe9 na\xefve</p>"
    assert decode_html(data, "ISO-8859-1") == ("<p>Café naïve</p>", "cp1252")


def test_iso_8859_1_label_reads_windows_1252_quotes() -> None:
    """As browsers do: the C1 bytes of a 'latin-1' page are Windows-1252 quotes and dashes."""
    data = "<meta charset='iso-8859-1'><p>“Hi” – it’s</p>".encode("cp1252")
    assert "“Hi” – it’s" in decode_html(data)[0]


def test_meta_saying_latin1_on_a_utf8_page() -> None:
    """A page labelled latin-1 whose bytes are valid UTF-8 is read as UTF-8, not garbled."""
    data = ("<meta charset='iso-8859-1'><p>" + TEXT + "</p>").encode()
    text, codec = decode_html(data)
    assert TEXT in text and codec == "utf-8"


def test_meta_saying_utf8_on_a_latin1_page() -> None:
    data = "<meta charset='utf-8'><p>Le café est très bon pour la santé, dit-il.</p>".encode(
        "latin-1"
    )
    assert "Le café est très bon" in decode_html(data)[0]


def test_a_few_invalid_utf8_bytes_are_marked_not_misread() -> None:
    """Mostly-UTF-8 text keeps its letters; the broken byte becomes U+FFFD."""
    data = ("<p>" + TEXT * 3 + "</p>").encode() + b"\xff<p>end</p>"
    text, codec = decode_html(data)
    assert codec == "utf-8"
    assert TEXT * 3 in text and "\ufffd" in text


def test_no_label_latin1_is_detected() -> None:
    text = "Les fruits et légumes frais sont très importants pour une santé équilibrée."
    data = f"<p>{text}</p>".encode("latin-1")
    assert "légumes frais sont très" in decode_html(data)[0]
