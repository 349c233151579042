"""PostgreSQL-only SQL, all of it: the tsvector full-text index, search, and the migration lock.

The same three functions as ``store/sqlite.py`` (FTS5 there), so that ``Store`` never asks
which engine it runs on except to pick one of the two modules. The text configuration is
``simple`` (no stemming, no stop words): FTS5's ``unicode61`` tokenizer does not stem either,
so a query finds the same articles on both engines. FTS5 also folds diacritics; PostgreSQL's
``unaccent`` is not immutable, so it cannot feed a stored generated column, and an extension
needs a superuser. ``translate`` is immutable: the index folds the Latin letters with
diacritics that European news uses, and the query is folded the same way in Python, so
"Kuznica" finds "Kuźnica" on both engines.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from sqlalchemy import String, any_, bindparam, func, literal_column, select, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import insert as upsert
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.sql.elements import ColumnElement

from sitroom.store.schema import articles, story_keys

_ACCENTED = "ÀÁÂÃÄÅĀĂĄÇĆĈĊČĎĐÈÉÊËĒĔĖĘĚĜĞĠĢĤĦÌÍÎÏĨĪĬĮĴĶĹĻĽĿŁÑŃŅŇÒÓÔÕÖØŌŎŐŔŖŘŚŜŞŠŢŤŦÙÚÛÜŨŪŬŮŰŲŴÝŶŸŹŻŽ"
_PLAIN = "AAAAAAAAACCCCCDDEEEEEEEEEGGGGHHIIIIIIIIJKLLLLLNNNNOOOOOOOOORRRSSSSTTTUUUUUUUUUUWYYYZZZ"
assert len(_ACCENTED) == len(_PLAIN) and len(_ACCENTED.lower()) == len(_ACCENTED)


def _fold_sql(column: str) -> str:
    return f"translate({column}, '{_ACCENTED}{_ACCENTED.lower()}', '{_PLAIN}{_PLAIN.lower()}')"


SEARCH_DDL = [
    "ALTER TABLE articles ADD COLUMN IF NOT EXISTS search tsvector GENERATED ALWAYS AS ("
    f"setweight(to_tsvector('simple', {_fold_sql('title')}), 'A') || "
    f"setweight(to_tsvector('simple', {_fold_sql('text')}), 'B')) STORED",
    "CREATE INDEX IF NOT EXISTS ix_articles_search ON articles USING GIN (search)",
]
SEARCH_DROP = ["DROP INDEX IF EXISTS ix_articles_search", "ALTER TABLE articles DROP COLUMN IF EXISTS search"]
# Any constant shared by every sitroom process: two first-time `ingest`s on an empty database
# would otherwise both run the migrations and one would fail on a table the other created.
MIGRATION_LOCK = 746_021_203
_WORD = re.compile(r"\w+", re.UNICODE)


def configure_engine(engine: Engine) -> None:
    """Nothing to set per connection: PostgreSQL's defaults (MVCC readers) already suit the web UI."""


def lock_migrations(conn: Connection) -> None:
    """Hold a transaction-scoped advisory lock while this connection migrates the schema."""
    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})


def create_search_index(conn: Connection) -> None:
    for ddl in SEARCH_DDL:
        conn.execute(text(ddl))


def drop_search_index(conn: Connection) -> None:
    for ddl in SEARCH_DROP:
        conn.execute(text(ddl))


def ts_query(user_query: str) -> ColumnElement[Any] | None:
    """What a user types as a tsquery: words and "quoted phrases", all required.

    Mirrors ``sqlite.fts_query``: every term is a bound parameter (never spliced into the
    SQL), a phrase keeps its word order, and a trailing ``*`` keeps prefix search.
    """
    parts: list[ColumnElement[Any]] = []
    for phrase, word in re.findall(r'"([^"]*)"|(\S+)', user_query):
        words = _WORD.findall(fold(phrase or word))
        if not words:
            continue
        if word and word.endswith("*") and len(words) == 1:
            parts.append(func.to_tsquery("simple", bindparam(None, f"{words[0]}:*", type_=String)))
        else:
            parts.append(func.phraseto_tsquery("simple", bindparam(None, " ".join(words), type_=String)))
    if not parts:
        return None
    combined = parts[0]
    for part in parts[1:]:
        combined = combined.op("&&")(part)
    return combined


def fold(term: str) -> str:
    """Drop diacritics (NFKD, then the combining marks), as the index does for its letters."""
    return "".join(c for c in unicodedata.normalize("NFKD", term) if not unicodedata.combining(c))


_HEADLINE = 'StartSel=[, StopSel=], MaxWords=12, MinWords=4, MaxFragments=1, FragmentDelimiter=" … "'


def search_page(conn: Connection, user_query: str, limit: int, offset: int,
                conditions: list[ColumnElement[bool]]) -> tuple[list[dict[str, Any]], int]:
    """One page of hits, best first, with snippets in FTS5's shape, restricted by ``conditions``, and the total.

    ``rank`` is the negated ``ts_rank`` so that, as with FTS5's bm25, lower is better.
    """
    query = ts_query(user_query)
    if query is None:
        return [], 0
    search: ColumnElement[Any] = literal_column("articles.search")
    where = [search.op("@@")(query), *conditions]
    snippet = func.ts_headline("simple", articles.c.text, query, _HEADLINE).label("snippet")
    rank = (-func.ts_rank(search, query)).label("rank")
    rows = conn.execute(select(articles.c.id, snippet, rank).where(*where).order_by(rank, articles.c.id).limit(limit).offset(offset))
    total = int(conn.execute(select(func.count()).select_from(articles).where(*where)).scalar_one())
    return [{"id": r.id, "snippet": r.snippet, "rank": float(r.rank)} for r in rows], total


def search_articles(conn: Connection, user_query: str, limit: int) -> list[dict[str, Any]]:
    """Article ids, best first, with a highlighted snippet in the shape FTS5 gives."""
    return search_page(conn, user_query, limit, 0, [])[0]


def id_in(col: ColumnElement[str], ids: set[str]) -> ColumnElement[bool]:
    """``col = ANY(ids)`` with the ids as one array parameter: a person's 80k articles at 100k
    would pass PostgreSQL's limit of 65,535 bound parameters as an IN list."""
    return col == any_(bindparam(None, sorted(ids), type_=ARRAY(String)))


def add_story_keys(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Add key weights to a story's (rows of story_id, key, weight): new keys inserted, known ones summed."""
    stmt = upsert(story_keys)
    conn.execute(stmt.on_conflict_do_update(index_elements=[story_keys.c.key, story_keys.c.story_id],
                                            set_={"weight": story_keys.c.weight + stmt.excluded.weight}), rows)  # fmt: skip
