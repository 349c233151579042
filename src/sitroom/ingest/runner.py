"""Ingest a batch: read inputs, skip exact duplicates, annotate, link near-duplicates, store.

Each article is written in its own transaction after its annotations are complete, so an
interrupted batch keeps every article written before the interruption and nothing partial.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitroom.config import Config
from sitroom.errors import InputError
from sitroom.ingest import IngestOptions, iter_articles
from sitroom.ingest.correction import OVERRIDES, correct_stored_copy
from sitroom.ingest.fingerprint import band_keys, fingerprint_article, minhash, shingles
from sitroom.model import Article
from sitroom.nlp.pipeline import Pipeline
from sitroom.resolve.stories import StoryGrouper
from sitroom.store import Store, new_run_id


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
                 progress: Callable[[str], None] | None = None) -> IngestReport:
    """Ingest every article under ``paths`` into ``store``; bad inputs are reported, not fatal."""
    report = IngestReport()
    pipeline = Pipeline(config)  # checked before the first article is read
    grouper = StoryGrouper(store) if config.get("resolve.stories") else None
    threshold = float(config.get("ingest.near_duplicate_jaccard"))

    def fresh_articles() -> Iterator[Article]:
        seen: set[str] = set()
        for item in iter_articles(paths, options):
            if isinstance(item, InputError):
                _fail(store, report, item, progress)
                continue
            report.warnings.extend(item.warnings)
            if _corrected(store, report, item, options):  # the same article again: new metadata, no copy
                if progress:
                    progress(item.source)
                continue
            item.id = fingerprint_article(item)
            if item.id in seen or store.has_article(item.id):
                report.duplicates.append({"source": item.source, "id": item.id})
                if progress:
                    progress(item.source)
                continue
            seen.add(item.id)
            yield item

    for result in pipeline.run(fresh_articles()):
        if isinstance(result, InputError):
            _fail(store, report, result, progress)
            continue
        article, ann = result
        signature = minhash(shingles(article.text))
        bands = band_keys(signature)
        near = store.find_near_duplicate(article.text, bands, threshold)
        store.add_article(article, ann, signature, bands, near)
        story = grouper.add(article, ann, near.article_id if near else None)[0] if grouper else None
        entry = {"id": article.id, "source": article.source, "title": article.title, "outlet": article.outlet,
                 "published": article.published, "entities": len(ann.entities), "quotes": len(ann.quotes), "story": story}  # fmt: skip
        report.added.append(entry)
        if near:
            report.near_duplicates.append({"id": article.id, "source": article.source, "of": near.article_id, "similarity": near.similarity})
        if progress:
            progress(article.source)
    return report


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
    store.record_error(report.run_id, error)
    if progress:
        progress(error.source)
