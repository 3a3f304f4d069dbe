"""Read a source — a file, ``-`` for standard input, or an http(s) URL — into a Page."""

from __future__ import annotations

import contextlib
import re
import stat
import sys
import threading
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from plainhealth.errors import FetchError
from plainhealth.models import Limits, Page
from plainhealth.source.decode import check_not_binary, decode_html
from plainhealth.source.detect import ACCEPTED_TYPES, BINARY, UNTYPED, WHAT_WE_READ, detect
from plainhealth.version import __version__

if TYPE_CHECKING:
    import httpx

USER_AGENT = f"plainhealth/{__version__} (+https://pypi.org/project/plainhealth/)"
ACCEPT = ("text/html,application/xhtml+xml;q=0.9,application/pdf;q=0.8,"
          "application/vnd.openxmlformats-officedocument.wordprocessingml.document;q=0.8,"
          "text/markdown;q=0.7,text/plain;q=0.6")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


_PATHLESS_SCHEMES = {"javascript", "data", "mailto", "about", "blob", "vbscript", "tel"}


def is_url(src: str) -> bool:
    """True for a URL: a scheme then "//" (or a scheme that never has one, like javascript:).

    "C:\\page.html", "Re: blood pressure.html" and "notes:2024/" stay paths, and so does
    anything that exists on disk.
    """
    match = _SCHEME.match(src)
    if match is None or len(match.group(1)) < 2:
        return False
    scheme = match.group(1).lower()
    if not src[match.end():].startswith("//") and scheme not in _PATHLESS_SCHEMES:
        return False
    return not Path(src).exists()


def load(src: str, limits: Limits | None = None) -> Page:
    """Read ``src`` and decode it; raises FetchError saying what went wrong and what to do."""
    limits = limits or Limits()
    if src == "-":
        return page_from_bytes(src, read_stdin(limits), limits)
    if is_url(src):
        return fetch_url(src, limits)
    return _page(src, None, read_file(src, limits.max_bytes), None, limits)


def read_stdin(limits: Limits) -> bytes:
    """Standard input, up to the size cap (read once, in the process that owns it)."""
    return _read_capped(sys.stdin.buffer, limits.max_bytes, "standard input")


def page_from_bytes(src: str, data: bytes, limits: Limits) -> Page:
    """A page already read (standard input read by a batch's main process)."""
    return _page(src, None, data, None, limits)


def read_file(src: str, max_bytes: int) -> bytes:
    path = Path(src)
    try:
        info = path.stat()
        mode = info.st_mode
        if stat.S_ISDIR(mode):
            raise FetchError(f"{src}: is a directory; give a page's file, or convert the folder")
        if not stat.S_ISREG(mode):
            # /dev/zero never ends and a named pipe may never send anything
            raise FetchError(f"{src}: is not a regular file (a device, pipe or socket); "
                             "save the page to a file and give that")
        size = info.st_size
        if size > max_bytes:
            raise FetchError(f"{src}: {_mib(size)} is larger than the {_mib(max_bytes)} limit; "
                             "raise it with --max-size if the page is genuine")
        with path.open("rb") as handle:  # capped: the file may grow while it is read
            data = _read_capped(handle, max_bytes, src)
    except FileNotFoundError:
        raise FetchError(f"{src}: no such file; check the path") from None
    except PermissionError:
        raise FetchError(f"{src}: permission denied; check the file's read permission") from None
    except OSError as error:
        raise FetchError(f"{src}: cannot read the file ({error.strerror or error})") from None
    return data


def _read_capped(stream: object, max_bytes: int, name: str) -> bytes:
    read = stream.read  # type: ignore[attr-defined]
    data: bytes = read(max_bytes + 1)
    if len(data) > max_bytes:
        raise FetchError(f"{name}: more than the {_mib(max_bytes)} limit; "
                         "raise it with --max-size if the page is genuine")
    return data


def _page(src: str, url: str | None, data: bytes, charset: str | None, limits: Limits,
          retrieved: str = "", content_type: str = "") -> Page:
    if not data.strip():
        raise FetchError(f"{src}: is empty; there is no page to convert")
    kind = detect(data, url or src, content_type, limits.input_format)
    if kind in BINARY:
        return Page(source=src, url=url, html="", encoding="", content_type=kind,
                    retrieved=retrieved, raw=data)
    check_not_binary(data, src)
    html, encoding = decode_html(data, charset)
    return Page(source=src, url=url, html=html, encoding=encoding, content_type=kind,
                retrieved=retrieved)


def _retrieved(response: httpx.Response) -> str:
    """The day the server sent the page, from its Date header (today's if it sent none).

    The server's own clock, not ours: the same response always gives the same report.
    """
    try:
        sent = parsedate_to_datetime(response.headers.get("date", ""))
    except (TypeError, ValueError, IndexError):
        sent = datetime.now(UTC)
    return sent.astimezone(UTC).date().isoformat() if sent.tzinfo else sent.date().isoformat()


def fetch_url(src: str, limits: Limits) -> Page:
    """GET an http(s) URL, following at most ``limits.max_redirects`` redirects.

    The whole download, headers and redirects included, must end within
    ``limits.deadline``: httpx only bounds each read, so a server that drips its headers
    a byte at a time would otherwise hold us for ever. The download runs in a daemon
    thread; past the deadline it is told to stop, its connections are closed (so a server
    still dripping bytes cannot keep the thread alive), and it is abandoned.
    """
    url = _check_scheme(src, src)
    outcome: list[Page | BaseException] = []
    cancelled = threading.Event()
    clients: list[httpx.Client] = []

    def download() -> None:
        try:
            outcome.append(_download(src, url, limits, cancelled, clients))
        except BaseException as error:  # handed to the caller's thread below
            outcome.append(error)

    worker = threading.Thread(target=download, name="plainhealth-fetch", daemon=True)
    worker.start()
    worker.join(limits.deadline)
    if worker.is_alive() or not outcome:
        cancelled.set()
        for client in clients:
            with contextlib.suppress(Exception):  # the download thread fails, and ends
                client.close()
        raise FetchError(f"{src}: the download took longer than {limits.deadline:g} s; "
                         "the server is too slow, try again later")
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    return outcome[0]


def _download(src: str, url: str, limits: Limits, cancelled: threading.Event,
              clients: list[httpx.Client]) -> Page:
    import httpx

    timeout = httpx.Timeout(limits.read_timeout, connect=limits.connect_timeout)
    headers = {"User-Agent": USER_AGENT, "Accept": ACCEPT}
    try:
        with httpx.Client(timeout=timeout, headers=headers, follow_redirects=False) as client:
            clients.append(client)
            for _hop in range(limits.max_redirects + 1):
                with client.stream("GET", url) as response:
                    if response.is_redirect:
                        url = _next_location(src, url, response)
                        continue
                    content_type = _check_response(src, response)
                    data = _read_body(src, response, limits, cancelled)
                    return _page(src, str(response.url), data, response.charset_encoding, limits,
                                 _retrieved(response), content_type)
    except httpx.TimeoutException:
        raise FetchError(f"{src}: the server did not answer in time; try again later") from None
    except httpx.ConnectError as error:
        raise FetchError(f"{src}: cannot connect ({_reason(error)}); "
                         "check the address and your network") from None
    except httpx.DecodingError:
        raise FetchError(f"{src}: the server sent a body that cannot be decompressed") from None
    except (httpx.RemoteProtocolError, httpx.ReadError) as error:
        raise FetchError(f"{src}: {_broken_http(error)}") from None
    except httpx.HTTPError as error:
        raise FetchError(f"{src}: download failed ({_reason(error)})") from None
    raise FetchError(f"{src}: more than {limits.max_redirects} redirects; "
                     "the address may be in a redirect loop")


def _check_scheme(src: str, url: str) -> str:
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError(f"{src}: only http and https addresses can be fetched, not {scheme}:; "
                         "save the page and give its file path instead")
    return url


def _next_location(src: str, url: str, response: httpx.Response) -> str:
    location = response.headers.get("location")
    if not location:
        raise FetchError(f"{src}: the server sent a redirect with no destination")
    return _check_scheme(src, urljoin(url, location))


def _check_response(src: str, response: httpx.Response) -> str:
    """The response's content type, once it is one plainhealth reads."""
    if response.status_code >= 400:
        raise FetchError(f"{src}: the server answered HTTP {response.status_code} "
                         f"{response.reason_phrase}; check the address or try again later")
    content_type = str(response.headers.get("content-type", "")).split(";")[0].strip().lower()
    if content_type and content_type not in ACCEPTED_TYPES and content_type not in UNTYPED:
        raise FetchError(f"{src}: the server sent {content_type}, which plainhealth cannot "
                         f"read; it reads {WHAT_WE_READ}")
    return content_type


def _read_body(src: str, response: httpx.Response, limits: Limits,
               cancelled: threading.Event) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise FetchError(f"{src}: the page is {_mib(int(declared))}, larger than the "
                         f"{_mib(limits.max_bytes)} limit; raise it with --max-size if genuine")
    chunks: list[bytes] = []
    size = 0
    # iter_bytes() yields decompressed data, so a gzip bomb stops at the cap too.
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limits.max_bytes:
            raise FetchError(f"{src}: the page is larger than the {_mib(limits.max_bytes)} limit "
                             "(after decompression); raise it with --max-size if genuine")
        if cancelled.is_set():  # past the deadline: the caller has given up already
            raise FetchError(f"{src}: the download took longer than {limits.deadline:g} s")
        chunks.append(chunk)
    return b"".join(chunks)


_PROTOCOL_PROBLEMS = (
    # (the start of what h11, httpx's HTTP/1.1 parser, says; what to tell the user)
    ("Receive buffer too long", "the server sent more than 16 KB of headers before the page, "
                                "far more than any web page needs; the server is "
                                "misconfigured, so trying again will not help"),
    ("illegal chunk", "the server sent the page in broken chunks (invalid chunked transfer "
                      "encoding); the server is at fault, so trying again may not help"),
    ("illegal header line", "the server's answer is not valid HTTP (a malformed header "
                            "line); check the address is a web page"),
    ("illegal status line", "the server's answer is not valid HTTP (a malformed status "
                            "line); check the address is a web page"),
)


def _broken_http(error: Exception) -> str:
    """What the server did wrong, in words (never the parser's raw bytes)."""
    reason = _reason(error)
    for start, problem in _PROTOCOL_PROBLEMS:
        if reason.startswith(start):
            return problem
    return f"the server broke off the transfer ({reason}); try again later"


def _reason(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _mib(size: int) -> str:
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"
