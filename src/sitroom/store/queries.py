"""Read queries for listing and browsing: filtered, sorted, paged articles and their facets.

The CLI, the JSON API and the pages all list through these functions, so a filter means the
same thing everywhere. Rows come out in their public shape (``public_source`` applied), the
one the CLI prints with ``--format json`` and the API returns as ``data``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import ColumnElement, Select, case, func, literal, select

from sitroom.store import Store, postgres, sqlite
from sitroom.store.schema import (
    articles,
    corrections,
    ingest_errors,
    spans,
    stories,
    story_articles,
)

DEFAULT_LIMIT = 50  # one default page size for the CLI, the API and the pages
MAX_LIMIT = 500
SORTS = {"published": articles.c.published, "title": articles.c.title, "outlet": articles.c.outlet,
         "words": articles.c.word_count}  # fmt: skip
ARTICLE_COLUMNS = ("id", "title", "outlet", "published", "url", "word_count", "near_duplicate_of", "story", "source")


@dataclass
class ArticleFilter:
    """What article lists may be filtered on; options travel in one object.

    ``outlet`` matches case-insensitively; ``since``/``until`` are inclusive days; ``person``
    is a person's id, name or any spelling. ``person_articles`` are that person's articles
    from the people directory, when the caller has it: matching the name in every quote and
    mention row instead scans JSON in hundreds of thousands of rows at 10k articles.
    """

    outlet: str | None = None
    story: int | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    person: str | None = None
    person_articles: set[str] | None = None

    def conditions(self, dialect: str = "") -> list[ColumnElement[bool]]:
        """The filters as SQL conditions on ``articles`` (``dialect`` picks the faster id list on SQLite)."""
        found: list[ColumnElement[bool]] = []
        if self.outlet:
            found.append(func.lower(articles.c.outlet) == self.outlet.strip().lower())
        if self.story is not None:
            found.append(articles.c.id.in_(select(story_articles.c.article_id).where(story_articles.c.story_id == self.story)))
        if self.since:
            found.append(articles.c.published >= self.since.isoformat())
        if self.until:
            found.append(articles.c.published <= self.until.isoformat() + "T99")  # the whole day, dates or date-times
        if self.person:
            ids = self.person_articles
            if ids is None:
                found.append(articles.c.id.in_(person_articles([self.person])))
            else:  # thousands of ids: one parameter (a JSON list on SQLite, an array on PostgreSQL), not thousands
                found.append(sqlite.id_in(articles.c.id, ids) if dialect == "sqlite" else
                             postgres.id_in(articles.c.id, ids) if dialect == "postgresql" else articles.c.id.in_(sorted(ids)))
        return found

    def key(self) -> tuple[tuple[str, str], ...]:
        """The filter as a hashable cache key."""
        return tuple(sorted(self.query_string().items()))

    def query_string(self) -> dict[str, str]:
        """The filters as URL parameters (for page links and exports)."""
        values = {"outlet": self.outlet, "story": self.story, "since": self.since, "until": self.until, "person": self.person}
        return {k: str(v) for k, v in values.items() if v not in (None, "")}


def person_articles(names: list[str]) -> Select[Any]:
    """Ids of articles that quote or name a person under any of ``names``."""
    quoted = (spans.c.kind == "quote") & spans.c.data["speaker"]["name"].as_string().in_(names)
    named = (spans.c.kind == "mention") & (spans.c.label == "PERSON") & spans.c.data["name"].as_string().in_(names)
    return select(spans.c.article_id).where(quoted | named)


def public_source(source: str | None, url: str | None = None) -> str | None:
    """Where an article came from, without server paths: its URL, else the file's base name."""
    if url and urlsplit(url).scheme in ("http", "https"):
        return url
    if not source:
        return None
    if urlsplit(source).scheme in ("http", "https"):
        return source
    name, _, record = source.partition("#")
    return PurePath(name.replace("\\", "/")).name + (f"#{record}" if record else "")


def _article_row(row: Any) -> dict[str, Any]:
    data = dict(row)
    data["source"] = public_source(data["source"], data["url"])
    return {k: data.get(k) for k in ARTICLE_COLUMNS}


def _article_select() -> Select[Any]:
    story = select(story_articles.c.story_id).where(story_articles.c.article_id == articles.c.id).scalar_subquery()
    return select(articles.c.id, articles.c.title, articles.c.outlet, articles.c.published, articles.c.url,
                  articles.c.word_count, articles.c.near_duplicate_of, story.label("story"), articles.c.source)  # fmt: skip


def sort_order(sort: str) -> list[Any]:
    """``published``, ``-published`` (newest first, the default), ``title``, ``outlet``, ``words``."""
    column = SORTS.get(sort.lstrip("-"), articles.c.published)
    return [column.desc() if sort.startswith("-") else column.asc(), articles.c.id]


def list_articles(store: Store, flt: ArticleFilter, limit: int = DEFAULT_LIMIT, offset: int = 0,
                  sort: str = "-published", total: Callable[[], int] | None = None) -> tuple[list[dict[str, Any]], int]:
    """One page of articles (without text) and how many match in all (``total``: a cached count)."""
    ids = flt.person_articles
    if flt.person and ids is not None and len(ids) > WALK_FROM:
        query = _article_select().where(articles.c.id.in_(_walk_page(store, flt, ids, limit, offset, sort))).order_by(*sort_order(sort))
    else:
        query = _article_select().where(*flt.conditions(store.dialect)).order_by(*sort_order(sort)).limit(limit).offset(offset)
    with store.connect() as conn:
        rows = [_article_row(r) for r in conn.execute(query).mappings()]
    return rows, total() if total is not None else count_matching(store, flt)


# A person in more articles than this: their page is found by walking the sort order (an index)
# and keeping their articles, a few hundred index entries for a person in many articles, instead
# of matching every article against an id list of tens of thousands (0.1 s at 10k, ~1 s at 100k).
WALK_FROM = 500


def _walk_page(store: Store, flt: ArticleFilter, ids: set[str], limit: int, offset: int, sort: str) -> list[str]:
    """The ids of one page of ``flt``'s articles, the person's ``ids`` kept in Python."""
    rest = ArticleFilter(flt.outlet, flt.story, flt.since, flt.until)
    walk = select(articles.c.id).where(*rest.conditions(store.dialect)).order_by(*sort_order(sort))
    found: list[str] = []
    batch = max(200, 4 * (offset + limit))  # a person in half the articles fills a page of 50 within ~100 entries
    with store.connect() as conn:
        for aid in conn.execution_options(yield_per=batch).execute(walk).scalars():
            if aid in ids:
                found.append(aid)
                if len(found) >= offset + limit:
                    break
    return found[offset:]


def count_matching(store: Store, flt: ArticleFilter) -> int:
    """How many articles ``flt`` matches."""
    with store.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(articles).where(*flt.conditions(store.dialect))).scalar_one())


PersonArticles = list[tuple[str, str, set[str]]]  # (id, name, article ids) per person


def article_facets(store: Store, flt: ArticleFilter, size: int = 12,
                   people: PersonArticles | None = None) -> dict[str, list[dict[str, Any]]]:
    """Counts of the matching articles by outlet, day, story and person, largest first.

    With ``people`` (the people directory's article sets) the person facet joins spellings
    and is counted in memory; without it, by the name on each mention row, in SQL.
    """
    where = flt.conditions(store.engine.dialect.name)  # applied directly: an ``id IN (subquery)`` made each facet 30x slower
    day = func.substr(articles.c.published, 1, 10)
    n = func.count().label("count")
    person = spans.c.data["name"].as_string()
    # Grouped by an expression, not the bare column: SQLite otherwise walks ix_articles_outlet for
    # its order and reads every row for the filter (14 s of a person's facets at 60k articles);
    # the expression leaves it the covering ix_articles_facets and a small sort.
    outlet = articles.c.outlet.op("||")(literal(""))
    queries = {
        "outlet": select(outlet.label("value"), n).where(*where).group_by(outlet),
        "date": select(day.label("value"), n).where(*where).group_by(day),
        "story": (select(story_articles.c.story_id.label("value"), n)
                  .select_from(story_articles.join(articles, articles.c.id == story_articles.c.article_id) if where else story_articles)
                  .where(*where).group_by(story_articles.c.story_id)),
        "person": (select(person.label("value"), func.count(func.distinct(spans.c.article_id)).label("count"))
                   .join(articles, articles.c.id == spans.c.article_id)
                   .where(spans.c.kind == "mention", spans.c.label == "PERSON", *where).group_by(person)),
    }  # fmt: skip
    facets: dict[str, list[dict[str, Any]]] = {}
    if people is not None:
        del queries["person"]
    with store.connect() as conn:
        if people is not None:
            ids = set(conn.execute(select(articles.c.id).where(*where)).scalars()) if where else None
            counts = sorted(((len(arts & ids if ids is not None else arts), name, pid) for pid, name, arts in people),
                            key=lambda c: (-c[0], c[1]))  # fmt: skip
            facets["person"] = [{"value": pid, "label": name, "count": n} for n, name, pid in counts[:size] if n]
        for name, query in queries.items():
            order = [query.selected_columns.value.desc()] if name == "date" else [func.count().desc(), query.selected_columns.value]
            rows = conn.execute(query.order_by(*order).limit(size)).mappings()
            facets[name] = [{"value": r["value"], "label": r["value"], "count": r["count"]} for r in rows]
        top = [f["value"] for f in facets["story"]]
        titles = dict(conn.execute(select(stories.c.id, stories.c.title).where(stories.c.id.in_(top))).all())
    for f in facets["story"]:
        f["label"] = titles.get(f["value"], f["value"])
    return facets


def write_stamp(store: Store) -> tuple[Any, ...]:
    """What changes whenever articles, story memberships or corrections are written: a cache key.

    Article count and newest ``ingested_at`` (an added or deleted article), newest story
    ``updated_at`` (an article placed or re-placed, also by an edit of its date), correction
    count. Each is one index lookup. An edit of an outlet or URL alone changes none of them:
    the server that makes it clears its caches itself (``AppContext.edited``).
    """
    parts = (select(func.count()).select_from(articles), select(func.max(articles.c.ingested_at)),
             select(func.max(stories.c.updated_at)), select(func.count()).select_from(corrections))  # fmt: skip
    with store.connect() as conn:  # one round trip: every request of the articles page reads it
        return tuple(conn.execute(select(*(q.scalar_subquery() for q in parts))).one())


def outlets(store: Store) -> list[str]:
    with store.connect() as conn:
        return [o for o in conn.execute(select(articles.c.outlet).distinct().order_by(articles.c.outlet)).scalars() if o]


def story_row(store: Store, story_id: int) -> dict[str, Any] | None:
    """One story's list row (the shape ``GET /api/stories`` pages through)."""
    query = (select(stories.c.id, stories.c.title, stories.c.first_date, stories.c.last_date, stories.c.article_count,
                    func.count(func.distinct(articles.c.outlet)).label("outlets"))
             .join(story_articles, story_articles.c.story_id == stories.c.id, isouter=True)
             .join(articles, articles.c.id == story_articles.c.article_id, isouter=True)
             .where(stories.c.id == story_id).group_by(stories.c.id))  # fmt: skip
    with store.connect() as conn:
        row = conn.execute(query).mappings().first()
    return dict(row) if row else None


def story_page(store: Store, limit: int = DEFAULT_LIMIT, offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    """One page of stories, most recently active first, with escalation level and trend."""
    from sitroom.analysis.brief import story_trends  # the trend is analysis; the page is a read

    return story_trends(store, store.list_stories(limit=offset + limit)[offset:]), count_stories(store)


def story_detail(store: Store, story_id: int) -> dict[str, Any] | None:
    """A story's row with its articles in date order (GET /api/stories/{id})."""
    from sitroom.analysis.brief import story_trends

    row = story_row(store, story_id)
    if row is None:
        return None
    rows, _ = list_articles(store, ArticleFilter(story=story_id), limit=100_000, sort="published")
    return {**story_trends(store, [row])[0], "articles": rows}


def count_stories(store: Store) -> int:
    with store.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(stories)).scalar_one())


def search(store: Store, query: str, limit: int = DEFAULT_LIMIT, offset: int = 0,
           flt: ArticleFilter | None = None) -> tuple[list[dict[str, Any]], int]:
    """Full-text hits best first, with snippets, one page of them, and how many match in all."""
    flt = flt or ArticleFilter()
    with store.connect() as conn:
        hits, total = store.backend.search_page(conn, query, limit, offset, flt.conditions(store.dialect))
        ids = [h["id"] for h in hits]
        meta = {r.id: r for r in conn.execute(select(articles.c.id, articles.c.title, articles.c.outlet, articles.c.published)
                                               .where(articles.c.id.in_(ids)))}  # fmt: skip
    rows = [{"id": h["id"], "title": meta[h["id"]].title, "outlet": meta[h["id"]].outlet, "published": meta[h["id"]].published,
             "snippet": h["snippet"], "rank": h["rank"]} for h in hits]  # fmt: skip
    return rows, total




def article_document(store: Store, article_id: str) -> dict[str, Any] | None:
    """An article with everything the pipeline found in it: ``sitroom show`` and GET /api/articles/{id}."""
    from sitroom.model import Article, extract_document

    row = store.get_article(article_id)
    if row is None:
        return None
    article = Article(**{k: row[k] for k in ("id", "title", "text", "outlet", "published", "updated", "url", "byline")})
    doc = extract_document(article, store.get_annotations(row["id"]))
    doc["article"].update(near_duplicate_of=row["near_duplicate_of"], similarity=row["similarity"],
                          story=store.article_story(row["id"]), source=public_source(row["source"], row["url"]))  # fmt: skip
    doc["stages"] = store.get_stage_runs(row["id"])
    return doc


def list_errors(store: Store, run_id: str | None = None, limit: int = DEFAULT_LIMIT, offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    """Inputs that failed, newest first, naming each by its base name (no server paths)."""
    rows = store.list_errors(run_id, limit=offset + limit)[offset:]
    with store.connect() as conn:
        where = [ingest_errors.c.run_id == run_id] if run_id else []
        total = int(conn.execute(select(func.count()).select_from(ingest_errors).where(*where)).scalar_one())
    public = []
    for r in rows:
        name = public_source(r["source"]) or ""
        hide = (lambda text, path=r["source"], name=name: str(text).replace(path, name)) if r["source"] else str
        public.append({"id": r["id"], "at": r["at"], "run_id": r["run_id"], "source": name,
                       "problem": hide(r["problem"]), "hint": hide(r["hint"])})  # fmt: skip
    return public, total


def stats(store: Store, limit: int = 15) -> dict[str, Any]:
    """The store in numbers: articles, outlets, stories, dates, most mentioned entities and people."""
    return {**store.summary(), "stories": count_stories(store), "top_entities": store.entity_counts(limit),
            "top_people": store.people_counts(limit)}  # fmt: skip


# -- the people directory's reads: grouped in SQL, tuples out -------------------------------
# Reading every mention and speaker row as a mapping with its JSON payload decoded in Python
# took 49 s of a 54-150 s cold directory build at 10k articles (213k rows, web_latency.py);
# these queries extract the JSON fields in SQL and return one row per name.

_NAME = spans.c.data["name"].as_string()
# A speaker row's label is its kind (person/org), a mention row's the entity label.
_PERSON_LABEL = case((spans.c.kind == "mention", spans.c.label), (spans.c.label == "person", "PERSON"), else_="ORG")


def _ids(joined: str | None) -> set[str]:
    return set(joined.split(",")) if joined else set()


def _among(store: Store, only: set[str] | None) -> list[ColumnElement[bool]]:
    """Spans of the articles ``only`` (all when None): the directory's increments read new articles alone."""
    if only is None:
        return []
    if store.dialect == "sqlite":
        return [sqlite.id_in(spans.c.article_id, only, seek=True)]
    return [postgres.id_in(spans.c.article_id, only) if store.dialect == "postgresql" else spans.c.article_id.in_(sorted(only))]


def recent_articles(store: Store, since: dt.datetime | None) -> list[tuple[str, dt.datetime]]:
    """(id, ingested_at) of the articles stored at or after ``since`` (all when None), on ix_articles_ingested_at."""
    query = select(articles.c.id, articles.c.ingested_at)
    with store.connect() as conn:
        return [(aid, at) for aid, at in conn.execute(query.where(articles.c.ingested_at >= since) if since else query)]


def count_articles(store: Store) -> int:
    with store.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(articles)).scalar_one())


def person_names(store: Store, only: set[str] | None = None) -> list[tuple[str, str, set[str], int]]:
    """(name, PERSON or ORG, article ids, first span id) for every name a mention group or speaker
    profile gives, in first-seen order; ``only``: in these articles."""
    pairs = (select(_NAME.label("name"), _PERSON_LABEL.label("label"), spans.c.article_id, func.min(spans.c.id).label("first"))
             .where(spans.c.kind.in_(["mention", "speaker"]), _NAME.is_not(None), *_among(store, only))
             .group_by(_NAME, _PERSON_LABEL, spans.c.article_id).subquery())  # fmt: skip
    query = (select(pairs.c.name, pairs.c.label, func.aggregate_strings(pairs.c.article_id, ","), func.min(pairs.c.first))
             .where(pairs.c.label.in_(["PERSON", "ORG"])).group_by(pairs.c.name, pairs.c.label).order_by(func.min(pairs.c.first)))  # fmt: skip
    with store.connect() as conn:
        return [(name, label, _ids(ids), int(first)) for name, label, ids, first in conn.execute(query)]


def speaker_roles(store: Store, only: set[str] | None = None) -> list[tuple[str, dict[str, Any]]]:
    """(speaker name, {role, org, article, published, outlet}) once per distinct entry, in first-seen order."""
    role, org = spans.c.data["role"].as_string(), spans.c.data["org"].as_string()
    query = (select(_NAME, role, org, spans.c.article_id, articles.c.published, articles.c.outlet)
             .join(articles, articles.c.id == spans.c.article_id)
             .where(spans.c.kind == "speaker", _NAME.is_not(None), role.is_not(None), role != "", *_among(store, only))
             .group_by(_NAME, role, org, spans.c.article_id, articles.c.published, articles.c.outlet)
             .order_by(func.min(spans.c.id)))  # fmt: skip
    with store.connect() as conn:
        return [(n, {"role": r, "org": o, "article": a, "published": p, "outlet": out}) for n, r, o, a, p, out in conn.execute(query)]


def quoted_names(store: Store, only: set[str] | None = None) -> list[tuple[str, int, set[str]]]:
    """(speaker name, quotes, article ids) for every name a quote is attributed to."""
    speaker = spans.c.data["speaker"]["name"].as_string()
    pairs = (select(speaker.label("name"), spans.c.article_id, func.count().label("n"))
             .where(spans.c.kind == "quote", speaker.is_not(None), *_among(store, only))
             .group_by(speaker, spans.c.article_id).subquery())  # fmt: skip
    query = select(pairs.c.name, func.sum(pairs.c.n), func.aggregate_strings(pairs.c.article_id, ",")).group_by(pairs.c.name)
    with store.connect() as conn:
        return [(name, int(n), _ids(ids)) for name, n, ids in conn.execute(query)]


def place_names(store: Store, only: set[str] | None = None) -> set[str]:
    """Every name (canonical and as written) the entity stage labelled a place."""
    canonical = spans.c.data["canonical"].as_string()
    query = (select(canonical, spans.c.text)
             .where(spans.c.kind == "entity", spans.c.label.in_(["GPE", "LOC", "FAC"]), *_among(store, only)).distinct())  # fmt: skip
    with store.connect() as conn:
        return {n for row in conn.execute(query) for n in row if n}


def quotes_by(store: Store, names: set[str]) -> list[dict[str, Any]]:
    """The quotes attributed to any of ``names``, newest article first (a person's page)."""
    speaker = spans.c.data["speaker"]["name"].as_string()
    query = (select(spans.c.article_id, articles.c.outlet, articles.c.published, articles.c.title, spans.c.text,
                    spans.c.label.label("kind"), spans.c.start_char.label("start"), spans.c.end_char.label("end"))
             .join(articles, articles.c.id == spans.c.article_id)
             .where(spans.c.kind == "quote", speaker.in_(sorted(names)))
             .order_by(articles.c.published.desc(), spans.c.id))  # fmt: skip
    with store.connect() as conn:
        return [dict(r) for r in conn.execute(query).mappings()]
