"""Per-day transfer totals, the figure the per-day limit (kiosk.flows.limits) is checked on.

The total is kept in a small SQLite file on the terminal, keyed by a hash of the
source client (no personal data in clear) and the calendar day.  The core's transaction
history is not part of the contract the terminal speaks, so the daily limit is per terminal:
a bank that needs it across terminals enforces it in the core as well (see docs/journeys.md).
A transfer counts once its action is submitted (pending or done), and is removed again when
the core definitely refuses it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import sqlite3
import threading
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS transfer_totals (
    action_id TEXT PRIMARY KEY,
    client_hash TEXT NOT NULL,
    day TEXT NOT NULL,
    amount_cents INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS transfer_totals_day ON transfer_totals(client_hash, day);
"""


def _cents(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


def _client_hash(client_id: int) -> str:
    return hashlib.sha256(f"client:{client_id}".encode()).hexdigest()[:24]


class DailyTotals:
    """Sums of today's transfers per client, on disk so a restart does not reset them."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._lock = threading.Lock()
        with self._connect() as db:
            db.executescript(_SCHEMA)

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """A connection for one transaction: committed (rolled back on error), then closed."""
        db = sqlite3.connect(self.path, timeout=5)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            with db:
                yield db
        finally:
            db.close()

    def total(self, client_id: int, day: dt.date) -> Decimal:
        """Sum of the client's counted transfers on ``day``."""
        with self._lock, self._connect() as db:
            row = db.execute(
                "SELECT COALESCE(SUM(amount_cents), 0) FROM transfer_totals "
                "WHERE client_hash = ? AND day = ?",
                (_client_hash(client_id), day.isoformat()),
            ).fetchone()
        return Decimal(row[0]) / 100

    def add(self, action_id: str, client_id: int, day: dt.date, amount: Decimal) -> None:
        """Count a transfer (idempotent on ``action_id``)."""
        with self._lock, self._connect() as db:
            db.execute(
                "INSERT OR IGNORE INTO transfer_totals VALUES (?, ?, ?, ?)",
                (action_id, _client_hash(client_id), day.isoformat(), _cents(amount)),
            )

    def remove(self, action_id: str) -> None:
        """Stop counting a transfer the core definitely refused."""
        with self._lock, self._connect() as db:
            db.execute("DELETE FROM transfer_totals WHERE action_id = ?", (action_id,))
