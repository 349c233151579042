"""The JSON API under /api: thin over the Store and the analysis functions.

Endpoints are plain ``def`` so FastAPI runs them in its threadpool: the Store is synchronous.
Every reply is the envelope from ``sitroom.api.envelope``.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from starlette.datastructures import UploadFile

from sitroom.api.context import AppContext, get_context
from sitroom.api.envelope import ApiError, ok, page
from sitroom.api.queries import ArticleFilter, article_document, list_articles, people_summary
from sitroom.api.security import check_write
from sitroom.api.uploads import PastedText, Upload, ingest_uploads

router = APIRouter(prefix="/api")
Ctx = Annotated[AppContext, Depends(get_context)]
Limit = Annotated[int, Query(ge=1, le=500, description="At most this many items.")]
Offset = Annotated[int, Query(ge=0, description="Skip this many items (paging).")]


@router.get("/articles", summary="Articles, newest first")
def articles(ctx: Ctx, limit: Limit = 50, offset: Offset = 0, outlet: str | None = None, story: int | None = None,
             since: dt.date | None = None, until: dt.date | None = None, person: str | None = None) -> dict[str, Any]:
    """Articles without their text; filter by outlet, story id, publication dates (inclusive) and person
    (a quoted speaker or a person the article names)."""
    rows, total = list_articles(ctx.store, ArticleFilter(outlet, story, since, until, person), limit, offset)
    return ok(rows, page(limit, offset, total))


@router.get("/articles/{article_id}", summary="One article and its annotations")
def article(ctx: Ctx, article_id: str) -> dict[str, Any]:
    """The article (by id or unique prefix) with entities, mentions, quotes, speakers, figures, dates, events, claims."""
    doc = article_document(ctx.store, article_id)
    if doc is None:
        raise ApiError(404, f"no article with id {article_id!r} (or the prefix is not unique)", "list ids with GET /api/articles")
    return ok(doc)


@router.get("/stories", summary="Stories, most recently active first")
def stories(ctx: Ctx, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """Stories with article and outlet counts, dates, and the escalation level and trend."""
    from sitroom.analysis.brief import story_trends

    rows = ctx.store.list_stories(limit=100_000)
    return ok(story_trends(ctx.store, rows[offset:offset + limit]), page(limit, offset, len(rows)))


@router.get("/stories/{story_id}/brief", summary="The brief of one story")
def brief(ctx: Ctx, story_id: int) -> dict[str, Any]:
    """The brief in the JSON contract of ``sitroom brief --format json``: ``{"stories": [story]}``; sources carry excerpts."""
    try:
        data = ctx.briefs.brief(ctx.store, story_id)
    except KeyError:
        raise ApiError(404, f"no story with id {story_id}", "list stories with GET /api/stories") from None
    return ok({"stories": [data]})


@router.get("/search", summary="Full-text search")
def search(ctx: Ctx, q: Annotated[str, Query(min_length=1, max_length=500, description='Words, "phrases", word* prefixes.')],
           limit: Limit = 20) -> dict[str, Any]:
    """Articles matching ``q``, best first, each with a snippet (matches in [brackets])."""
    return ok(ctx.store.search(q, limit=limit))


@router.get("/people", summary="Speakers across articles")
def people(ctx: Ctx, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    """Named speakers: name, roles articles give them, how many quotes and articles."""
    rows = people_summary(ctx.people.people(ctx.store))
    return ok(rows[offset:offset + limit], page(limit, offset, len(rows)))


@router.post("/ingest", summary="Ingest uploaded files or pasted text")
async def ingest(request: Request, ctx: Ctx) -> dict[str, Any]:
    """multipart/form-data with one or more ``files`` (and optional ``title``/``text``), or JSON
    ``{"title", "text", "outlet"?, "published"?, "url"?}``. Replies with the ingest report."""
    check_write(request, ctx.token)
    files, pasted = await read_ingest_body(request)
    from starlette.concurrency import run_in_threadpool

    report = await run_in_threadpool(ingest_uploads, ctx.store, ctx.config, ctx.writer, files, pasted)
    return ok(report)


async def read_ingest_body(request: Request) -> tuple[list[Upload], PastedText | None]:
    """Files and pasted text from a multipart form or a JSON body; 422 when there is neither."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/json":
        try:
            body = json.loads(await request.body())
        except ValueError as exc:
            raise ApiError(422, f"body is not valid JSON: {exc}", 'send {"title": ..., "text": ...}') from None
        if not isinstance(body, dict):
            raise ApiError(422, "JSON body must be an object", 'send {"title": ..., "text": ...}')
        return [], pasted_text(body)
    if kind != "multipart/form-data":
        raise ApiError(415, f"cannot ingest a {kind or 'body without Content-Type'}",
                       "send multipart/form-data with files, or application/json with title and text")  # fmt: skip
    form = await request.form(max_files=100)
    files = [Upload(f.filename or "upload", await f.read()) for f in form.getlist("files")
             if isinstance(f, UploadFile) and f.filename]  # fmt: skip
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    pasted = pasted_text(fields) if fields.get("text", "").strip() else None
    if not files and pasted is None:
        raise ApiError(422, "nothing to ingest", "attach files in the 'files' field or paste text in 'text'")
    return files, pasted


def pasted_text(body: dict[str, Any]) -> PastedText:
    text, title = body.get("text"), body.get("title")
    if not isinstance(text, str) or not text.strip():
        raise ApiError(422, "'text' must be a non-empty string", "paste the article body in 'text'")
    if title is not None and not isinstance(title, str):
        raise ApiError(422, "'title' must be a string", "give the headline in 'title'")
    extra = {k: body.get(k) if isinstance(body.get(k), str) and body.get(k) else None for k in ("outlet", "published", "url")}
    return PastedText(title=(title or "").strip() or text.strip().splitlines()[0][:200], text=text, **extra)
