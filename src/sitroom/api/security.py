"""What every reply carries and what every write must show.

Article content is untrusted: pages escape it (Jinja2 autoescape) and the headers here make
the browser refuse anything that slipped through (no script at all, styles only from our own
static file, no framing). Writes need the token when one is set, and are refused when they
come from another site's page (a form on a web page could otherwise POST to 127.0.0.1).
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from urllib.parse import urlsplit

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


def is_loopback(host: str) -> bool:
    """True for addresses only this machine can reach (127.0.0.0/8, ::1, localhost)."""
    host = host.strip().strip("[]").lower()
    return host in ("localhost", "::1") or host.startswith("127.")


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
        body = b"".join(chunks)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

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


def check_write(request: Request, token: str | None, supplied: str | None = None) -> None:
    """Raise ApiError unless this write may go ahead.

    Browsers send Origin (and Sec-Fetch-Site) on POSTs: a write whose Origin is another site
    is refused even on loopback. With a token configured, the request must carry it in
    ``Authorization: Bearer``, ``X-Sitroom-Token`` or (HTML forms) the ``token`` field.
    """
    origin = request.headers.get("origin")
    if request.headers.get("sec-fetch-site") == "cross-site" or (
            origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host", "")):
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
