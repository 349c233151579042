"""What every reply carries and what every write must show.

Article content is untrusted: pages escape it (Jinja2 autoescape) and the headers here make
the browser refuse anything that slipped through (no script at all, styles only from our own
static file, no framing). Writes need the token when one is set, and are refused when they
come from another site's page (a form on a web page could otherwise POST to 127.0.0.1).
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import logging
import re
import socket
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote_to_bytes, urlsplit

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sitroom.api.envelope import ApiError

# No script-src: default-src 'none' forbids every script, inline or not. The escalation chart
# is inline SVG without style attributes, so style-src 'self' (our one CSS file) suffices.
CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'")  # fmt: skip
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
ErrorResponder = Callable[[str, int, str, str], Response]


def is_loopback(address: str) -> bool:
    """True for an IP address only this machine can reach (127.0.0.0/8, ::1).

    Decided on the address, never on a name: "127.0.0.1.nip.io" starts like loopback and
    resolves wherever its DNS says. ``bind_address`` turns a name into the address first.
    """
    try:
        return ipaddress.ip_address(address.strip().strip("[]")).is_loopback
    except ValueError:
        return False


def bind_address(host: str) -> str:
    """The IP address a server given ``host`` listens on (a name is resolved once, here)."""
    host = host.strip().strip("[]")
    try:
        ipaddress.ip_address(host)
        return host
    except ValueError:
        pass
    try:
        return str(socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)[0][4][0])
    except (OSError, IndexError) as exc:
        raise ValueError(f"cannot resolve --host {host!r}") from exc


class SecurityHeadersMiddleware:
    """Add the security headers to every response, pages and JSON alike."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                headers += [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items() if k.lower().encode() not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimitMiddleware:
    """Refuse request bodies over ``max_bytes`` with 413 before any parser sees them.

    The body is read here (up to the limit) and replayed, so a chunked upload without a
    Content-Length is cut off as soon as it passes the limit instead of filling the disk.
    """

    def __init__(self, app: ASGIApp, max_bytes: int, respond: ErrorResponder) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.respond = respond

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self._too_large(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._too_large(scope, receive, send)
                return
            chunks.append(chunk)
            more = bool(message.get("more_body"))
        await self.app(scope, _replaying(b"".join(chunks), receive), send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        mb = self.max_bytes / 1_000_000
        response = self.respond(scope["path"], 413, f"request body over the {mb:g} MB limit",
                                "send fewer or smaller files per request, or raise --max-upload-mb")  # fmt: skip
        response.headers["Connection"] = "close"
        await response(scope, receive, send)


class HostCheckMiddleware:
    """Answer only to the host names we expect: defeats DNS rebinding against a loopback server."""

    def __init__(self, app: ASGIApp, allowed_hosts: frozenset[str], respond: ErrorResponder) -> None:
        self.app = app
        self.allowed = allowed_hosts
        self.respond = respond

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            host = dict(scope.get("headers", [])).get(b"host", b"").decode("latin-1")
            name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
            if name.lower() not in self.allowed:
                response = self.respond(scope["path"], 400, f"unexpected Host header {host!r}",
                                        "open the server by the address it prints (http://127.0.0.1:PORT/)")  # fmt: skip
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _same_site(request: Request) -> bool:
    """Whether a write comes from our own pages or from a client that is not a browser page.

    ``Origin: null`` comes from sandboxed frames, file: and data: pages, and also from our own
    form, because our pages send no referrer (Chromium then nulls the Origin). Only
    ``Sec-Fetch-Site``, which no page can set, tells them apart: null passes with same-origin.
    """
    site = request.headers.get("sec-fetch-site")
    origin = request.headers.get("origin")
    if site == "cross-site":
        return False
    if origin == "null":
        return site == "same-origin"
    return origin is None or urlsplit(origin).netloc == request.headers.get("host", "")


def check_write(request: Request, token: str | None, supplied: str | None = None) -> None:
    """Raise ApiError unless this write may go ahead.

    Browsers send Origin (and Sec-Fetch-Site) on POSTs: a write whose Origin is another site
    is refused even on loopback. With a token configured, the request must carry it in
    ``Authorization: Bearer``, ``X-Sitroom-Token`` or (HTML forms) the ``token`` field.
    """
    if not _same_site(request):
        raise ApiError(403, "write refused: the request came from another site's page",
                       "post from sitroom's own pages or from a client that sends no Origin header")  # fmt: skip
    if token is None:
        return
    auth = request.headers.get("authorization", "")
    given = supplied or request.headers.get("x-sitroom-token") or (auth[7:] if auth.lower().startswith("bearer ") else None)
    if not given:
        raise ApiError(401, "this server needs a token for writes",
                       "send 'Authorization: Bearer TOKEN' (the --token or SITROOM_TOKEN the server was started with)")  # fmt: skip
    if not hmac.compare_digest(given.encode(), token.encode()):
        raise ApiError(403, "wrong token", "use the --token or SITROOM_TOKEN value the server was started with")


log = logging.getLogger("sitroom.api")
INT64_MAX = 2**63 - 1
DIGITS = re.compile(rb"^-?[0-9]+$")
CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # tab and line breaks are text
MAX_JSON_DEPTH = 64


def request_problem(scope: Scope) -> str | None:
    """Why the path or query of a request cannot be meant (NUL and control characters,
    bytes that are not UTF-8, numbers over 64 bits), or None: one line for the 400 reply."""
    raw_path = scope.get("raw_path") or scope["path"].encode("utf-8", "surrogateescape")
    parts = [unquote_to_bytes(p) for p in raw_path.split(b"/")]
    for pair in scope.get("query_string", b"").split(b"&"):
        parts.extend(unquote_to_bytes(p.replace(b"+", b" ")) for p in pair.split(b"=", 1))
    for part in parts:
        if CONTROL.search(part):
            return "the address holds a NUL or control character"
        try:
            part.decode("utf-8")
        except UnicodeDecodeError:
            return "the address holds bytes that are not UTF-8 text"
        if DIGITS.match(part) and abs(int(part)) > INT64_MAX:
            return f"the number {part[:30].decode()}... is too large (ids, limits and offsets are under 2^63)"
    return None


def json_problem(body: bytes) -> str | None:
    """Why a JSON body cannot be taken (too deeply nested, a lone surrogate), or None if it is fine or not JSON."""
    try:
        data = json.loads(body)
    except RecursionError:
        return f"the JSON body is nested too deeply (over {MAX_JSON_DEPTH} levels)"
    except ValueError:
        return None  # the endpoint says what is wrong with it
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            return f"the JSON body is nested too deeply (over {MAX_JSON_DEPTH} levels)"
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
            stack.extend((k, depth + 1) for k in value)
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
        elif isinstance(value, str) and not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return "the JSON body holds a lone surrogate escape (\\ud800-\\udfff without its pair)"
    return None


class RequestCheckMiddleware:
    """Refuse requests no endpoint can mean with 400/422 in the error envelope, before any
    route runs: they used to reach SQLite (NUL in a search, 2^63 as an id) or the JSON
    parser (deep nesting) and come back as 500."""

    def __init__(self, app: ASGIApp, respond: ErrorResponder) -> None:
        self.app = app
        self.respond = respond

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        problem = request_problem(scope)
        status = 400
        kind = dict(scope.get("headers", [])).get(b"content-type", b"").split(b";")[0].strip().lower()
        if problem is None and kind == b"application/json" and scope["method"] in ("POST", "PUT", "PATCH"):
            body, receive = await _buffer(receive)
            problem, status = json_problem(body), 422
        if problem is None:
            await self.app(scope, receive, send)
            return
        response = self.respond(scope["path"], status, problem, "fix the request; GET /api/docs lists what each endpoint takes")
        await response(scope, receive, send)


async def _buffer(receive: Receive) -> tuple[bytes, Receive]:
    """The whole body (BodyLimitMiddleware, outside, bounds it) and a receive that replays it."""
    chunks = []
    more = True
    while more:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        more = bool(message.get("more_body"))
    body = b"".join(chunks)
    return body, _replaying(body, receive)


def _replaying(body: bytes, receive: Receive) -> Receive:
    """A receive that gives the app the body already read, then whatever comes next."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


class GuardMiddleware:
    """The last line: an unexpected error becomes the 500 envelope here, with no traceback in the
    reply and the connection kept open (Starlette's own handler re-raises, and the server then
    resets the keep-alive connection). The traceback goes to the server log."""

    def __init__(self, app: ASGIApp, respond: ErrorResponder) -> None:
        self.app = app
        self.respond = respond

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception:
            log.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise  # half a reply is out: only closing the connection can tell the client
            response = self.respond(scope["path"], 500, "internal error: the server could not answer this request",
                                    "try again; if it persists, report it with the server log")  # fmt: skip
            await response(scope, receive, send)
