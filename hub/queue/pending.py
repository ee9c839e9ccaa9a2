"""What a customer has pending in the queue today: the personal home's provider (issue 12)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from hub.queue import clock
from hub.queue.services import SERVICES
from hub.queue.tables import appointments, queue_tickets
from hub.queue.tickets import OPEN_STATES
from hub.storage.base import now

_TZ = "Asia/Shanghai"  # HubSettings.queue_timezone's default; providers get no settings


async def pending_for(conn: AsyncConnection, branch: str, id_hash: str,
                      tz: str = _TZ) -> list[dict]:
    """The customer's appointment today (booked, not yet checked in) and open tickets."""
    today = clock.local_day(now(), tz)
    out: list[dict[str, Any]] = []
    rows = await conn.execute(select(appointments).where(
        appointments.c.branch == branch, appointments.c.id_hash == id_hash,
        appointments.c.state == "booked").order_by(appointments.c.starts_at))
    for a in rows.mappings():
        if clock.local_day(a["starts_at"], tz) != today:
            continue
        service = SERVICES[a["service"]]
        out.append({"kind": "appointment", "code": a["code"], "service": service.code,
                    "service_name": {"zh": service.zh, "en": service.en},
                    "time": clock.iso(a["starts_at"], tz), "slot": a["starts_at"]})
    rows = await conn.execute(select(queue_tickets).where(
        queue_tickets.c.branch == branch, queue_tickets.c.id_hash == id_hash,
        queue_tickets.c.day == today, queue_tickets.c.state.in_(OPEN_STATES))
        .order_by(queue_tickets.c.issued_at))
    for t in rows.mappings():
        service = SERVICES[t["service"]]
        out.append({"kind": "ticket", "number": t["number"], "service": service.code,
                    "service_name": {"zh": service.zh, "en": service.en}, "state": t["state"],
                    "counter": t["counter"]})
    return out
