"""A partial index of the device events, and the support bundles terminals send (issue 13).

The dashboard's device figures and warnings read only ``device.fault`` and
``device.recovered`` events, a few hundred of a branch's month of ~300 000 events.  On the
branch/kind/time index, PostgreSQL with statistics that do not know a branch yet (a new
branch, or a bulk load the statistics have not seen) walked every event of the branch and
filtered by kind (~0.4 s a query at a month of 50 terminals); this index holds only the
device events, so any plan over it reads those alone.

``ops_support_bundles`` keeps the support bundles a technician sends to the hub.

Revision ID: 0007_ops_indexes
Revises: 0003_ops_events
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_ops_indexes"
down_revision = "0006_recognition"
branch_labels = None
depends_on = None

DEVICE_EVENTS = sa.text("kind IN ('device.fault', 'device.recovered')")


def upgrade() -> None:
    """Index the device events by branch, terminal, device and time; add the bundles."""
    op.create_index("ix_ops_events_device_events", "ops_events",
                    ["branch", "terminal_id", "device", "ts"],
                    postgresql_where=DEVICE_EVENTS, sqlite_where=DEVICE_EVENTS)
    op.create_table(
        "ops_support_bundles",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("terminal_id", sa.String(64), nullable=False),
        sa.Column("branch", sa.String(64), nullable=False),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("received_at", sa.Float, nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_ops_support_bundles"),
    )
    op.create_index("ix_ops_support_bundles_branch", "ops_support_bundles",
                    ["branch", "received_at"])


def downgrade() -> None:
    """Drop the bundles and the device events' index."""
    op.drop_table("ops_support_bundles")
    op.drop_index("ix_ops_events_device_events", "ops_events")
