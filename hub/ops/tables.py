"""The operations events table (issue 13): one row per event a terminal sent.

The fields the dashboard groups by are columns of their own (journey, step, outcome,
device, duration), so its queries use indexes instead of parsing JSON; ``fields`` keeps the
whole allow-listed event.  ``ts`` is epoch seconds, like every hub time.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    ColumnElement,
    Float,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    literal_column,
    text,
)

from hub.storage.base import METADATA

ops_events = Table(
    "ops_events",
    METADATA,
    Column("id", String(32), primary_key=True),  # the terminal's random event id
    Column("terminal_id", String(64), nullable=False),  # from the key, never the body
    Column("branch", String(64), nullable=False),
    Column("ts", Float, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("session", String(32)),
    Column("journey", String(64)),
    Column("step", String(64)),
    Column("outcome", String(64)),
    Column("device", String(64)),
    Column("duration_s", Float),
    Column("fields", Text, nullable=False),
    Column("received_at", Float, nullable=False),
)
Index("ix_ops_events_branch_kind_ts", ops_events.c.branch, ops_events.c.kind, ops_events.c.ts)
Index("ix_ops_events_terminal_ts", ops_events.c.terminal_id, ops_events.c.ts)
# Only the rare device faults and recoveries (migration 0007): the dashboard's device figures
# and warnings read these alone, whatever the planner believes of a branch's size.
DEVICE_KINDS = ("device.fault", "device.recovered")
_DEVICE_EVENTS = text("kind IN ('device.fault', 'device.recovered')")
Index("ix_ops_events_device_events", ops_events.c.branch, ops_events.c.terminal_id,
      ops_events.c.device, ops_events.c.ts, postgresql_where=_DEVICE_EVENTS,
      sqlite_where=_DEVICE_EVENTS)


def device_events() -> ColumnElement[bool]:
    """``kind IN ('device.fault', 'device.recovered')`` written with constants.

    With bound parameters neither PostgreSQL's generic plans nor SQLite could prove the
    partial index's condition, and would not use it.
    """
    return ops_events.c.kind.in_([literal_column(f"'{k}'") for k in DEVICE_KINDS])

# Hourly roll-ups kept up to date at ingest, so a month's charts read a few thousand rows:
# metric sessions (session.start), session_end (count, summed duration), journey_end
# (journey, step = duration bucket in seconds; one row per day), abandoned (journey, step).
ops_rollup = Table(
    "ops_rollup",
    METADATA,
    Column("branch", String(64), primary_key=True),
    Column("hour", Integer, primary_key=True),  # epoch hour: floor(ts / 3600)
    Column("metric", String(24), primary_key=True),
    Column("journey", String(64), primary_key=True),
    Column("step", String(64), primary_key=True),
    Column("count", Integer, nullable=False),
    Column("sum_s", Float, nullable=False),
)


# Support bundles a terminal sent (migration 0007): the zip itself (at most MAX_BUNDLE
# bytes), filed under the key's terminal and branch, for that branch's supervisors.
ops_support_bundles = Table(
    "ops_support_bundles",
    METADATA,
    Column("id", String(36), primary_key=True),
    Column("terminal_id", String(64), nullable=False),
    Column("branch", String(64), nullable=False),
    Column("name", String(128), nullable=False),  # the file name the terminal gave it
    Column("size", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("received_at", Float, nullable=False),
    Column("data", LargeBinary, nullable=False),
)
Index("ix_ops_support_bundles_branch", ops_support_bundles.c.branch,
      ops_support_bundles.c.received_at)
