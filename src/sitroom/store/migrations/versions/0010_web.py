"""Indexes for the articles page's sort orders (issue 15, latency at 100k articles).

Each sort column with the id that breaks its ties: a page in title or word-count order is read
from its index instead of sorting every matching row, and a person's page walks (published, id)
without reading the rows, each of which carries an article's text.

Revision ID: 0010_web
Revises: 0009_group
Create Date: 2026-12-03
"""

from alembic import op

revision = "0010_web"
down_revision = "0009_group"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_articles_published_id", "articles", ["published", "id"])
    op.create_index("ix_articles_title_id", "articles", ["title", "id"])
    op.create_index("ix_articles_words_id", "articles", ["word_count", "id"])


def downgrade() -> None:
    op.drop_index("ix_articles_words_id", table_name="articles")
    op.drop_index("ix_articles_title_id", table_name="articles")
    op.drop_index("ix_articles_published_id", table_name="articles")
