"""The running terminal's status snapshot, shared with ``kiosk diagnostics``.

A serial port has one owner: while the terminal runs, a diagnostics process must not open
the printer or the ID reader itself.  So the terminal writes what its drivers last reported
to ``runtime.json`` in its data folder every few seconds (atomically: write then rename),
and ``kiosk diagnostics`` reads it while it is fresh.  No personal data goes in it.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

FILE_NAME = "runtime.json"
FRESH_SECONDS = 15.0


def write_state(path: str | Path, state: dict[str, Any]) -> None:
    """Write ``state`` (plus pid and time) to ``path`` atomically."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {**state, "pid": os.getpid(), "updated": time.time()}
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")
    os.replace(tmp, path)


def _alive(pid: object) -> bool:
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def read_state(path: str | Path, max_age: float = FRESH_SECONDS) -> dict[str, Any] | None:
    """The snapshot if its terminal still runs and it is younger than ``max_age``, else None."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not _alive(data.get("pid")):
        return None
    updated = data.get("updated")
    if not isinstance(updated, (int, float)) or time.time() - updated > max_age:
        return None
    return data
