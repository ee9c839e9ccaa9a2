"""Callbacks booked at a terminal when no teller was free: the table and its queries.

A callback holds only what the customer typed or chose on the screen (a phone number, the
time window, the language) plus where it was booked (terminal, branch, the call it followed).
Tellers of the branch see the open ones, soonest window first, and mark them done.
"""

from __future__ import annotations

import secrets
import time
from typing import Any

from sqlalchemy import Column, Float, Integer, String, Table, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from hub.storage.base import METADATA
from kiosk.teller.callback_windows import callback_phone

callbacks = Table(
    "callbacks",
    METADATA,
    Column("id", String(32), primary_key=True),
    Column("reference", String(16), nullable=False, unique=True),
    Column("terminal_id", String(64), nullable=False),
    Column("branch", String(64), nullable=False, index=True),
    Column("call_id", String(36)),
    Column("skill", String(48), nullable=False),
    Column("language", String(16), nullable=False),
    Column("phone", String(20), nullable=False),
    Column("window_start", Float, nullable=False),
    Column("window_end", Float, nullable=False),
    Column("state", String(16), nullable=False),  # open | done
    Column("created_at", Float, nullable=False),
    Column("done_at", Float),
    Column("done_by", Integer),
)

LANGUAGES = ("zh", "en")
MAX_AHEAD_S = 14 * 86400
_REF_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read out over the phone


def check_booking(body: dict[str, Any], now: float) -> tuple[dict[str, Any], list[dict]]:
    """The booking's normalised values and the list of bad fields (``field``, ``message``)."""
    errors: list[dict[str, str]] = []
    phone = callback_phone(body.get("phone"))
    if phone is None:
        errors.append({"field": "phone", "message": "a mainland mobile number (11 digits) or a "
                       "landline with its area code"})
    try:
        start, end = float(body.get("window_start")), float(body.get("window_end"))
    except (TypeError, ValueError):
        start = end = 0.0
        errors.append({"field": "window_start", "message": "times are Unix seconds"})
    else:
        if end <= start or end - start > 86400:
            errors.append({"field": "window_end", "message": "the window ends after it starts, "
                           "within a day"})
        if end < now or start > now + MAX_AHEAD_S:
            errors.append({"field": "window_start", "message": "the window is in the next 14 "
                           "days"})
    language = str(body.get("language", ""))
    if language not in LANGUAGES:
        errors.append({"field": "language", "message": f"one of {list(LANGUAGES)}"})
    values = {"phone": phone, "window_start": start, "window_end": end, "language": language,
              "skill": str(body.get("skill") or "help")[:48],
              "call_id": str(body["call_id"])[:36] if body.get("call_id") else None}
    return values, errors


def _reference() -> str:
    body = "".join(secrets.choice(_REF_ALPHABET) for _ in range(6))
    check = _REF_ALPHABET[sum(_REF_ALPHABET.index(c) * (i + 1) for i, c in enumerate(body))
                          % len(_REF_ALPHABET)]
    return f"CB-{body[:3]}-{body[3:]}{check}"


async def book(conn: AsyncConnection, terminal_id: str, branch: str,
               values: dict[str, Any]) -> dict[str, Any]:
    """Store a checked booking; return it as a dict."""
    row = {"id": secrets.token_hex(16), "reference": _reference(), "terminal_id": terminal_id,
           "branch": branch, "state": "open", "created_at": time.time(), **values}
    await conn.execute(insert(callbacks).values(**row))
    return row


async def open_in(conn: AsyncConnection, branches: set[str]) -> list[dict[str, Any]]:
    """Open callbacks of ``branches`` (``'*'``: all), the soonest window first."""
    q = select(callbacks).where(callbacks.c.state == "open")
    if "*" not in branches:
        q = q.where(callbacks.c.branch.in_(sorted(branches)))
    rows = await conn.execute(q.order_by(callbacks.c.window_start, callbacks.c.created_at))
    return [dict(r._mapping) for r in rows]


async def get(conn: AsyncConnection, callback_id: str) -> dict[str, Any] | None:
    """One callback, or None."""
    row = (await conn.execute(select(callbacks).where(callbacks.c.id == callback_id))).first()
    return dict(row._mapping) if row else None


async def mark_done(conn: AsyncConnection, callback_id: str, person_id: int) -> bool:
    """Mark an open callback done; False when it was not open."""
    r = await conn.execute(update(callbacks).where(callbacks.c.id == callback_id,
                                                   callbacks.c.state == "open")
                           .values(state="done", done_at=time.time(), done_by=person_id))
    return r.rowcount == 1
