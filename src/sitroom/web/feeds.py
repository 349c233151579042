"""A story's Atom feed (``/stories/{id}/feed.xml``) and the "What changed since your last
visit" block on the story page.

The last visit is the ``?since=`` parameter if given, else a per-story cookie that each view
of the story page refreshes. The story page template includes ``_changes.html``, which asks
``live_changes(story_id)`` for its rows; the middleware below tells that function which store
and which visit the current request is about (a context variable, so the story route itself
needs no change).
"""

from __future__ import annotations

import contextvars
import datetime as dt
import re
import xml.etree.ElementTree as ET
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.responses import Response
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint

from sitroom import __version__
from sitroom.api.context import AppContext, get_context
from sitroom.api.envelope import ApiError
from sitroom.store import Store

router = APIRouter(include_in_schema=False)
Ctx = Annotated[AppContext, Depends(get_context)]
ATOM = "http://www.w3.org/2005/Atom"
STORY_PAGE = re.compile(r"^/stories/(\d+)$")
COOKIE = "sitroom_seen_{}"
MAX_ENTRIES = 100
_visit: contextvars.ContextVar[tuple[Store, dt.datetime | None] | None] = contextvars.ContextVar("sitroom_visit", default=None)


def parse_visit(text: str | None) -> dt.datetime | None:
    """A last-visit time from a cookie or ``?since=`` (ISO 8601); None if absent or unreadable."""
    if not text:
        return None
    try:
        when = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return when.astimezone(dt.UTC).replace(tzinfo=None) if when.tzinfo else when


def story_updates(store: Store, story_id: int, since: dt.datetime | None = None, limit: int = MAX_ENTRIES) -> list[dict[str, Any]]:
    """Changes and alerts of one story, newest first, as rows for the page and the feed."""
    from sitroom.store.live import list_alerts, list_changes

    rows = [{"id": f"change/{c['id']}", "at": c["at"], "kind": c["kind"], "summary": c["summary"],
             "article": c["article_id"], "spans": (c["data"] or {}).get("spans") or []}
            for c in list_changes(store, story_id, since, limit)]  # fmt: skip
    for a in list_alerts(store, story_id, since):
        met = a["data"]["met_by"]
        rows.append({"id": f"alert/{a['id']}", "at": a["at"], "kind": "alert", "summary": a["data"]["summary"],
                     "article": a["article_id"], "spans": [met, *a["data"]["stated_in"]]})  # fmt: skip
    return sorted(rows, key=lambda r: r["at"], reverse=True)[:limit]


def live_changes(story_id: int) -> dict[str, Any] | None:
    """For ``_changes.html``: the story's updates since the visitor's last visit, or None."""
    visit = _visit.get()
    if visit is None:
        return None
    store, since = visit
    return {"since": since, "rows": story_updates(store, int(story_id), since, 30)}


def _iso(when: dt.datetime) -> str:
    return when.replace(microsecond=0).isoformat() + "Z"


def atom_feed(base: str, story: dict[str, Any], rows: list[dict[str, Any]]) -> bytes:
    """The Atom document; ElementTree escapes every text from articles."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    story_url = f"{base}/stories/{story['id']}"
    _sub(feed, "title", f"sitroom: {story['title']}")
    _sub(feed, "id", f"{story_url}/feed.xml")
    _sub(feed, "updated", _iso(rows[0]["at"] if rows else story["updated_at"]))
    _sub(feed, "generator", "sitroom", version=__version__)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href=story_url)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=f"{story_url}/feed.xml")
    for r in rows:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _sub(entry, "title", f"{'RED LINE MET' if r['kind'] == 'alert' else r['kind'].replace('_', ' ')}: {r['summary']}"[:300])
        _sub(entry, "id", f"{story_url}/{r['id']}")
        _sub(entry, "updated", _iso(r["at"]))
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=f"{base}/articles/{r['article']}" if r["article"] else story_url)
        spans = "; ".join(f"{s.get('article')} [{s.get('start')}:{s.get('end')}]" for s in r["spans"] if s.get("start") is not None)
        _sub(entry, "summary", r["summary"] + (f" (spans: {spans})" if spans else ""))
        ET.SubElement(entry, f"{{{ATOM}}}category", term=r["kind"])
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _sub(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    el.text = text
    return el


@router.get("/stories/{story_id}/feed.xml")
def story_feed(ctx: Ctx, request: Request, story_id: int, since: Annotated[str | None, Query(max_length=40)] = None) -> Response:
    """Atom feed of a story's changes and red-line alerts, for any feed reader."""
    story = ctx.store.get_story(story_id)
    if story is None:
        raise ApiError(404, f"no story with id {story_id}", "pick one from the list of stories")
    base = str(request.base_url).rstrip("/")
    body = atom_feed(base, story, story_updates(ctx.store, story_id, parse_visit(since)))
    return Response(body, media_type="application/atom+xml; charset=utf-8")


class VisitMiddleware(BaseHTTPMiddleware):
    """On a story page: remember the previous visit for ``live_changes``, then record this one."""

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        m = STORY_PAGE.match(request.url.path)
        if m is None or request.method != "GET":
            return await call_next(request)
        name = COOKIE.format(m.group(1))
        since = parse_visit(request.query_params.get("since")) or parse_visit(request.cookies.get(name))
        token = _visit.set((request.app.state.sitroom.store, since))
        try:
            response = await call_next(request)
        finally:
            _visit.reset(token)
        if response.status_code == 200:
            # Microseconds kept: a cookie cut to the second made a change logged earlier in the
            # same second look new on the next visit (a flaky end-to-end test in CI).
            now = dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat()
            response.set_cookie(name, now, max_age=365 * 86400, path=request.url.path, httponly=True, samesite="lax")
        return response


def install_live(app: FastAPI) -> None:
    """Add the story feeds, the last-visit tracking and URL ingest (POST /api/ingest/urls)."""
    from sitroom.api.urls import router as urls_router
    from sitroom.web.pages import ENV

    ENV.globals["live_changes"] = live_changes
    app.include_router(router)
    app.include_router(urls_router)
    app.add_middleware(VisitMiddleware)
