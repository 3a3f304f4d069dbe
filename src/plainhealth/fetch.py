"""Read a source — a file, ``-`` for standard input, or an http(s) URL — into a Page."""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from plainhealth import __version__
from plainhealth.decode import check_not_binary, decode_html
from plainhealth.errors import FetchError
from plainhealth.models import Limits, Page

if TYPE_CHECKING:
    import httpx

USER_AGENT = f"plainhealth/{__version__} (+https://pypi.org/project/plainhealth/)"
HTML_TYPES = ("text/html", "application/xhtml+xml")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


def is_url(src: str) -> bool:
    """True for anything with a URL scheme (two or more letters, so C:\\ stays a path)."""
    match = _SCHEME.match(src)
    return match is not None and len(match.group(1)) > 1


def load(src: str, limits: Limits | None = None) -> Page:
    """Read ``src`` and decode it; raises FetchError saying what went wrong and what to do."""
    limits = limits or Limits()
    if src == "-":
        data = _read_capped(sys.stdin.buffer, limits.max_bytes, "standard input")
        return _page(src, None, data, None, limits)
    if is_url(src):
        return fetch_url(src, limits)
    return _page(src, None, read_file(src, limits.max_bytes), None, limits)


def read_file(src: str, max_bytes: int) -> bytes:
    path = Path(src)
    try:
        if path.is_dir():
            raise FetchError(f"{src}: is a directory; give a page's file, or convert the folder")
        size = path.stat().st_size
        if size > max_bytes:
            raise FetchError(f"{src}: {_mib(size)} is larger than the {_mib(max_bytes)} limit; "
                             "raise it with --max-size if the page is genuine")
        data = path.read_bytes()
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


def _page(src: str, url: str | None, data: bytes, charset: str | None, limits: Limits) -> Page:
    if not data.strip():
        raise FetchError(f"{src}: is empty; there is no page to convert")
    check_not_binary(data, src)
    html, encoding = decode_html(data, charset)
    return Page(source=src, url=url, html=html, encoding=encoding)


def fetch_url(src: str, limits: Limits) -> Page:
    """GET an http(s) URL, following at most ``limits.max_redirects`` redirects."""
    import httpx

    url = _check_scheme(src, src)
    timeout = httpx.Timeout(limits.read_timeout, connect=limits.connect_timeout)
    headers = {"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml;q=0.9"}
    started = time.monotonic()
    try:
        with httpx.Client(timeout=timeout, headers=headers, follow_redirects=False) as client:
            for _hop in range(limits.max_redirects + 1):
                with client.stream("GET", url) as response:
                    if response.is_redirect:
                        url = _next_location(src, url, response)
                        continue
                    _check_response(src, response)
                    data = _read_body(src, response, limits, started)
                    return _page(src, str(response.url), data, response.charset_encoding, limits)
    except httpx.TimeoutException:
        raise FetchError(f"{src}: the server did not answer in time; try again later") from None
    except httpx.ConnectError as error:
        raise FetchError(f"{src}: cannot connect ({_reason(error)}); "
                         "check the address and your network") from None
    except httpx.DecodingError:
        raise FetchError(f"{src}: the server sent a body that cannot be decompressed") from None
    except (httpx.RemoteProtocolError, httpx.ReadError) as error:
        raise FetchError(f"{src}: the server broke off the transfer ({_reason(error)}); "
                         "try again later") from None
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


def _check_response(src: str, response: httpx.Response) -> None:
    if response.status_code >= 400:
        raise FetchError(f"{src}: the server answered HTTP {response.status_code} "
                         f"{response.reason_phrase}; check the address or try again later")
    content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type and content_type not in HTML_TYPES:
        raise FetchError(f"{src}: the server sent {content_type}, not an HTML page; "
                         "plainhealth converts web pages only")


def _read_body(src: str, response: httpx.Response, limits: Limits, started: float) -> bytes:
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
        if time.monotonic() - started > limits.deadline:
            raise FetchError(f"{src}: the download took longer than {limits.deadline:g} s; "
                             "the server is too slow, try again later")
        chunks.append(chunk)
    return b"".join(chunks)


def _reason(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _mib(size: int) -> str:
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"
