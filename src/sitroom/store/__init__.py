"""The article store: one interface over SQLAlchemy; SQLite by default, PostgreSQL-ready.

All writes go through ``Store``. ``transaction()`` makes everything inside it one write
transaction (nested writes and reads join it), so the ingest runner writes an article, its
annotations and its story membership together or not at all: a crash mid-batch never
leaves half an article and never touches what was stored before.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
from sqlalchemy import create_engine, delete, func, insert, select, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from sitroom.errors import InputError, StoreError
from sitroom.model import Annotations, Article
from sitroom.store import blocking, postgres, sqlite
from sitroom.store.rows import annotation_rows, annotations_from_rows
from sitroom.store.schema import (
    article_bands,
    article_vectors,
    articles,
    ingest_errors,
    spans,
    stage_runs,
    stories,
    story_articles,
    story_keys,
)

# Article fields that a correction may change; title and text are the article itself.
CORRECTABLE = ("outlet", "published", "updated", "url", "byline")


@dataclass
class NearDuplicate:
    article_id: str
    similarity: float


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


_REVISION_LINE = re.compile(r"^(down_revision|revision)\s*(?::[^=]*)?=\s*(?:[\"']([^\"']+)[\"']|None)", re.M)


@lru_cache(maxsize=1)
def head_revision() -> str | None:
    """The newest migration's revision, read from the migration files without Alembic; None
    when they do not form one chain (Alembic then decides)."""
    revisions, downs = set(), set()
    for f in resources.files("sitroom.store").joinpath("migrations", "versions").iterdir():
        if not f.name.endswith(".py") or f.name.startswith("__"):
            continue
        found = dict((key, value) for key, value in _REVISION_LINE.findall(f.read_text("utf-8")))
        if not found.get("revision"):
            return None
        revisions.add(found["revision"])
        downs.add(found.get("down_revision") or "")
    heads = revisions - downs
    return heads.pop() if len(heads) == 1 else None


class Store:
    """Read and write articles and annotations; the only code that touches the database."""

    # Each thread's open write transactions, by store: a transaction belongs to one thread.
    _open = threading.local()

    def __init__(self, url: str) -> None:
        self.url = url
        try:
            self.engine: Engine = create_engine(engine_url(url))
        except (SQLAlchemyError, ImportError) as exc:
            raise StoreError(f"cannot open store {url}: {exc}", "check --db or SITROOM_DB") from exc
        self.dialect = self.engine.dialect.name
        if self.dialect not in BACKENDS:
            raise StoreError(f"cannot open store {url}: {self.dialect} is not supported",
                             "use a SQLite path or a postgresql:// URL")  # fmt: skip
        self.backend = BACKENDS[self.dialect]
        self.backend.configure_engine(self.engine)
        self.migrate()

    def migrate(self) -> None:
        """Bring the schema to the newest Alembic revision (a no-op when it is current).

        Serialised: the upgrade runs under the write lock, so two processes opening a new
        store at once do not both create its tables (the loser failed, and its articles were
        not ingested). A store that is current is only read, so a read-only one still opens.
        A current store is recognised without importing Alembic (0.7 CPU s, 2-3 s on a loaded
        machine: most of a cold ``sitroom brief``); anything else goes through Alembic.
        """
        if self._stored_revision() == head_revision():
            return
        from alembic import command
        from alembic.config import Config as AlembicConfig
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory

        cfg = AlembicConfig()
        cfg.set_main_option("script_location", str(resources.files("sitroom.store").joinpath("migrations")))
        scripts = ScriptDirectory.from_config(cfg)
        try:
            if self._revision() == scripts.get_current_head():
                return
            with self.engine.connect() as conn:
                if self.dialect == "sqlite":
                    sqlite.begin_immediate(conn)
                else:
                    postgres.lock_migrations(conn)
                self._check_known(scripts, MigrationContext.configure(conn).get_current_revision())
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
                conn.commit()
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot open store {self.url}: {exc.__class__.__name__}: {exc.orig if hasattr(exc, 'orig') else exc}",
                             "check that --db points at a sitroom database you can write") from exc

    def _stored_revision(self) -> str | None:
        """The revision in ``alembic_version``; None when there is none or it cannot be read."""
        try:
            with self.engine.connect() as conn:
                rows = conn.execute(text("SELECT version_num FROM alembic_version")).all()
        except SQLAlchemyError:
            return None
        return str(rows[0][0]) if len(rows) == 1 else None

    def _revision(self) -> str | None:
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def _check_known(self, scripts: Any, revision: str | None) -> None:
        """Refuse a store whose schema is newer than this sitroom: upgrading it would fail half-way."""
        known = {s.revision for s in scripts.walk_revisions()}
        if revision is not None and revision not in known:
            raise StoreError(f"store {self.url} has schema revision {revision!r}, written by a newer sitroom",
                             "upgrade sitroom, or point --db at another store")  # fmt: skip

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A connection for reads: this thread's open transaction if there is one (so reads
        inside it see its writes), else a fresh one."""
        active = self._active()
        if active is not None:
            yield active
            return
        with self.engine.connect() as conn:
            yield conn

    def _active(self) -> Connection | None:
        conns: dict[int, Connection] = getattr(self._open, "conns", {})
        return conns.get(id(self))

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One write transaction around the block: all of it commits, or none of it.

        Nested calls join the outer transaction. On SQLite it takes the write lock at once
        (BEGIN IMMEDIATE): two processes that read, then write, in one transaction would
        otherwise deadlock on the lock upgrade, and the one that loses gets "database is
        locked" instead of waiting its turn.
        """
        active = self._active()
        if active is not None:
            yield active
            return
        if not hasattr(self._open, "conns"):
            self._open.conns = {}
        with self.engine.connect() as conn:
            if self.engine.dialect.name == "sqlite":
                sqlite.begin_immediate(conn)
            self._open.conns[id(self)] = conn
            try:
                yield conn
                conn.commit()
            except BaseException:
                conn.rollback()
                raise
            finally:
                del self._open.conns[id(self)]

    # -- writes -------------------------------------------------------------------------
    def add_article(self, article: Article, ann: Annotations, signature: np.ndarray, bands: list[str],
                    near: NearDuplicate | None = None) -> None:
        """Write an article, its near-duplicate bands and all its annotations atomically."""
        now = _utcnow()
        with self.transaction() as conn:
            conn.execute(insert(articles).values(
                id=article.id, title=article.title, outlet=article.outlet, published=article.published, updated=article.updated,
                url=article.url, byline=article.byline, text=article.text, source=article.source,
                word_count=len(article.text.split()), near_duplicate_of=near.article_id if near else None,
                similarity=near.similarity if near else None, minhash=signature.tobytes(), ingested_at=now))  # fmt: skip
            conn.execute(insert(article_bands), [{"band": b, "article_id": article.id} for b in bands])
            rows = annotation_rows(article.id, article.text, ann)
            if rows:
                conn.execute(insert(spans), rows)
            stages = sorted(set(ann.produced_by.values()))
            if stages:
                conn.execute(insert(stage_runs), [{"article_id": article.id, "stage": s, "ran_at": now} for s in stages])

    def record_error(self, run_id: str, error: InputError) -> None:
        with self.transaction() as conn:
            conn.execute(insert(ingest_errors).values(
                run_id=run_id, source=error.source, problem=error.problem, hint=error.hint, at=_utcnow()))

    def delete_article(self, article_id: str) -> bool:
        with self.transaction() as conn:
            conn.execute(delete(spans).where(spans.c.article_id == article_id))
            conn.execute(delete(stage_runs).where(stage_runs.c.article_id == article_id))
            conn.execute(delete(article_bands).where(article_bands.c.article_id == article_id))
            conn.execute(articles.update().where(articles.c.near_duplicate_of == article_id).values(near_duplicate_of=None, similarity=None))
            return conn.execute(delete(articles).where(articles.c.id == article_id)).rowcount > 0

    def update_article_metadata(self, article_id: str, fields: dict[str, str | None]) -> dict[str, tuple[str | None, str | None]]:
        """Set ``fields`` (of CORRECTABLE) on a stored article; returns {field: (old, new)} for what changed.

        The id stays: it is the article's identity in every span, story and link, and old
        stores must keep theirs. The full-text index follows through its update trigger.
        """
        unknown = set(fields) - set(CORRECTABLE)
        if unknown:
            raise ValueError(f"cannot correct {', '.join(sorted(unknown))}; only {', '.join(CORRECTABLE)}")
        with self.transaction() as conn:
            row = conn.execute(select(*(articles.c[f] for f in CORRECTABLE)).where(articles.c.id == article_id)).mappings().first()
            if row is None:
                return {}
            changes = {f: (row[f], v) for f, v in fields.items() if row[f] != v}
            if changes:
                conn.execute(articles.update().where(articles.c.id == article_id).values({f: new for f, (_, new) in changes.items()}))
        return changes

    def remove_from_story(self, article_id: str) -> int | None:
        """Take an article out of its story (to place it again after its date changed); the story it left.

        The story's count, centroid (if the article's vector is stored) and dates are
        recomputed from the articles that remain; a story left empty is deleted. Its blocking
        keys keep the article's weight: they only choose candidates, and a stale key costs
        one extra comparison, never a wrong grouping.
        """
        with self.transaction() as conn:
            story_id = conn.execute(select(story_articles.c.story_id).where(story_articles.c.article_id == article_id)).scalar()
            if story_id is None:
                return None
            conn.execute(delete(story_articles).where(story_articles.c.article_id == article_id))
            story = conn.execute(select(stories).where(stories.c.id == story_id)).mappings().one()
            n = int(story["article_count"])
            if n <= 1:
                conn.execute(delete(story_keys).where(story_keys.c.story_id == story_id))
                conn.execute(delete(stories).where(stories.c.id == story_id))
                return int(story_id)
            centroid = np.frombuffer(story["centroid"], dtype=np.float32).astype(np.float64)
            vector = conn.execute(select(article_vectors.c.vector).where(article_vectors.c.article_id == article_id)).scalar()
            if vector is not None:  # undo the running mean that added it
                centroid = (centroid * n - np.frombuffer(vector, dtype=np.float32)) / (n - 1)
            first, last = conn.execute(select(func.min(articles.c.published), func.max(articles.c.published))
                                       .join(story_articles, story_articles.c.article_id == articles.c.id)
                                       .where(story_articles.c.story_id == story_id)).one()  # fmt: skip
            conn.execute(stories.update().where(stories.c.id == story_id).values(
                article_count=n - 1, centroid=centroid.astype(np.float32).tobytes(), updated_at=_utcnow(),
                first_date=first[:10] if first else None, last_date=last[:10] if last else None))  # fmt: skip
        return int(story_id)

    # -- reads --------------------------------------------------------------------------
    def articles_with_text(self, text: str, bands: list[str]) -> list[dict[str, Any]]:
        """Stored articles whose text is exactly ``text`` (found through their MinHash bands), oldest first."""
        with self.connect() as conn:
            ids = select(article_bands.c.article_id).where(article_bands.c.band.in_(bands)).distinct()
            query = (select(articles.c.id, articles.c.title, articles.c.source, *(articles.c[f] for f in CORRECTABLE))
                     .where(articles.c.id.in_(ids), articles.c.text == text).order_by(articles.c.ingested_at, articles.c.id))  # fmt: skip
            return [dict(r) for r in conn.execute(query).mappings()]

    def has_article(self, article_id: str) -> bool:
        with self.connect() as conn:
            return conn.execute(select(articles.c.id).where(articles.c.id == article_id)).first() is not None

    def find_near_duplicate(self, text: str, bands: list[str], threshold: float) -> NearDuplicate | None:
        """The stored article most similar to ``text`` among those sharing a MinHash band."""
        with self.connect() as conn:
            ids = conn.execute(select(article_bands.c.article_id).where(article_bands.c.band.in_(bands)).distinct()).scalars().all()
            if not ids:
                return None
            # Imported here: importing it loads the whole ingest package (trafilatura, dateparser).
            from sitroom.ingest.fingerprint import jaccard, shingles

            mine = shingles(text)
            best: NearDuplicate | None = None
            for row in conn.execute(select(articles.c.id, articles.c.text, articles.c.near_duplicate_of).where(articles.c.id.in_(ids))):
                sim = jaccard(mine, shingles(row.text))
                if sim >= threshold and (best is None or sim > best.similarity):
                    # Link to the original, not to another copy of it.
                    best = NearDuplicate(row.near_duplicate_of or row.id, round(sim, 4))
            return best

    def get_article(self, article_id: str) -> dict[str, Any] | None:
        """One article by id or unique id prefix."""
        with self.connect() as conn:
            # The whole id first, on the primary key: a LIKE prefix is not an index search in SQLite,
            # and read every row, text and all (200 ms an article page at 100k articles).
            found = conn.execute(select(articles).where(articles.c.id == article_id)).mappings().all()
            if not found:
                found = conn.execute(select(articles).where(articles.c.id.like(f"{article_id}%")).limit(2)).mappings().all()
            if len(found) != 1:
                return None
            return {k: v for k, v in found[0].items() if k != "minhash"}

    def get_stage_runs(self, article_id: str) -> list[str]:
        """The versioned stages that ran on an article (whether or not they found anything)."""
        with self.connect() as conn:
            return list(conn.execute(select(stage_runs.c.stage).where(stage_runs.c.article_id == article_id)
                                     .order_by(stage_runs.c.stage)).scalars())  # fmt: skip

    def get_annotations(self, article_id: str) -> Annotations:
        with self.connect() as conn:
            rows = conn.execute(select(spans).where(spans.c.article_id == article_id).order_by(spans.c.id)).all()
        return annotations_from_rows(list(rows))

    def list_articles(self, limit: int = 50, offset: int = 0, outlet: str | None = None) -> list[dict[str, Any]]:
        """Articles newest first, without their text."""
        return self.query_articles(limit, offset, outlet=outlet)[0]

    def query_articles(self, limit: int = 50, offset: int = 0, outlet: str | None = None, story: int | None = None,
                       since: str | None = None, until: str | None = None, person: str | None = None) -> tuple[list[dict[str, Any]], int]:
        """One page of articles newest first, filtered in SQL, and how many match in all.

        ``person`` matches a quoted speaker's name or a person mentioned in the article.
        """
        cols = [articles.c.id, articles.c.title, articles.c.outlet, articles.c.published, articles.c.word_count,
                articles.c.near_duplicate_of, articles.c.source]  # fmt: skip
        conditions = []
        if outlet:
            conditions.append(articles.c.outlet == outlet)
        if story is not None:
            conditions.append(articles.c.id.in_(select(story_articles.c.article_id).where(story_articles.c.story_id == story)))
        if since:
            conditions.append(articles.c.published >= since)
        if until:
            conditions.append(articles.c.published <= until + "T99")  # a whole day, dates or date-times
        if person:
            named = ((spans.c.kind == "quote") & (spans.c.data["speaker"]["name"].as_string() == person)) | (
                (spans.c.kind == "mention") & (spans.c.data["name"].as_string() == person))
            conditions.append(articles.c.id.in_(select(spans.c.article_id).where(named)))
        query = select(*cols).where(*conditions).order_by(articles.c.published.desc().nulls_last(), articles.c.id).limit(limit).offset(offset)
        with self.connect() as conn:
            rows = [dict(r) for r in conn.execute(query).mappings()]
            total = int(conn.execute(select(func.count()).select_from(articles).where(*conditions)).scalar_one())
        return rows, total

    def summary(self) -> dict[str, Any]:
        """Counts for `sitroom stats`, computed in SQL rather than over every article row."""
        query = select(func.count(), func.count(articles.c.near_duplicate_of), func.min(articles.c.published),
                       func.max(articles.c.published))  # fmt: skip
        with self.connect() as conn:
            total, near, first, last = conn.execute(query).one()
            outlets = list(conn.execute(select(articles.c.outlet).distinct().order_by(articles.c.outlet)).scalars())
        return {"articles": total, "outlets": sorted(o or "-" for o in outlets), "near_duplicates": near, "first": first, "last": last}

    def count_articles(self) -> int:
        with self.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(articles)).scalar_one())

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Full-text search over title and text, best first, with a snippet."""
        with self.connect() as conn:
            hits = self.backend.search_articles(conn, query, limit)
            titles = {r.id: r for r in conn.execute(select(articles.c.id, articles.c.title, articles.c.outlet, articles.c.published)
                                                     .where(articles.c.id.in_([h["id"] for h in hits])))}
        return [{**h, "title": titles[h["id"]].title, "outlet": titles[h["id"]].outlet,
                 "published": titles[h["id"]].published} for h in hits]  # fmt: skip

    def list_errors(self, run_id: str | None = None, limit: int = 200) -> list[dict[str, Any]]:
        query = select(ingest_errors).order_by(ingest_errors.c.id.desc()).limit(limit)
        if run_id:
            query = query.where(ingest_errors.c.run_id == run_id)
        with self.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]

    def entity_counts(self, limit: int = 20) -> list[dict[str, Any]]:
        """Most mentioned entities across the store: canonical name, label, articles, mentions."""
        canonical = spans.c.data["canonical"].as_string()  # JSON path: portable across SQLite and PostgreSQL
        query = (select(canonical.label("canonical"), spans.c.label, func.count(func.distinct(spans.c.article_id)).label("articles"),
                        func.count().label("mentions"))
                 .where(spans.c.kind == "entity").group_by(canonical, spans.c.label)
                 .order_by(func.count(func.distinct(spans.c.article_id)).desc(), func.count().desc()).limit(limit))  # fmt: skip
        with self.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]

    def people_counts(self, limit: int = 20) -> list[dict[str, Any]]:
        """People most mentioned across the store, with the titles articles give them."""
        name = spans.c.data["name"].as_string()
        query = (select(name.label("name"), func.count(func.distinct(spans.c.article_id)).label("articles"),
                        func.count().label("mentions"))
                 .where(spans.c.kind == "mention", spans.c.label == "PERSON").group_by(name)
                 .order_by(func.count(func.distinct(spans.c.article_id)).desc(), func.count().desc()).limit(limit))  # fmt: skip
        with self.connect() as conn:
            rows = [dict(r) for r in conn.execute(query).mappings()]
            for row in rows:
                titles: list[str] = []
                for data in conn.execute(select(spans.c.data).where(spans.c.kind == "mention", name == row["name"])).scalars():
                    titles.extend(t for t in (data or {}).get("titles", []) if t not in titles)
                row["titles"] = ", ".join(titles)
        return rows

    # -- stories ------------------------------------------------------------------------
    def save_vector(self, article_id: str, model: str, vector: np.ndarray) -> None:
        with self.transaction() as conn:
            conn.execute(delete(article_vectors).where(article_vectors.c.article_id == article_id))
            conn.execute(insert(article_vectors).values(article_id=article_id, model=model, vector=vector.astype(np.float32).tobytes()))

    def story_candidates(self, keys: dict[str, int], first: str | None, last: str | None, limit: int = 500) -> list[dict[str, Any]]:
        """Stories sharing a blocking key with an article and active within [first, last] (any date if unknown),
        each with ``shared``: the article's weight on the story's top keys (see ``store/blocking.py``).

        ``limit`` only guards against a pathological density: every candidate is scored, so
        none is dropped for ranking low on keys (a cap of 50 split true stories, ARI 0.87).
        """
        if not keys:
            return []
        dated = bool(first and last)
        with self.connect() as conn:
            ids = list(conn.execute(blocking.active_query(dated), {"first": first, "last": last} if dated else {}).scalars())
            if not ids:
                return []
            query = blocking.candidates_query(len(keys), limit)
            return [dict(r) for r in conn.execute(query, {"ids": ids, **blocking.key_params(keys)}).mappings()]

    def write_story_membership(self, article_id: str, story_id: int | None, title: str, date: str | None,
                               centroid: np.ndarray, keys: dict[str, int], score: float, stage: str) -> int:
        """Create the story (``story_id`` None) or add the article to it, in one transaction.

        The story's other keys and members are never read: key weights are added by an upsert,
        the count and dates change in SQL (under the row lock the UPDATE takes, so two
        processes adding to one story never both write n + 1), and its top-key weight is read
        from ix_story_keys_rank.
        """
        now = _utcnow()
        vector = centroid.astype(np.float32).tobytes()
        with self.transaction() as conn:
            if story_id is None:
                story_id = int(conn.execute(insert(stories).values(
                    title=title, first_date=date, last_date=date, article_count=1, centroid=vector, top_weight=0,
                    updated_at=now)).inserted_primary_key[0])  # type: ignore[index]  # fmt: skip
                changes: dict[str, Any] = {}
            else:
                changes = {"article_count": stories.c.article_count + 1, "centroid": vector, "updated_at": now,
                           "first_date": blocking.earliest(stories.c.first_date, date),
                           "last_date": blocking.latest(stories.c.last_date, date)}  # fmt: skip
            conn.execute(delete(story_articles).where(story_articles.c.article_id == article_id))
            conn.execute(insert(story_articles).values(article_id=article_id, story_id=story_id, score=score, stage=stage, added_at=now))
            if keys:
                self.backend.add_story_keys(conn, [{"story_id": story_id, "key": k, "weight": w} for k, w in keys.items()])
                changes["top_weight"] = blocking.top_weight(story_id)
            if changes:
                conn.execute(stories.update().where(stories.c.id == story_id).values(changes))
        return story_id

    def get_story(self, story_id: int) -> dict[str, Any] | None:
        with self.connect() as conn:
            row = conn.execute(select(stories).where(stories.c.id == story_id)).mappings().first()
            return dict(row) if row else None

    def unplaced_articles(self) -> list[str]:
        """Ids of stored articles in no story, oldest first."""
        query = (select(articles.c.id).where(articles.c.id.not_in(select(story_articles.c.article_id)))
                 .order_by(articles.c.ingested_at, articles.c.id))  # fmt: skip
        with self.connect() as conn:
            return list(conn.execute(query).scalars())

    def grouping_stage(self) -> str | None:
        """The grouping version (e.g. stories.v2) of the store's first story membership; None before any."""
        query = select(story_articles.c.stage).limit(1)  # one grouping per store (resolve/stories.py)
        with self.connect() as conn:
            return conn.execute(query).scalar()

    def article_story(self, article_id: str) -> int | None:
        with self.connect() as conn:
            return conn.execute(select(story_articles.c.story_id).where(story_articles.c.article_id == article_id)).scalar()

    def list_stories(self, limit: int = 100) -> list[dict[str, Any]]:
        """Stories, most recently active first, with article and outlet counts."""
        query = (select(stories.c.id, stories.c.title, stories.c.first_date, stories.c.last_date, stories.c.article_count,
                        func.count(func.distinct(articles.c.outlet)).label("outlets"))
                 .join(story_articles, story_articles.c.story_id == stories.c.id)
                 .join(articles, articles.c.id == story_articles.c.article_id)
                 .group_by(stories.c.id).order_by(stories.c.last_date.desc(), stories.c.id).limit(limit))  # fmt: skip
        with self.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]

    def story_event_rows(self, story_id: int) -> list[dict[str, Any]]:
        """The events of a story's articles, with each article's id, outlet and date."""
        query = (select(spans.c.data, articles.c.id, articles.c.outlet, articles.c.published)
                 .join(articles, articles.c.id == spans.c.article_id)
                 .join(story_articles, story_articles.c.article_id == articles.c.id)
                 .where(story_articles.c.story_id == story_id, spans.c.kind == "event"))  # fmt: skip
        with self.connect() as conn:
            return [{**(r.data or {}), "article": r.id, "outlet": r.outlet, "published": (r.published or "")[:10] or None}
                    for r in conn.execute(query)]  # fmt: skip

    def story_article_rows(self, story_id: int) -> list[dict[str, Any]]:
        cols = [articles.c.id, articles.c.title, articles.c.outlet, articles.c.published, articles.c.near_duplicate_of, articles.c.byline]
        query = (select(*cols).join(story_articles, story_articles.c.article_id == articles.c.id)
                 .where(story_articles.c.story_id == story_id).order_by(articles.c.published, articles.c.id))  # fmt: skip
        with self.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]


BACKENDS = {"sqlite": sqlite, "postgresql": postgres}


def engine_url(url: str) -> str:
    """``postgresql://`` and ``postgres://`` mean psycopg 3, our one PostgreSQL driver.

    SQLAlchemy would otherwise pick psycopg2, which sitroom does not install.
    """
    for scheme in ("postgresql://", "postgres://"):
        if url.startswith(scheme):
            return "postgresql+psycopg://" + url[len(scheme):]
    return url


def new_run_id() -> str:
    return uuid.uuid4().hex
