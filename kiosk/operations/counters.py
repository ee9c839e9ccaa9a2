"""Technician counters since the last reset: journeys by outcome, receipts, card reads, faults.

Fed by the same journal records the metrics come from; kept in a small JSON file so they
survive a restart (Prometheus counters start again at zero, technicians' counters do not).
A reset is the technician's act and is journaled by the diagnostics mode.  Counting only
touches memory (a journal observer may run on the GUI thread); the operations poller
saves the file every poll and on stop.
"""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

# journal kind -> counter name
_SIMPLE = {
    "receipt_printed": "receipts.printed",
    "receipt_reprinted": "receipts.reprinted",
    "receipt_reprint_failed": "receipts.failed",
    "outbox.parked": "outbox.parked",
    "outbox.done": "outbox.done",
}


class Counters:
    """Named counts since ``reset_at``, saved to ``path`` on every change."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self.values: dict[str, int] = {}
        self.reset_at = time.time()
        self._dirty = False
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            self.values = {str(k): int(v) for k, v in data.get("values", {}).items()}
            self.reset_at = float(data.get("reset_at", self.reset_at))
        except (OSError, ValueError, TypeError, AttributeError):
            pass

    def add(self, name: str, n: int = 1) -> None:
        """Count ``n`` more of ``name``."""
        with self._lock:
            self.values[name] = self.values.get(name, 0) + n
            self._dirty = True

    def save(self) -> None:
        """Write the counts if they changed since the last save (off the GUI thread)."""
        with self._lock:
            if self._dirty:
                self._save()

    def _save(self) -> None:
        self._dirty = False
        tmp = self.path.with_suffix(".tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps({"reset_at": self.reset_at, "values": self.values}))
            tmp.replace(self.path)
        except OSError:  # counters are a convenience: the journal keeps the facts
            pass

    def snapshot(self) -> dict[str, Any]:
        """The counts and when they were last reset."""
        with self._lock:
            return {"reset_at": self.reset_at, "values": dict(sorted(self.values.items()))}

    def reset(self) -> dict[str, Any]:
        """Start again from zero; return the counts as they were."""
        with self._lock:
            before = {"reset_at": self.reset_at, "values": dict(self.values)}
            self.values, self.reset_at = {}, time.time()
            self._save()
        return before

    def on_journal(self, kind: str, fields: dict[str, Any]) -> None:
        """The journal observer."""
        if kind in _SIMPLE:
            self.add(_SIMPLE[kind])
        elif kind == "journey.end":
            self.add(f"journeys.{fields.get('journey', '?')}.{fields.get('outcome', '?')}")
        elif kind == "identity.document":
            self.add(f"documents.{fields.get('source') or 'scan'}.{fields.get('result', 'read')}")
        elif kind == "journey.device_fault":
            self.add(f"journey_faults.{fields.get('device', '?')}")  # a step hit the fault
