"""Articles: an ``updated`` column, so that a page's "Updated ..." time is kept apart from
when it was published (issue 10: the sniffer read both and had to throw one away).

Revision ID: 0005_article_updated
Revises: 0003
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_article_updated"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("articles", sa.Column("updated", sa.String(25), comment="ISO 8601 date or date-time the page says it was updated"))


def downgrade() -> None:
    op.drop_column("articles", "updated")
