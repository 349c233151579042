"""Ingest on a Dask cluster: the per-article phase on the workers, the ordered phase here.

Reading, cleaning and the NLP stages of one article need nothing from any other article, so
they run on the workers, chunk by chunk, with the spaCy model loaded once per worker process.
Deduplication, storing and story grouping stay in the calling process and in input order:
grouping is incremental (each article is compared with the stories that the articles before
it formed), so doing it in the same order is what makes a 2-worker run give exactly the
stories of a 1-process run. The results of chunk *k* are consumed while chunks *k+1...* are
still being annotated, so the ordered phase overlaps the parallel one.

A remote scheduler (``--scheduler tcp://HOST:PORT``) needs sitroom installed on its workers
and the input paths readable there under the same names (a shared file system).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from sitroom.config import Config
from sitroom.errors import InputError
from sitroom.ingest import IngestOptions, expand_paths, iter_articles
from sitroom.ingest.fingerprint import fingerprint_article
from sitroom.model import Annotations, Article

# Files per task: big enough that scheduling costs (~1 ms a task) vanish next to parsing
# (~100 ms an article), small enough that 2 workers stay busy on a 20-file batch.
CHUNK_FILES = 4


@dataclass
class ClusterOptions:
    """Where the per-article phase runs: a local cluster of ``workers`` processes, or ``scheduler``."""

    workers: int = 0
    scheduler: str | None = None


def _error_tuple(err: InputError) -> tuple[str, str, str]:
    # InputError's constructor takes three arguments, which Exception pickling does not
    # replay; plain tuples cross the wire instead.
    return (err.source, err.problem, err.hint)


@lru_cache(maxsize=2)
def _worker_pipeline(settings_json: str) -> Any:
    """One Pipeline (and so one spaCy model) per worker process and configuration."""
    from sitroom.nlp.pipeline import Pipeline

    return Pipeline(Config(json.loads(settings_json)))


def annotate_chunk(paths: list[str], settings_json: str, options: IngestOptions) -> list[tuple[str, Any]]:
    """Read and annotate the articles of ``paths`` on a worker: ("article", (a, ann)) or ("error", ...)."""
    pipeline = _worker_pipeline(settings_json)
    out: list[tuple[str, Any]] = []
    articles: list[Article] = []
    for item in iter_articles(paths, options):
        if isinstance(item, InputError):
            out.append(("error", _error_tuple(item)))
        else:
            item.id = fingerprint_article(item)
            articles.append(item)
    for result in pipeline.run(articles):
        out.append(("error", _error_tuple(result)) if isinstance(result, InputError) else ("article", result))
    return out


def chunk_files(files: list[Path], size: int = CHUNK_FILES) -> list[list[str]]:
    return [[str(p) for p in files[i:i + size]] for i in range(0, len(files), size)]


def _client(cluster: ClusterOptions) -> Any:
    from dask.distributed import Client, LocalCluster

    if cluster.scheduler:
        return Client(cluster.scheduler, timeout="30s")
    local = LocalCluster(n_workers=cluster.workers, threads_per_worker=1, processes=True,
                         dashboard_address=None, silence_logs=40)  # fmt: skip
    return Client(local)


def annotate_on_cluster(paths: list[str | Path], config: Config, options: IngestOptions,
                        cluster: ClusterOptions) -> Iterator[tuple[Article, Annotations] | InputError]:
    """Every input's (article, annotations) or InputError, in input order, annotated on Dask workers."""
    files: list[Path] = []
    for item in expand_paths(paths):
        if isinstance(item, InputError):
            yield item
        else:
            files.append(item)
    settings_json = json.dumps(config.settings)
    client = _client(cluster)
    try:
        chunks = chunk_files(files)
        futures = client.map(annotate_chunk, chunks, settings_json=settings_json, options=options, pure=False)
        for chunk, future in zip(chunks, futures, strict=True):
            yield from _chunk_results(chunk, future)
    finally:
        client.close()
        if not cluster.scheduler and client.cluster is not None:
            client.cluster.close()


def _chunk_results(chunk: list[str], future: Any) -> Iterator[tuple[Article, Annotations] | InputError]:
    try:
        results = future.result()
    except Exception as exc:  # a worker died or the task raised: every file of the chunk fails alone
        reason = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}".strip()
        for path in chunk:
            yield InputError(path, f"failed on a Dask worker ({reason})", "run it again without --workers to see why")
        return
    finally:
        future.release()
    for kind, payload in results:
        yield InputError(*payload) if kind == "error" else payload
