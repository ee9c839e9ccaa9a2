"""Storage of recognition on arrival: sealed face templates per branch and one-time codes.

The hub never sees a face descriptor: a template arrives sealed by the terminal with a key
only terminals hold (kiosk/recognition/sealing.py) and is stored as it came, beside the
keyed hash of the ID number (``hub.idhash``) and when consent was given.  Revoking consent
deletes every template of that ID hash, in every branch, in the same transaction.

One-time codes (the second factor sent to the customer's phone) are stored as an HMAC, live
``CODE_TTL_S`` and allow ``MAX_ATTEMPTS`` tries; a new code may be asked ``RESEND_AFTER_S``
after the last one.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from hub.storage.base import now
from hub.storage.tables import face_templates, recognition_codes

MAX_SEALED_CHARS = 16_384  # a sealed 128-d descriptor and contact details: about 4 KB
CODE_TTL_S = 300.0
MAX_ATTEMPTS = 3
RESEND_AFTER_S = 30.0


class CodeRefused(Exception):
    """A code cannot be issued now (asked again too soon); the message says when."""


@dataclass(frozen=True)
class CodeCheck:
    """The result of checking a one-time code."""

    confirmed: bool
    attempts_left: int
    reason: str = ""  # wrong | expired | no_code | exhausted


async def enrol(conn: AsyncConnection, template_id: str, branch: str, id_hash: str,
                sealed: str, terminal_id: str) -> int:
    """Store a template; an older template of the same person in the branch is replaced.

    Returns how many older templates were replaced.
    """
    old = await conn.execute(delete(face_templates).where(
        face_templates.c.branch == branch, face_templates.c.id_hash == id_hash))
    await conn.execute(insert(face_templates).values(
        id=template_id, branch=branch, id_hash=id_hash, sealed=sealed,
        terminal_id=terminal_id, consent_at=now()))
    return old.rowcount or 0


async def revoke(conn: AsyncConnection, id_hash: str) -> list[str]:
    """Delete every template (and its codes) of ``id_hash``; return the template ids."""
    ids = [r[0] for r in await conn.execute(
        select(face_templates.c.id).where(face_templates.c.id_hash == id_hash))]
    if ids:
        await conn.execute(delete(recognition_codes).where(
            recognition_codes.c.template_id.in_(ids)))
        await conn.execute(delete(face_templates).where(face_templates.c.id.in_(ids)))
    return ids


async def branch_templates(conn: AsyncConnection, branch: str) -> list[dict[str, str]]:
    """The branch's sealed templates (what a terminal of that branch loads into memory)."""
    rows = await conn.execute(select(face_templates.c.id, face_templates.c.sealed)
                              .where(face_templates.c.branch == branch)
                              .order_by(face_templates.c.consent_at))
    return [{"template_id": r.id, "sealed": r.sealed} for r in rows]


async def template_branch(conn: AsyncConnection, template_id: str) -> str | None:
    """The branch a template belongs to, or None when there is no such template."""
    q = select(face_templates.c.branch).where(face_templates.c.id == template_id)
    return (await conn.execute(q)).scalar()


def _code_hash(key: bytes, template_id: str, code: str) -> str:
    return hmac.new(key, f"{template_id}:{code}".encode(), hashlib.sha256).hexdigest()


async def issue_code(conn: AsyncConnection, key: bytes, template_id: str) -> str:
    """A fresh 6-digit code for the template's customer (the previous one stops working)."""
    q = select(recognition_codes.c.issued_at).where(
        recognition_codes.c.template_id == template_id)
    last = (await conn.execute(q)).scalar()
    t = now()
    if last is not None and t - last < RESEND_AFTER_S:
        raise CodeRefused(f"a code was sent {t - last:.0f} s ago; ask again after "
                          f"{RESEND_AFTER_S:.0f} s")
    code = f"{secrets.randbelow(10**6):06d}"
    await conn.execute(delete(recognition_codes).where(
        recognition_codes.c.template_id == template_id))
    await conn.execute(insert(recognition_codes).values(
        template_id=template_id, code_hash=_code_hash(key, template_id, code), issued_at=t,
        expires_at=t + CODE_TTL_S, attempts=0))
    return code


async def check_code(conn: AsyncConnection, key: bytes, template_id: str,
                     code: str) -> CodeCheck:
    """Check a code; a right one is used up, each wrong one costs an attempt."""
    row = (await conn.execute(select(recognition_codes).where(
        recognition_codes.c.template_id == template_id))).mappings().first()
    if row is None:
        return CodeCheck(False, 0, "no_code")
    if row["expires_at"] < now():
        await conn.execute(delete(recognition_codes).where(
            recognition_codes.c.template_id == template_id))
        return CodeCheck(False, 0, "expired")
    if hmac.compare_digest(row["code_hash"], _code_hash(key, template_id, code.strip())):
        await conn.execute(delete(recognition_codes).where(
            recognition_codes.c.template_id == template_id))
        return CodeCheck(True, 0)
    attempts = int(row["attempts"]) + 1
    left = MAX_ATTEMPTS - attempts
    if left <= 0:
        await conn.execute(delete(recognition_codes).where(
            recognition_codes.c.template_id == template_id))
        return CodeCheck(False, 0, "exhausted")
    await conn.execute(update(recognition_codes).where(
        recognition_codes.c.template_id == template_id).values(attempts=attempts))
    return CodeCheck(False, left, "wrong")
