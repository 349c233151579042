"""POST /api/ingest/urls: fetch pages by URL into the store, under the SSRF guard.

The same checks as every write (same-site origin; the token when the server has one) and the guard of ``sitroom ingest URL``: only public
addresses unless the server was started with ``--allow-private``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Request
from starlette.concurrency import run_in_threadpool

from sitroom.api.context import AppContext, get_context
from sitroom.api.envelope import ApiError, ok
from sitroom.api.models import IngestReport, Ok
from sitroom.api.routes import ERRORS
from sitroom.api.security import check_write

# The error replies documented as sitroom's envelope, like every other route (routes.ERRORS).
router = APIRouter(prefix="/api", responses=ERRORS)
Ctx = Annotated[AppContext, Depends(get_context)]
MAX_URLS = 100


@router.post("/ingest/urls", summary="Ingest web pages by URL", response_model=Ok[IngestReport])
async def ingest_urls(request: Request, ctx: Ctx, urls: Annotated[list[str], Body(embed=True, max_length=MAX_URLS)]) -> dict[str, Any]:
    """JSON ``{"urls": ["https://...", ...]}`` (at most 100). Each page is fetched and ingested
    like `sitroom ingest URL`; the reply is the ingest report (one error per URL that failed)."""
    check_write(request, ctx.token)
    from sitroom.ingest.urls import is_url

    bad = [u for u in urls if not is_url(u)]
    if bad or not urls:
        raise ApiError(422, f"not an http(s) URL: {bad[0][:100]!r}" if bad else "no URLs given", "send {\"urls\": [\"https://...\"]}")
    allow_private = bool(getattr(request.app.state, "allow_private", False))
    report = await run_in_threadpool(_ingest, ctx, urls, allow_private)
    return ok(report)


def _ingest(ctx: AppContext, urls: list[str], allow_private: bool) -> dict[str, Any]:
    from sitroom.cli.live import split_stored_urls
    from sitroom.ingest import IngestOptions
    from sitroom.ingest.feeds import polite_fetcher
    from sitroom.ingest.runner import ingest_paths
    from sitroom.ingest.watch import update_stories

    options = IngestOptions(max_bytes=int(ctx.config.get("ingest.max_bytes")),
                            fetcher=polite_fetcher(ctx.config, allow_private))  # fmt: skip
    # Not through the upload writer (a worker process: the fetcher does not cross into it); each
    # article is one store transaction that re-checks duplicates under the write lock.
    todo, stored = split_stored_urls(ctx.store, [*dict.fromkeys(urls)])
    report = ingest_paths(todo, ctx.store, ctx.config, options)
    report.duplicates.extend(stored)
    update_stories(ctx.store, ctx.config, report.added)
    return report.to_dict()
