"""The JSON API under /api: thin over the Store and the analysis functions.

Endpoints are plain ``def`` so FastAPI runs them in its threadpool: the Store is synchronous.
Every reply is the envelope from ``sitroom.api.envelope``.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse, Response, StreamingResponse
from starlette.background import BackgroundTask
from starlette.datastructures import UploadFile

from sitroom import __version__
from sitroom.api.context import AppContext, get_context
from sitroom.api.envelope import ApiError, ok, page
from sitroom.api.models import (
    ApiIndex,
    ArticleDocument,
    ArticleEdit,
    ArticleEditIn,
    ArticleRow,
    Brief,
    Correction,
    CorrectionIn,
    ErrorEnvelope,
    ErrorRow,
    Facets,
    IngestReport,
    Ok,
    PersonDetail,
    PersonRow,
    SearchHit,
    Stats,
    StoryDetail,
    StoryRow,
)
from sitroom.api.security import check_write
from sitroom.api.uploads import PastedText, Upload, ingest_uploads
from sitroom.errors import InputError
from sitroom.store import editorial, exports, queries
from sitroom.store.queries import DEFAULT_LIMIT, MAX_LIMIT, ArticleFilter

ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorEnvelope, "description": text} for status, text in (
        (404, "Not found"), (422, "Invalid parameters"), (500, "Internal error"))}  # fmt: skip
router = APIRouter(prefix="/api", responses=ERRORS)
Ctx = Annotated[AppContext, Depends(get_context)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="At most this many items.")]
Offset = Annotated[int, Query(ge=0, description="Skip this many items (paging).")]
Outlet = Annotated[str | None, Query(description="Only this outlet (case-insensitive).")]
Story = Annotated[int | None, Query(description="Only articles of this story id.")]
Since = Annotated[dt.date | None, Query(description="Published on or after this day.")]
Until = Annotated[dt.date | None, Query(description="Published on or before this day.")]
PersonQ = Annotated[str | None, Query(description="Only articles quoting or naming this person (id, name or any spelling).")]
SortQ = Annotated[str, Query(pattern=r"^-?(published|title|outlet|words)$", description="Sort column; a leading - sorts descending.")]


def article_filter(ctx: Ctx, outlet: Outlet = None, story: Story = None, since: Since = None, until: Until = None,
                   person: PersonQ = None) -> ArticleFilter:
    """The article filters as one dependency: GET /api/articles, search, facets and exports share them."""
    return ArticleFilter(outlet, story, since, until, person, ctx.people.articles_of(ctx.store, person))


Filter = Annotated[ArticleFilter, Depends(article_filter)]


@router.get("", summary="The endpoints", response_model=Ok[ApiIndex])
def index(request: Request) -> dict[str, Any]:
    """Every endpoint with its method and summary; the full schema is at /api/openapi.json."""
    paths = request.app.openapi()["paths"]
    endpoints = [{"method": method.upper(), "path": path, "summary": op.get("summary", "")}
                 for path, ops in paths.items() for method, op in ops.items()]  # fmt: skip
    return ok({"name": "sitroom", "version": __version__, "docs": "/api/docs", "openapi": "/api/openapi.json", "endpoints": endpoints})


@router.get("/articles", summary="Articles, newest first", response_model=Ok[list[ArticleRow]])
def articles(ctx: Ctx, flt: Filter, limit: Limit = DEFAULT_LIMIT, offset: Offset = 0, sort: SortQ = "-published") -> dict[str, Any]:
    """Articles without their text; filter by outlet, story id, publication dates (inclusive) and person
    (a quoted speaker or a person the article names, under any spelling)."""
    rows, total = queries.list_articles(ctx.store, flt, limit, offset, sort, total=lambda: count_matching(ctx, flt))
    return ok(rows, page(limit, offset, total))


@router.get("/articles/facets", summary="Counts of matching articles by outlet, day, story and person", response_model=Ok[Facets])
def facets(ctx: Ctx, flt: Filter, size: Annotated[int, Query(ge=1, le=100)] = 12) -> dict[str, Any]:
    """The largest ``size`` values of each facet among the articles the filters match."""
    return ok(article_facets(ctx, flt, size))


def article_facets(ctx: AppContext, flt: ArticleFilter, size: int = 12) -> dict[str, Any]:
    """The facets of ``flt``, counted once per write to the store (the API and the articles page)."""
    people = ctx.people.facet_input(ctx.store)  # None while the directory is built in the background: no person facet yet
    return ctx.counts.get(ctx.store, ("facets", size, flt.key(), people is None),
                          lambda: queries.article_facets(ctx.store, flt, size, [] if people is None else people))


def count_matching(ctx: AppContext, flt: ArticleFilter) -> int:
    return ctx.counts.get(ctx.store, ("total", flt.key()), lambda: queries.count_matching(ctx.store, flt))


@router.get("/articles/{article_id}", summary="One article with its annotations", response_model=Ok[ArticleDocument])
def article(ctx: Ctx, article_id: str) -> dict[str, Any]:
    """The article (by id or unique id prefix) with entities, people, quotes, figures, dates, events and claims."""
    doc = queries.article_document(ctx.store, article_id)
    if doc is None:
        raise ApiError(404, f"no article with id {article_id!r} (or the prefix is not unique)", "list ids with GET /api/articles")
    return ok(doc)


@router.patch("/articles/{article_id}", summary="Correct an article's outlet, publication date or URL", response_model=Ok[ArticleEdit],
              responses={401: {"model": ErrorEnvelope}, 403: {"model": ErrorEnvelope}})  # fmt: skip
def edit(request: Request, ctx: Ctx, article_id: str, body: ArticleEditIn) -> dict[str, Any]:
    """The same correction as `sitroom edit`: the id stays, and an article whose date changes is
    placed in its story again. Fields left out of the body stay as they are."""
    check_write(request, ctx.token)
    return ok(edit_article(ctx, article_id, {k: getattr(body, k) for k in body.model_fields_set}))


def edit_article(ctx: AppContext, article_id: str, given: Mapping[str, str | None]) -> dict[str, Any]:
    """Apply an edit (the API's and the article page's), or raise the ApiError that says why not."""
    if not given:
        raise ApiError(422, "nothing to correct", "give at least one of outlet, published, url")
    try:
        correction = editorial.edit_article(ctx.store, article_id, given)
    except InputError as exc:
        raise ApiError(422, exc.problem, exc.hint) from None
    if correction is None:
        raise ApiError(404, f"no article with id {article_id!r}", "search for it, or open it from a story")
    ctx.edited(correction.article_id)
    return correction.to_dict()


@router.get("/stories", summary="Stories, most recently active first", response_model=Ok[list[StoryRow]])
def stories(ctx: Ctx, limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> dict[str, Any]:
    """Stories with article and outlet counts, dates, and the escalation level and trend."""
    rows, total = queries.story_page(ctx.store, limit, offset)
    return ok(rows, page(limit, offset, total))


@router.get("/stories/{story_id}", summary="One story and its articles", response_model=Ok[StoryDetail])
def story(ctx: Ctx, story_id: int) -> dict[str, Any]:
    """The story's row (as in GET /api/stories) with every article in it, oldest first."""
    found = queries.story_detail(ctx.store, story_id)
    if found is None:
        raise ApiError(404, f"no story with id {story_id}", "list stories with GET /api/stories")
    return ok(found)


@router.get("/stories/{story_id}/brief", summary="The brief of one story", response_model=Ok[Brief])
def brief(ctx: Ctx, story_id: int) -> dict[str, Any]:
    """The brief in the JSON contract of ``sitroom brief --format json``: ``{"stories": [story]}``; sources carry excerpts."""
    try:
        data = ctx.briefs.brief(ctx.store, story_id)
    except KeyError:
        raise ApiError(404, f"no story with id {story_id}", "list stories with GET /api/stories") from None
    return ok({"stories": [data]})


@router.get("/search", summary="Full-text search", response_model=Ok[list[SearchHit]])
def search(ctx: Ctx, q: Annotated[str, Query(min_length=1, max_length=500, description='Words, "phrases", word* prefixes.')],
           flt: Filter, limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> dict[str, Any]:
    """Articles matching ``q``, best first, each with a snippet (matches in [brackets]); the article filters apply."""
    hits, total = queries.search(ctx.store, q, limit, offset, flt)
    return ok(hits, page(limit, offset, total))


@router.get("/people", summary="People across articles", response_model=Ok[list[PersonRow]])
def people(ctx: Ctx, limit: Limit = DEFAULT_LIMIT, offset: Offset = 0,
           q: Annotated[str | None, Query(max_length=200, description="Only names containing this.")] = None) -> dict[str, Any]:
    """People (not places or organisations), spellings joined, most quoted first: roles, quote and article counts."""
    found = [p for p in ctx.people.people(ctx.store) if not q or any(q.casefold() in v.casefold() for v in p.variants)]
    return ok([p.row() for p in found[offset:offset + limit]], page(limit, offset, len(found)))


@router.get("/people/{person_id}", summary="One person", response_model=Ok[PersonDetail])
def person(ctx: Ctx, person_id: str) -> dict[str, Any]:
    """A person by id (or name or spelling): roles with their sources, articles and quotes."""
    found = ctx.people.find(ctx.store, person_id)
    if found is None:
        raise ApiError(404, f"no person {person_id!r}", "list people with GET /api/people?q=NAME")
    return ok(found.detail(ctx.store))


@router.get("/errors", summary="Inputs that could not be ingested", response_model=Ok[list[ErrorRow]])
def errors(ctx: Ctx, limit: Limit = DEFAULT_LIMIT, offset: Offset = 0,
           run: Annotated[str | None, Query(description="Only this ingest run.")] = None) -> dict[str, Any]:
    """Newest first, each with the problem and what to do about it."""
    rows, total = queries.list_errors(ctx.store, run, limit, offset)
    return ok(rows, page(limit, offset, total))


@router.get("/stats", summary="The store in numbers", response_model=Ok[Stats])
def stats(ctx: Ctx, limit: Annotated[int, Query(ge=1, le=100, description="How many top entities and people.")] = 15) -> dict[str, Any]:
    """Articles, outlets, dates, near-duplicates, stories, most mentioned entities and people."""
    return ok(queries.stats(ctx.store, limit))


@router.get("/corrections", summary="The audit trail of editorial corrections", response_model=Ok[list[Correction]])
def corrections(ctx: Ctx, limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> dict[str, Any]:
    """Every merge, split and fact marked wrong or restored, newest first."""
    from sitroom.api.queries import corrections_count

    return ok(editorial.audit(ctx.store, limit, offset), page(limit, offset, corrections_count(ctx.store)))


@router.post("/corrections", summary="Merge or split people, mark a fact wrong or restore it", response_model=Ok[Correction],
             responses={401: {"model": ErrorEnvelope}, 403: {"model": ErrorEnvelope}})  # fmt: skip
def correct(request: Request, ctx: Ctx, body: CorrectionIn) -> dict[str, Any]:
    """Record one correction (write token needed when the server has one). People are named by id, name or spelling;
    facts by the ``key`` each brief fact carries."""
    check_write(request, ctx.token)
    if body.kind in ("same_person", "not_same_person"):
        if not body.other:
            raise ApiError(422, "a merge or split needs 'other', the second person", "send both 'subject' and 'other'")
        for ref in (body.subject, body.other):
            if ctx.people.find(ctx.store, ref) is None and body.kind == "same_person":
                raise ApiError(404, f"no person {ref!r}", "list people with GET /api/people?q=NAME")
    # A correction is one small transaction: the store's write lock serialises it with ingests.
    return ok(editorial.record(ctx.store, body.kind, body.subject, body.other, body.note))


@router.get("/export/{kind}.{fmt}", summary="A whole table as CSV, NDJSON, Parquet or PLOVER JSON", response_model=None,
            responses={200: {"content": {"text/csv": {}, "application/x-ndjson": {}, exports.MEDIA["parquet"]: {}},
                             "description": "The rows"}})  # fmt: skip
def export(ctx: Ctx, kind: Literal["articles", "quotes", "figures", "events", "claims", "stories", "people"],
           fmt: Literal["csv", "ndjson", "parquet", "plover"], flt: Filter) -> Response:
    """One row per item with its article's id, date, outlet, URL and span; events in event-data columns
    (``plover`` is for events only; ``parquet`` has typed columns). The article filters apply."""
    if fmt == "plover" and kind != "events":
        raise ApiError(422, "plover is a format for events only", "use /api/export/events.plover")
    rows = exports.export_rows(ctx.store, kind, flt)
    headers = {"Content-Disposition": f'attachment; filename="sitroom-{kind}.{"json" if fmt == "plover" else fmt}"'}
    if fmt == "parquet":
        return parquet_response(rows, kind, headers)
    return StreamingResponse(exports.encode(rows, fmt, kind), media_type=exports.MEDIA[fmt], headers=headers)


def parquet_response(rows: Iterable[dict[str, Any]], kind: str, headers: dict[str, str]) -> FileResponse:
    """The rows written to a temporary Parquet file, sent, then removed (DuckDB writes files, not streams)."""
    folder = tempfile.mkdtemp(prefix="sitroom-export-")
    target = Path(folder) / f"{kind}.parquet"
    try:
        exports.write_parquet(rows, kind, target)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return FileResponse(target, media_type=exports.MEDIA["parquet"], headers=headers,
                        background=BackgroundTask(shutil.rmtree, folder, True))  # fmt: skip


@router.post("/ingest", summary="Ingest uploaded files or pasted text", response_model=Ok[IngestReport],
             responses={401: {"model": ErrorEnvelope}, 403: {"model": ErrorEnvelope}, 413: {"model": ErrorEnvelope},
                        415: {"model": ErrorEnvelope}})  # fmt: skip
async def ingest(request: Request, ctx: Ctx) -> dict[str, Any]:
    """multipart/form-data with one or more ``files`` (and optional ``title``/``text``), or JSON
    ``{"title", "text", "outlet"?, "published"?, "url"?}``; a form's ``outlet``, ``published`` and
    ``url`` fields apply to every file in it. Replies with the ingest report."""
    check_write(request, ctx.token)
    files, pasted, given = await read_ingest_body(request)
    from starlette.concurrency import run_in_threadpool

    report = await run_in_threadpool(ingest_uploads, ctx.store, ctx.config, ctx.writer, files, pasted, given)
    return ok(report)


async def read_ingest_body(request: Request) -> tuple[list[Upload], PastedText | None, dict[str, str]]:
    """Files, pasted text and the metadata to give them (outlet, published, url), from a multipart
    form or a JSON body; 422 when there is nothing to ingest or the date cannot be read."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/json":
        try:
            body = json.loads(await request.body())
        except ValueError as exc:
            raise ApiError(422, f"body is not valid JSON: {exc}", 'send {"title": ..., "text": ...}') from None
        if not isinstance(body, dict):
            raise ApiError(422, "JSON body must be an object", 'send {"title": ..., "text": ...}')
        return [], pasted_text(body), {}
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
    return files, pasted, article_metadata(fields)


def article_metadata(fields: dict[str, Any]) -> dict[str, str]:
    """The outlet, publication date and URL a form or body gives its articles; 422 for a date that cannot be read.

    Checked before anything is read: a bad date would otherwise fail every uploaded file.
    """
    given = {k: fields[k].strip() for k in ("outlet", "published", "url") if isinstance(fields.get(k), str) and fields[k].strip()}
    if "published" in given:
        from sitroom.ingest.dates import normalise_published

        try:
            given["published"] = normalise_published(given["published"], "published")
        except InputError as exc:
            raise ApiError(422, exc.problem, exc.hint) from None
    return given


def pasted_text(body: dict[str, Any]) -> PastedText:
    text, title = body.get("text"), body.get("title")
    if not isinstance(text, str) or not text.strip():
        raise ApiError(422, "'text' must be a non-empty string", "paste the article body in 'text'")
    if title is not None and not isinstance(title, str):
        raise ApiError(422, "'title' must be a string", "give the headline in 'title'")
    extra: dict[str, Any] = {k: None for k in ("outlet", "published", "url")} | article_metadata(body)
    return PastedText(title=(title or "").strip() or text.strip().splitlines()[0][:200], text=text, **extra)
