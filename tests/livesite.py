"""A local web site for the live-coverage tests: feeds, pages, redirects, slow and huge
responses, a gzip bomb, ETag/304 and robots.txt, served on 127.0.0.1 by a thread.

Routes live in a dict the test changes while the server runs (an entry appearing between
two polls); every request is logged so tests can count fetches.
"""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    delay: float = 0.0  # seconds before the body, or between chunks when drip is set
    drip: bool = False
    gzip_raw: bool = False  # body is already gzip: send it with Content-Encoding


@dataclass
class Site:
    routes: dict[str, Route] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)
    port: int = 0

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def hits(self, path: str) -> int:
        return sum(1 for p in self.log if p == path)


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # keep test output clean
            pass

        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            site.log.append(self.path)
            route = site.routes.get(self.path)
            if route is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if route.etag and self.headers.get("If-None-Match") == route.etag:
                self.send_response(304)
                self.end_headers()
                return
            if route.delay and not route.drip:
                time.sleep(route.delay)
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            if route.etag:
                self.send_header("ETag", route.etag)
            if route.gzip_raw:
                self.send_header("Content-Encoding", "gzip")
            for k, v in route.headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            try:
                if route.drip:
                    for i in range(0, len(route.body), 16):
                        self.wfile.write(route.body[i:i + 16])
                        self.wfile.flush()
                        time.sleep(route.delay)
                else:
                    self.wfile.write(route.body)
            except (BrokenPipeError, ConnectionResetError):
                pass

    return Handler


@contextmanager
def serve_site(site: Site | None = None) -> Iterator[Site]:
    site = site or Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    server.daemon_threads = True
    site.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


def gzip_bomb(size: int) -> bytes:
    """``size`` zero bytes gzipped: about 1000x smaller on the wire."""
    return gzip.compress(b"\0" * size, compresslevel=9)


def article_page(title: str, paragraphs: list[str], date: str = "2026-11-20") -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<html><head><title>{title}</title><meta property='article:published_time' content='{date}'>"
            f"<meta property='og:site_name' content='Test Herald'></head><body><article><h1>{title}</h1>"
            f"{body}</article></body></html>").encode()


def rss(items: list[tuple[str, str]], title: str = "Test Herald") -> bytes:
    """RSS 2.0 with (title, link) items; each has a summary that must never become the text."""
    xml = "".join(f"<item><title>{t}</title><link>{link}</link><guid>{link}</guid>"
                  f"<description>SUMMARY ONLY {t}</description></item>" for t, link in items)
    return (f"<?xml version='1.0'?><rss version='2.0'><channel><title>{title}</title>"
            f"<link>http://example.org/</link>{xml}</channel></rss>").encode()


def atom(items: list[tuple[str, str]], title: str = "Test Atom") -> bytes:
    xml = "".join(f"<entry><title>{t}</title><link href='{link}'/><id>{link}</id>"
                  f"<updated>2026-11-20T10:00:00Z</updated><summary>SUMMARY ONLY</summary></entry>" for t, link in items)
    return (f"<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'><title>{title}</title>"
            f"<id>urn:test</id><updated>2026-11-20T10:00:00Z</updated>{xml}</feed>").encode()


def json_feed(items: list[tuple[str, str]], title: str = "Test JSON") -> bytes:
    import json

    return json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": title,
                       "items": [{"id": link, "url": link, "title": t, "summary": "SUMMARY ONLY"} for t, link in items]}).encode()
