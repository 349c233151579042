"""The data sitroom works with, as typed dataclasses.

Every annotation carries ``start``/``end``: character offsets into ``Article.text``, the
exact text that the store holds. Nothing is kept without that provenance.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Article:
    """One news article as stored: ``text`` is the cleaned body that every offset refers to."""

    title: str
    text: str
    outlet: str | None = None
    published: str | None = None  # ISO 8601: "2024-10-27" or "2024-10-27T08:00"
    updated: str | None = None  # when the page says it was last updated, kept apart from published
    url: str | None = None
    byline: str | None = None
    source: str = ""  # where it came from: a path, "path#record 3", a URL
    id: str = ""  # content hash, set by fingerprint_article
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "outlet": self.outlet,
            "published": self.published,
            "updated": self.updated,
            "url": self.url,
            "byline": self.byline,
            "text": self.text,
        }


@dataclass
class Sentence:
    start: int
    end: int


@dataclass
class Entity:
    """A named entity. ``canonical`` is the gazetteer name or the article's fullest name."""

    text: str
    label: str
    start: int
    end: int
    canonical: str
    kb_id: str | None = None  # gazetteer id ("POL", "RUS:Kursk", "NATO") when known
    country: str | None = None
    sector: str | None = None
    stands_for: str | None = None  # a capital or metonym standing for a government

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Mention:
    """One way the article refers to a person or organisation."""

    text: str
    start: int
    end: int
    kind: str  # "name", "surname", "title+name", "title", "org"


@dataclass
class MentionGroup:
    """All mentions of one person or organisation within one article."""

    id: int
    label: str  # PERSON or ORG
    name: str  # the fullest name the article gives
    titles: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)  # ISO3 of the state the article ties them to

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Annotations:
    """What the pipeline stages add to an article, keyed by what each stage provides."""

    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    mentions: list[MentionGroup] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)
    figures: list[dict[str, Any]] = field(default_factory=list)
    dates: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)
    speakers: list[dict[str, Any]] = field(default_factory=list)
    # Which registered stage version produced each kind ("entities" -> "entities.v1").
    produced_by: dict[str, str] = field(default_factory=dict)


def extract_document(article: Article, ann: Annotations) -> dict[str, Any]:
    """The JSON document of ``sitroom extract``: one article and everything found in it."""
    return {
        "article": article.to_dict(),
        "entities": [
            {k: e.to_dict()[k] for k in ("text", "label", "start", "end", "canonical")}
            for e in ann.entities
        ],
        "mentions": [g.to_dict() for g in ann.mentions],
        "quotes": ann.quotes,
        "speakers": ann.speakers,
        "figures": ann.figures,
        "dates": ann.dates,
        "events": ann.events,
        "claims": ann.claims,
    }
