"""Ingest on a Dask cluster: the NLP stages on the workers, everything ordered here.

The parse and the stages are what cost (about 98% of an article's time), and one article's
annotation needs nothing from any other, so they run on the workers, a chunk of articles per
task, with the spaCy model loaded once per worker process. Reading, cleaning, correction and
duplicate checks, storing and story grouping stay in the calling process and in input order:

- grouping is incremental (each article is compared with the stories that the articles before
  it formed), so doing it in the same order is what makes a 2-worker run give exactly the
  stories of a 1-process run;
- reading here means a remote cluster (``--scheduler tcp://HOST:PORT``) needs sitroom on its
  workers but not the input files: the articles travel with the task.

At most ``IN_FLIGHT_PER_WORKER`` chunks per worker are submitted ahead of the one being
stored, so memory stays bounded on a backlog of any size while the workers never idle.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sitroom.config import Config
from sitroom.errors import InputError
from sitroom.model import Annotations, Article

# Articles per task: big enough that scheduling (~1 ms a task) vanishes next to an article's
# parse, stages and lead embedding (~200-300 ms), small enough that the workers finish together:
# with 8, a 39-article batch made 5 tasks, 3 for one worker and 2 for the other, so 2 workers
# could be at most 1.6 times as fast as one whatever the machine.
CHUNK_ARTICLES = 4
IN_FLIGHT_PER_WORKER = 3
Annotated = tuple[Article, Annotations] | InputError


@dataclass
class ClusterOptions:
    """Where the stages run: a local cluster of ``workers`` processes, or an existing ``scheduler``."""

    workers: int = 0
    scheduler: str | None = None

    @property
    def enabled(self) -> bool:
        return bool(self.scheduler) or self.workers > 0


def _error_tuple(err: InputError) -> tuple[str, str, str, str]:
    # InputError's constructor takes several arguments, which Exception pickling does not
    # replay; a plain tuple crosses the wire instead.
    return (err.source, err.problem, err.hint, err.step)


@lru_cache(maxsize=2)
def _worker_pipeline(settings_json: str) -> Any:
    """One Pipeline (and so one spaCy model) per worker process and configuration."""
    from sitroom.nlp.pipeline import Pipeline

    return Pipeline(Config(json.loads(settings_json)))


def warm_worker(settings_json: str) -> None:
    """Load the spaCy model and the embedding model on a worker ahead of its first task
    (``client.run(warm_worker, settings_json)``): a cluster kept for a backlog pays this once,
    and a benchmark can time the ingest apart from it, as it times one process after its model loads."""
    _worker_pipeline(settings_json).load_model()
    embedding = _lead_embedding(settings_json)
    if embedding:
        from sitroom.resolve.stories import lead_embedder

        lead_embedder(embedding)


def annotate_chunk(articles: list[Article], settings_json: str) -> list[tuple[str, Any]]:
    """On a worker: ("article", (article, annotations, lead vector or None)) or ("error", fields), in input order.

    The lead embedding for story grouping is computed here too: at ~35 ms of CPU an article it
    was the largest per-article cost left in the ordered phase, which is the one that cannot
    be spread over workers. One text at a time, exactly as the one-process path embeds it.
    """
    pipeline = _worker_pipeline(settings_json)
    embedding = _lead_embedding(settings_json)
    if embedding:  # built before the parses of this chunk (see ingest.runner._load_embedder)
        from sitroom.resolve.stories import lead_embedder

        lead_embedder(embedding)
    out: list[tuple[str, Any]] = []
    for r in pipeline.run(articles):
        if isinstance(r, InputError):
            out.append(("error", _error_tuple(r)))
        else:
            out.append(("article", (*r, _lead_vector(r[0], embedding) if embedding else None)))
    return out


def _lead_embedding(settings_json: str) -> str | None:
    """The lead embedding the workers compute (the one the calling process's grouper uses), None without stories."""
    resolve = json.loads(settings_json)["resolve"]
    return str(resolve.get("lead_embedding") or "static") if resolve["stories"] else None


def _lead_vector(article: Article, embedding: str) -> Any:
    from sitroom.resolve.stories import lead_embedder, lead_text

    return lead_embedder(embedding).embed([lead_text(article)])[0]


def _chunks(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    chunk: list[Article] = []
    for article in articles:
        chunk.append(article)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _client(cluster: ClusterOptions) -> Any:
    from dask.distributed import Client, LocalCluster

    if cluster.scheduler:
        return Client(cluster.scheduler, timeout="30s")
    local = LocalCluster(n_workers=cluster.workers, threads_per_worker=1, processes=True,
                         dashboard_address=None, silence_logs=40)  # fmt: skip
    return Client(local)


def annotate_on_cluster(articles: Iterable[Article], config: Config, cluster: ClusterOptions,
                        vectors: dict[str, Any] | None = None) -> Iterator[Annotated]:
    """Each article's (article, annotations) or InputError, in input order, annotated on Dask workers.

    Each article's lead vector (for story grouping), when the workers computed one, goes into
    ``vectors`` under the article's id before the article is yielded.
    """
    settings_json = json.dumps(config.settings)
    client = _client(cluster)
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})) or cluster.workers)
        pending: deque[tuple[list[Article], Any]] = deque()
        for chunk in _chunks(articles, CHUNK_ARTICLES):
            pending.append((chunk, client.submit(annotate_chunk, chunk, settings_json, pure=False)))
            while len(pending) >= workers * IN_FLIGHT_PER_WORKER:
                yield from _chunk_results(*pending.popleft(), vectors)
        while pending:
            yield from _chunk_results(*pending.popleft(), vectors)
    finally:
        local = client.cluster if not cluster.scheduler else None
        client.close()
        if local is not None:
            local.close()


def _chunk_results(chunk: list[Article], future: Any, vectors: dict[str, Any] | None) -> Iterator[Annotated]:
    try:
        results = future.result()
    except Exception as exc:  # a worker died or the task raised: each article of the chunk fails alone
        first = str(exc).splitlines()[0] if str(exc) else ""
        for article in chunk:
            yield InputError(article.source, f"failed on a Dask worker ({type(exc).__name__}: {first})",
                             "run it again without --workers to see why", step="worker")  # fmt: skip
        return
    finally:
        future.release()
    for kind, payload in results:
        if kind == "error":
            yield InputError(*payload)
            continue
        article, ann, vector = payload
        if vectors is not None and vector is not None:
            vectors[article.id] = vector
        yield article, ann
