"""Indexes for the articles page and the store's write stamp (issue 15, latency at 10k-100k).

The facets read only outlet, day and id, which ``ix_articles_facets`` holds without the rows
(every row carries an article's text); the outlet filter is case-insensitive, so the index
starts with ``lower(outlet)``; the write stamp reads the newest ``ingested_at`` and story
``updated_at``.

Revision ID: 0008_web
Revises: 0007_editorial
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_web"
down_revision = "0007_editorial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_articles_facets", "articles", [sa.text("lower(outlet)"), "published", "outlet", "id"])
    op.create_index("ix_articles_ingested_at", "articles", ["ingested_at"])
    op.create_index("ix_stories_updated_at", "stories", ["updated_at"])


def downgrade() -> None:
    op.drop_index("ix_stories_updated_at", table_name="stories")
    op.drop_index("ix_articles_ingested_at", table_name="articles")
    op.drop_index("ix_articles_facets", table_name="articles")
