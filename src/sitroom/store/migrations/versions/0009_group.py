"""Story grouping reads a candidate's top keys without reading all of its keys: stories get
``top_weight`` (the weight of their 20th-heaviest key, store/blocking.py), kept current from a
new index of story_keys by story and weight. Scoring read every key of 50 candidates into
Python, which grew with each story's keys.

Revision ID: 0009_group
Revises: 0008_web
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_group"
down_revision = "0008_web"
branch_labels = None
depends_on = None

TOP_KEYS = 20  # store/blocking.py at the time of this revision


def upgrade() -> None:
    op.create_index("ix_story_keys_rank", "story_keys", ["story_id", sa.text("weight DESC"), "key"])
    with op.batch_alter_table("stories") as batch:
        batch.add_column(sa.Column("top_weight", sa.Integer, nullable=False, server_default="0"))
    op.execute("UPDATE stories SET top_weight = COALESCE((SELECT k.weight FROM story_keys k WHERE k.story_id = stories.id "
               f"ORDER BY k.weight DESC LIMIT 1 OFFSET {TOP_KEYS - 1}), 0)")  # fmt: skip


def downgrade() -> None:
    with op.batch_alter_table("stories") as batch:
        batch.drop_column("top_weight")
    op.drop_index("ix_story_keys_rank", table_name="story_keys")
