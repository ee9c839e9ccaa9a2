"""Queue tickets: numbers like A012, check-in of appointments, counter actions, waits.

Order of a service's queue: on-time appointments first (``priority`` 1, by slot time), then
everyone else by the time they joined.  Counter actions move a ticket through
``waiting -> called -> serving -> done``; ``recall`` announces it again (at most
``max_recalls`` times, the next recall drops it as a no-show), ``no_show`` drops it at once,
``park`` sets it aside until called again, ``transfer`` sends it to the back of another
service's queue.  Each action is a ``queue_events`` row with its time.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from hub.queue import clock, waits
from hub.queue.booking import BookingError
from hub.queue.services import SERVICES, WHERE, destination_for
from hub.queue.tables import appointments, queue_events, queue_numbers, queue_tickets
from hub.settings import HubSettings
from hub.storage.base import now

OPEN_STATES = ("waiting", "called", "serving", "parked")
ACTIONS = ("call", "recall", "no_show", "park", "transfer", "serve", "end")


class TicketError(BookingError):
    """A counter action or ticket request refused (status and message for the caller)."""


class Raced(TicketError):
    """Another counter changed the ticket between reading and updating it."""


async def _next_number(conn: AsyncConnection, branch: str, day: str, prefix: str) -> int:
    key = (queue_numbers.c.branch == branch, queue_numbers.c.day == day,
           queue_numbers.c.prefix == prefix)
    # UPDATE first: it takes the row lock (PostgreSQL) or the write lock (SQLite) at once.
    res = await conn.execute(update(queue_numbers).where(*key)
                             .values(last=queue_numbers.c.last + 1))
    if not res.rowcount:
        if conn.dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as dialect_insert
        else:
            from sqlalchemy.dialects.sqlite import insert as dialect_insert
        stmt = dialect_insert(queue_numbers).values(branch=branch, day=day, prefix=prefix, last=1)
        stmt = stmt.on_conflict_do_update(index_elements=["branch", "day", "prefix"],
                                          set_={"last": queue_numbers.c.last + 1})
        await conn.execute(stmt)
    return int((await conn.execute(select(queue_numbers.c.last).where(*key))).scalar_one())


async def _event(conn: AsyncConnection, ticket: dict[str, Any], action: str, actor: str,
                 at: float, counter: str | None = None, service: str | None = None) -> None:
    await conn.execute(insert(queue_events).values(
        ticket_id=ticket["id"], branch=ticket["branch"], at=at, action=action, actor=actor,
        counter=counter, service=service or ticket["service"]))


async def issue(conn: AsyncConnection, branch: str, service_code: str, settings: HubSettings,
                *, terminal_id: str | None = None, id_hash: str | None = None,
                pending: list[dict[str, Any]] | None = None, appointment: dict | None = None,
                on_time: bool = False, actor: str = "") -> dict[str, Any]:
    """Issue a ticket of ``service_code`` (422 for an unknown service)."""
    service = SERVICES.get(service_code)
    if service is None:
        raise TicketError(422, f"unknown service {service_code!r}",
                          errors=[{"field": "service", "message": "service.unknown"}])
    at = now()
    day = clock.local_day(at, settings.queue_timezone)
    seq = await _next_number(conn, branch, day, service.prefix)
    row = {
        "id": str(uuid.uuid4()), "branch": branch, "day": day, "service": service.code,
        "number": f"{service.prefix}{seq:03d}", "state": "waiting",
        "priority": 1 if on_time else 0,
        "destination": destination_for(service, pending or [], appointment=on_time),
        "appointment_code": appointment["code"] if appointment else None,
        "id_hash": id_hash or (appointment or {}).get("id_hash"), "terminal_id": terminal_id,
        "issued_at": at, "queued_at": appointment["starts_at"] if on_time and appointment else at,
        "recalls": 0,
    }
    await conn.execute(insert(queue_tickets).values(**row))
    await _event(conn, row, "issued", actor or f"terminal:{terminal_id or '-'}", at)
    return row


async def check_in(conn: AsyncConnection, appointment: dict[str, Any], settings: HubSettings,
                   terminal_id: str, branch: str) -> dict[str, Any]:
    """Check a booked appointment in and issue its ticket.

    Too early: 409 (``reason: too_early``, ``opens_at``).  Later than ``checkin_late_s``
    after the slot: a walk-in ticket (``late``).  Otherwise: the head of its service's queue.
    """
    state = appointment["state"]
    if appointment["branch"] != branch:
        raise TicketError(409, "this appointment is for another branch", reason="other_branch",
                          branch=appointment["branch"])
    if state == "cancelled":
        raise TicketError(410, "this appointment was cancelled", reason="cancelled")
    if state != "booked":
        raise TicketError(409, "this appointment is already checked in", reason="checked_in")
    at = now()
    opens = appointment["starts_at"] - settings.checkin_early_s
    if at < opens:
        raise TicketError(409, "too early to check in for this appointment",
                          reason="too_early", opens_at=opens,
                          opens=clock.iso(opens, settings.queue_timezone))
    late = at > appointment["starts_at"] + settings.checkin_late_s
    ticket = await issue(conn, branch, appointment["service"], settings, terminal_id=terminal_id,
                         appointment=appointment, on_time=not late)
    await conn.execute(update(appointments).where(appointments.c.code == appointment["code"])
                       .values(state="checked_in", checked_in_at=at, ticket_id=ticket["id"]))
    return {**ticket, "late": late}


async def get(conn: AsyncConnection, ticket_id: str) -> dict[str, Any] | None:
    """One ticket, or None."""
    row = (await conn.execute(select(queue_tickets).where(queue_tickets.c.id == ticket_id))
           ).mappings().first()
    return dict(row) if row else None


def _queue_order():  # noqa: ANN202 - SQL ORDER BY terms
    return (queue_tickets.c.priority.desc(), queue_tickets.c.queued_at, queue_tickets.c.number)


async def call_next(conn: AsyncConnection, branch: str, services: list[str], counter: str,
                    actor: str) -> dict[str, Any] | None:
    """Call the first waiting ticket of ``services`` to ``counter``; None when nobody waits.

    Two counters pressing at once may pick the same ticket; the state-guarded update lets only
    one have it, and the other takes the next (PostgreSQL skips rows another counter holds);
    ``Raced`` when every candidate was taken (a new transaction sees who still waits).
    """
    q = (select(queue_tickets.c.id)
         .where(queue_tickets.c.branch == branch, queue_tickets.c.state == "waiting",
                queue_tickets.c.service.in_(services))
         .order_by(*_queue_order()))
    if conn.dialect.name == "postgresql":  # lock only the one taken: others get the next
        q = q.limit(1).with_for_update(skip_locked=True)
    else:
        q = q.limit(8)
    raced = False
    for ticket_id in (await conn.execute(q)).scalars().all():
        ticket = await get(conn, ticket_id)
        if ticket is None or ticket["state"] != "waiting":
            continue
        try:
            return await act(conn, ticket, "call", actor, counter=counter, max_recalls=0)
        except Raced:
            raced = True
    if raced:  # every candidate went to other counters: the caller retries afresh
        raise Raced(409, "other counters called these customers; try again")
    return None


async def act(conn: AsyncConnection, ticket: dict[str, Any], action: str, actor: str, *,
              counter: str | None = None, service: str | None = None,
              max_recalls: int) -> dict[str, Any]:
    """Apply one counter action; 409 when the ticket's state does not allow it."""
    if action not in ACTIONS:
        raise TicketError(422, f"action must be one of {list(ACTIONS)}")
    state, at = ticket["state"], now()
    values: dict[str, Any]
    if action == "call":
        if state not in ("waiting", "parked"):
            raise TicketError(409, f"ticket {ticket['number']} is {state}, not waiting")
        if not counter:
            raise TicketError(422, "call needs the counter (or terminal) to send the customer to")
        values = {"state": "called", "called_at": at, "counter": counter, "staff": actor,
                  "recalls": 0}
    elif action == "recall":
        if state != "called":
            raise TicketError(409, f"ticket {ticket['number']} is {state}, not called")
        if ticket["recalls"] >= max_recalls:
            action, values = "no_show", {"state": "no_show", "ended_at": at}
        else:
            values = {"recalls": ticket["recalls"] + 1, "called_at": at}
    elif action == "no_show":
        if state != "called":
            raise TicketError(409, f"ticket {ticket['number']} is {state}, not called")
        values = {"state": "no_show", "ended_at": at}
    elif action == "serve":
        if state != "called":
            raise TicketError(409, f"ticket {ticket['number']} is {state}, not called")
        values = {"state": "serving", "served_at": at}
    elif action == "park":
        if state not in ("called", "serving"):
            raise TicketError(409, f"ticket {ticket['number']} is {state}, not at a counter")
        values = {"state": "parked"}
    elif action == "transfer":
        if service not in SERVICES:
            raise TicketError(422, f"transfer needs a service of {list(SERVICES)}")
        if state not in OPEN_STATES:
            raise TicketError(409, f"ticket {ticket['number']} is {state}")
        values = {"state": "waiting", "service": service, "transferred_from": ticket["service"],
                  "queued_at": at, "priority": 0, "counter": None, "called_at": None,
                  "served_at": None, "recalls": 0,
                  "destination": SERVICES[service].destination}
    else:  # end
        if state not in ("called", "serving"):
            raise TicketError(409, f"ticket {ticket['number']} is {state}, not at a counter")
        # Ended straight from the call: the customer was served from the call on.
        values = {"state": "done", "ended_at": at,
                  "served_at": ticket["served_at"] if state == "serving" else ticket["called_at"]}
    res = await conn.execute(update(queue_tickets).where(
        queue_tickets.c.id == ticket["id"], queue_tickets.c.state == state).values(**values))
    if not res.rowcount:
        raise Raced(409, f"ticket {ticket['number']} changed meanwhile; refresh")
    await _event(conn, ticket, action, actor, at, counter=values.get("counter") or counter,
                 service=service)
    return {**ticket, **values, "action": action}


async def board(conn: AsyncConnection, branch: str, settings: HubSettings) -> dict[str, Any]:
    """What the counter page and the display show: waiting, called, parked, expected waits."""
    rows = (await conn.execute(
        select(queue_tickets).where(queue_tickets.c.branch == branch,
                                    queue_tickets.c.state.in_(OPEN_STATES))
        .order_by(*_queue_order()))).mappings().all()
    at = now()
    waiting_by: dict[str, list[dict]] = {code: [] for code in SERVICES}
    out_rows = []
    for row in rows:
        t = public(dict(row), settings, at)
        out_rows.append(t)
        if row["state"] == "waiting":
            waiting_by.setdefault(row["service"], []).append(t)
    expected = {code: await waits.expected_wait_s(conn, branch, code, len(lst))
                for code, lst in waiting_by.items()}
    called = (await conn.execute(
        select(queue_tickets).where(queue_tickets.c.branch == branch,
                                    queue_tickets.c.called_at.is_not(None),
                                    queue_tickets.c.state.in_(("called", "serving")))
        .order_by(queue_tickets.c.called_at.desc()).limit(8))).mappings().all()
    return {
        "branch": branch,
        "services": [s.public() for s in SERVICES.values()],
        "tickets": out_rows,
        "waiting": {code: len(lst) for code, lst in waiting_by.items()},
        "expected_wait_s": expected,
        "called": [public(dict(r), settings, at) for r in called],
    }


def public(ticket: dict[str, Any], settings: HubSettings, at: float | None = None
           ) -> dict[str, Any]:
    """A ticket as staff, the display and the terminal see it (no ID hash)."""
    at = at or now()
    service = SERVICES[ticket["service"]]
    waited_until = ticket.get("called_at") or at
    return {
        "id": ticket["id"], "number": ticket["number"], "service": service.code,
        "service_name": {"zh": service.zh, "en": service.en}, "state": ticket["state"],
        "destination": ticket["destination"], "where": WHERE[ticket["destination"]],
        "counter": ticket.get("counter"), "appointment": bool(ticket.get("appointment_code")),
        "priority": ticket["priority"], "recalls": ticket["recalls"],
        "issued_at": ticket["issued_at"], "called_at": ticket.get("called_at"),
        "waiting_s": round(max(0.0, waited_until - ticket["issued_at"]), 1),
        "transferred_from": ticket.get("transferred_from"),
        "issued": clock.iso(ticket["issued_at"], settings.queue_timezone),
    }


async def position(conn: AsyncConnection, ticket: dict[str, Any]) -> int:
    """How many wait before ``ticket`` in its service's queue."""
    ahead = await conn.execute(select(func.count()).select_from(queue_tickets).where(
        queue_tickets.c.branch == ticket["branch"], queue_tickets.c.service == ticket["service"],
        queue_tickets.c.state == "waiting", queue_tickets.c.id != ticket["id"],
        (queue_tickets.c.priority > ticket["priority"])
        | ((queue_tickets.c.priority == ticket["priority"])
           & (queue_tickets.c.queued_at < ticket["queued_at"]))))
    return int(ahead.scalar_one())
