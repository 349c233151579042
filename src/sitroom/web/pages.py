"""The pages: stories, a story's live brief, an article with its spans, people, search, ingest.

Plain ``def`` handlers (run in the threadpool, like the API) over the same queries. Every
value from an article reaches HTML through Jinja2 autoescape; the only pre-built markup is
the highlighted text (``highlight.py``) and the escalation SVG (``analysis.chart``), both of
which escape every piece of article text themselves.
"""

from __future__ import annotations

import hashlib
import re
from importlib import resources
from typing import Annotated, Any
from urllib.parse import quote, urlencode, urlsplit

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape
from starlette.datastructures import UploadFile

from sitroom.analysis.brief import main_story
from sitroom.analysis.network import network_svg
from sitroom.analysis.render import fact_counts, side_phrase
from sitroom.api.context import AppContext, get_context
from sitroom.api.envelope import ApiError
from sitroom.api.routes import (
    article_facets,
    article_filter,
    article_metadata,
    count_matching,
    edit_article,
    pasted_text,
)
from sitroom.api.security import check_write
from sitroom.api.uploads import Upload, ingest_uploads
from sitroom.resolve.statements.triggers import trigger_sentence
from sitroom.store import queries
from sitroom.store.queries import DEFAULT_LIMIT, MAX_LIMIT, ArticleFilter
from sitroom.web.highlight import KINDS, collect_spans, highlight_text

router = APIRouter(include_in_schema=False)
Ctx = Annotated[AppContext, Depends(get_context)]
Filter = Annotated[ArticleFilter, Depends(article_filter)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
Offset = Annotated[int, Query(ge=0)]
# Static files by a fixed allow-list: a name not in it is a 404, so no path can escape the dir.
STATIC = {"site.css": "text/css; charset=utf-8"}
STATUSES = frozenset({"corroborated", "single-source", "disputed"})


# Bidirectional overrides and isolates let a title or a name read other than it is (a reversed
# URL, a swapped figure); pages show them as their code instead, as the CLI does.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def show_bidi(value: Any) -> Any:
    """Every value a template prints: bidi controls in text become visible codes (our own Markup is left alone)."""
    if isinstance(value, str) and not isinstance(value, Markup) and BIDI_CONTROLS.search(value):
        return BIDI_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", value)
    return value


def make_env() -> Environment:
    env = Environment(loader=PackageLoader("sitroom.web", "templates"), autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True, finalize=show_bidi)  # fmt: skip
    env.filters["seg"] = lambda v: quote(str(v), safe="")
    env.filters["status"] = lambda v: v if v in STATUSES else "unknown"
    env.filters["outlets"] = lambda srcs: ", ".join(sorted({str(s.get("outlet") or s["article"]) for s in srcs}))
    env.filters["people"] = lambda hs: ", ".join(h["name"] + (f" ({h['role']})" if h.get("role") else "") for h in hs)
    env.filters["safe_url"] = safe_url
    env.filters["fact_counts"] = fact_counts  # the same counts line and dispute sides as the Markdown and the static brief
    env.filters["side_phrase"] = side_phrase
    env.filters["trigger_sentence"] = trigger_sentence
    env.filters["dict_without"] = lambda d, *keys: {k: v for k, v in d.items() if k not in keys}
    env.filters["qs"] = lambda params: urlencode({k: v for k, v in params.items() if v not in (None, "")})
    # A row's anchor from its content, so that a permalink survives a rebuilt brief (row order may change).
    # A form field's value from an article: escaped, and "=" too, so that no run of an article's
    # text inside an attribute reads as a handler ("x onmouseover=..."), even to a naive filter.
    env.filters["field"] = lambda v: Markup(str(escape("" if v is None else v)).replace("=", "&#61;"))  # noqa: S704 (escaped first)
    env.filters["anchor"] = lambda v: hashlib.sha1(str(v).encode("utf-8")).hexdigest()[:10]
    return env


def safe_url(url: Any) -> str | None:
    """The URL if it is http(s), else None: a ``javascript:`` URL from an article is shown, never linked."""
    if not isinstance(url, str):
        return None
    return url if urlsplit(url.strip()).scheme.lower() in ("http", "https") else None


ENV = make_env()


def render(template: str, code: int = 200, **values: Any) -> HTMLResponse:
    return HTMLResponse(ENV.get_template(template).render(**values), status_code=code)


@router.get("/", response_class=HTMLResponse)
def home(ctx: Ctx) -> HTMLResponse:
    from sitroom.analysis.brief import story_trends

    # 50 most recently active: the first view computes each escalation trend (~80 ms a story).
    stories = story_trends(ctx.store, ctx.store.list_stories(limit=50))
    return render("index.html.j2", stories=stories, articles=ctx.store.count_articles(), token_needed=ctx.token is not None)


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story(ctx: Ctx, story_id: int) -> HTMLResponse:
    from sitroom.analysis.chart import escalation_svg

    try:
        brief = ctx.briefs.brief(ctx.store, story_id)
    except KeyError:
        raise ApiError(404, f"no story with id {story_id}", "pick one from the list of stories") from None
    chart = Markup(escalation_svg(brief["escalation"], title="Escalation index"))  # noqa: S704 (chart.py escapes every string)
    network = Markup(network_svg(brief.get("network") or {"nodes": [], "edges": []}))  # noqa: S704 (network.py escapes every string)
    from sitroom.analysis.render import LIMITS, copies_line

    detail = queries.story_detail(ctx.store, story_id)
    return render("story.html.j2", brief=brief, chart=chart, network=network, main=main_story(ctx.store) == story_id,
                  limits=LIMITS, copies=copies_line(brief), story_articles=detail["articles"] if detail else [])  # fmt: skip


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article(ctx: Ctx, article_id: str, edited: Annotated[str, Query(max_length=100)] = "") -> HTMLResponse:
    # Only field names reach the notice: a link cannot make the page say something else.
    named = [f for f in edited.split(", ") if f in ("outlet", "published", "url", "nothing changed")]
    return article_page(ctx, article_id, notice=f"Saved: {', '.join(named)}." if named else None)


def article_page(ctx: AppContext, article_id: str, code: int = 200, notice: str | None = None,
                 problem: ApiError | None = None) -> HTMLResponse:
    doc = queries.article_document(ctx.store, article_id)
    if doc is None:
        raise ApiError(404, f"no article with id {article_id!r}", "search for it, or open it from a story")
    spans = collect_spans(doc)
    panel = {k: [s for s in spans if k in s.kinds] for k in KINDS}
    text = doc["article"]["text"]
    return render("article.html.j2", code, doc=doc, a=doc["article"], body=highlight_text(text, spans), panel=panel,
                  kinds=KINDS, text=text, notice=notice, problem=problem, token_needed=ctx.token is not None)  # fmt: skip


@router.post("/articles/{article_id}/edit", response_class=HTMLResponse)
async def article_edit(request: Request, ctx: Ctx, article_id: str) -> Response:
    """The article page's form: the same correction as `sitroom edit` and PATCH /api/articles/{id}."""
    from starlette.concurrency import run_in_threadpool

    form = await request.form(max_files=0)
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    try:
        check_write(request, ctx.token, fields.get("token") or None)
        given = {k: fields.get(k, "") for k in ("outlet", "published", "url")}
        done = await run_in_threadpool(edit_article, ctx, article_id, given)
    except ApiError as exc:
        if exc.status == 404:
            raise
        return await run_in_threadpool(article_page, ctx, article_id, exc.status, None, exc)
    changed = ", ".join(done["changes"]) or "nothing changed"
    return RedirectResponse(f"/articles/{quote(done['id'], safe='')}?{urlencode({'edited': changed})}#edit", status_code=303)


@router.get("/articles", response_class=HTMLResponse)
def articles(ctx: Ctx, flt: Filter, limit: Limit = DEFAULT_LIMIT, offset: Offset = 0,
             sort: Annotated[str, Query(pattern=r"^-?(published|title|outlet|words)$")] = "-published") -> HTMLResponse:
    """Every article: sortable, paged, filtered, with counts by outlet, day, story and person."""
    rows, total = queries.list_articles(ctx.store, flt, limit, offset, sort, total=lambda: count_matching(ctx, flt))
    params = {**flt.query_string(), "sort": sort, "limit": limit}
    return render("articles.html.j2", rows=rows, total=total, limit=limit, offset=offset, sort=sort, params=params,
                  filters=flt.query_string(), facets=article_facets(ctx, flt), outlets=outlets(ctx))  # fmt: skip


def outlets(ctx: AppContext) -> list[str]:
    """The outlet menu of the filters, read once per write (a distinct scan: 40 ms at 100k articles)."""
    return ctx.counts.get(ctx.store, ("outlets",), lambda: queries.outlets(ctx.store))


@router.get("/people", response_class=HTMLResponse)
def people(ctx: Ctx, limit: Limit = DEFAULT_LIMIT, offset: Offset = 0, q: Annotated[str, Query(max_length=200)] = "") -> HTMLResponse:
    """People, most quoted first, paged and searchable by any spelling."""
    found = [p for p in ctx.people.people(ctx.store) if not q or any(q.casefold() in v.casefold() for v in p.variants)]
    rows = [p.row() for p in found[offset:offset + limit]]
    return render("people.html.j2", people=rows, total=len(found), limit=limit, offset=offset, pq=q, params={"q": q, "limit": limit})


@router.get("/people/{person_id:path}", response_class=HTMLResponse)
def person(ctx: Ctx, person_id: str) -> HTMLResponse:
    found = ctx.people.find(ctx.store, person_id)
    if found is None:
        raise ApiError(404, f"no person {person_id!r}", "see the list of people")
    return render("person.html.j2", p=found.detail(ctx.store))


@router.get("/search", response_class=HTMLResponse)
def search(ctx: Ctx, flt: Filter, q: Annotated[str, Query(max_length=500)] = "", limit: Limit = DEFAULT_LIMIT,
           offset: Offset = 0) -> HTMLResponse:
    hits, total = queries.search(ctx.store, q, limit, offset, flt) if q.strip() else ([], 0)
    params = {**flt.query_string(), "q": q, "limit": limit}
    return render("search.html.j2", q=q, hits=hits, total=total, limit=limit, offset=offset, params=params,
                  filters=flt.query_string(), outlets=outlets(ctx))  # fmt: skip


@router.get("/openapi.json")
def openapi(request: Request) -> Response:
    """The schema at the address tools try first (the same as /api/openapi.json)."""
    return JSONResponse(request.app.openapi())


@router.get("/ingest", response_class=HTMLResponse)
def ingest_form(ctx: Ctx) -> HTMLResponse:
    return render("ingest.html.j2", report=None, problem=None, token_needed=ctx.token is not None)


@router.post("/ingest", response_class=HTMLResponse)
async def ingest_submit(request: Request, ctx: Ctx) -> HTMLResponse:
    """The form's target: same ingest as POST /api/ingest, the report as a page."""
    from starlette.concurrency import run_in_threadpool

    form = await request.form(max_files=100)
    token = form.get("token")
    try:
        check_write(request, ctx.token, token if isinstance(token, str) and token else None)
        files = [Upload(f.filename or "upload", await f.read()) for f in form.getlist("files")
                 if isinstance(f, UploadFile) and f.filename]  # fmt: skip
        fields = {k: v for k, v in form.items() if isinstance(v, str) and k != "token"}
        pasted = pasted_text(fields) if fields.get("text", "").strip() else None
        if not files and pasted is None:
            raise ApiError(422, "nothing to ingest", "choose files or paste an article's text")
        given = article_metadata(fields)
    except ApiError as exc:
        return render("ingest.html.j2", exc.status, report=None, problem=exc, token_needed=ctx.token is not None)
    report = await run_in_threadpool(ingest_uploads, ctx.store, ctx.config, ctx.writer, files, pasted, given)
    return render("ingest.html.j2", report=report, problem=None, token_needed=ctx.token is not None)


@router.get("/brief")
def brief_redirect(ctx: Ctx) -> Response:
    """The main story's brief (the one with most outlets)."""
    sid = main_story(ctx.store)
    if sid is None:
        raise ApiError(404, "no stories yet", "ingest some articles first")
    return RedirectResponse(f"/stories/{sid}", status_code=303)


@router.get("/static/{name}")
def static(name: str) -> Response:
    if name not in STATIC:
        raise ApiError(404, "no such file", "")
    body = resources.files("sitroom.web").joinpath("static", name).read_bytes()
    return Response(body, media_type=STATIC[name], headers={"Cache-Control": "public, max-age=3600"})


def error_page(status: int, message: str, hint: str) -> HTMLResponse:
    return render("error.html.j2", status, status=status, message=message, hint=hint)


def docs_page(schema: dict[str, Any]) -> HTMLResponse:
    """/api/docs from the OpenAPI schema, rendered here: Swagger UI would need scripts from a CDN."""
    return render("docs.html.j2", schema=schema)
