"""Index story_keys by story and weight: scoring a candidate story reads its top keys only,
in index order (it read every key of every candidate, and a story gathers keys as it grows).

Revision ID: 0008_group
Revises: 0007_editorial
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_group"
down_revision = "0007_editorial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_story_keys_rank", "story_keys", ["story_id", sa.text("weight DESC"), "key"])


def downgrade() -> None:
    op.drop_index("ix_story_keys_rank", table_name="story_keys")
