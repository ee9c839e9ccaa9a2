"""The call queue: by skill and language, elder-mode customers first, then oldest first.

A call is claimed with ``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL (several hub
processes, one fleet) and, everywhere, by an ``UPDATE ... WHERE state='queued'`` whose row
count says who won, so two tellers never take the same call.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import and_, case, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from hub.auth import ALL_BRANCHES, Principal
from hub.storage.base import now
from hub.storage.tables import calls, people

TELLER_ROLES = ("teller", "supervisor")
DEFAULT_HANDLING_S = 180.0  # until a skill has measured calls
_HANDLING_SAMPLE = 50


def _call(row: Any) -> dict[str, Any] | None:
    return dict(row) if row is not None else None


async def get_call(conn: AsyncConnection, call_id: str) -> dict[str, Any] | None:
    """One call's row."""
    q = select(calls).where(calls.c.id == call_id)
    return _call((await conn.execute(q)).mappings().first())


async def open_call_of(conn: AsyncConnection, terminal_id: str) -> dict[str, Any] | None:
    """The terminal's queued or active call, if any."""
    q = select(calls).where(calls.c.terminal_id == terminal_id, calls.c.state != "ended")
    return _call((await conn.execute(q.order_by(calls.c.created_at.desc()))).mappings().first())


async def create_call(
    conn: AsyncConnection, terminal: Principal, skill: str, language: str, elder: bool,
    session_ref: str = "",
) -> dict[str, Any]:
    """Queue a call from ``terminal`` (a terminal has one open call: an older one is ended)."""
    await conn.execute(
        update(calls)
        .where(calls.c.terminal_id == terminal.id, calls.c.state != "ended")
        .values(state="ended", ended_at=now(), end_reason="replaced")
    )
    t = now()
    row = {
        "id": str(uuid.uuid4()), "terminal_id": terminal.id, "branch": terminal.branch,
        "session_ref": session_ref[:64], "skill": skill, "language": language,
        "elder": bool(elder), "state": "queued", "created_at": t, "queued_at": t,
    }
    await conn.execute(calls.insert().values(**row))
    return await get_call(conn, row["id"])  # type: ignore[return-value]


def _branch_filter(person: Principal):  # noqa: ANN202 - a SQL expression
    branches = person.branches_for(*TELLER_ROLES)
    if ALL_BRANCHES in branches:
        return True
    return calls.c.branch.in_(sorted(branches))


def _queue_order():  # noqa: ANN202 - SQL ORDER BY terms
    return (calls.c.elder.desc(), calls.c.queued_at.asc())


async def _skills_of(conn: AsyncConnection, person_id: int) -> tuple[list[str], list[str]]:
    row = (await conn.execute(
        select(people.c.skills, people.c.languages).where(people.c.id == person_id)
    )).first()
    if row is None:
        return [], []
    return [s for s in row[0].split(",") if s], [lang for lang in row[1].split(",") if lang]


async def visible_calls(conn: AsyncConnection, person: Principal) -> list[dict[str, Any]]:
    """What a signed-in teller may see: the queue of their branches and their own calls.

    A supervisor also sees the active calls of their branches (to take transfers).
    """
    if not person.branches_for(*TELLER_ROLES):
        return []
    me = int(person.id)
    queued = and_(
        calls.c.state == "queued",
        or_(calls.c.transfer_to.is_(None), calls.c.transfer_to == me),
    )
    mine = and_(calls.c.state == "active", calls.c.teller_id == me)
    cond = or_(queued, mine)
    if person.branches_for("supervisor"):
        cond = or_(cond, calls.c.state == "active")
    q = select(calls).where(cond, _branch_filter(person)).order_by(*_queue_order())
    return [dict(r) for r in (await conn.execute(q)).mappings().all()]


def may_read(person: Principal, call: dict[str, Any]) -> bool:
    """A teller reads only calls waiting in their branches or the call they accepted.

    A supervisor reads every call of their branches (transfers, audit).
    """
    branches = person.branches_for(*TELLER_ROLES)
    if not (ALL_BRANCHES in branches or call["branch"] in branches):
        return False
    if call["state"] == "queued":
        return call["transfer_to"] in (None, int(person.id))
    if call["teller_id"] == int(person.id):
        return True
    return person.has_role("supervisor", call["branch"])


async def claim(
    conn: AsyncConnection, person: Principal, call_id: str | None = None
) -> dict[str, Any] | None:
    """Give one queued call (``call_id``, or the next for the teller's skills) to ``person``.

    Returns the call, or None when it is gone (another teller was faster) or not theirs.
    """
    me = int(person.id)
    skills, languages = await _skills_of(conn, me)
    q = select(calls.c.id).where(
        calls.c.state == "queued",
        or_(calls.c.transfer_to.is_(None), calls.c.transfer_to == me),
        _branch_filter(person),
    )
    if call_id is not None:
        q = q.where(calls.c.id == call_id)
    else:
        q = q.where(calls.c.skill.in_(skills), calls.c.language.in_(languages))
    # A call transferred to me comes before the general queue.
    mine_first = case((calls.c.transfer_to == me, 0), else_=1)
    q = q.order_by(mine_first, *_queue_order()).limit(1).with_for_update(skip_locked=True)
    row = (await conn.execute(q)).first()
    if row is None:
        return None
    res = await conn.execute(
        update(calls)
        .where(calls.c.id == row[0], calls.c.state == "queued")
        .values(state="active", teller_id=me, accepted_at=now(), transfer_to=None)
    )
    if res.rowcount != 1:
        return None
    await conn.execute(update(people).where(people.c.id == me).values(presence="busy"))
    return await get_call(conn, row[0])


async def transfer(
    conn: AsyncConnection, call: dict[str, Any], to_person: int
) -> dict[str, Any]:
    """Put an active call back in the queue, reserved for ``to_person``."""
    await conn.execute(
        update(calls)
        .where(calls.c.id == call["id"])
        .values(state="queued", teller_id=None, transfer_to=to_person, queued_at=now())
    )
    if call["teller_id"] is not None:
        await conn.execute(
            update(people).where(people.c.id == call["teller_id"]).values(presence="available")
        )
    return await get_call(conn, call["id"])  # type: ignore[return-value]


async def end_call(conn: AsyncConnection, call_id: str, reason: str) -> dict[str, Any] | None:
    """End a call (idempotent); the teller becomes available again."""
    call = await get_call(conn, call_id)
    if call is None or call["state"] == "ended":
        return call
    await conn.execute(
        update(calls).where(calls.c.id == call_id).values(
            state="ended", ended_at=now(), end_reason=reason[:64]
        )
    )
    if call["teller_id"] is not None:
        await conn.execute(
            update(people).where(people.c.id == call["teller_id"]).values(presence="available")
        )
    return await get_call(conn, call_id)


async def handling_time_s(conn: AsyncConnection, skill: str) -> float:
    """Mean handling time of the skill's last answered calls (a default until there are any)."""
    recent = (
        select((calls.c.ended_at - calls.c.accepted_at).label("d"))
        .where(calls.c.skill == skill, calls.c.state == "ended", calls.c.accepted_at.is_not(None))
        .order_by(calls.c.ended_at.desc())
        .limit(_HANDLING_SAMPLE)
        .subquery()
    )
    mean = (await conn.execute(select(func.avg(recent.c.d)))).scalar()
    return float(mean) if mean else DEFAULT_HANDLING_S


async def queue_position(conn: AsyncConnection, call: dict[str, Any]) -> tuple[int, float]:
    """(position from 1, expected wait in seconds) of a queued call."""
    same = and_(
        calls.c.state == "queued", calls.c.skill == call["skill"],
        calls.c.language == call["language"],
    )
    ahead = or_(
        and_(calls.c.elder.is_(True), not call["elder"]),
        and_(calls.c.elder == call["elder"], calls.c.queued_at < call["queued_at"]),
    )
    n_ahead = (await conn.execute(select(func.count()).where(same, ahead))).scalar() or 0
    on_duty = (await conn.execute(
        select(people.c.presence, func.count()).where(
            people.c.presence.in_(("available", "busy")),
            people.c.skills.contains(call["skill"]),
            people.c.languages.contains(call["language"]),
        ).group_by(people.c.presence)
    )).all()
    free = sum(n for p, n in on_duty if p == "available")
    staff = sum(n for _, n in on_duty)
    per_call = await handling_time_s(conn, call["skill"])
    if n_ahead < free:
        wait = 0.0
    elif staff == 0:  # nobody on duty: the pessimistic figure
        wait = (n_ahead + 1) * per_call
    else:  # a busy teller is half-way through a call on average, then one call per round
        wait = per_call / 2 + ((n_ahead - free) // staff) * per_call
    return int(n_ahead) + 1, round(wait, 1)
