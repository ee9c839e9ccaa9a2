"""The terminal's copy of what a customer signed: terms language, signature, extra details.

The core-banking contract has no place for a drawn signature, the address or the occupation
(Fineract keeps them in client documents and address modules the terminal does not speak),
and the outbox scrubs an action's payload once the core confirmed it.  So the signed
application is kept here, keyed by its action id (the reference on the receipt), in a SQLite
file beside the outbox, for the branch's records.  It holds personal data: it lives under the
terminal's data directory, never in logs or the journal (which keeps only its digest).
"""

from __future__ import annotations

import base64
import json
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

_SCHEMA = """
CREATE TABLE IF NOT EXISTS applications (
    action_id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    created REAL NOT NULL,
    terms_language TEXT NOT NULL,
    signature_svg BLOB NOT NULL,
    details TEXT NOT NULL
);
"""


class ApplicationArchive:
    """Signed applications on disk (WAL, synchronous=FULL), one row per action id."""

    def __init__(self, path: str | Path, sealer: Any = None) -> None:
        #: kiosk.security.sealing.Sealer: details and signature stored AES-GCM sealed.
        self.sealer = sealer
        self.path = Path(path)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(self.path), check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(_SCHEMA)

    def keep(
        self, action_id: str, kind: str, language: str, signature: bytes, details: dict[str, Any]
    ) -> None:
        """Store a signed application (the same action id again changes nothing)."""
        text = json.dumps(details, ensure_ascii=False)
        blob: bytes | str = signature
        if self.sealer is not None:  # address, occupation and the drawn signature
            text = self.sealer.seal(text, f"application:{action_id}")
            blob = self.sealer.seal(base64.b64encode(signature).decode(), f"signature:{action_id}")
        with self._lock:
            self._db.execute(
                "INSERT OR IGNORE INTO applications VALUES (?, ?, ?, ?, ?, ?)",
                (
                    action_id,
                    kind,
                    time.time(),
                    language,
                    blob,
                    text,
                ),
            )

    def get(self, action_id: str) -> dict[str, Any] | None:
        """The stored application, or None."""
        with self._lock:
            row = self._db.execute(
                "SELECT kind, terms_language, signature_svg, details FROM applications "
                "WHERE action_id = ?",
                (action_id,),
            ).fetchone()
        if row is None:
            return None
        signature, details = row[2], row[3]
        if self.sealer is not None and self.sealer.is_sealed(details):
            details = self.sealer.open(details, f"application:{action_id}")
            signature = base64.b64decode(self.sealer.open(signature, f"signature:{action_id}"))
        return {
            "kind": row[0],
            "terms_language": row[1],
            "signature": bytes(signature),
            "details": json.loads(details),
        }

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()
