"""Callbacks booked at a terminal when no teller was free (issue 11).

Revision ID: 0008_callbacks
Revises: 0007_ops_indexes
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_callbacks"
down_revision = "0007_ops_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the callbacks table."""
    op.create_table(
        "callbacks",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("reference", sa.String(16), nullable=False),
        sa.Column("terminal_id", sa.String(64), nullable=False),
        sa.Column("branch", sa.String(64), nullable=False),
        sa.Column("call_id", sa.String(36)),
        sa.Column("skill", sa.String(48), nullable=False),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("phone", sa.String(20), nullable=False),
        sa.Column("window_start", sa.Float, nullable=False),
        sa.Column("window_end", sa.Float, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("done_at", sa.Float),
        sa.Column("done_by", sa.Integer),
        sa.PrimaryKeyConstraint("id", name="pk_callbacks"),
        sa.UniqueConstraint("reference", name="uq_callbacks_reference"),
    )
    op.create_index("ix_callbacks_branch", "callbacks", ["branch"])


def downgrade() -> None:
    """Drop the callbacks table."""
    op.drop_index("ix_callbacks_branch", "callbacks")
    op.drop_table("callbacks")
