"""Correcting a stored article: new metadata for the same article, never a second copy.

The ingest warning says "pass --published to set one"; before this, doing so re-ingested the
file as a new article (the id hashes outlet, title and text, so a corrected outlet gave a new
id, and a near-duplicate at similarity 1.00). Identity now does not rest on metadata that can
be corrected: a read article is the stored one when its text is exactly the stored text and

1. it comes from the same source path or the same URL, or
2. it has the same title and does not name a different outlet (the same page saved twice).

A syndicated copy (same text, another outlet) stays a separate article, linked as a
near-duplicate, because it is a separate publication that corroboration counts apart.
Ids of stored articles never change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sitroom.ingest.fingerprint import band_keys, minhash, shingles
from sitroom.model import Article
from sitroom.store import CORRECTABLE, Store

# What the command line can override (IngestOptions fields of the same names).
OVERRIDES = ("outlet", "published", "url")


@dataclass
class Correction:
    """What changed on one stored article, and the story it is in afterwards."""

    article_id: str
    source: str
    changes: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    story: int | None = None

    def describe(self) -> str:
        """"updated 1ca1ff6f: published None -> 2024-10-27; outlet - -> Baltic Courier"."""
        parts = "; ".join(f"{name} {old} -> {new}" for name, (old, new) in self.changes.items())
        return f"updated {self.article_id}: {parts}" + (f" (story {self.story})" if self.story is not None else "")

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.article_id, "source": self.source, "story": self.story,
                "changes": {k: {"old": o, "new": n} for k, (o, n) in self.changes.items()}}  # fmt: skip


def find_stored_copy(store: Store, article: Article) -> dict[str, Any] | None:
    """The stored article that ``article`` is (see the module docstring), or None."""
    rows = store.articles_with_text(article.text, band_keys(minhash(shingles(article.text))))
    for row in rows:
        if row["source"] == article.source or (article.url and row["url"] == article.url):
            return row
    for row in rows:
        if row["title"] == article.title and (not row["outlet"] or not article.outlet or row["outlet"] == article.outlet):
            return row
    return None


def correct_stored_copy(store: Store, article: Article, overridden: dict[str, str | None]) -> Correction | None:
    """If ``article`` is already stored, correct the stored one and return what changed; else None.

    ``overridden`` holds the values the user gave (--outlet, --published, --url): they win.
    Other fields only fill what the stored article lacks, so re-reading a page never undoes
    a correction made with ``sitroom edit``.
    """
    row = find_stored_copy(store, article)
    if row is None:
        return None
    fields: dict[str, str | None] = {name: value for name, value in overridden.items() if value}
    for name in CORRECTABLE:
        value = getattr(article, name)
        if name not in fields and value and not row[name]:
            fields[name] = value
    return apply_correction(store, row["id"], fields, article.source)


def apply_correction(store: Store, article_id: str, fields: dict[str, str | None], source: str = "") -> Correction:
    """Write ``fields`` to the stored article; when its date changed, place it in its story again."""
    correction = Correction(article_id, source, store.update_article_metadata(article_id, fields))
    if "published" in correction.changes and store.remove_from_story(article_id) is not None:
        correction.story = _place_again(store, article_id)
    else:
        correction.story = store.article_story(article_id)
    return correction


def _place_again(store: Store, article_id: str) -> int | None:
    """Group the article again with its new date (stories are windows in time)."""
    from sitroom.resolve.stories import StoryGrouper

    row = store.get_article(article_id)
    if row is None:
        return None
    article = Article(**{k: row[k] for k in ("id", "title", "text", "outlet", "published", "updated", "url", "byline")})
    story, _ = StoryGrouper(store).add(article, store.get_annotations(article_id), row["near_duplicate_of"])
    return story
