"""Editorial corrections: people merged or split and facts marked wrong, with an audit trail.

Revision ID: 0007_editorial
Revises: 0006_live
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_editorial"
down_revision = "0006_live"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "corrections",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("other", sa.Text),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_corrections_kind_subject", "corrections", ["kind", "subject"])


def downgrade() -> None:
    op.drop_index("ix_corrections_kind_subject", table_name="corrections")
    op.drop_table("corrections")
