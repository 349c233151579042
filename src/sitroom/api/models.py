"""Response models: what every /api endpoint answers, as /api/openapi.json documents it.

Rows we build ourselves forbid extra fields, so a field added to a query without its model
fails the tests instead of slipping out undocumented. Annotation items (quotes, events, ...)
allow extra fields: stages add to them, and the model documents the fields clients rely on.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Page(Strict):
    limit: int
    offset: int
    total: int = Field(description="How many items match in all.")


class Ok(Strict, Generic[T]):
    """The success envelope every /api reply uses."""

    ok: Literal[True] = True
    data: T
    page: Page | None = Field(None, description="Set on lists: the page shown and the total.")


class ErrorBody(Strict):
    code: str = Field(description="bad_request, unauthorized, forbidden, not_found, method_not_allowed, too_large, "
                                  "unsupported_media_type, invalid_request or internal_error")  # fmt: skip
    message: str
    hint: str = Field(description="What to do next.")


class ErrorEnvelope(Strict):
    """The error envelope every /api error uses (400-500)."""

    ok: Literal[False] = False
    error: ErrorBody


class Endpoint(Strict):
    method: str
    path: str
    summary: str


class ApiIndex(Strict):
    name: str
    version: str
    docs: str
    openapi: str
    endpoints: list[Endpoint]


class ArticleRow(Strict):
    id: str
    title: str
    outlet: str | None
    published: str | None = Field(description="ISO 8601 date or date-time")
    url: str | None
    word_count: int
    near_duplicate_of: str | None
    story: int | None
    source: str | None = Field(description="The URL, or the base name of the file it was read from")


class FacetValue(Strict):
    value: str | int | None
    label: str | int | None
    count: int


class Facets(Strict):
    outlet: list[FacetValue]
    date: list[FacetValue]
    story: list[FacetValue]
    person: list[FacetValue]


class ArticleFull(Strict):
    id: str
    title: str
    outlet: str | None
    published: str | None
    updated: str | None = Field(default=None, description="When the page says it was last updated, ISO 8601")
    url: str | None
    byline: str | None
    text: str
    near_duplicate_of: str | None
    similarity: float | None
    story: int | None
    source: str | None


class EntityOut(Strict):
    text: str
    label: str
    start: int
    end: int
    canonical: str


class Span(Open):
    """An extracted item: ``text`` is exactly ``article.text[start:end]``."""

    text: str
    start: int
    end: int


class Quote(Span):
    kind: str
    speaker: dict[str, Any] | None = None
    cue: str | None = None


class Figure(Span):
    value: float | None = None
    unit: str | None = None
    counted: str | None = None
    holder: str | None = None


class Event(Span):
    actor: str | None = None
    action: str | None = None
    target: str | None = None
    cameo: str | None = None
    plover: str | None = None
    quad_class: int | None = None
    goldstein: float | None = None
    date: str | None = None


class Claim(Span):
    type: str
    holder: str | None = None


class ArticleDocument(Strict):
    article: ArticleFull
    entities: list[EntityOut]
    mentions: list[dict[str, Any]]
    quotes: list[Quote]
    speakers: list[dict[str, Any]]
    figures: list[Figure]
    dates: list[Span]
    events: list[Event]
    claims: list[Claim]
    stages: list[str]


class StoryRow(Strict):
    id: int
    title: str
    first_date: str | None
    last_date: str | None
    article_count: int
    outlets: int
    escalation_level: float | None
    trend: Literal["rising", "falling", "steady"]


class StoryDetail(StoryRow):
    articles: list[ArticleRow]


class BriefStory(Open):
    """One story's situation picture in the brief's JSON contract (issue 9); facts carry a ``key`` for corrections."""

    id: int
    title: str
    bottom_line: list[str] = Field(description="3 to 5 sentences: the latest figures, the real disputes, the main options")
    articles: list[dict[str, Any]] = Field(description="id, outlet, published, copy_of (the original a syndicated copy repeats), url")
    facts: list[dict[str, Any]]
    updates: list[dict[str, Any]] = Field(description="one holder's figure for one quantity and scope over time")
    disputes: list[dict[str, Any]] = Field(description="incompatible values from different holders, same quantity, scope and time")
    quotes: list[dict[str, Any]]
    options: list[dict[str, Any]]
    triggers: list[dict[str, Any]]
    scenarios: list[dict[str, Any]]
    denials: list[dict[str, Any]]
    timeline: list[dict[str, Any]]
    escalation: list[dict[str, Any]]
    network: dict[str, Any]


class Brief(Strict):
    """``{"stories": [story]}``, exactly what ``sitroom brief --format json`` prints."""

    stories: list[BriefStory]


class SearchHit(Strict):
    id: str
    title: str
    outlet: str | None
    published: str | None
    snippet: str = Field(description="Text around the matches, matches in [brackets]")
    rank: float


class PersonRow(Strict):
    id: str
    name: str
    variants: list[str]
    roles: list[str]
    quote_count: int
    article_count: int


class PersonQuote(Strict):
    article_id: str
    outlet: str | None
    published: str | None
    title: str
    text: str
    kind: str | None
    start: int
    end: int


class PersonDetail(PersonRow):
    role_sources: list[dict[str, Any]]
    articles: list[str]
    quotes: list[PersonQuote]


class ErrorRow(Strict):
    id: int
    at: dt.datetime
    run_id: str
    source: str
    problem: str
    hint: str


class EntityCount(Strict):
    canonical: str | None
    label: str | None
    articles: int
    mentions: int


class PersonCount(Strict):
    name: str | None
    titles: str
    articles: int
    mentions: int


class Stats(Strict):
    articles: int
    outlets: list[str]
    near_duplicates: int
    first: str | None
    last: str | None
    stories: int
    top_entities: list[EntityCount]
    top_people: list[PersonCount]


class Correction(Strict):
    id: int
    kind: Literal["same_person", "not_same_person", "fact_wrong", "fact_restored"]
    subject: str
    other: str | None
    note: str
    at: dt.datetime


class CorrectionIn(Strict):
    kind: Literal["same_person", "not_same_person", "fact_wrong", "fact_restored"]
    subject: str = Field(min_length=1, max_length=500, description="A person (id, name or spelling) or a fact key")
    other: str | None = Field(None, max_length=500, description="The second person of a merge or split")
    note: str = Field("", max_length=2000)


class IngestReport(Open):
    run_id: str
    added: list[dict[str, Any]]
    duplicates: list[dict[str, Any]]
    near_duplicates: list[dict[str, Any]]
    errors: list[dict[str, Any]]
    warnings: list[str]


class ArticleEditIn(Strict):
    """The fields to correct; a field left out stays as it is, null or "" clears it."""

    outlet: str | None = Field(None, max_length=500)
    published: str | None = Field(None, max_length=100, description="ISO 8601, e.g. 2026-09-15 or 2026-09-15T08:00")
    url: str | None = Field(None, max_length=2000)


class FieldChange(Strict):
    old: str | None
    new: str | None


class ArticleEdit(Strict):
    """What an edit changed (the same JSON as `sitroom edit --format json`)."""

    id: str
    source: str
    story: int | None
    changes: dict[str, FieldChange]
