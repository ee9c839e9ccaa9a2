"""The durable queue of operations events (SQLite, WAL, synchronous=FULL).

Every event gets a random ``event_id`` when it is written; the hub accepts a batch
idempotently by those ids, so a batch resent after a lost answer or a crash never counts
twice, and nothing is lost while the hub is away: an event leaves the queue only after the
hub acknowledged it.

Events hold no personal data, by construction: each kind has an allow-list of fields, a
value must be a short plain scalar, and the journal's personal-data guard checks it again.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from kiosk.journal import _check_value

# kind -> the only fields it may carry (docs/operations.md, "Events").
KINDS: dict[str, frozenset[str]] = {
    "session.start": frozenset({"session"}),
    "session.end": frozenset({"session", "reason", "duration_s"}),
    "journey.start": frozenset({"session", "journey", "run"}),
    "journey.step": frozenset({"session", "journey", "run", "step", "duration_s"}),
    "journey.end": frozenset({"session", "journey", "run", "outcome", "step", "duration_s",
                              "abandoned_step"}),  # fmt: skip
    "device.fault": frozenset({"device", "state", "previous", "paper", "session"}),
    "device.recovered": frozenset({"device", "state", "previous", "down_s"}),
    "device.busy": frozenset({"device", "seconds", "journey", "step"}),
    "maintenance.entry": frozenset({"technician", "method", "result"}),
    "maintenance.state": frozenset({"state", "technician"}),
    "maintenance.action": frozenset({"technician", "action", "result", "reason_code"}),
}
_PLAIN = re.compile(r"^[A-Za-z0-9_.:\-]{0,64}$")  # ids, states, step and reason names


class EventError(ValueError):
    """An event of an unknown kind, with a field it may not carry, or a non-plain value."""


def check_event(kind: str, fields: dict[str, Any]) -> None:
    """Raise ``EventError`` unless ``fields`` is allowed for ``kind`` and holds plain values."""
    allowed = KINDS.get(kind)
    if allowed is None:
        raise EventError(f"unknown operations event kind {kind!r}")
    extra = sorted(set(fields) - allowed)
    if extra:
        raise EventError(f"{kind}: field(s) {extra} not allowed (allowed: {sorted(allowed)})")
    for key, value in fields.items():
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, (int, float)):
            if abs(value) >= 10_000_000:
                raise EventError(f"{kind}.{key}: number too large to be a figure")
            continue
        if not isinstance(value, str) or not _PLAIN.match(value):
            raise EventError(f"{kind}.{key}: only short plain names and figures are allowed")
        try:
            _check_value(key, value)
        except ValueError as exc:
            raise EventError(f"{kind}.{key}: {exc}") from exc


SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL UNIQUE, ts TEXT NOT NULL,
  kind TEXT NOT NULL, fields TEXT NOT NULL, created REAL NOT NULL, sent REAL, rejected TEXT);
CREATE INDEX IF NOT EXISTS events_unsent ON events (sent, seq);
"""


class EventQueue:
    """Operations events waiting for the hub, in one SQLite file (thread-safe).

    Args:
        path: the SQLite file (created).
        terminal_id: stamped on every batch by the sender, not stored per event.
    """

    def __init__(self, path: str | Path, terminal_id: str = "") -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.terminal_id = terminal_id
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(self.path), check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(SCHEMA)

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()

    def add(self, kind: str, **fields: Any) -> str:
        """Store one event and return its id. Raises ``EventError`` for a forbidden field."""
        check_event(kind, fields)
        event_id = uuid.uuid4().hex
        ts = dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")
        text = json.dumps(fields, sort_keys=True)
        with self._lock:
            self._db.execute(
                "INSERT INTO events (event_id, ts, kind, fields, created) VALUES (?, ?, ?, ?, ?)",
                (event_id, ts, kind, text, time.time()),
            )
        return event_id

    def pending(self, limit: int = 200) -> list[dict[str, Any]]:
        """The oldest events the hub has not acknowledged, as sent on the wire."""
        with self._lock:
            rows = self._db.execute(
                "SELECT event_id, ts, kind, fields FROM events WHERE sent IS NULL "
                "ORDER BY seq LIMIT ?",
                (limit,),
            ).fetchall()
        return [{"id": i, "ts": t, "kind": k, "fields": json.loads(f)} for i, t, k, f in rows]

    def mark_sent(self, event_ids: list[str]) -> int:
        """Mark acknowledged events (idempotent); return how many changed."""
        if not event_ids:
            return 0
        now = time.time()
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                changed = 0
                for event_id in event_ids:
                    cur = self._db.execute(
                        "UPDATE events SET sent = ? WHERE event_id = ? AND sent IS NULL",
                        (now, event_id),
                    )
                    changed += cur.rowcount
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return changed

    def reject(self, event_id: str, reason: str) -> None:
        """The hub refused this event for good: keep it, with the reason, out of the queue."""
        with self._lock:
            self._db.execute(
                "UPDATE events SET sent = ?, rejected = ? WHERE event_id = ? AND sent IS NULL",
                (time.time(), reason[:200], event_id),
            )

    def depth(self) -> int:
        """How many events wait for the hub."""
        with self._lock:
            (n,) = self._db.execute("SELECT COUNT(*) FROM events WHERE sent IS NULL").fetchone()
        return int(n)

    def all(self) -> list[dict[str, Any]]:
        """Every stored event, sent or not (tests, support bundle)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT event_id, ts, kind, fields, sent, rejected FROM events ORDER BY seq"
            ).fetchall()
        return [{"id": i, "ts": t, "kind": k, "fields": json.loads(f), "sent": s is not None,
                 "rejected": r} for i, t, k, f, s, r in rows]  # fmt: skip

    def prune(self, keep_seconds: float) -> int:
        """Delete events the hub acknowledged more than ``keep_seconds`` ago."""
        with self._lock:
            cur = self._db.execute(
                "DELETE FROM events WHERE sent IS NOT NULL AND sent < ?",
                (time.time() - keep_seconds,),
            )
        return cur.rowcount
