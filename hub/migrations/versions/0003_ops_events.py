"""Operations events from terminals and their hourly roll-ups (issue 13).

Revision ID: 0003_ops_events
Revises: 0002_recordings
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_ops_events"
down_revision = "0002_recordings"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the operations events table, its indexes and the hourly roll-ups."""
    op.create_table(
        "ops_events",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("terminal_id", sa.String(64), nullable=False),
        sa.Column("branch", sa.String(64), nullable=False),
        sa.Column("ts", sa.Float, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("session", sa.String(32)),
        sa.Column("journey", sa.String(64)),
        sa.Column("step", sa.String(64)),
        sa.Column("outcome", sa.String(64)),
        sa.Column("device", sa.String(64)),
        sa.Column("duration_s", sa.Float),
        sa.Column("fields", sa.Text, nullable=False),
        sa.Column("received_at", sa.Float, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_ops_events"),
    )
    op.create_index("ix_ops_events_branch_kind_ts", "ops_events", ["branch", "kind", "ts"])
    op.create_index("ix_ops_events_terminal_ts", "ops_events", ["terminal_id", "ts"])
    op.create_table(
        "ops_rollup",
        sa.Column("branch", sa.String(64), nullable=False),
        sa.Column("hour", sa.Integer, nullable=False),
        sa.Column("metric", sa.String(24), nullable=False),
        sa.Column("journey", sa.String(64), nullable=False),
        sa.Column("step", sa.String(64), nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("sum_s", sa.Float, nullable=False),
        sa.PrimaryKeyConstraint("branch", "hour", "metric", "journey", "step",
                                name="pk_ops_rollup"),
    )


def downgrade() -> None:
    """Drop the operations tables."""
    op.drop_table("ops_rollup")
    op.drop_table("ops_events")
