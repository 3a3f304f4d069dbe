"""Pages and servers that used to give a wrong answer: a declared UTF-8 page with a few
bad bytes, NUL bytes inside HTML, megabytes of whitespace, and servers that break HTTP."""

from __future__ import annotations

import contextlib
import socketserver
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from plainhealth.cli import main
from plainhealth.errors import FetchError
from plainhealth.models import Limits
from plainhealth.source.decode import decode_html, sniff_binary
from plainhealth.source.fetch import load

PROSE = ("Take 2.5 mg of the medicine twice a day. Do not drink alcohol while you take it. "
         "Most people feel better in 3 to 5 days.")


def extract(path: Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["extract", str(path)], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


# A page written in UTF-8 into which an old editor pasted Windows-1252 quotes and a dash
# (bytes 0x93, 0x94, 0x96): more bad bytes than accented letters, as on many old pages.
CAFE = ("<h1>Café été</h1><p>Our summer menu at \x93Summer Café\x94 lists drinks for every age "
        "\x96 coffee, tea and juice. Ask the staff about caffeine if you are pregnant.</p>")


def _damaged(head: str) -> bytes:
    page = (f"<!doctype html><html lang='en'><head>{head}<title>Menu</title></head><body>"
            f"<article>{CAFE}</article></body></html>")
    data = page.encode("utf-8")
    for byte in (b"\x93", b"\x94", b"\x96"):
        data = data.replace(b"\xc2" + byte, byte)
    return data


@pytest.mark.parametrize("head", ["<meta charset='utf-8'>",
                                  '<meta http-equiv="Content-Type" '
                                  'content="text/html; charset=UTF-8">'])
def test_a_declared_utf8_page_keeps_utf8_and_marks_bad_bytes(tmp_path: Path, head: str) -> None:
    """As the HTML standard decodes: the declared encoding is used, each bad byte becomes
    U+FFFD, and every correctly encoded letter stays (it came out as Thai or Cyrillic)."""
    page = tmp_path / "cafe.html"
    page.write_bytes(_damaged(head))
    code, text, errors = extract(page)
    assert (code, errors) == (0, "")
    assert text.startswith("Café été\n")
    assert ("Our summer menu at \ufffdSummer Café\ufffd lists drinks for every age \ufffd coffee, "
            "tea and juice. Ask the staff about caffeine if you are pregnant.") in text


def test_an_undeclared_mostly_utf8_page_is_read_as_utf8() -> None:
    """Nothing declared and not valid UTF-8: detection runs, and sees UTF-8 with damage
    rather than a Cyrillic code page."""
    text, codec = decode_html(_damaged(""))
    assert codec == "utf-8"
    assert "at \ufffdSummer Café\ufffd lists drinks for every age \ufffd coffee" in text


def test_a_page_declared_utf8_but_written_in_windows_1252_is_still_detected() -> None:
    """A label that no byte of the page agrees with (not one valid UTF-8 sequence) is
    wrong: reading it as UTF-8 would turn every accented letter into U+FFFD."""
    data = ("<meta charset='utf-8'><p>Le café est très bon pour la santé – dit-il.</p>"
            ).encode("cp1252")
    assert decode_html(data) == (
        "<meta charset='utf-8'><p>Le café est très bon pour la santé – dit-il.</p>", "cp1252")


def test_a_declared_legacy_encoding_is_kept_despite_an_undefined_byte() -> None:
    """A Windows-1252 page with one byte that code page leaves undefined (0x81) is still
    read as Windows-1252, not handed to detection."""
    data = "<meta charset='windows-1252'><p>Ça coûte 5 € – “très” cher</p>".encode("cp1252")
    text, codec = decode_html(data.replace(b"5 ", b"5\x81 "))
    assert codec == "cp1252"
    assert "<p>Ça coûte 5\ufffd € – “très” cher</p>" in text


def test_nul_bytes_in_an_html_page_are_dropped_as_browsers_do(tmp_path: Path) -> None:
    """A page that starts like HTML and has a few NUL bytes (a broken template, a bad
    copy) is read, without them; it was refused as "a binary file"."""
    page = tmp_path / "nul.html"
    html = (f"<!DOCTYPE html>\n<html lang='en'><head><title>Pain</title></head><body><article>"
            f"<h1>Pain</h1><p>{PROSE}</p></article></body></html>\n")
    page.write_bytes(html.replace("2.5 mg", "2.5\x00 mg").replace("alcohol", "alco\x00hol")
                     .encode() + b"\x00" * 16)
    code, text, errors = extract(page)
    assert (code, errors) == (0, "")
    assert PROSE in text


@pytest.mark.parametrize(("data", "kind"), [
    (b"\x00\x01\x02\x03<html><body><p>hidden</p></body></html>", "a binary file"),
    (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff", "a binary file"),
    (b"SQLite format 3\x00\x10\x00\x01\x01\x00@  ", "a binary file"),
])
def test_real_binaries_are_still_refused(data: bytes, kind: str) -> None:
    """The NUL check still names files that do not start like HTML."""
    assert sniff_binary(data + bytes(range(256))) == kind


def test_whitespace_between_tags_is_not_counted_as_text(tmp_path: Path) -> None:
    """400 characters of text and 3 MB of indentation between tags convert; the limit on
    text counts what a reader sees, with whitespace collapsed."""
    page = tmp_path / "spaces.html"
    gap = "\n" + " " * 3000
    body = gap.join(f"<p>{sentence}.</p>" for sentence in PROSE.split(". ") * 1)
    filler = "".join(f"<div>{gap}</div>" for _ in range(1000))
    page.write_text(f"<html lang='en'><body><article><h1>Pain</h1>{filler}{body}{filler}"
                    "</article></body></html>", encoding="utf-8")
    assert page.stat().st_size > 3_000_000
    code, text, errors = extract(page)
    assert (code, errors) == (0, "")
    assert "Take 2.5 mg of the medicine twice a day." in text


# ---- servers that break HTTP -----------------------------------------------------------

ANSWERS = {
    "/many-headers.html": b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                          + b"".join(b"X-Filler-%05d: a\r\n" % i for i in range(10_000))
                          + b"Content-Length: 14\r\n\r\n<p>never</p>\r\n",
    "/bad-chunks.html": b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                        b"Transfer-Encoding: chunked\r\n\r\nzz\r\n<p>hello</p>\r\n0\r\n\r\n",
    "/bad-header.html": b"HTTP/1.1 200 OK\r\nContent-Type text/html\r\n\r\n<p>x</p>",
    "/not-http.html": b"SSH-2.0-OpenSSH_9.6\r\n\r\n",
}


class _Raw(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        request = self.rfile.readline().decode("latin-1").split()
        while self.rfile.readline() not in (b"\r\n", b"\n", b""):
            pass
        with contextlib.suppress(OSError):  # the client gave up first (too many headers)
            self.wfile.write(ANSWERS.get(request[1] if len(request) > 1 else "", b""))


@pytest.fixture(scope="module")
def raw_server() -> Iterator[str]:
    """A real TCP server on 127.0.0.1 that answers each path with fixed, broken bytes."""
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Raw)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(("path", "message"), [
    ("/many-headers.html", "the server sent more than 16 KB of headers before the page, far "
                           "more than any web page needs; the server is misconfigured, so "
                           "trying again will not help"),
    ("/bad-chunks.html", "the server sent the page in broken chunks (invalid chunked "
                         "transfer encoding); the server is at fault, so trying again "
                         "may not help"),
    ("/bad-header.html", "the server's answer is not valid HTTP (a malformed header line); "
                         "check the address is a web page"),
    ("/not-http.html", "the server's answer is not valid HTTP (a malformed status line); "
                       "check the address is a web page"),
])
def test_a_server_breaking_http_is_told_apart_from_a_dropped_connection(
        raw_server: str, path: str, message: str) -> None:
    """Each says what the server did wrong, not "broke off the transfer … try again
    later", and never shows a raw bytearray."""
    url = raw_server + path
    with pytest.raises(FetchError) as error:
        load(url, Limits(read_timeout=5, connect_timeout=5, deadline=30))
    assert str(error.value) == f"{url}: {message}"
