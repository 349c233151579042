"""The article store: one interface over SQLAlchemy; SQLite by default, PostgreSQL-ready.

All writes go through ``Store``; each article is written with its annotations in one
transaction, so a crash mid-batch never leaves half an article and never touches what
was stored before.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np
from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import create_engine, delete, func, insert, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from sitroom.errors import InputError, StoreError
from sitroom.ingest.fingerprint import jaccard, shingles
from sitroom.model import Annotations, Article
from sitroom.store import sqlite
from sitroom.store.rows import annotation_rows, annotations_from_rows
from sitroom.store.schema import article_bands, articles, ingest_errors, spans, stage_runs


@dataclass
class NearDuplicate:
    article_id: str
    similarity: float


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Store:
    """Read and write articles and annotations; the only code that touches the database."""

    def __init__(self, url: str) -> None:
        self.url = url
        try:
            self.engine: Engine = create_engine(url)
        except (SQLAlchemyError, ImportError) as exc:
            raise StoreError(f"cannot open store {url}: {exc}", "check --db or SITROOM_DB") from exc
        if self.engine.dialect.name == "sqlite":
            sqlite.configure_engine(self.engine)
        self.migrate()

    def migrate(self) -> None:
        """Bring the schema to the newest Alembic revision (a no-op when it is current)."""
        cfg = AlembicConfig()
        cfg.set_main_option("script_location", str(resources.files("sitroom.store").joinpath("migrations")))
        try:
            with self.engine.begin() as conn:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot open store {self.url}: {exc.__class__.__name__}: {exc.orig if hasattr(exc, 'orig') else exc}",
                             "check that --db points at a sitroom database you can write") from exc

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    # -- writes -------------------------------------------------------------------------
    def add_article(self, article: Article, ann: Annotations, signature: np.ndarray, bands: list[str],
                    near: NearDuplicate | None = None) -> None:
        """Write an article, its near-duplicate bands and all its annotations atomically."""
        now = _utcnow()
        with self.engine.begin() as conn:
            conn.execute(insert(articles).values(
                id=article.id, title=article.title, outlet=article.outlet, published=article.published,
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
        with self.engine.begin() as conn:
            conn.execute(insert(ingest_errors).values(
                run_id=run_id, source=error.source, problem=error.problem, hint=error.hint, at=_utcnow()))

    def delete_article(self, article_id: str) -> bool:
        with self.engine.begin() as conn:
            conn.execute(delete(spans).where(spans.c.article_id == article_id))
            conn.execute(delete(stage_runs).where(stage_runs.c.article_id == article_id))
            conn.execute(delete(article_bands).where(article_bands.c.article_id == article_id))
            conn.execute(articles.update().where(articles.c.near_duplicate_of == article_id).values(near_duplicate_of=None, similarity=None))
            return conn.execute(delete(articles).where(articles.c.id == article_id)).rowcount > 0

    # -- reads --------------------------------------------------------------------------
    def has_article(self, article_id: str) -> bool:
        with self.connect() as conn:
            return conn.execute(select(articles.c.id).where(articles.c.id == article_id)).first() is not None

    def find_near_duplicate(self, text: str, bands: list[str], threshold: float) -> NearDuplicate | None:
        """The stored article most similar to ``text`` among those sharing a MinHash band."""
        with self.connect() as conn:
            ids = conn.execute(select(article_bands.c.article_id).where(article_bands.c.band.in_(bands)).distinct()).scalars().all()
            if not ids:
                return None
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
            query = select(articles).where(articles.c.id.like(f"{article_id}%")).limit(2)
            found = conn.execute(query).mappings().all()
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
        cols = [articles.c.id, articles.c.title, articles.c.outlet, articles.c.published, articles.c.word_count,
                articles.c.near_duplicate_of, articles.c.source]  # fmt: skip
        query = select(*cols).order_by(articles.c.published.desc(), articles.c.id).limit(limit).offset(offset)
        if outlet:
            query = query.where(articles.c.outlet == outlet)
        with self.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]

    def count_articles(self) -> int:
        with self.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(articles)).scalar_one())

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Full-text search over title and text, best first, with a snippet."""
        with self.connect() as conn:
            if self.engine.dialect.name == "sqlite":
                hits = sqlite.search_articles(conn, query, limit)
            else:  # portable fallback until the PostgreSQL tsvector index lands
                like = f"%{query}%"
                hits = [{"id": r.id, "snippet": r.title, "rank": 0.0} for r in conn.execute(
                    select(articles.c.id, articles.c.title).where(articles.c.text.ilike(like) | articles.c.title.ilike(like)).limit(limit))]
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


def new_run_id() -> str:
    return uuid.uuid4().hex
