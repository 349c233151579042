"""Articles, near-duplicate bands, annotation spans, stage runs, ingest errors, search index.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("outlet", sa.Text),
        sa.Column("published", sa.String(25)),
        sa.Column("url", sa.Text),
        sa.Column("byline", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("word_count", sa.Integer, nullable=False),
        sa.Column("near_duplicate_of", sa.String(16), sa.ForeignKey("articles.id")),
        sa.Column("similarity", sa.Float),
        sa.Column("minhash", sa.LargeBinary, nullable=False),
        sa.Column("ingested_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_articles_published", "articles", ["published"])
    op.create_index("ix_articles_outlet", "articles", ["outlet"])
    op.create_table(
        "article_bands",
        sa.Column("band", sa.String(18), primary_key=True),
        sa.Column("article_id", sa.String(16), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    )
    op.create_table(
        "spans",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("article_id", sa.String(16), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("start_char", sa.Integer, nullable=False),
        sa.Column("end_char", sa.Integer, nullable=False),
        sa.Column("label", sa.String(40)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("data", sa.JSON().with_variant(postgresql.JSONB(), "postgresql")),
        sa.Column("stage", sa.String(40), nullable=False),
    )
    op.create_index("ix_spans_article_kind", "spans", ["article_id", "kind"])
    op.create_index("ix_spans_kind_label", "spans", ["kind", "label"])
    op.create_table(
        "stage_runs",
        sa.Column("article_id", sa.String(16), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("stage", sa.String(40), primary_key=True),
        sa.Column("ran_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "ingest_errors",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("run_id", sa.String(32), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("problem", sa.Text, nullable=False),
        sa.Column("hint", sa.Text, nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
    )
    from sitroom.store import BACKENDS

    BACKENDS[op.get_bind().dialect.name].create_search_index(op.get_bind())


def downgrade() -> None:
    from sitroom.store import BACKENDS

    BACKENDS[op.get_bind().dialect.name].drop_search_index(op.get_bind())
    for table in ("ingest_errors", "stage_runs", "spans", "article_bands", "articles"):
        op.drop_table(table)
