"""The audit trail: who did what, when, on which terminal and session; never ID data in clear."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from hub.storage.base import now
from hub.storage.tables import audit
from kiosk.logs import redact_value

ACTIONS = (
    "sign_in", "sign_in_failed", "call", "accept", "transfer", "correction", "correction_result",
    "approval_request", "approval", "refusal", "hang_up", "device_enrolled", "device_rotated",
    "device_revoked", "key_refused", "person_created", "recording_stored", "recording_fetched",
    "callback_booked", "callback_done",
)


async def record(
    conn: AsyncConnection,
    actor: str,
    action: str,
    *,
    terminal_id: str | None = None,
    call_id: str | None = None,
    session_ref: str | None = None,
    **detail: Any,
) -> None:
    """Append one audit row (``detail`` is redacted: names, ID and account numbers masked)."""
    safe = {k: redact_value(k, v) for k, v in detail.items()}
    await conn.execute(
        insert(audit).values(
            at=now(), actor=actor, action=action, terminal_id=terminal_id, call_id=call_id,
            session_ref=session_ref, detail=json.dumps(safe, ensure_ascii=False, default=str),
        )
    )


async def entries(conn: AsyncConnection, call_id: str | None = None,
                  limit: int = 500) -> list[dict[str, Any]]:
    """The newest audit rows (of one call, when given), oldest first."""
    q = select(audit).order_by(audit.c.id.desc()).limit(limit)
    if call_id:
        q = q.where(audit.c.call_id == call_id)
    rows = (await conn.execute(q)).mappings().all()
    return [dict(r, detail=json.loads(r["detail"])) for r in reversed(rows)]
