"""Pre-filled applications (issue 12).

Revision ID: 0004_preapplications
Revises: 0003_ops_events
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_preapplications"
down_revision = "0003_ops_events"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the pre-applications table and its indexes."""
    op.create_table(
        "preapplications",
        sa.Column("code", sa.String(8), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("branch", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("id_hash", sa.String(64)),
        sa.Column("form", sa.Text),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("expires_at", sa.Float, nullable=False),
        sa.Column("claimed_at", sa.Float),
        sa.Column("completed_at", sa.Float),
        sa.Column("terminal_id", sa.String(64)),
        sa.Column("reference", sa.String(64)),
        sa.Column("mismatches", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("code", name="pk_preapplications"),
    )
    op.create_index("ix_preapplications_id_hash", "preapplications", ["id_hash"])
    op.create_index("ix_preapplications_expires_at", "preapplications", ["expires_at"])


def downgrade() -> None:
    """Drop the pre-applications table."""
    op.drop_table("preapplications")
