"""Pre-applications in the hub database: create, read, claim by identity, complete, expire.

Every function takes an open connection (SQLite or PostgreSQL alike) and the time ``at``
(epoch seconds), so tests can move the clock.  A row past ``expires_at`` is expired by
whichever call meets it first (and by the periodic purge): its ID hash and form are deleted
in the same statement that marks it, so no reader ever sees an expired row's personal data.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from hub.prearrival.tables import preapplications as t
from kiosk.forms import codes

MAX_MISMATCHES = 3  # refused identities before the code is locked (someone is guessing)


class PreappError(Exception):
    """A pre-application cannot be used: ``status`` is the HTTP status the API answers."""

    def __init__(self, status: int, reason: str, message: str, code: str = "") -> None:
        super().__init__(message)
        self.status, self.reason, self.code = status, reason, code


@dataclass(frozen=True)
class Preapp:
    """One pre-application as the terminal and the status page see it (no ID number)."""

    code: str
    kind: str
    branch: str
    status: str
    form: dict[str, Any]
    language: str
    created_at: float
    expires_at: float
    reference: str = ""

    def public(self) -> dict[str, Any]:
        """The JSON the API answers."""
        return {"code": self.code, "kind": self.kind, "branch": self.branch,
                "status": self.status, "form": self.form, "language": self.language,
                "created_at": self.created_at, "expires_at": self.expires_at}  # fmt: skip


def _preapp(row: Any) -> Preapp:
    return Preapp(row["code"], row["kind"], row["branch"], row["status"],
                  json.loads(row["form"] or "{}"), row["language"], row["created_at"],
                  row["expires_at"], row["reference"] or "")  # fmt: skip


async def create(conn: AsyncConnection, kind: str, id_hash: str, form: dict[str, Any], *,
                 at: float, ttl_s: float, branch: str = "", language: str = "zh_CN") -> Preapp:
    """Store a new pre-application under a fresh code (retried on the rare collision)."""
    for _ in range(8):
        code = codes.new_code()
        values = dict(code=code, kind=kind, branch=branch, status="open", id_hash=id_hash,
                      form=json.dumps(form, ensure_ascii=False), language=language,
                      created_at=at, expires_at=at + ttl_s, mismatches=0)  # fmt: skip
        try:
            async with conn.begin_nested():
                await conn.execute(insert(t).values(**values))
        except IntegrityError:
            continue
        return _preapp(values | {"reference": None})
    raise RuntimeError("no free pre-application code after 8 tries")


async def expire_due(conn: AsyncConnection, at: float) -> int:
    """Expire every row past its time: personal fields deleted, marker kept. Returns how many."""
    result = await conn.execute(
        update(t).where(t.c.expires_at <= at, t.c.status != "expired")
        .values(status="expired", id_hash=None, form=None)
    )
    return int(result.rowcount or 0)


async def expire_code(conn: AsyncConnection, code: str) -> None:
    """Expire one row now: personal fields deleted, the marker kept."""
    await conn.execute(update(t).where(t.c.code == code, t.c.status != "expired")
                       .values(status="expired", id_hash=None, form=None))  # fmt: skip


async def _row(conn: AsyncConnection, code: str, at: float, *, lock: bool = False) -> Any:
    code = codes.normalise(code)
    if not codes.is_valid(code):
        raise PreappError(404, "unknown", "no such pre-application code")
    q = select(t).where(t.c.code == code)
    if lock and conn.dialect.name == "postgresql":
        q = q.with_for_update()
    row = (await conn.execute(q)).mappings().first()
    if row is None:
        raise PreappError(404, "unknown", "no such pre-application code")
    if row["status"] == "expired" or row["expires_at"] <= at:
        # The caller's transaction rolls back with this error: the API calls expire_code.
        raise PreappError(410, "expired", "this pre-application has expired",
                          code if row["status"] != "expired" else "")
    return row


async def get(conn: AsyncConnection, code: str, at: float) -> Preapp:
    """The pre-application ``code``; PreappError 404 unknown, 410 expired."""
    return _preapp(await _row(conn, code, at))


async def claim(conn: AsyncConnection, code: str, id_hash: str, terminal_id: str,
                at: float) -> Preapp:
    """Use the application for the identity read at a terminal (its ID number's hash).

    The same person may claim it again (a face check failed, another terminal); a different
    identity is refused (403) and counted; after ``MAX_MISMATCHES`` the code is locked (423).
    A completed application answers 409.
    """
    row = await _row(conn, code, at, lock=True)
    if row["status"] == "completed":
        raise PreappError(409, "completed", "this application has been submitted already")
    if row["mismatches"] >= MAX_MISMATCHES:
        raise PreappError(423, "locked", "too many refused identities: ask a member of staff")
    if row["id_hash"] != id_hash:  # counted by count_mismatch (this transaction rolls back)
        raise PreappError(403, "id_mismatch",
                          "the identity read does not match this application's ID number")
    await conn.execute(update(t).where(t.c.code == row["code"])
                       .values(status="claimed", claimed_at=at, terminal_id=terminal_id))
    return _preapp({**row, "status": "claimed"})


async def count_mismatch(conn: AsyncConnection, code: str) -> None:
    """Count one refused identity against ``code`` (towards the lock)."""
    await conn.execute(update(t).where(t.c.code == codes.normalise(code))
                       .values(mismatches=t.c.mismatches + 1))  # fmt: skip


async def complete(conn: AsyncConnection, code: str, terminal_id: str, reference: str,
                   at: float) -> Preapp:
    """The terminal submitted the application (``reference``: its action id)."""
    row = await _row(conn, code, at, lock=True)
    if row["status"] == "completed":
        if row["reference"] == reference:
            return _preapp(row)  # a retry of the same completion
        raise PreappError(409, "completed", "this application has been submitted already")
    if row["status"] != "claimed":
        raise PreappError(409, "not_claimed", "claim the application with an identity first")
    await conn.execute(update(t).where(t.c.code == row["code"]).values(
        status="completed", completed_at=at, terminal_id=terminal_id, reference=reference))
    return _preapp({**row, "status": "completed", "reference": reference})


async def open_for(conn: AsyncConnection, branch: str, id_hash: str, at: float) -> list[Preapp]:
    """The person's applications still to complete (this branch's or any branch's)."""
    q = select(t).where(t.c.id_hash == id_hash, t.c.status.in_(("open", "claimed")),
                        t.c.expires_at > at, t.c.branch.in_((branch, "")))  # fmt: skip
    rows = (await conn.execute(q.order_by(t.c.created_at))).mappings().all()
    return [_preapp(r) for r in rows]
