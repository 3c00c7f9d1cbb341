"""A local web site on 127.0.0.1 serving fixture pages and feeds, good and bad.

Every network test talks to this server only. ``site.route(path, ...)`` sets what a path
answers; ``site.hits`` records each request (path and headers) in order.
"""

from __future__ import annotations

import contextlib
import gzip
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from corroborate.ingest.web import Limits

ROBOTS = b"User-agent: *\nDisallow: /private/\n"


def article_html(n: int, *, published: str = "2024-10-18", site: str = "Test Wire") -> bytes:
    """An article page trafilatura reads: title, site name, date, several paragraphs."""
    paragraphs = "".join(
        f"<p>Paragraph {k} of report {n}. South Korea's National Intelligence Service said "
        f"{1500 + n} North Korean troops were sent to Russia, officials told reporters on "
        f"Friday in Seoul, adding that the figure for report {n} could rise.</p>"
        for k in range(4)
    )
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>Report {n}: troops deployed</title>"
        f"<meta property='og:title' content='Report {n}: troops deployed'>"
        f"<meta property='og:site_name' content='{site}'>"
        f"<meta property='article:published_time' content='{published}T09:00:00Z'>"
        "</head><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>Report {n}: troops deployed</h1>{paragraphs}</article>"
        "<footer>Copyright Test Wire</footer></body></html>"
    ).encode()


def rss(items: list[dict], *, title: str = "Test Wire: World") -> bytes:
    body = "".join(
        "<item>"
        f"<title>{i['title']}</title><link>{i['link']}</link>"
        f"<guid isPermaLink='false'>{i['guid']}</guid>"
        f"<pubDate>{i.get('date', 'Fri, 18 Oct 2024 09:00:00 GMT')}</pubDate>"
        f"<description>{i.get('summary', 'A short summary.')}</description>"
        + (
            f"<content:encoded><![CDATA[{i['content']}]]></content:encoded>"
            if "content" in i
            else ""
        )
        + "</item>"
        for i in items
    )
    return (
        "<?xml version='1.0' encoding='utf-8'?>"
        "<rss version='2.0' xmlns:content='http://purl.org/rss/1.0/modules/content/'>"
        f"<channel><title>{title}</title><link>http://example.invalid/</link>{body}"
        "</channel></rss>"
    ).encode()


Handler = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class Site:
    base: str = ""
    routes: dict[str, Handler] = field(default_factory=dict)
    hits: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        return self.base + path

    def route(
        self,
        path: str,
        body: bytes = b"",
        *,
        status: int = 200,
        content_type: str | None = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> None:
        def handler(request: BaseHTTPRequestHandler) -> None:
            request.send_response(status)
            if content_type:
                request.send_header("Content-Type", content_type)
            for key, value in (headers or {}).items():
                request.send_header(key, value)
            request.send_header("Content-Length", str(len(body)))
            request.end_headers()
            request.wfile.write(body)

        self.routes[path] = handler

    def handle(self, path: str, handler: Handler) -> None:
        self.routes[path] = handler

    def paths(self) -> list[str]:
        with self.lock:
            return [p for p, _ in self.hits]


def _make_handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            with site.lock:
                site.hits.append((self.path, dict(self.headers)))
            handler = site.routes.get(self.path)
            if handler is None and self.path == "/robots.txt":
                site.route("/robots.txt", ROBOTS, content_type="text/plain")
                handler = site.routes["/robots.txt"]
            if handler is None:
                self.send_response(404)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", "9")
                self.end_headers()
                self.wfile.write(b"not found")
                return
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                handler(self)

        def log_message(self, *args: object) -> None:
            pass

    return Handler


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        pass  # a client that hangs up (a timeout under test, a killed watch) is expected


@pytest.fixture
def site() -> Iterator[Site]:
    state = Site()
    server = _QuietServer(("127.0.0.1", 0), _make_handler(state))
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def limits() -> Limits:
    """Loopback allowed explicitly, no politeness wait, small limits so tests are quick."""
    return Limits(
        allow_private=True,
        politeness=0.0,
        connect_timeout=3.0,
        read_timeout=0.5,
        deadline=2.0,
        max_bytes=1024 * 1024,
        max_redirects=3,
    )


# -- bad responses ----------------------------------------------------------------------


def slow_body(request: BaseHTTPRequestHandler) -> None:
    """Headers at once, then silence longer than the read timeout."""
    request.send_response(200)
    request.send_header("Content-Type", "text/html")
    request.send_header("Content-Length", "1000")
    request.end_headers()
    request.wfile.write(b"<html>")
    request.wfile.flush()
    time.sleep(1.5)


def dripping_body(request: BaseHTTPRequestHandler) -> None:
    """A byte every 0.2 s: never silent long enough for a read timeout."""
    request.send_response(200)
    request.send_header("Content-Type", "text/html")
    request.end_headers()
    for _ in range(40):
        request.wfile.write(b"<p>")
        request.wfile.flush()
        time.sleep(0.2)
    request.close_connection = True


def truncated_body(request: BaseHTTPRequestHandler) -> None:
    request.send_response(200)
    request.send_header("Content-Type", "text/html")
    request.send_header("Content-Length", "100000")
    request.end_headers()
    request.wfile.write(article_html(1)[:300])
    request.wfile.flush()
    request.close_connection = True


def endless_body(request: BaseHTTPRequestHandler) -> None:
    """No Content-Length, and more bytes than any limit."""
    request.send_response(200)
    request.send_header("Content-Type", "text/html")
    request.end_headers()
    chunk = b"<p>" + b"x" * 65_533
    for _ in range(64):  # 4 MiB
        request.wfile.write(chunk)
    request.close_connection = True


_BOMB: list[bytes] = []


def gzip_bomb() -> bytes:
    """A small gzip body (about 64 KiB) that inflates to 64 MiB; made once, before the
    request, so the server answers at once."""
    if not _BOMB:
        _BOMB.append(gzip.compress(b" " * (64 * 1024 * 1024), compresslevel=9))
    return _BOMB[0]


@pytest.fixture
def kit():  # type: ignore[no-untyped-def]
    """The helpers above, for test modules (conftest is not importable by name)."""
    import types

    return types.SimpleNamespace(
        article_html=article_html,
        rss=rss,
        slow_body=slow_body,
        dripping_body=dripping_body,
        truncated_body=truncated_body,
        endless_body=endless_body,
        gzip_bomb=gzip_bomb,
    )
