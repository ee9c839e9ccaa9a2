"""Teller hub: devices, people and roles, calls, audit, relay messages, shared secrets.

Revision ID: 0001_teller
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_teller"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the teller hub's tables."""
    op.create_table(
        "devices",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("branch", sa.String(64), nullable=False),
        sa.Column("key_hash", sa.String(128), nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("rotated_at", sa.Float),
        sa.Column("revoked_at", sa.Float),
        sa.PrimaryKeyConstraint("id", name="pk_devices"),
    )
    op.create_table(
        "people",
        sa.Column("id", sa.Integer, autoincrement=True),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("display_name", sa.String(128), nullable=False),
        sa.Column("password_hash", sa.String(256), nullable=False),
        sa.Column("presence", sa.String(16), nullable=False),
        sa.Column("languages", sa.String(128), nullable=False),
        sa.Column("skills", sa.String(256), nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_people"),
        sa.UniqueConstraint("username", name="uq_people_username"),
    )
    op.create_table(
        "person_roles",
        sa.Column("person_id", sa.Integer, nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("branch", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("person_id", "role", "branch", name="pk_person_roles"),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name="fk_person_roles_person_id_people"
        ),
    )
    op.create_table(
        "calls",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("terminal_id", sa.String(64), nullable=False),
        sa.Column("branch", sa.String(64), nullable=False),
        sa.Column("session_ref", sa.String(64), nullable=False),
        sa.Column("skill", sa.String(48), nullable=False),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("elder", sa.Boolean, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("queued_at", sa.Float, nullable=False),
        sa.Column("accepted_at", sa.Float),
        sa.Column("ended_at", sa.Float),
        sa.Column("teller_id", sa.Integer),
        sa.Column("transfer_to", sa.Integer),
        sa.Column("end_reason", sa.String(64)),
        sa.PrimaryKeyConstraint("id", name="pk_calls"),
        sa.ForeignKeyConstraint(["teller_id"], ["people.id"], name="fk_calls_teller_id_people"),
        sa.ForeignKeyConstraint(
            ["transfer_to"], ["people.id"], name="fk_calls_transfer_to_people"
        ),
    )
    op.create_index("ix_calls_terminal_id", "calls", ["terminal_id"])
    op.create_index("ix_calls_state", "calls", ["state"])
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer, autoincrement=True),
        sa.Column("at", sa.Float, nullable=False),
        sa.Column("actor", sa.String(96), nullable=False),
        sa.Column("action", sa.String(48), nullable=False),
        sa.Column("terminal_id", sa.String(64)),
        sa.Column("call_id", sa.String(36)),
        sa.Column("session_ref", sa.String(64)),
        sa.Column("detail", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit"),
    )
    op.create_index("ix_audit_action", "audit", ["action"])
    op.create_table(
        "relay_messages",
        sa.Column("id", sa.Integer, autoincrement=True),
        sa.Column("at", sa.Float, nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_relay_messages"),
    )
    op.create_table(
        "hub_secrets",
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("value", sa.String(256), nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_hub_secrets"),
    )


def downgrade() -> None:
    """Drop the teller hub's tables."""
    for name in ("hub_secrets", "relay_messages", "audit", "calls", "person_roles", "people",
                 "devices"):
        op.drop_table(name)
