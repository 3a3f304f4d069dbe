"""Shared fixtures: a CLI runner, the samples, and a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import gzip
import os
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Protocol, TypeVar

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
KRATOM = SAMPLES / "kratom-chronic-pain.html"

ARTICLE_HTML = (
    "<!doctype html><html lang='en'><head><title>Back pain | Example Health</title></head>"
    "<body><nav><a href='/'>Home</a> <a href='/shop'>Shop</a></nav><main><article>"
    "<h1>Back pain</h1><p>Back pain is common. Most back pain gets better in a few weeks "
    "with gentle movement and time.</p><h2>When to get help</h2><p>See a doctor if the pain "
    "lasts more than 6 weeks or you also have a fever.</p></article></main>"
    "<footer>Copyright 2026 Example Health</footer></body></html>"
)


class _Engine(Protocol):
    @property
    def name(self) -> str: ...

    def missing(self) -> str | None: ...


E = TypeVar("E", bound=_Engine)


def require_engine(engine: E) -> E:
    """``engine`` if it is installed; else the test is skipped, or fails under CI (which
    installs every engine, so a missing one there is a broken set-up, not a skip)."""
    problem = engine.missing()
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"{engine.name} engine missing under CI: {problem}")
        pytest.skip(f"{engine.name} engine missing: {problem}")
    return engine


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


Route = Callable[[BaseHTTPRequestHandler], None]


def _send(handler: BaseHTTPRequestHandler, status: int, body: bytes,
          content_type: str = "text/html; charset=utf-8", **headers: str) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    for name, value in headers.items():
        handler.send_header(name.replace("_", "-"), value)
    handler.end_headers()
    handler.wfile.write(body)


def _redirect(location: str) -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(302)
        handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()
    return route


def _slow(handler: BaseHTTPRequestHandler) -> None:
    time.sleep(3)
    _send(handler, 200, ARTICLE_HTML.encode())


def _trickle(handler: BaseHTTPRequestHandler, byte: bytes, count: int) -> None:
    """``count`` bytes, one every 0.1 s (bounded: the server thread always ends)."""
    for _ in range(count):
        try:
            handler.wfile.write(byte)
            handler.wfile.flush()
        except OSError:
            return
        time.sleep(0.1)


def _drip(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.end_headers()
    _trickle(handler, b" ", 30)


def _header_drip(handler: BaseHTTPRequestHandler) -> None:
    """Headers a byte at a time: no single read waits long, the whole answer never comes."""
    handler.wfile.write(b"HTTP/1.1 200 OK\r\n")
    _trickle(handler, b"X", 40)
    handler.close_connection = True


def _lying_length(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Length", "100000")
    handler.end_headers()
    handler.wfile.write(ARTICLE_HTML.encode()[:200])
    handler.close_connection = True


def _gzip_bomb(handler: BaseHTTPRequestHandler) -> None:
    body = gzip.compress(b"<p>" + b"a" * (8 * 1024 * 1024) + b"</p>")
    _send(handler, 200, body, Content_Encoding="gzip")


ROUTES: dict[str, Route] = {
    "/article.html": lambda h: _send(h, 200, ARTICLE_HTML.encode()),
    "/dated.html": lambda h: _send(h, 200, ARTICLE_HTML.encode()),  # Date: sent by the server
    "/latin1.html": lambda h: _send(
        h, 200, "<html lang='en'><body><article><h1>Caf\u00e9 health</h1><p>A na\u00efve "
        "belief about caf\u00e9 food is common. It is wrong in many ways.</p></article></body>"
        "</html>".encode("latin-1"), "text/html; charset=ISO-8859-1"),
    "/missing.html": lambda h: _send(h, 404, b"<h1>Not found</h1>"),
    "/broken.html": lambda h: _send(h, 500, b"<h1>Server error</h1>"),
    "/moved": _redirect("/article.html"),
    "/loop": _redirect("/loop"),
    "/to-ftp": _redirect("ftp://127.0.0.1/file.html"),
    "/slow.html": _slow,
    "/drip.html": _drip,
    "/header-drip.html": _header_drip,
    "/big.html": lambda h: _send(h, 200, b"<p>" + b"x" * (2 * 1024 * 1024) + b"</p>"),
    "/photo.png": lambda h: _send(h, 200, b"\x89PNG\r\n\x1a\n", "image/png"),
    "/lies.html": _lying_length,
    "/bomb.html": _gzip_bomb,
}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        route = ROUTES.get(self.path)
        if route is None:
            _send(self, 404, b"not found")
        else:
            route(self)

    def log_message(self, format: str, *args: object) -> None:  # keep test output clean
        pass


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that hang up early (size cap, timeouts) are the point of the tests


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    """Base URL of a real HTTP server on 127.0.0.1 serving ROUTES."""
    httpd = _QuietServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
