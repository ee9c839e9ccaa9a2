"""Call recordings (sealed by the terminal, kept with the call).

Revision ID: 0002_recordings
Revises: 0001_teller
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_recordings"
down_revision = "0001_teller"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the recordings table."""
    op.create_table(
        "recordings",
        sa.Column("call_id", sa.String(36), nullable=False),
        sa.Column("key", sa.LargeBinary(32), nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("uploaded_at", sa.Float),
        sa.Column("size", sa.Integer),
        sa.Column("sealed", sa.LargeBinary),
        sa.PrimaryKeyConstraint("call_id", name="pk_recordings"),
        sa.ForeignKeyConstraint(["call_id"], ["calls.id"], name="fk_recordings_call_id_calls"),
    )


def downgrade() -> None:
    """Drop the recordings table."""
    op.drop_table("recordings")
