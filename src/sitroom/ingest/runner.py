"""Ingest a batch: read inputs, skip exact duplicates, annotate, link near-duplicates, store.

Each article is written in one transaction after its annotations are complete (the article,
its annotations, its near-duplicate link and its story membership), so an interrupted batch
keeps every article written before the interruption, each in its story, and nothing partial.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy.exc import IntegrityError

from sitroom.batch import ClusterOptions
from sitroom.config import Config
from sitroom.errors import InputError, one_line
from sitroom.ingest import IngestOptions, iter_articles
from sitroom.ingest.correction import OVERRIDES, correct_stored_copy
from sitroom.ingest.fingerprint import band_keys, fingerprint_article, minhash, shingles
from sitroom.model import Annotations, Article
from sitroom.nlp.pipeline import Pipeline, StageFailed, failure
from sitroom.resolve.stories import StoryGrouper
from sitroom.store import Store, new_run_id

T = TypeVar("T")


@dataclass
class IngestReport:
    """What one ``ingest`` run did, input by input."""

    run_id: str = field(default_factory=new_run_id)
    added: list[dict[str, Any]] = field(default_factory=list)
    duplicates: list[dict[str, Any]] = field(default_factory=list)
    near_duplicates: list[dict[str, Any]] = field(default_factory=list)
    updated: list[dict[str, Any]] = field(default_factory=list)  # stored articles whose metadata was corrected
    errors: list[InputError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "added": self.added,
            "duplicates": self.duplicates,
            "near_duplicates": self.near_duplicates,
            "updated": self.updated,
            "errors": [{"source": e.source, "problem": e.problem, "hint": e.hint} for e in self.errors],
            "warnings": self.warnings,
        }


def ingest_paths(paths: Iterable[str | Path], store: Store, config: Config, options: IngestOptions,
                 progress: Callable[[str], None] | None = None, cluster: ClusterOptions | None = None) -> IngestReport:
    """Ingest every article under ``paths`` into ``store``; bad inputs are reported, not fatal.

    Every article runs under a guard at every step (reading, each stage, the near-duplicate
    lookup, story grouping, storing): a failure records that article in ``sitroom errors``
    with the step and the batch goes on.
    """
    report = IngestReport()
    pipeline = Pipeline(config)  # checked before the first article is read
    grouper = StoryGrouper(store, config.get("resolve.lead_embedding")) if config.get("resolve.stories") else None
    if grouper is not None:
        config = _grouped_with(config, grouper, report)
        _repair(grouper, report)
    writer = ArticleWriter(store, grouper, float(config.get("ingest.near_duplicate_jaccard")))
    fresh = _fresh_articles(paths, store, options, report, progress)
    vectors: dict[str, Any] = {}  # lead embeddings the Dask workers computed, by article id
    if cluster is not None and cluster.enabled:  # the stages on Dask workers; storing stays here, in order
        from sitroom.batch import annotate_on_cluster

        annotated: Iterator[tuple[Article, Annotations] | InputError] = annotate_on_cluster(fresh, config, cluster, vectors)
    else:
        if grouper is not None:
            _load_embedder(grouper)
        annotated = pipeline.run(fresh)
    for result in annotated:
        if isinstance(result, InputError):
            _fail(store, report, result, progress)
            continue
        article, ann = result
        try:
            writer.write(article, ann, report, vectors.pop(article.id, None))
        except StageFailed as exc:
            _fail(store, report, failure(article, exc.step, exc.original), progress)
            continue
        if progress:
            progress(article.source)
    return report


def _fresh_articles(paths: Iterable[str | Path], store: Store, options: IngestOptions, report: IngestReport,
                    progress: Callable[[str], None] | None) -> Iterator[Article]:
    """Articles read from ``paths`` that are not already stored; the others go in the report."""
    seen: set[str] = set()
    for item in iter_articles(paths, options, report.warnings):
        if isinstance(item, InputError):
            _fail(store, report, item, progress)
            continue
        report.warnings.extend(item.warnings)
        scrub_nul(item)
        try:
            if _corrected(store, report, item, options):  # the same article again: new metadata, no copy
                if progress:
                    progress(item.source)
                continue
            item.id = fingerprint_article(item)
            duplicate = item.id in seen or store.has_article(item.id)
        except Exception as exc:
            _fail(store, report, failure(item, "fingerprint", exc), progress)
            continue
        if duplicate:
            _duplicate(report, item, progress)
            continue
        seen.add(item.id)
        yield item


def scrub_nul(article: Article) -> None:
    """NUL characters become U+FFFD before anything reads the text.

    PostgreSQL text cannot hold NUL, and no article means one; one character for one keeps
    every offset into the text the same on both engines.
    """
    for name in ("title", "text", "outlet", "byline", "url"):
        value = getattr(article, name)
        if value and "\x00" in value:
            setattr(article, name, value.replace("\x00", "\ufffd"))


@dataclass
class ArticleWriter:
    """Stores one annotated article: near-duplicate link, article, annotations and story in one transaction."""

    store: Store
    grouper: StoryGrouper | None
    threshold: float

    def write(self, article: Article, ann: Annotations, report: IngestReport, vector: Any = None) -> None:
        """Write ``article`` and add it to ``report``; raise StageFailed naming the step that failed.

        ``vector`` is the article's lead embedding when a Dask worker already computed it.
        """
        signature = _step("near-duplicates", minhash, shingles(article.text))
        bands = band_keys(signature)
        if vector is None and self.grouper:
            vector = _step("stories", self.grouper.embed, article)
        try:
            with self.store.transaction():
                # Checked again under the write lock: another process may have stored it meanwhile.
                if self.store.has_article(article.id):
                    _duplicate(report, article, None)
                    return
                near = _step("near-duplicates", self.store.find_near_duplicate, article.text, bands, self.threshold)
                _step("store", self.store.add_article, article, ann, signature, bands, near)
                story = _step("stories", self.grouper.add, article, ann, near.article_id if near else None, vector)[0] if self.grouper else None
        except IntegrityError:  # a concurrent writer on a backend without the write lock won the race
            _duplicate(report, article, None)
            return
        except StageFailed:
            raise
        except Exception as exc:  # the transaction itself: the write lock not granted in time, a full disk
            raise StageFailed("store", exc) from exc
        report.added.append({"id": article.id, "source": article.source, "title": article.title, "outlet": article.outlet,
                             "published": article.published, "entities": len(ann.entities), "quotes": len(ann.quotes), "story": story})  # fmt: skip
        if near:
            report.near_duplicates.append({"id": article.id, "source": article.source, "of": near.article_id, "similarity": near.similarity})


def _grouped_with(config: Config, grouper: StoryGrouper, report: IngestReport) -> Config:
    """``config`` with the lead embedding the store's grouping uses (what Dask workers compute), and
    the warning when the store overruled the configured one (resolve/stories.py, choose_embedding)."""
    if grouper.warning:
        report.warnings.append(grouper.warning)
    if config.get("resolve.lead_embedding") == grouper.embedding.name:
        return config
    settings = copy.deepcopy(config.settings)
    settings["resolve"]["lead_embedding"] = grouper.embedding.name
    return Config(settings)


def _load_embedder(grouper: StoryGrouper) -> None:
    """Build the lead-embedding model before the first parse, not in the middle of a batch of parses:
    its short-lived build memory then does not add to theirs (the run's peak). A model that
    cannot load fails each article at the step "stories", as it would without this."""
    try:
        from sitroom.resolve.stories import lead_embedder

        lead_embedder(grouper.embedding.name)
    except Exception:  # reported per article, where grouping needs it
        return


def _repair(grouper: StoryGrouper, report: IngestReport) -> None:
    """Place the articles an older version left outside any story; a failure is a warning, not the run's end."""
    try:
        grouper.place_unplaced()
    except Exception as exc:
        report.warnings.append(f"articles stored in no story could not be placed ({one_line(exc)}); run `sitroom resolve`")


def _step(name: str, fn: Callable[..., T], *args: Any) -> T:
    """``fn(*args)``; any exception comes out as StageFailed(name) (IntegrityError as it is)."""
    try:
        return fn(*args)
    except IntegrityError:
        raise
    except Exception as exc:
        raise StageFailed(name, exc) from exc


def _duplicate(report: IngestReport, article: Article, progress: Callable[[str], None] | None) -> None:
    report.duplicates.append({"source": article.source, "id": article.id})
    if progress:
        progress(article.source)


def _corrected(store: Store, report: IngestReport, article: Article, options: IngestOptions) -> bool:
    """True if ``article`` is already stored: its metadata corrected (or a duplicate), not added again."""
    correction = correct_stored_copy(store, article, {k: getattr(article, k) for k in OVERRIDES if getattr(options, k)})
    if correction is None:
        return False
    if correction.changes:
        report.updated.append(correction.to_dict())
    else:
        report.duplicates.append({"source": article.source, "id": correction.article_id})
    return True


def _fail(store: Store, report: IngestReport, error: InputError, progress: Callable[[str], None] | None) -> None:
    report.errors.append(error)
    try:
        store.record_error(report.run_id, error)
    except Exception as exc:  # a read-only or full store: the report still carries the error
        report.warnings.append(f"{error.source}: the error could not be recorded in the store ({one_line(exc)})")
    if progress:
        progress(error.source)
