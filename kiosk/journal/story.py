"""What one customer session did, read back from the journal and the outbox (for staff).

Staff know a session by the reference printed on the receipt or shown on screen: the
outbox action id (``action`` in the journal's ``*.submitted`` records, ``reference`` in the
receipt records) or the journey's session id.  :func:`session_story` gathers every journal
record of that session, what the outbox says reached the core, and what happened to the
receipt.  :func:`record_start` writes the ``terminal.start`` record after a restart, naming
the sessions a crash or power cut interrupted.  Nothing here prints personal data: the
journal holds none, and of the outbox only states, step names and masked numbers are shown.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from kiosk.journal import Journal, mask_account

RECEIPT_KINDS = ("receipt", "receipt_printed", "receipt_interrupted", "receipt_not_printed",
                 "receipt_reprinted", "receipt_reprint_failed", "receipt_duplicate")  # fmt: skip
START = "terminal.start"


def _read(path: Path, after: int = 0) -> list[dict[str, Any]]:
    """Journal records after sequence ``after``, read-only (the terminal may be writing)."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = db.execute(
            "SELECT seq, ts, kind, fields FROM journal WHERE seq > ? ORDER BY seq", (after,)
        ).fetchall()
    finally:
        db.close()
    return [{"seq": s, "ts": t, "kind": k, **json.loads(f)} for s, t, k, f in rows]


def _refs(record: dict[str, Any]) -> set[str]:
    return {str(record[k]) for k in ("action", "reference") if record.get(k)}


def session_story(journal_path: Path, ref: str, outbox: Any = None) -> dict[str, Any] | None:
    """The records, core outcome and receipt of the session known as ``ref``; None if unknown.

    Args:
        journal_path: the journal's SQLite file.
        ref: a reference (outbox action id) or a journey session id.
        outbox: an open :class:`kiosk.outbox.Outbox` to ask what reached the core, or None.
    """
    records = _read(journal_path)
    sessions = {str(r["session"]) for r in records if r.get("session") and ref in _refs(r)}
    if any(r.get("session") == ref for r in records):
        sessions.add(ref)
    refs = {ref} | {x for r in records if r.get("session") in sessions for x in _refs(r)}
    mine = [
        r for r in records
        if r.get("session") in sessions or _refs(r) & refs
        or set(r.get("interrupted_sessions") or ()) & sessions
    ]  # fmt: skip
    if not mine:
        return None
    steps = [r["step"] for r in mine if r["kind"] == "journey.step"]
    ends = [r for r in mine if r["kind"] == "journey.end"]
    actions = sorted({str(r["action"]) for r in mine if r.get("action")})
    return {
        "reference": ref,
        "sessions": sorted(sessions),
        "journeys": sorted({str(r["journey"]) for r in mine if r.get("journey")}),
        "steps": steps,
        "outcome": ends[-1].get("outcome") if ends else None,
        "interrupted": any(r["kind"] == START for r in mine),
        "core": [core_outcome(outbox, a) for a in actions] if outbox is not None else [],
        "receipt": [
            {k: v for k, v in r.items() if k not in ("journey", "session")}
            for r in mine if r["kind"] in RECEIPT_KINDS
        ],  # fmt: skip
        "records": mine,
    }


def _masked(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _masked(v) for k, v in value.items()}
    if isinstance(value, str | int) and not isinstance(value, bool) and len(str(value)) >= 8:
        return mask_account(value)
    return value


def core_outcome(outbox: Any, action_id: str) -> dict[str, Any]:
    """What the outbox knows of ``action_id``: state, steps the core confirmed, errors."""
    try:
        rec = outbox.get(action_id)
    except KeyError:
        return {"action_id": action_id, "state": "unknown to this outbox"}
    return {
        "action_id": action_id,
        "kind": rec.kind,
        "state": rec.state,
        "reached_core": rec.state == "done" or bool(rec.steps) or rec.maybe_sent,
        "steps_confirmed": sorted(rec.steps),
        "result": _masked(rec.result or {}),
        "attempts": rec.attempts,
        "error": rec.error_code or rec.error,
    }


def interrupted_sessions(journal_path: Path) -> list[str]:
    """Sessions started since the last ``terminal.start`` that never reached ``journey.end``."""
    db = sqlite3.connect(f"file:{journal_path}?mode=ro", uri=True)
    try:
        row = db.execute("SELECT MAX(seq) FROM journal WHERE kind = ?", (START,)).fetchone()
    finally:
        db.close()
    open_sessions: dict[str, None] = {}
    for r in _read(journal_path, row[0] or 0):
        session = r.get("session")
        if not session:
            continue
        if r["kind"] == "journey.end":
            open_sessions.pop(str(session), None)
        elif r["kind"].startswith("journey."):
            open_sessions[str(session)] = None
    return list(open_sessions)


def record_start(journal_path: Path, version: str = "") -> dict[str, Any]:
    """Append ``terminal.start`` (naming the sessions a crash interrupted); return its fields."""
    interrupted = interrupted_sessions(journal_path) if journal_path.is_file() else []
    fields = {"interrupted_sessions": interrupted, "version": version}
    journal = Journal(journal_path)
    try:
        journal.append(START, **fields)
    finally:
        journal.close()
    return fields


def record_start_for(config: Any) -> None:
    """:func:`record_start` in the configured journal; a failure is logged, never raised."""
    import logging
    from importlib.metadata import PackageNotFoundError, version

    log = logging.getLogger(__name__)
    try:
        try:
            release = version("branch-kiosk")
        except PackageNotFoundError:
            release = ""
        path = config.data_path("journal.db", config.storage.journal_db)
        fields = record_start(path, release)
        if fields["interrupted_sessions"]:
            log.warning("restarted; interrupted sessions: %s", fields["interrupted_sessions"])
    except Exception:  # noqa: BLE001 - the terminal serves customers even so
        log.exception("could not journal the terminal's start")
