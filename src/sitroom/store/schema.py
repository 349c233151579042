"""The store's tables (SQLAlchemy Core). Portable SQL only: SQLite-only DDL lives in sqlite.py.

Annotations share one ``spans`` table: a kind, character offsets into ``articles.text``,
a label, a JSON payload and the versioned stage that produced the row. Later stages add
kinds, not tables, unless they need their own indexes.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB

# JSON payloads are jsonb on PostgreSQL (indexable, compared by value), JSON text on SQLite.
PAYLOAD = JSON().with_variant(JSONB(), "postgresql")

metadata = MetaData()

articles = Table(
    "articles",
    metadata,
    Column("id", String(16), primary_key=True, comment="content hash of outlet, title and text"),
    Column("title", Text, nullable=False),
    Column("outlet", Text),
    Column("published", String(25), comment="ISO 8601 date or date-time"),
    Column("updated", String(25), comment="ISO 8601 date or date-time the page says it was updated"),
    Column("url", Text),
    Column("byline", Text),
    Column("text", Text, nullable=False),
    Column("source", Text, nullable=False, comment="path or URL it was read from"),
    Column("word_count", Integer, nullable=False),
    Column("near_duplicate_of", String(16), ForeignKey("articles.id"), comment="earlier article it copies"),
    Column("similarity", Float, comment="Jaccard similarity to near_duplicate_of"),
    Column("minhash", LargeBinary, nullable=False),
    Column("ingested_at", DateTime, nullable=False),
)
Index("ix_articles_published", articles.c.published)
Index("ix_articles_outlet", articles.c.outlet)
# The articles page (0008_web): its facets group and filter on outlet, day and id only, so this
# index answers them without reading the rows (each row carries the article's text), and the
# case-insensitive outlet filter seeks on its first column; ingested_at feeds the write stamp.
Index("ix_articles_facets", func.lower(articles.c.outlet), articles.c.published, articles.c.outlet, articles.c.id)
Index("ix_articles_ingested_at", articles.c.ingested_at)
# The articles page's sort orders with their tie-breaking id (0010_web): a page is read from the
# index, not sorted from every row, and a person's page walks (published, id) without the rows.
Index("ix_articles_published_id", articles.c.published, articles.c.id)
Index("ix_articles_title_id", articles.c.title, articles.c.id)
Index("ix_articles_words_id", articles.c.word_count, articles.c.id)

article_bands = Table(
    "article_bands",
    metadata,
    Column("band", String(18), primary_key=True),
    Column("article_id", String(16), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
)

spans = Table(
    "spans",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(16), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(20), nullable=False, comment="sentence, entity, mention, quote, ..."),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Column("label", String(40)),
    Column("text", Text, nullable=False),
    Column("data", PAYLOAD),
    Column("stage", String(40), nullable=False, comment="registered stage that produced it, e.g. entities.v1"),
)
Index("ix_spans_article_kind", spans.c.article_id, spans.c.kind)
Index("ix_spans_kind_label", spans.c.kind, spans.c.label)

stage_runs = Table(
    "stage_runs",
    metadata,
    Column("article_id", String(16), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("stage", String(40), primary_key=True),
    Column("ran_at", DateTime, nullable=False),
)

ingest_errors = Table(
    "ingest_errors",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", String(32), nullable=False),
    Column("source", Text, nullable=False),
    Column("problem", Text, nullable=False),
    Column("hint", Text, nullable=False),
    Column("at", DateTime, nullable=False),
)

article_vectors = Table(
    "article_vectors",
    metadata,
    Column("article_id", String(16), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("model", String(40), nullable=False),
    Column("vector", LargeBinary, nullable=False, comment="float32 embedding of title and lead"),
)

stories = Table(
    "stories",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("title", Text, nullable=False),
    Column("first_date", String(25)),
    Column("last_date", String(25)),
    Column("article_count", Integer, nullable=False),
    Column("centroid", LargeBinary, nullable=False, comment="mean embedding of its articles"),
    Column("top_weight", Integer, nullable=False, server_default="0",
           comment="weight of its 20th-heaviest key (store/blocking.py): keys at least this heavy are its top keys"),
    Column("updated_at", DateTime, nullable=False),
)
Index("ix_stories_last_date", stories.c.last_date)
Index("ix_stories_updated_at", stories.c.updated_at)

story_articles = Table(
    "story_articles",
    metadata,
    Column("article_id", String(16), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("story_id", Integer, ForeignKey("stories.id", ondelete="CASCADE"), nullable=False),
    Column("score", Float, nullable=False),
    Column("stage", String(40), nullable=False, comment="version of the grouping that placed it"),
    Column("added_at", DateTime, nullable=False),
)
Index("ix_story_articles_story", story_articles.c.story_id)

story_keys = Table(
    "story_keys",
    metadata,
    Column("key", String(80), primary_key=True, comment="salient entity of the story, for blocking"),
    Column("story_id", Integer, ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True),
    Column("weight", Integer, nullable=False),
)
Index("ix_story_keys_story", story_keys.c.story_id, story_keys.c.key)
# A story's keys heaviest first: its top_weight is read in 20 index steps, however many keys
# a long story has gathered.
Index("ix_story_keys_rank", story_keys.c.story_id, story_keys.c.weight.desc(), story_keys.c.key)

# Editorial corrections, kept apart from extracted data so that re-running the pipeline never
# loses them; every change is a new row (the audit trail), the newest row per subject wins.
corrections = Table(
    "corrections",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(20), nullable=False, comment="same_person, not_same_person, fact_wrong, fact_restored"),
    Column("subject", Text, nullable=False, comment="a person's name or a fact key"),
    Column("other", Text, comment="the second person of a merge or split"),
    Column("note", Text, nullable=False, default=""),
    Column("at", DateTime, nullable=False),
)
Index("ix_corrections_kind_subject", corrections.c.kind, corrections.c.subject)
