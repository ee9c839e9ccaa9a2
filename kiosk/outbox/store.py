"""The durable outbox: every business action is written here before the first call to the core.

SQLite in WAL mode with ``synchronous=FULL``: once ``submit`` returns, the action survives a
power cut.  ``action_id`` is the journeys' stable id, so a double press or a restart never
makes two actions.  Every step of an action sends a deterministic idempotency key derived
from (action_id, generation, step), so a replay after a crash is deduplicated by the core.
"""

from __future__ import annotations

import functools
import hashlib
import json
import sqlite3
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.corebank.transport import json_default
from kiosk.logs import redact_text
from kiosk.outbox.integrity import mark, open_checked, open_inspected
from kiosk.sqlite_readonly import open_read_only

KINDS = ("open_account", "deposit", "transfer", "card_application")
STATES = ("queued", "in_flight", "done", "parked", "failed")
FINAL = ("done", "parked", "failed")

SCHEMA = """
CREATE TABLE IF NOT EXISTS actions (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, action_id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
  payload TEXT NOT NULL, state TEXT NOT NULL, result TEXT, error TEXT, error_code TEXT,
  attempts INTEGER NOT NULL DEFAULT 0, maybe_sent INTEGER NOT NULL DEFAULT 0,
  generation INTEGER NOT NULL DEFAULT 0, steps TEXT NOT NULL DEFAULT '{}',
  created REAL NOT NULL, updated REAL NOT NULL, next_at REAL NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS actions_due ON actions (state, next_at, seq);
"""
_COLUMNS = ("action_id", "kind", "payload", "state", "result", "error", "error_code",
            "attempts", "maybe_sent", "generation", "steps", "created", "updated")  # fmt: skip
#: How a sealed value starts (kiosk.security.sealing.PREFIX; not imported: no cryptography
#: needed to read states).
SEALED_PREFIX = "gcm1:"
#: Longest retry wait the outbox ever sets (s).  A stored wall-clock due time further ahead
#: than this means the clock was stepped back: the action is due now.
MAX_DELAY = 300.0


@dataclass(frozen=True)
class ActionRecord:
    """One action as stored: ``state`` is queued, in_flight, done, parked or failed."""

    action_id: str
    kind: str
    state: str
    payload: dict[str, Any] = field(repr=False)  # names, ID and account numbers: not in repr()
    result: dict[str, Any] | None = field(default=None, repr=False)
    error: str | None = None
    error_code: str | None = None
    attempts: int = 0
    maybe_sent: bool = False
    generation: int = 0
    steps: dict[str, Any] = field(default_factory=dict)
    created: float = 0.0
    updated: float = 0.0
    #: Times the action was given fresh idempotency keys because the core never read a body.
    rekeys: int = 0

    @property
    def final(self) -> bool:
        """True when the action will not change any more by itself."""
        return self.state in FINAL

    def key(self, step: str) -> str:
        """The idempotency key of ``step`` (at most 50 characters, as Fineract allows)."""
        raw = f"{self.action_id}.{self.generation}.{step}"
        if len(raw) <= 50:
            return raw
        return "ob-" + hashlib.sha256(raw.encode()).hexdigest()[:40]


def _record(row: sqlite3.Row, sealer: Any = None, opaque: bool = False) -> ActionRecord:
    """The row as an ActionRecord.

    ``opaque``: sealed values read as empty without the key (a read-only status check needs
    states and reasons, never the personal data).
    """
    payload, result, steps = row["payload"], row["result"], row["steps"]
    if opaque:
        sealed = lambda v: isinstance(v, str) and v.startswith(SEALED_PREFIX)  # noqa: E731
        payload = "{}" if sealed(payload) else payload
        steps = "{}" if sealed(steps) else steps
        result = None if sealed(result) else result
    if sealer is not None and sealer.is_sealed(steps):
        steps = sealer.open(steps, f"outbox.steps:{row['action_id']}")
    if sealer is not None and sealer.is_sealed(payload):
        payload = sealer.open(payload, f"outbox:{row['action_id']}")
    if sealer is not None and result and sealer.is_sealed(result):
        result = sealer.open(result, f"outbox.result:{row['action_id']}")
    return ActionRecord(
        action_id=row["action_id"],
        kind=row["kind"],
        state=row["state"],
        payload=json.loads(payload),
        result=json.loads(result) if result else None,
        error=row["error"],
        error_code=row["error_code"],
        attempts=row["attempts"],
        maybe_sent=bool(row["maybe_sent"]),
        generation=row["generation"],
        steps=json.loads(steps),
        created=row["created"],
        updated=row["updated"],
        rekeys=row["rekeys"],
    )


def _open_inspected(path: Path) -> sqlite3.Connection:
    """A read-only connection to an existing outbox, after the same checks as a writer's."""
    connect = functools.partial(open_read_only, path, "actions", _COLUMNS, "outbox", timeout=30)
    return open_inspected(path, connect)


class Outbox:
    """A durable queue of business actions in one SQLite file (thread-safe)."""

    def __init__(self, path: str | Path, sealer: Any = None, *, read_only: bool = False) -> None:
        """Open (or create) the outbox; ``read_only`` inspects an existing one, changing nothing.

        ``sealer`` (kiosk.security.sealing.Sealer): payloads and results are stored AES-GCM
        sealed.  A damaged or foreign file raises ``OutboxDamaged``: never replaced by an
        empty one.  Read-only raises ``FileNotFoundError`` for a missing file and
        ``OutboxDamaged`` for an empty or corrupted one or another database.
        """
        self.sealer = sealer
        self.path = Path(path)
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        #: Set whenever new work is queued, so a sender can wake at once.
        self.wakeup = threading.Event()
        # Retry due times of this process on the monotonic clock (wall-clock steps ignored).
        self._due: dict[str, float] = {}
        # Read-only without the key (status, diagnostics): sealed values read as empty.
        self._opaque = read_only and sealer is None
        if read_only:
            self._db = _open_inspected(self.path)
            self._db.row_factory = sqlite3.Row
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # A damaged or foreign file raises OutboxDamaged here: never replaced by an empty one.
        self._db = open_checked(self.path)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(SCHEMA)
        mark(self._db)

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()

    def _write(self, sql: str, args: tuple = ()) -> int:
        with self._lock:
            cur = self._db.execute(sql, args)
            self._changed.notify_all()
            return cur.rowcount

    # -- what journeys call ------------------------------------------------------------------
    def submit(self, kind: str, payload: dict[str, Any], action_id: str | None = None) -> str:
        """Record an action durably and return its id (the same id again is a no-op)."""
        if kind not in KINDS:
            raise ValueError(f"unknown action kind {kind!r} (known: {', '.join(KINDS)})")
        action_id = action_id or uuid.uuid4().hex
        now = time.time()
        text = json.dumps(payload, ensure_ascii=False, default=json_default)
        if self.sealer is not None:  # names, ID and account numbers: never on disk in clear
            text = self.sealer.seal(text, f"outbox:{action_id}")
        self._write(
            "INSERT OR IGNORE INTO actions (action_id, kind, payload, state, created, updated)"
            " VALUES (?, ?, ?, 'queued', ?, ?)",
            (action_id, kind, text, now, now),
        )
        self.wakeup.set()
        return action_id

    def get(self, action_id: str) -> ActionRecord:
        """The action's current record; ``KeyError`` when unknown."""
        with self._lock:
            row = self._db.execute(
                "SELECT * FROM actions WHERE action_id = ?", (action_id,)
            ).fetchone()
        if row is None:
            raise KeyError(action_id)
        return _record(row, self.sealer, self._opaque)

    def wait(self, action_id: str, timeout: float) -> ActionRecord:
        """Wait up to ``timeout`` s for the action to be done, parked or failed; return it."""
        deadline = time.monotonic() + timeout
        while True:
            rec = self.get(action_id)
            left = deadline - time.monotonic()
            if rec.final or left <= 0:
                return rec
            with self._changed:  # woken by a sender in this process; polls for others
                self._changed.wait(min(left, 0.1))

    def cancel(self, action_id: str) -> bool:
        """Cancel an action that certainly never reached the core (state becomes failed).

        Returns False when the action may already have been sent (or is finished): it then
        keeps going with the same idempotency keys and the customer is told "pending".
        A cancelled action will never be sent, so its payload is scrubbed at once.
        """
        return bool(self._write(
            "UPDATE actions SET state = 'failed', error = 'cancelled before it was sent',"
            " error_code = 'cancelled.unsent', payload = '{}', updated = ?"
            " WHERE action_id = ? AND state = 'queued' AND maybe_sent = 0",
            (time.time(), action_id),
        ))  # fmt: skip

    def requeue(self, action_id: str) -> bool:
        """Send a parked action again, under new idempotency keys (a stored 4xx would replay)."""
        return bool(self._write(
            "UPDATE actions SET state = 'queued', generation = generation + 1, next_at = 0,"
            " updated = ? WHERE action_id = ? AND state = 'parked'", (time.time(), action_id)
        ))  # fmt: skip

    def discard(self, action_id: str, code: str, reason: str) -> bool:
        """A technician gives up a parked action (the core refused it): it becomes failed.

        Only a parked action qualifies: the core answered it with a definite refusal, so
        nothing of it was applied.  Its payload is scrubbed; ``code`` says why.
        """
        return bool(self._write(
            "UPDATE actions SET state = 'failed', error = ?, error_code = ?, payload = '{}',"
            " updated = ? WHERE action_id = ? AND state = 'parked'",
            (reason, code, time.time(), action_id),
        ))  # fmt: skip

    def purge(self, older_than: float) -> int:
        """Delete done and failed actions last changed more than ``older_than`` s ago.

        The retention rule of docs/security.md: once the core confirmed an action (or it
        was cancelled unsent) the journal keeps what happened; the row, with its sealed
        result (the account number), goes after ``security.retention_days``.  Parked and
        pending actions are never purged.
        """
        return self._write("DELETE FROM actions WHERE state IN ('done', 'failed') AND updated < ?",
                           (time.time() - older_than,))  # fmt: skip

    def counts(self) -> dict[str, int]:
        """Number of actions in each state (every state present, zero when empty)."""
        with self._lock:
            rows = self._db.execute("SELECT state, COUNT(*) FROM actions GROUP BY state")
            found = dict(rows.fetchall())
        return {s: found.get(s, 0) for s in STATES}

    def parked(self) -> list[ActionRecord]:
        """Actions that failed for good, with their reason, oldest first."""
        return self._list("state = 'parked'")

    def pending(self) -> list[ActionRecord]:
        """Queued and in-flight actions, oldest first."""
        return self._list("state IN ('queued', 'in_flight')")

    def _list(self, where: str) -> list[ActionRecord]:
        with self._lock:
            rows = self._db.execute(f"SELECT * FROM actions WHERE {where} ORDER BY seq")  # noqa: S608
            return [_record(r, self.sealer, self._opaque) for r in rows.fetchall()]

    # -- what the sender calls ---------------------------------------------------------------
    def recover(self) -> int:
        """After a crash: actions left in flight go back to the queue (same keys)."""
        return self._write(
            "UPDATE actions SET state = 'queued', next_at = 0 WHERE state = 'in_flight'"
        )

    def recover_one(self, action_id: str) -> bool:
        """Put one action this process holds in flight back in the queue (same keys)."""
        self._due.pop(action_id, None)
        return bool(self._write(
            "UPDATE actions SET state = 'queued', next_at = 0 WHERE action_id = ?"
            " AND state = 'in_flight'", (action_id,)))  # fmt: skip

    def _is_due(self, action_id: str, next_at: float, now: float, mono: float) -> bool:
        due = self._due.get(action_id)
        if due is not None:  # retried by this process: the monotonic clock decides
            return due <= mono
        # After a restart only the wall clock is known; a due time further ahead than any
        # wait the outbox sets means the clock was stepped back since: due now.
        return next_at <= now or next_at > now + MAX_DELAY

    def claim_next(self) -> ActionRecord | None:
        """Atomically take the oldest due queued action and mark it in flight."""
        now, mono = time.time(), time.monotonic()
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                row = None
                for cand in self._db.execute(
                    "SELECT action_id, next_at FROM actions WHERE state = 'queued' ORDER BY seq"
                ):
                    if self._is_due(cand[0], cand[1], now, mono):
                        row = cand
                        break
                if row:
                    self._due.pop(row[0], None)
                    self._db.execute(
                        "UPDATE actions SET state = 'in_flight', attempts = attempts + 1,"
                        " updated = ? WHERE action_id = ?", (now, row[0])
                    )  # fmt: skip
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return self.get(row[0]) if row else None

    def mark_maybe_sent(self, action_id: str) -> None:
        """Record (durably, before the request) that a request may reach the core."""
        self._write("UPDATE actions SET maybe_sent = 1 WHERE action_id = ? AND maybe_sent = 0",
                    (action_id,))  # fmt: skip

    def clear_maybe_sent(self, action_id: str) -> None:
        """Undo ``mark_maybe_sent`` when the connection provably failed before any request."""
        self._write("UPDATE actions SET maybe_sent = 0 WHERE action_id = ?", (action_id,))

    def save_step(self, action_id: str, step: str, result: Any) -> None:
        """Record a finished step's result so a restart resumes after it."""
        with self._lock:
            rec = self.get(action_id)
            text = json.dumps({**rec.steps, step: result})
            if self.sealer is not None:  # step results name accounts
                text = self.sealer.seal(text, f"outbox.steps:{action_id}")
            self._write("UPDATE actions SET steps = ?, updated = ? WHERE action_id = ?",
                        (text, time.time(), action_id))  # fmt: skip

    def finish(self, action_id: str, result: dict[str, Any]) -> None:
        """Mark done with ``result`` and scrub the payload's personal data."""
        text = json.dumps(result, ensure_ascii=False)
        if self.sealer is not None:  # the account number the customer was given
            text = self.sealer.seal(text, f"outbox.result:{action_id}")
        self._write(
            "UPDATE actions SET state = 'done', result = ?, payload = '{}', error = NULL,"
            " error_code = NULL, updated = ? WHERE action_id = ?",
            (text, time.time(), action_id),
        )

    def park(self, action_id: str, code: str, message: str) -> None:
        """A permanent failure: keep the action, with the reason, for diagnostics.

        The reason is redacted: the core's messages may quote what was sent (Fineract's
        duplicate identifier names the ID number), and ``kiosk outbox status`` and
        ``kiosk diagnostics`` print it.
        """
        self._write(
            "UPDATE actions SET state = 'parked', error = ?, error_code = ?, updated = ?"
            " WHERE action_id = ?", (redact_text(message), code, time.time(), action_id)
        )  # fmt: skip

    def retry_later(self, action_id: str, code: str, message: str, delay: float, *,
                    fresh_keys: bool = False) -> None:  # fmt: skip
        """A transient failure: back to the queue after ``delay`` seconds (monotonic).

        ``fresh_keys``: the core refused the last request for good (a stored 4xx that it
        would replay) but with no effect, so the remaining steps go out under new keys.
        """
        delay = max(0.0, min(delay, MAX_DELAY))
        now = time.time()
        self._write(
            "UPDATE actions SET state = 'queued', error = ?, error_code = ?, updated = ?,"
            " next_at = ?, generation = generation + ? WHERE action_id = ?",
            (redact_text(message), code, now, now + delay, int(fresh_keys), action_id),
        )  # fmt: skip
        self._due[action_id] = time.monotonic() + delay

    def rekey(self, action_id: str, code: str, message: str, limit: int) -> bool:
        """Resend under fresh idempotency keys: the core provably never ran the command.

        Used when the core refused a body the terminal knows was well-formed as unreadable
        (it was cut on the way): the core may have stored that refusal under the old key and
        would replay it for ever.  The new keys are derived from the old ones (the
        generation goes up); finished steps keep their results.  After ``limit`` times the
        action is parked with the reason instead; returns False then.
        """
        with self._lock:
            changed = self._write(
                "UPDATE actions SET state = 'queued', generation = generation + 1,"
                " rekeys = rekeys + 1, next_at = 0, error = ?, error_code = ?, updated = ?"
                " WHERE action_id = ? AND rekeys < ?",
                (redact_text(message), code, time.time(), action_id, limit),
            )  # fmt: skip
            if not changed:
                self.park(action_id, code, f"{message} (still unreadable after {limit} fresh "
                                           "keys)")  # fmt: skip
        self._due.pop(action_id, None)
        return bool(changed)
