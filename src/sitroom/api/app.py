"""``create_app``: the JSON API under /api and the pages, over one Store.

Errors: every /api error is the envelope ``{"ok": false, "error": {code, message, hint}}``
(404, 405, 413, 415, 422, 401/403, 500); page errors are an HTML page with the same message.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import HTMLResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from sitroom import __version__
from sitroom.api.context import AppContext
from sitroom.api.envelope import ApiError, error_response
from sitroom.api.queries import StampPerRequest
from sitroom.api.routes import router as api_router
from sitroom.api.security import (
    SECURITY_HEADERS,
    BodyLimitMiddleware,
    GuardMiddleware,
    HostCheckMiddleware,
    RequestCheckMiddleware,
    SecurityHeadersMiddleware,
)
from sitroom.api.uploads import IngestWriter
from sitroom.config import Config
from sitroom.store import Store

log = logging.getLogger("sitroom.api")
HINTS = {404: "check the address; GET /api/docs lists the endpoints", 405: "see GET /api/docs for the methods each endpoint takes"}


def respond_error(path: str, status: int, message: str, hint: str = "") -> Response:
    """The JSON envelope under /api, an HTML page elsewhere."""
    from sitroom.web.pages import error_page

    if path == "/api" or path.startswith("/api/"):
        return error_response(status, message, hint)
    return error_page(status, message, hint)


def create_app(store: Store, token: str | None = None, *, config: Config | None = None,
               max_upload_bytes: int = 20_000_000, allowed_hosts: frozenset[str] | None = None,
               ingest_in_process: bool = False, warm_people: bool = False) -> FastAPI:
    """The app for ``store``. ``token`` (if set) is required on every write; ``allowed_hosts``
    (if set) is the Host allow-list, which ``sitroom serve`` sets on loopback against DNS rebinding;
    ``ingest_in_process`` runs uploads' ingests in a worker process (``sitroom serve`` does);
    ``warm_people`` builds the people directory in the background from the start (``sitroom serve`` does)."""
    from sitroom.web.feeds import install_live
    from sitroom.web.pages import docs_page
    from sitroom.web.pages import router as pages_router

    app = FastAPI(title="sitroom", version=__version__, docs_url=None, redoc_url=None, openapi_url="/api/openapi.json",
                  description="The JSON API of sitroom: articles, stories, briefs, people, search and ingest.")  # fmt: skip
    writer = IngestWriter(in_process=ingest_in_process)
    app.state.sitroom = AppContext(store=store, config=config or Config.load(), token=token or None,
                                   max_upload_bytes=max_upload_bytes, writer=writer)  # fmt: skip
    app.router.on_shutdown.append(writer.close)
    if warm_people:
        app.state.sitroom.people.warm(store)
    app.include_router(api_router)
    app.include_router(pages_router)

    @app.get("/api/docs", include_in_schema=False, response_class=HTMLResponse)
    def api_docs() -> HTMLResponse:
        return docs_page(app.openapi())

    install_live(app)  # story feeds, "what changed since your last visit"
    install_error_handlers(app)
    # Added innermost first. Innermost gzip (pages and JSON shrink 5-10x); outermost the
    # security headers, so that every reply carries them (400 from the host check and 413 from
    # the size limit too); then the guard that turns any unexpected error into the 500
    # envelope; then the checks that refuse a request before any route sees it.
    app.add_middleware(GZipMiddleware, minimum_size=1000)
    app.add_middleware(StampPerRequest)
    app.add_middleware(RequestCheckMiddleware, respond=respond_error)
    app.add_middleware(BodyLimitMiddleware, max_bytes=max_upload_bytes, respond=respond_error)
    if allowed_hosts:
        app.add_middleware(HostCheckMiddleware, allowed_hosts=allowed_hosts, respond=respond_error)
    app.add_middleware(GuardMiddleware, respond=respond_error)
    app.add_middleware(SecurityHeadersMiddleware)
    return app


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> Response:
        return respond_error(request.url.path, exc.status, exc.message, exc.hint)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = str(exc.detail) if exc.detail else "error"
        response = respond_error(request.url.path, exc.status_code, message, HINTS.get(exc.status_code, ""))
        response.headers.update(dict(exc.headers or {}))
        return response

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        return respond_error(request.url.path, 422, "; ".join(_describe(e) for e in exc.errors()),
                             "fix the parameters named above; GET /api/docs lists what each endpoint takes")  # fmt: skip

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        # Runs in ServerErrorMiddleware, outside our header middleware: add the headers here.
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        response = respond_error(request.url.path, 500, "internal error: the server could not answer this request",
                                 "try again; if it persists, report it with the server log")  # fmt: skip
        response.headers.update(SECURITY_HEADERS)
        return response


def _describe(error: Any) -> str:
    where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("query", "path", "body"))
    return f"{where}: {error.get('msg', 'invalid')}" if where else str(error.get("msg", "invalid"))
