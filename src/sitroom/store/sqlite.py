"""SQLite-only SQL, all of it: connection pragmas and the FTS5 full-text index.

A PostgreSQL backend provides the same functions (tsvector instead of FTS5); nothing
outside this module may assume SQLite.
"""

from __future__ import annotations

import json
import re
from typing import Any

from sqlalchemy import (
    ColumnElement,
    column,
    event,
    func,
    literal,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy.dialects.sqlite import insert as upsert
from sqlalchemy.engine import Connection, Engine

from sitroom.store.schema import articles, story_keys

FTS_DDL = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5("
    "title, text, content='articles', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS articles_fts_ai AFTER INSERT ON articles BEGIN "
    "INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); END",
    "CREATE TRIGGER IF NOT EXISTS articles_fts_ad AFTER DELETE ON articles BEGIN "
    "INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text); END",
    "CREATE TRIGGER IF NOT EXISTS articles_fts_au AFTER UPDATE ON articles BEGIN "
    "INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text); "
    "INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); END",
]
FTS_DROP = ["DROP TRIGGER IF EXISTS articles_fts_au", "DROP TRIGGER IF EXISTS articles_fts_ad",
            "DROP TRIGGER IF EXISTS articles_fts_ai", "DROP TABLE IF EXISTS articles_fts"]  # fmt: skip


def configure_engine(engine: Engine) -> None:
    """WAL so that readers (the web UI) never block the writer; enforce foreign keys."""

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: Any, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=10000")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()


def begin_immediate(conn: Connection) -> None:
    """Open the transaction now and take the write lock (waiting up to busy_timeout for it).

    pysqlite would begin lazily, at the first write, with a deferred lock: a transaction that
    read first could then not upgrade while another process writes, and fail at once.
    """
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def create_search_index(conn: Connection) -> None:
    for ddl in FTS_DDL:
        conn.execute(text(ddl))


def drop_search_index(conn: Connection) -> None:
    for ddl in FTS_DROP:
        conn.execute(text(ddl))


def fts_query(user_query: str) -> str:
    """Turn what a user types into a safe FTS5 query: words and "quoted phrases", all required.

    FTS5 treats ``-``, ``:``, ``*``, ``AND`` etc. as syntax and raises on stray quotes, so every
    term is quoted; a trailing ``*`` on a word keeps prefix search.
    """
    terms = []
    for phrase, word in re.findall(r'"([^"]*)"|(\S+)', user_query):
        term = phrase or word
        prefix = bool(word) and word.endswith("*") and len(word) > 1
        term = term.rstrip("*") if prefix else term
        term = term.replace('"', "")
        if term.strip():
            terms.append(f'"{term}"' + ("*" if prefix else ""))
    return " ".join(terms)


def search_articles(conn: Connection, user_query: str, limit: int) -> list[dict[str, Any]]:
    """Article ids ranked by BM25 with a highlighted snippet of the text."""
    query = fts_query(user_query)
    if not query:
        return []
    rows = conn.execute(
        text(
            "SELECT a.id, snippet(articles_fts, 1, '[', ']', ' … ', 12) AS snippet, bm25(articles_fts) AS rank "
            "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
            "WHERE articles_fts MATCH :q ORDER BY rank LIMIT :limit"
        ),
        {"q": query, "limit": limit},
    )
    return [{"id": r.id, "snippet": r.snippet, "rank": r.rank} for r in rows]


def search_page(conn: Connection, user_query: str, limit: int, offset: int,
                conditions: list[ColumnElement[bool]]) -> tuple[list[dict[str, Any]], int]:
    """One page of BM25-ranked hits with snippets, restricted by article ``conditions``, and the total."""
    query = fts_query(user_query)
    if not query:
        return [], 0
    fts = table("articles_fts", column("rowid"))
    joined = fts.join(articles, literal_column("articles.rowid") == fts.c.rowid)
    where: list[Any] = [text("articles_fts MATCH :q").bindparams(q=query), *conditions]
    snippet: Any = literal_column("snippet(articles_fts, 1, '[', ']', ' … ', 12)").label("snippet")
    rank: Any = literal_column("bm25(articles_fts)").label("rank")
    rows = conn.execute(select(articles.c.id, snippet, rank).select_from(joined).where(*where)
                        .order_by(literal_column("rank")).limit(limit).offset(offset))  # fmt: skip
    total = int(conn.execute(select(func.count()).select_from(joined).where(*where)).scalar_one())
    return [{"id": r.id, "snippet": r.snippet, "rank": r.rank} for r in rows], total


def id_in(col: ColumnElement[str], ids: set[str], seek: bool = False) -> ColumnElement[bool]:
    """``col IN ids`` with the ids as one JSON parameter read by json_each: with thousands of
    ids (a person's articles at 10k) binding each one cost more than the query (web_latency.py).

    Past ``SEEK_LIMIT`` ids the column is wrapped (``col || ''``) so that SQLite does not seek
    each id in the primary key and then read its row, text and all: it scans an index holding
    outlet, date and id instead (the person facets took 200-250 ms at 10k, then 10-30).
    ``seek`` keeps the seeks: a few articles' rows among millions of spans (the people directory's increments).
    """
    probe: ColumnElement[Any] = col.op("||")(literal("")) if len(ids) > SEEK_LIMIT and not seek else col
    return probe.in_(select(column("value")).select_from(func.json_each(json.dumps(sorted(ids)))))


SEEK_LIMIT = 500  # a few hundred B-tree descents cost about one scan of a 10k-entry index


def add_story_keys(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Add key weights to a story's (rows of story_id, key, weight): new keys inserted, known ones summed."""
    stmt = upsert(story_keys)
    conn.execute(stmt.on_conflict_do_update(index_elements=[story_keys.c.key, story_keys.c.story_id],
                                            set_={"weight": story_keys.c.weight + stmt.excluded.weight}), rows)  # fmt: skip
