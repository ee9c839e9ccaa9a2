"""The durable queue of sealed recordings waiting to reach the hub (SQLite, WAL, FULL sync).

A recording is queued before anything is sent and leaves the queue only when the hub has
stored it (201) or already has it (409), so a hub that is down, a lost network or a
terminal restart loses nothing.  Refusals (403, 404, 422) are kept with their reason for a
technician, retried rarely.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

_BACKOFF_S = (2.0, 5.0, 15.0, 60.0, 300.0, 3600.0)


@dataclass(frozen=True)
class PendingUpload:
    """One sealed recording waiting for the hub."""

    call_id: str
    path: Path
    attempts: int
    last_error: str


class UploadQueue:
    """Pending uploads in a SQLite file."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS pending (call_id TEXT PRIMARY KEY, path TEXT NOT NULL,"
            " attempts INTEGER NOT NULL DEFAULT 0, next_at REAL NOT NULL DEFAULT 0,"
            " last_error TEXT NOT NULL DEFAULT '')"
        )

    def add(self, call_id: str, path: Path) -> None:
        """Queue a sealed recording (again: no-op)."""
        with self._lock:
            self._db.execute("INSERT OR IGNORE INTO pending (call_id, path) VALUES (?, ?)",
                             (call_id, str(path)))

    def due(self, now: float | None = None) -> list[PendingUpload]:
        """Uploads whose next attempt is due."""
        with self._lock:
            rows = self._db.execute(
                "SELECT call_id, path, attempts, last_error FROM pending WHERE next_at <= ?"
                " ORDER BY next_at", (time.time() if now is None else now,)).fetchall()
        return [PendingUpload(c, Path(p), a, e) for c, p, a, e in rows]

    def all(self) -> list[PendingUpload]:
        """Every pending upload (diagnostics)."""
        return self.due(float("inf"))

    def done(self, call_id: str) -> None:
        """The hub has it: forget it and delete the sealed file."""
        with self._lock:
            row = self._db.execute("SELECT path FROM pending WHERE call_id = ?",
                                   (call_id,)).fetchone()
            self._db.execute("DELETE FROM pending WHERE call_id = ?", (call_id,))
        if row:
            Path(row[0]).unlink(missing_ok=True)

    def failed(self, call_id: str, error: str) -> None:
        """Try again later (back-off grows with the attempts)."""
        with self._lock:
            (attempts,) = self._db.execute("SELECT attempts FROM pending WHERE call_id = ?",
                                           (call_id,)).fetchone() or (0,)
            wait = _BACKOFF_S[min(attempts, len(_BACKOFF_S) - 1)]
            self._db.execute(
                "UPDATE pending SET attempts = attempts + 1, next_at = ?, last_error = ?"
                " WHERE call_id = ?", (time.time() + wait, error[:200], call_id))

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()
