"""Recognition on arrival (issue 12): sealed face templates per branch, one-time codes.

Revision ID: 0006_recognition
Revises: 0003_ops_events
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_recognition"
down_revision = "0005_queue"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the face templates and the one-time codes."""
    op.create_table(
        "face_templates",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("branch", sa.String(64), nullable=False),
        sa.Column("id_hash", sa.String(64), nullable=False),
        sa.Column("sealed", sa.Text, nullable=False),
        sa.Column("terminal_id", sa.String(64), nullable=False),
        sa.Column("consent_at", sa.Float, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_face_templates"),
    )
    op.create_index("ix_face_templates_branch", "face_templates", ["branch"])
    op.create_index("ix_face_templates_id_hash", "face_templates", ["id_hash"])
    op.create_table(
        "recognition_codes",
        sa.Column("template_id", sa.String(32), nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("issued_at", sa.Float, nullable=False),
        sa.Column("expires_at", sa.Float, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.ForeignKeyConstraint(["template_id"], ["face_templates.id"], ondelete="CASCADE",
                                name="fk_recognition_codes_template_id_face_templates"),
        sa.PrimaryKeyConstraint("template_id", name="pk_recognition_codes"),
    )


def downgrade() -> None:
    """Drop the recognition tables."""
    op.drop_table("recognition_codes")
    op.drop_table("face_templates")
