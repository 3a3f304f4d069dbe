"""Fetching from a real HTTP server on 127.0.0.1, files and stdin."""

from __future__ import annotations

import io
import os
import re
import socket
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from conftest import ARTICLE_HTML
from plainhealth.errors import FetchError
from plainhealth.models import Limits
from plainhealth.source.fetch import USER_AGENT, load

FAST = Limits(read_timeout=0.5, connect_timeout=0.5, deadline=1.0, max_bytes=1024 * 1024)


def test_fetches_a_page_and_records_the_final_url(server: str) -> None:
    """A 200 page comes back decoded, with the URL it was found at."""
    page = load(f"{server}/article.html")
    assert "Back pain is common." in page.html
    assert page.url == f"{server}/article.html"


def test_records_the_day_the_server_sent_the_page(server: str) -> None:
    """The handout's "Retrieved" date comes from the server's Date header, in UTC."""
    before = datetime.now(UTC).date()
    page = load(f"{server}/dated.html")
    after = datetime.now(UTC).date()
    assert before.isoformat() <= page.retrieved <= after.isoformat()
    assert load(__file__).retrieved == ""  # a file has no retrieval date


def test_follows_a_redirect(server: str) -> None:
    """A redirect is followed and the final URL is the destination."""
    page = load(f"{server}/moved")
    assert page.url == f"{server}/article.html"


def test_honours_the_http_charset(server: str) -> None:
    """A page served as ISO-8859-1 decodes to the right letters."""
    assert "Café health" in load(f"{server}/latin1.html").html


@pytest.mark.parametrize(("path", "message"), [
    ("/missing.html", "the server answered HTTP 404 Not Found; check the address"),
    ("/broken.html", "the server answered HTTP 500 Internal Server Error"),
    ("/loop", "more than 5 redirects; the address may be in a redirect loop"),
    ("/to-ftp", "only http and https addresses can be fetched, not ftp:"),
    ("/photo.png", "the server sent image/png, which plainhealth cannot read; it reads HTML, "
                   "PDF, Word (.docx), plain text or Markdown"),
    ("/big.html", "larger than the 1.0 MB limit"),
    ("/bomb.html", "larger than the 1.0 MB limit (after decompression)"),
    ("/lies.html", "the server broke off the transfer"),
])
def test_server_failures_are_clear_errors(server: str, path: str, message: str) -> None:
    """Each faulty server ends in one FetchError naming the URL and the problem."""
    with pytest.raises(FetchError) as caught:
        load(f"{server}{path}", FAST)
    assert str(caught.value).startswith(f"{server}{path}: ")
    assert message in str(caught.value)


def test_a_silent_server_times_out(server: str) -> None:
    """A server that does not answer within the read timeout is given up on."""
    with pytest.raises(FetchError, match="the server did not answer in time"):
        load(f"{server}/slow.html", FAST)


def test_a_dripping_server_hits_the_overall_deadline(server: str) -> None:
    """A byte every 0.1 s never trips the read timeout, but the deadline stops it."""
    with pytest.raises(FetchError, match=r"the download took longer than 1 s"):
        load(f"{server}/drip.html", FAST)


def test_a_server_dripping_its_headers_hits_the_overall_deadline(server: str) -> None:
    """The deadline covers the headers too, not only the body: no hang past it."""
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"the download took longer than 1 s"):
        load(f"{server}/header-drip.html", FAST)
    assert time.monotonic() - started < 2.0


def test_connection_refused_is_a_clear_error() -> None:
    """Nothing listening on the port: a one-line error, not a traceback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(FetchError, match="cannot connect"):
        load(f"http://127.0.0.1:{port}/", FAST)


@pytest.mark.parametrize("src", ["ftp://example.org/a.html", "file:///etc/passwd",
                                 "javascript:alert(1)", "data:text/html,<p>hi</p>"])
def test_other_schemes_are_refused(src: str) -> None:
    """Only http and https are fetched; nothing else is even tried."""
    with pytest.raises(FetchError, match="only http and https addresses can be fetched"):
        load(src)


def test_sends_a_plainhealth_user_agent() -> None:
    """Servers can tell who is asking."""
    assert USER_AGENT.startswith("plainhealth/")


@pytest.mark.parametrize("name", ["Re: blood pressure.html", "notes:2024.html"])
def test_a_file_name_with_a_colon_is_a_path_not_a_url(tmp_path: Path, name: str,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """ "Re: …" looks like a URL scheme; a page saved under that name still converts."""
    monkeypatch.chdir(tmp_path)
    Path(name).write_text(ARTICLE_HTML, encoding="utf-8")
    assert "Back pain is common." in load(name).html


def test_a_missing_file_with_a_colon_says_no_such_file(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FetchError, match="no such file"):
        load("Re: nothing.html")


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_is_refused_not_read_for_ever(device: str) -> None:
    """/dev/zero reports size 0 and never ends: refused before any read."""
    with pytest.raises(FetchError, match="is not a regular file"):
        load(device)


def test_a_named_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    """Opening a FIFO with no writer would block for ever."""
    fifo = tmp_path / "page.html"
    os.mkfifo(fifo)
    with pytest.raises(FetchError, match="is not a regular file"):
        load(str(fifo))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FetchError, match="no such file; check the path"):
        load(str(tmp_path / "nope.html"))


def test_directory_is_not_a_page(tmp_path: Path) -> None:
    with pytest.raises(FetchError, match="is a directory"):
        load(str(tmp_path))


def test_empty_file(tmp_path: Path) -> None:
    page = tmp_path / "empty.html"
    page.write_text("  \n\t ")
    with pytest.raises(FetchError, match="is empty; there is no page to convert"):
        load(str(page))


def test_binary_file_with_html_name(tmp_path: Path) -> None:
    """A binary file named .html is named for what it is."""
    page = tmp_path / "page.html"
    page.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)))
    with pytest.raises(FetchError, match=re.escape("this is a PNG image, which plainhealth "
                                                   "cannot read")):
        load(str(page))


def test_a_pdf_named_html_is_read_as_a_pdf(tmp_path: Path) -> None:
    """The bytes decide: a PDF saved as .html is handed to the PDF reader."""
    page = tmp_path / "page.html"
    page.write_bytes(b"%PDF-1.7\n%\xe2\xe3" + bytes(range(256)))
    assert load(str(page)).content_type == "application/pdf"


def test_file_over_the_size_cap(tmp_path: Path) -> None:
    page = tmp_path / "huge.html"
    page.write_bytes(b"<p>" + b"a" * 2048 + b"</p>")
    with pytest.raises(FetchError, match=re.escape("2.0 KB is larger than the 1.0 KB limit")):
        load(str(page), Limits(max_bytes=1024))


def test_reads_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    """`-` reads the page from standard input."""
    fake = io.TextIOWrapper(io.BytesIO(b"<p>Hello from stdin, a page.</p>"))
    monkeypatch.setattr(sys, "stdin", fake)
    assert "Hello from stdin" in load("-").html
