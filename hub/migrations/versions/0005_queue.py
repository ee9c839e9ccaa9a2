"""Appointments, their slots and queue tickets with their counter actions (issue 12).

Revision ID: 0005_queue
Revises: 0003_ops_events
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_queue"
down_revision = "0004_preapplications"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the slots, appointments, tickets, ticket numbers and ticket events tables."""
    op.create_table(
        "queue_slots",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("branch", sa.String(64), nullable=False),
        sa.Column("service", sa.String(32), nullable=False),
        sa.Column("starts_at", sa.Float, nullable=False),
        sa.Column("capacity", sa.Integer, nullable=False),
        sa.Column("booked", sa.Integer, nullable=False),
        sa.UniqueConstraint("branch", "service", "starts_at", name="uq_queue_slots_branch"),
    )
    op.create_table(
        "appointments",
        sa.Column("code", sa.String(16), primary_key=True),
        sa.Column("branch", sa.String(64), nullable=False),
        sa.Column("service", sa.String(32), nullable=False),
        sa.Column("slot_id", sa.Integer, nullable=False),
        sa.Column("starts_at", sa.Float, nullable=False),
        sa.Column("phone_last4", sa.String(4), nullable=False),
        sa.Column("mobile_hash", sa.String(64), nullable=False),
        sa.Column("id_hash", sa.String(64)),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("changed_at", sa.Float),
        sa.Column("checked_in_at", sa.Float),
        sa.Column("ticket_id", sa.String(36)),
    )
    op.create_index("ix_appointments_branch", "appointments", ["branch"])
    op.create_index("ix_appointments_id_hash", "appointments", ["id_hash"])
    op.create_table(
        "queue_tickets",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("branch", sa.String(64), nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("service", sa.String(32), nullable=False),
        sa.Column("number", sa.String(8), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("priority", sa.Integer, nullable=False),
        sa.Column("destination", sa.String(16), nullable=False),
        sa.Column("counter", sa.String(64)),
        sa.Column("appointment_code", sa.String(16)),
        sa.Column("id_hash", sa.String(64)),
        sa.Column("terminal_id", sa.String(64)),
        sa.Column("issued_at", sa.Float, nullable=False),
        sa.Column("queued_at", sa.Float, nullable=False),
        sa.Column("called_at", sa.Float),
        sa.Column("served_at", sa.Float),
        sa.Column("ended_at", sa.Float),
        sa.Column("recalls", sa.Integer, nullable=False),
        sa.Column("transferred_from", sa.String(32)),
        sa.Column("staff", sa.String(96)),
    )
    op.create_index("ix_queue_tickets_branch_state", "queue_tickets", ["branch", "state"])
    op.create_table(
        "queue_numbers",
        sa.Column("branch", sa.String(64), primary_key=True),
        sa.Column("day", sa.String(10), primary_key=True),
        sa.Column("prefix", sa.String(2), primary_key=True),
        sa.Column("last", sa.Integer, nullable=False),
    )
    op.create_table(
        "queue_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("ticket_id", sa.String(36), nullable=False),
        sa.Column("branch", sa.String(64), nullable=False),
        sa.Column("at", sa.Float, nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("actor", sa.String(96), nullable=False),
        sa.Column("counter", sa.String(64)),
        sa.Column("service", sa.String(32)),
    )
    op.create_index("ix_queue_events_ticket_id", "queue_events", ["ticket_id"])


def downgrade() -> None:
    """Drop the queue tables."""
    for table in ("queue_events", "queue_numbers", "queue_tickets", "appointments",
                  "queue_slots"):
        op.drop_table(table)
