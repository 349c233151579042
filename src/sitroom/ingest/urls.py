"""Fetching pages: timeouts, size limits, gzip, redirects, all behind the SSRF guard.

``Fetcher.get`` follows redirects itself (capped), checking each new URL with the guard, and
reads the body as a stream: the size limit is enforced on the bytes as they arrive and, for
gzip and deflate, on the decompressed bytes too, so neither a 5 GB page nor a 10 KB gzip
bomb that inflates to gigabytes can exhaust memory. A whole-response deadline stops a server
that drips one byte a second under the read timeout.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import urljoin

import httpcore
import httpx

from sitroom import __version__
from sitroom.errors import InputError
from sitroom.ingest.encoding import decode_bytes
from sitroom.ingest.html import read_html_article
from sitroom.ingest.net import PRIVATE_HINT, GuardedBackend, check_url, is_public, literal_address
from sitroom.model import Article

USER_AGENT = f"sitroom/{__version__} (news situation room; +https://github.com/sitroom/sitroom)"
REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass
class FetchOptions:
    """How pages are fetched; the defaults are ``[fetch]`` in default_config.toml."""

    timeout: float = 15.0
    deadline: float = 60.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    allow_private: bool = False
    user_agent: str = USER_AGENT

    @classmethod
    def from_config(cls, config: object, allow_private: bool = False) -> FetchOptions:
        get = config.get  # type: ignore[attr-defined]
        return cls(timeout=float(get("fetch.timeout")), deadline=float(get("fetch.deadline")),
                   max_bytes=int(get("fetch.max_bytes")), max_redirects=int(get("fetch.max_redirects")),
                   allow_private=allow_private)  # fmt: skip


@dataclass
class Page:
    """One fetched response: the URL asked for, the URL that answered, status and body."""

    url: str
    final_url: str
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


def guarded_client(options: FetchOptions) -> httpx.Client:
    """An httpx client whose every connection goes through the guard; no proxies from the
    environment (a proxy would connect on our behalf, past the guard)."""
    transport = httpx.HTTPTransport(retries=0)
    # httpx has no option for a network backend: replace its pool with one that uses ours.
    transport._pool = httpcore.ConnectionPool(ssl_context=httpx.create_ssl_context(), max_connections=20,
                                              network_backend=GuardedBackend(options.allow_private))  # fmt: skip
    timeout = httpx.Timeout(options.timeout, connect=min(options.timeout, 10.0))
    return httpx.Client(transport=transport, timeout=timeout, follow_redirects=False, trust_env=False,
                        headers={"User-Agent": options.user_agent, "Accept-Encoding": "gzip, deflate"})  # fmt: skip


class Fetcher:
    """GET pages and feeds under the guard; one client (and connection pool) per run."""

    def __init__(self, options: FetchOptions | None = None) -> None:
        self.options = options or FetchOptions()
        self.client = guarded_client(self.options)

    def close(self) -> None:
        self.client.close()

    def get(self, url: str, headers: dict[str, str] | None = None, max_bytes: int | None = None) -> Page:
        """The response to GET ``url`` after redirects; InputError(url, ...) on any failure."""
        current = url
        for _ in range(self.options.max_redirects + 1):
            self._check(url, current)
            status, resp_headers, body = self._request(url, current, headers or {}, max_bytes or self.options.max_bytes)
            if status in REDIRECTS and "location" in resp_headers:
                current = urljoin(current, resp_headers["location"])
                continue
            return Page(url, current, status, resp_headers, body)
        raise InputError(url, f"more than {self.options.max_redirects} redirects", "open the URL in a browser to see where it leads")

    def _check(self, url: str, current: str) -> None:
        """Scheme and host of the URL (or of the redirect target), and a literal address, before
        any connection; host names are checked when they are resolved (GuardedBackend)."""
        hop = "" if current == url else f"redirects to {current}, which "
        try:
            host, _ = check_url(current)
        except InputError as exc:
            raise InputError(url, hop + exc.problem, exc.hint) from exc
        literal = literal_address(host)
        if literal is not None and not self.options.allow_private and not is_public(literal):
            problem = f"redirects to {current}, which is not a public address" if hop else f"points at {literal}, which is not a public address"
            raise InputError(url, problem, PRIVATE_HINT)

    def _request(self, url: str, current: str, headers: dict[str, str], max_bytes: int) -> tuple[int, dict[str, str], bytes]:
        start = time.monotonic()
        try:
            with self.client.stream("GET", current, headers=headers) as resp:
                resp_headers = {k.lower(): v for k, v in resp.headers.items()}
                if resp.status_code in REDIRECTS or resp.status_code == 304:
                    return resp.status_code, resp_headers, b""
                declared = resp_headers.get("content-length", "")
                if declared.isdigit() and int(declared) > max_bytes:
                    raise InputError(url, f"is {int(declared):,} bytes, over the limit of {max_bytes:,} bytes", "raise fetch.max_bytes if this page is real")
                body = read_limited(resp.iter_raw(), resp_headers.get("content-encoding", ""), max_bytes,
                                    start + self.options.deadline, url)  # fmt: skip
                return resp.status_code, resp_headers, body
        except InputError as exc:
            raise InputError(url, exc.problem, exc.hint) from exc
        except httpx.TimeoutException as exc:
            raise InputError(url, f"timed out ({type(exc).__name__})", "the site is slow or down; try again later") from exc
        except (httpx.HTTPError, httpcore.ProtocolError, ValueError) as exc:
            raise InputError(url, f"could not be fetched ({type(exc).__name__}: {exc})", "check the URL and your network") from exc


def read_limited(chunks: Iterator[bytes], encoding: str, max_bytes: int, deadline: float, url: str) -> bytes:
    """The decoded body, refused as soon as it passes ``max_bytes`` (before or after gzip)."""
    encoding = encoding.strip().lower()
    inflater = zlib.decompressobj(47) if encoding in ("gzip", "x-gzip", "deflate") else None
    out = bytearray()
    raw = 0
    for chunk in chunks:
        raw += len(chunk)
        if time.monotonic() > deadline:
            raise InputError(url, "took too long to download", "the site is slow or down; try again later")
        if raw > max_bytes:
            raise InputError(url, f"is over the limit of {max_bytes:,} bytes", "raise fetch.max_bytes if this page is real")
        if inflater is None:
            out += chunk
            continue
        try:
            # max_length caps what one chunk may inflate to: a gzip bomb stops at the limit.
            out += inflater.decompress(chunk, max_bytes + 1 - len(out))
        except zlib.error as exc:
            raise InputError(url, f"sent a broken {encoding} body ({exc})", "try again later") from exc
        if len(out) > max_bytes or inflater.unconsumed_tail:
            raise InputError(url, f"inflates to over {max_bytes:,} bytes", "a compressed page this large is refused (gzip bomb?)")
    return bytes(out)


def page_text(page: Page) -> tuple[str, list[str]]:
    """The page decoded with its declared charset, else sniffed."""
    ctype = page.headers.get("content-type", "")
    charset = ctype.split("charset=", 1)[1].split(";")[0].strip(" \"'") if "charset=" in ctype else ""
    if charset:
        try:
            return decode_bytes(page.body, page.url, charset)
        except InputError:
            pass  # a wrong or unknown declared charset: sniff instead
    return decode_bytes(page.body, page.url)


class PageSource(Protocol):
    """Anything that fetches a page like ``Fetcher.get`` (the polite fetcher in ingest/feeds.py)."""

    def get(self, url: str, headers: dict[str, str] | None = None, max_bytes: int | None = None) -> Page: ...


def fetch_article(url: str, fetcher: PageSource) -> Article:
    """Fetch one page and extract its article; ``source`` is the URL given, ``url`` the final one."""
    page = fetcher.get(url)
    if page.status >= 400:
        raise InputError(url, f"answered HTTP {page.status}", "check the URL; the page may be gone or need a login")
    ctype = page.headers.get("content-type", "text/html").split(";")[0].strip().lower()
    if ctype not in ("text/html", "application/xhtml+xml", "text/plain", ""):
        raise InputError(url, f"is {ctype}, not a web page", "give the URL of the article page")
    text, warnings = page_text(page)
    article = read_html_article(text, url, page.final_url)
    article.url = page.final_url
    article.warnings[:0] = warnings
    return article


def is_url(text: str) -> bool:
    return text.split("://", 1)[0].lower() in ("http", "https") and "://" in text
