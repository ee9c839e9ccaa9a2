"""Each device's status changes with their times, kept in a small JSON-lines file.

The diagnostics mode shows it, the support bundle carries it.  Only status fields go in
(XFS4IoT states, paper, error names), never personal data.  The file is capped: when it
grows past ``max_lines`` the older half is dropped.
"""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

KEPT_FIELDS = ("device", "paper", "cover", "error", "sam_ok", "frame", "driver")


class StatusHistory:
    """Status changes per device, in memory and in ``path``."""

    def __init__(self, path: str | Path, max_lines: int = 2000) -> None:
        self.path = Path(path)
        self.max_lines = max_lines
        self._lock = threading.Lock()
        self._last: dict[str, dict[str, Any]] = {}
        self._entries: list[dict[str, Any]] = self._load()
        for entry in self._entries:
            self._last[entry["name"]] = entry["status"]

    def _load(self) -> list[dict[str, Any]]:
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except OSError:
            return []
        out = []
        for line in lines:
            try:
                entry = json.loads(line)
            except ValueError:  # a torn last line after a power cut
                continue
            if isinstance(entry, dict) and "name" in entry and "status" in entry:
                out.append(entry)
        return out[-self.max_lines :]

    def record(self, name: str, status: dict[str, Any], when: float | None = None) -> bool:
        """Keep ``status`` if it differs from ``name``'s last one; return whether it did."""
        kept = {k: status[k] for k in KEPT_FIELDS if k in status}
        with self._lock:
            if self._last.get(name) == kept:
                return False
            self._last[name] = kept
            entry = {"ts": time.time() if when is None else when, "name": name, "status": kept}
            self._entries.append(entry)
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                if len(self._entries) > self.max_lines:
                    self._entries = self._entries[-self.max_lines // 2 :]
                    text = "".join(json.dumps(e) + "\n" for e in self._entries)
                    tmp = self.path.with_suffix(".tmp")
                    tmp.write_text(text, encoding="utf-8")
                    tmp.replace(self.path)
                else:
                    with self.path.open("a", encoding="utf-8") as f:
                        f.write(json.dumps(entry) + "\n")
            except OSError:  # history is a convenience; the metrics still have the state
                pass
        return True

    def entries(self, name: str | None = None) -> list[dict[str, Any]]:
        """Changes oldest first, of one device or of all."""
        with self._lock:
            return [dict(e) for e in self._entries if name is None or e["name"] == name]

    def current(self) -> dict[str, dict[str, Any]]:
        """The last recorded status of each device."""
        with self._lock:
            return {k: dict(v) for k, v in self._last.items()}
