"""Web and API latency with 1k and 10k articles in the store (issue 6).

The store is built by ingesting the sample corpus once through the real pipeline, then
copying its articles, annotation rows and stories under new ids until it holds N articles
(running spaCy on 10k articles would take an hour and measure the pipeline, not the web
layer). Requests go through Starlette's TestClient, in process: routing, queries, templates
and JSON, without network noise. Prints p50/p95 per endpoint and size; `--write` puts the
table in docs/benchmarks.md.

    python benchmarks/web_latency.py [--sizes 1000 10000] [--requests 20] [--write]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Column, MetaData, String, Table, column, delete, insert, select
from sqlalchemy import table as table_clause

from sitroom.store.schema import (
    article_bands,
    articles,
    metadata,
    spans,
    stage_runs,
    stories,
    story_articles,
    story_keys,
)

sys.path.insert(0, str(Path(__file__).resolve().parent))
from results import record  # noqa: E402


def build_store(path: Path | str, size: int, base: Path | None = None) -> Any:
    """A store of ``size`` articles: the sample corpus through the real pipeline (or ``base``,
    a store holding it already), then copies of its rows under new ids and shifted dates.

    Articles and stories are copied in Python (a few rows each); the ~140 span rows per
    article are copied by the database itself (INSERT ... SELECT through an id map) with the
    span indexes dropped until the end and the base's spans in a table of their own, so each
    batch costs the same (docs/benchmarks.md, "Web latency: articles").
    """
    from sitroom.cli.ingest import sample_articles_dir
    from sitroom.config import Config
    from sitroom.ingest import IngestOptions
    from sitroom.ingest.runner import ingest_paths
    from sitroom.store import Store

    store = Store(path if isinstance(path, str) else f"sqlite:///{path}")  # a str is a URL (PostgreSQL)
    if base is not None:
        copy_base(store, Store(f"sqlite:///{base}"))
    else:
        ingest_paths([sample_articles_dir()], store, Config.load(), IngestOptions())
    with store.engine.begin() as conn:
        snapshot = {t.name: [dict(r) for r in conn.execute(select(t)).mappings()] for t in (articles, stories, story_articles, story_keys)}
    copies = list(range(1, -(-size // len(snapshot["articles"]))))
    id_map = Table("bench_ids", MetaData(), Column("old", String(16)), Column("new", String(16)))
    with store.engine.begin() as conn:  # the base's spans apart: each copy reads 2k rows, not the growing table
        conn.exec_driver_sql(f"CREATE TABLE {BASE_SPANS.name} AS SELECT * FROM spans")
    indexes = drop_span_indexes(store)
    for first in range(0, len(copies), 500):  # 7,500 articles, ~1 million span rows per transaction
        with store.engine.begin() as conn:
            if store.dialect == "sqlite":  # a bulk load: no fsync, a large page cache
                conn.exec_driver_sql("PRAGMA synchronous=OFF")
                conn.exec_driver_sql("PRAGMA cache_size=-400000")
            id_map.create(conn, checkfirst=True)
            for copy in copies[first:first + 500]:
                copy_rows(conn, snapshot, copy, id_map)
            copy_spans(conn, id_map)
            conn.execute(delete(id_map))
    with store.engine.begin() as conn:
        id_map.drop(conn)
        conn.exec_driver_sql(f"DROP TABLE {BASE_SPANS.name}")
        for ddl in indexes:
            conn.exec_driver_sql(ddl)
    if store.dialect == "postgresql":
        with store.engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")
    return store


def drop_span_indexes(store: Any) -> list[str]:
    """Drop the span table's secondary indexes for the bulk copy; returns the DDL that restores them.

    Inserting 14 million rows into indexes keyed by hashed article ids touches pages all over
    a file larger than any cache; building each index once at the end sorts instead.
    """
    if store.dialect == "sqlite":
        query = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'spans' AND sql IS NOT NULL"
    else:
        query = "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'spans' AND indexname NOT LIKE '%%pkey'"
    with store.engine.begin() as conn:
        found = [(name, ddl) for name, ddl in conn.exec_driver_sql(query)]
        for name, _ in found:
            conn.exec_driver_sql(f"DROP INDEX {name}")
    return [ddl for _, ddl in found]


def copy_base(store: Any, base: Any) -> None:
    """Every row of ``base`` (the ingested sample) into the empty ``store``, table by table."""
    with base.engine.connect() as src, store.engine.begin() as dst:
        for table in metadata.sorted_tables:
            rows = [dict(r) for r in src.execute(select(table)).mappings()]
            if rows:
                dst.execute(insert(table), rows)
        if store.dialect == "postgresql":  # explicit ids were inserted: move the sequences past them
            for table in ("spans", "stories", "ingest_errors", "corrections"):
                dst.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM {table}")


def copy_rows(conn: Any, snap: dict[str, list[dict[str, Any]]], copy: int, id_map: Any) -> None:
    """Copy ``copy`` of the articles, their bands, stage runs and stories; the spans come later, in SQL."""

    new_id = {a["id"]: hashlib.sha256(f"{copy}:{a['id']}".encode()).hexdigest()[:16] for a in snap["articles"]}
    day = dt.timedelta(days=copy)
    rows = []
    for a in snap["articles"]:
        published = a["published"]
        if published:
            published = (dt.date.fromisoformat(published[:10]) + day).isoformat() + published[10:]
        rows.append({**a, "id": new_id[a["id"]], "published": published, "title": f"{a['title']} ({copy})",
                     "near_duplicate_of": new_id.get(a["near_duplicate_of"]) if a["near_duplicate_of"] else None})  # fmt: skip
    conn.execute(insert(articles), rows)
    conn.execute(insert(id_map), [{"old": k, "new": v} for k, v in new_id.items()])
    conn.execute(insert(article_bands), [{"band": f"b{new_id[a]}", "article_id": new_id[a]} for a in new_id])  # band is 18 chars at most
    runs = select(id_map.c.new, stage_runs.c.stage, stage_runs.c.ran_at).join(id_map, id_map.c.old == stage_runs.c.article_id)
    conn.execute(insert(stage_runs).from_select(["article_id", "stage", "ran_at"], runs.where(id_map.c.new.in_(list(new_id.values())))))
    story_map = {}
    for st in snap["stories"]:
        story_map[st["id"]] = conn.execute(insert(stories).values(**{k: v for k, v in st.items() if k != "id"})).inserted_primary_key[0]
    conn.execute(insert(story_articles), [{**m, "article_id": new_id[m["article_id"]], "story_id": story_map[m["story_id"]]}
                                          for m in snap["story_articles"]])  # fmt: skip
    conn.execute(insert(story_keys), [{**k, "story_id": story_map[k["story_id"]]} for k in snap["story_keys"]])


# The base's spans, copied aside once: joining the id map to ``spans`` itself scanned the whole
# growing table (its indexes are dropped for the load) once per batch, so the build slowed as it
# grew (~550 articles a minute near 60k); the copy source now stays 2k rows.
BASE_SPANS = table_clause("bench_base_spans", *(column(c.name) for c in spans.columns))


def copy_spans(conn: Any, id_map: Any) -> None:
    """The base articles' spans again under each new id in ``id_map``, in one INSERT ... SELECT."""
    cols = [c.name for c in spans.columns if c.name not in ("id", "article_id")]
    base = BASE_SPANS.c
    rows = select(id_map.c.new, *(base[c] for c in cols)).join(id_map, id_map.c.old == base.article_id)
    conn.execute(insert(spans).from_select(["article_id", *cols], rows))


ENDPOINTS = [
    ("baseline: /static/site.css", "/static/site.css"),
    ("articles page", "/articles"),
    ("articles page, outlet + dates", "/articles?outlet=abs+news&since=2026-10-01&until=2027-03-31"),
    ("articles page, person", "/articles?person=Rimantas+Zukauskas"),
    ("articles page, story, by title", "/articles?story={story}&sort=title"),
    # The same pages with the count cache emptied before every request: what the facets and
    # totals cost to count (a view right after a write pays this once).
    ("articles page, counts not cached", "/articles"),
    ("articles page, outlet + dates, counts not cached", "/articles?outlet=abs+news&since=2026-10-01&until=2027-03-31"),
    ("articles page, person, counts not cached", "/articles?person=Rimantas+Zukauskas"),
    ("GET /api/articles/facets, outlet", "/api/articles/facets?outlet=abs+news"),
    ("story page", "/stories/{story}"),
    ("article page", "/articles/{article}"),
    ("search page", "/search?q=Grodno"),
    ("home (stories)", "/"),
    ("GET /api/articles", "/api/articles?limit=50"),
    ("GET /api/articles/{id}", "/api/articles/{article}"),
    ("GET /api/stories", "/api/stories"),
    ("GET /api/search", "/api/search?q=border"),
    ("GET /api/people", "/api/people"),
    ("people page", "/people"),
]


CLUSTER: Any = None  # a throwaway PostgreSQL cluster when --backend postgresql
BASE: Path | None = None  # a store holding the ingested sample corpus (--base), to skip the pipeline


def open_store(size: int, keep: Path | None, tmp: str) -> Any:
    """A store of ``size`` articles: built in ``tmp``, or kept under ``keep`` and reused next time."""
    from sitroom.store import Store

    if CLUSTER is not None:
        return build_store(CLUSTER.create_database(), size, BASE)
    if keep is None:
        return build_store(Path(tmp) / "web.db", size, BASE)
    path, done = keep / f"web-{size}.db", keep / f"web-{size}.done"
    if done.exists():  # a build cut short leaves no marker and is rebuilt
        return Store(f"sqlite:///{path}")
    keep.mkdir(parents=True, exist_ok=True)
    for stale in keep.glob(f"web-{size}.db*"):
        stale.unlink()
    store = build_store(path, size, BASE)
    done.touch()
    return store


def measure(size: int, requests: int, only: str = "", keep: Path | None = None) -> dict[str, dict[str, float]]:
    from fastapi.testclient import TestClient

    from sitroom.analysis.brief import main_story
    from sitroom.api.app import create_app

    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(size, keep, tmp)
        story = main_story(store)
        article = store.list_articles(limit=1)[0]["id"]
        # As `sitroom serve` starts: the people directory is built in the background from the start.
        started = time.perf_counter()
        app = create_app(store, warm_people=True)
        client = TestClient(app, base_url="http://127.0.0.1")
        out: dict[str, dict[str, float]] = {}
        first_name, first_url = next((n, t) for n, t in ENDPOINTS if not n.startswith("baseline") and (not only or only in n))
        t0 = time.perf_counter()
        assert client.get(first_url.format(story=story, article=article)).status_code == 200
        out["first request, directory still building: " + first_name] = {"cold_ms": (time.perf_counter() - t0) * 1000}
        warming = app.state.sitroom.people._warming
        if warming is not None:
            warming.join()  # what follows is measured with the directory built, as on a server up for a while
        out["people directory, background build"] = {"cold_ms": (time.perf_counter() - started) * 1000}
        for name, template in ENDPOINTS:
            if only and only not in name and not name.startswith("baseline"):
                continue
            url = template.format(story=story, article=article)
            first = time.perf_counter()
            response = client.get(url)
            cold = time.perf_counter() - first
            assert response.status_code == 200, (url, response.status_code, response.text[:200])
            times = []
            for _ in range(requests):
                if "not cached" in name:
                    app.state.sitroom.counts.clear()
                t0 = time.perf_counter()
                client.get(url)
                times.append(time.perf_counter() - t0)
            times.sort()
            out[name] = {"cold_ms": cold * 1000, "p50_ms": statistics.median(times) * 1000,
                         "p95_ms": times[min(len(times) - 1, int(0.95 * len(times)))] * 1000}  # fmt: skip
        out["_articles"] = {"n": float(store.count_articles())}
    return out


def table(results: dict[int, dict[str, dict[str, float]]]) -> str:
    sizes = sorted(results)
    head = "| endpoint | " + " | ".join(f"{results[s]['_articles']['n']:,.0f} articles: cold / p50 / p95 ms (p95 / baseline p95)"
                                      for s in sizes) + " |"  # fmt: skip
    lines = [head, "|" + " --- |" * (len(sizes) + 1)]
    once = sorted({k for s in sizes for k, v in results[s].items() if "p95_ms" not in v and not k.startswith("_")})
    for name in once:  # measured once, not per request
        lines.append(f"| {name} | " + " | ".join(f"{results[s][name]['cold_ms']:.0f} (once)" if name in results[s] else "" for s in sizes) + " |")
    for name, _ in ENDPOINTS:
        if not all(name in results[s] for s in sizes):
            continue
        base = {s: results[s]["baseline: /static/site.css"]["p95_ms"] for s in sizes}
        cells = [f"{results[s][name]['cold_ms']:.0f} / {results[s][name]['p50_ms']:.0f} / {results[s][name]['p95_ms']:.0f}"
                 f" ({results[s][name]['p95_ms'] / base[s]:.1f}x)" for s in sizes]  # fmt: skip
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--only", default="", help="only endpoints whose name contains this (and the baseline)")
    parser.add_argument("--keep", type=Path, help="keep the built stores in this directory and reuse them")
    parser.add_argument("--write", action="store_true", help="record the table in docs/benchmarks.md")
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite",
                        help="postgresql: the stores live on a throwaway cluster (initdb in a temp folder)")
    parser.add_argument("--base", type=Path, help="a SQLite store holding the ingested sample corpus (`sitroom --db B ingest --sample`)")
    args = parser.parse_args()
    global CLUSTER, BASE
    BASE = args.base
    if args.backend == "postgresql":
        from sitroom.store.throwaway import ThrowawayCluster

        CLUSTER = ThrowawayCluster().start()
    try:
        results = {size: measure(size, args.requests, args.only, args.keep) for size in args.sizes}
    finally:
        if CLUSTER is not None:
            CLUSTER.stop()
    text = table(results)
    print(text)
    if args.write and args.backend == "postgresql":
        record("web-latency-postgresql", f"Measured {dt.date.today().isoformat()} on PostgreSQL 15 (a throwaway local cluster), "
               f"`python benchmarks/web_latency.py --backend postgresql --write` ({args.requests} warm requests per endpoint "
               f"after one cold one; in-process TestClient).\n\n{text}", "## Web and API latency on PostgreSQL (issue 14)")  # fmt: skip
    elif args.write:
        name = f"web-latency-{args.only.replace(' ', '-')}" if args.only else "web-latency"
        heading = f"## Web latency: {args.only} (issue 15)" if args.only else "## Web and API latency (issue 6)"
        command = "python benchmarks/web_latency.py" + (f" --sizes {' '.join(map(str, args.sizes))} --only {args.only}" if args.only else "")
        record(name, f"Measured {dt.date.today().isoformat()}, `{command} --write` "
               f"({args.requests} warm requests per endpoint after one cold one; in-process TestClient).\n\n{text}",
               heading)  # fmt: skip


if __name__ == "__main__":
    main()
