"""The operations events table (issue 13): one row per event a terminal sent.

The fields the dashboard groups by are columns of their own (journey, step, outcome,
device, duration), so its queries use indexes instead of parsing JSON; ``fields`` keeps the
whole allow-listed event.  ``ts`` is epoch seconds, like every hub time.
"""

from __future__ import annotations

from sqlalchemy import Column, Float, Index, String, Table, Text

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
