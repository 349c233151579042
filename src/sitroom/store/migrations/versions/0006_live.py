"""Live coverage: feeds, the feed entries already taken, each story's change log and
brief snapshot, and red-line alerts.

Revision ID: 0006_live
Revises: 0005_article_updated
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_live"
down_revision = "0005_article_updated"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feeds",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("url", sa.Text, nullable=False, unique=True),
        sa.Column("name", sa.Text),
        sa.Column("allow_private", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("added_at", sa.DateTime, nullable=False),
        sa.Column("polled_at", sa.DateTime),
        sa.Column("last_status", sa.Text),
    )
    op.create_table(
        "feed_entries",
        sa.Column("feed_id", sa.Integer, sa.ForeignKey("feeds.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("entry_key", sa.Text, primary_key=True),
        sa.Column("link", sa.Text, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("article_id", sa.String(16)),
        sa.Column("error", sa.Text),
        sa.Column("first_seen", sa.DateTime, nullable=False),
        sa.Column("done_at", sa.DateTime),
    )
    op.create_table(
        "story_snapshots",
        sa.Column("story_id", sa.Integer, sa.ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("snapshot", sa.JSON, nullable=False),
        sa.Column("taken_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "story_changes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("story_id", sa.Integer, sa.ForeignKey("stories.id", ondelete="CASCADE"), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("article_id", sa.String(16)),
        sa.Column("data", sa.JSON),
    )
    op.create_index("ix_story_changes_story_at", "story_changes", ["story_id", "at"])
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("story_id", sa.Integer, sa.ForeignKey("stories.id", ondelete="CASCADE"), nullable=False),
        sa.Column("key", sa.String(64), nullable=False, unique=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("red_line", sa.Text, nullable=False),
        sa.Column("article_id", sa.String(16), nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_index("ix_alerts_story", "alerts", ["story_id"])


def downgrade() -> None:
    op.drop_index("ix_alerts_story", table_name="alerts")
    op.drop_table("alerts")
    op.drop_index("ix_story_changes_story_at", table_name="story_changes")
    op.drop_table("story_changes")
    op.drop_table("story_snapshots")
    op.drop_table("feed_entries")
    op.drop_table("feeds")
