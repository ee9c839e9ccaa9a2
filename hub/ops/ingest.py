"""Store a terminal's batch of operations events, idempotently by event id.

The contract is docs/operations.md ("Hub contract: POST /api/events"): every event is
checked with the terminal's own allow-list (``kiosk.operations.events.check_event``), so
the hub keeps exactly what a terminal may send; an event already stored counts as a
duplicate, never twice.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from hub.ops.rollup import add_rollups, aggregate
from hub.ops.tables import ops_events
from hub.storage.base import now
from kiosk.operations.events import EventError, check_event

MAX_BATCH = 1000  # events per POST; more: 413, the terminal resends in halves
_ID_OK = frozenset("0123456789abcdef")


@dataclass
class IngestResult:
    """What became of a batch."""

    accepted: int = 0
    duplicates: int = 0
    rejected: list[dict[str, str]] = field(default_factory=list)


def parse_ts(value: Any) -> float:
    """An ISO 8601 time with offset as epoch seconds; ValueError otherwise."""
    if not isinstance(value, str):
        raise ValueError("ts must be an ISO 8601 string")
    when = dt.datetime.fromisoformat(value)
    if when.tzinfo is None:
        raise ValueError("ts needs a UTC offset")
    return when.timestamp()


def event_row(event: Any, terminal_id: str, branch: str, received: float) -> dict[str, Any]:
    """The table row of one event; ValueError (EventError) saying what is wrong with it."""
    if not isinstance(event, dict):
        raise ValueError("an event must be an object")
    event_id = event.get("id")
    if not isinstance(event_id, str) or not 8 <= len(event_id) <= 32 or set(event_id) - _ID_OK:
        raise ValueError("id must be 8 to 32 lower-case hex digits")
    kind, fields = event.get("kind"), event.get("fields", {})
    if not isinstance(kind, str) or not isinstance(fields, dict):
        raise ValueError("kind must be a string and fields an object")
    check_event(kind, fields)
    duration = fields.get("duration_s", fields.get("seconds", fields.get("down_s")))
    return {
        "id": event_id, "terminal_id": terminal_id, "branch": branch,
        "ts": parse_ts(event.get("ts")), "kind": kind,
        "session": fields.get("session"), "journey": fields.get("journey"),
        "step": fields.get("abandoned_step") or fields.get("step"),
        "outcome": fields.get("outcome") or fields.get("reason") or fields.get("state"),
        "device": fields.get("device"),
        "duration_s": float(duration) if isinstance(duration, (int, float)) else None,
        "fields": json.dumps(fields, separators=(",", ":"), sort_keys=True),
        "received_at": received,
    }


async def store_events(conn: AsyncConnection, terminal_id: str, branch: str,
                       events: list[Any]) -> IngestResult:
    """Check and store ``events`` for the terminal; the caller commits."""
    result, rows, received = IngestResult(), {}, now()
    for event in events:
        try:
            row = event_row(event, terminal_id, branch, received)
        except (EventError, ValueError, TypeError) as exc:
            event_id = event.get("id") if isinstance(event, dict) else None
            result.rejected.append({"id": str(event_id), "error": str(exc)})
            continue
        if row["id"] in rows:
            result.duplicates += 1  # the same id twice in one batch
        else:
            rows[row["id"]] = row
    if rows:
        seen = set((await conn.execute(
            select(ops_events.c.id).where(ops_events.c.id.in_(list(rows))))).scalars())
        new = [r for i, r in rows.items() if i not in seen]
        result.duplicates += len(seen)
        if new:
            # ON CONFLICT DO NOTHING: a resend racing on another hub process is still one row.
            dialect = conn.dialect.name
            ins = (pg_insert if dialect == "postgresql" else sqlite_insert)(ops_events)
            stmt = ins.on_conflict_do_nothing(index_elements=["id"]).returning(ops_events.c.id)
            stored = set((await conn.execute(stmt, new)).scalars())
            new = [r for r in new if r["id"] in stored]
            result.duplicates += len(rows) - len(seen) - len(new)
            await add_rollups(conn, aggregate(new))
        result.accepted = len(new)
    return result
