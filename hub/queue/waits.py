"""Expected waits per service: a measured-mean model, not Erlang C.

Expected wait = (customers ahead + 1) x mean handling time / counters serving the service.
The mean handling time is that of the service's last ``SAMPLE`` tickets ended today or before
(served -> ended), the service's assumed time until there are any; the counters are those
that called a ticket of the service in the last hour (at least one).  Erlang C
(hub.ops.erlang) needs a steady arrival rate, which a branch queue of a few dozen customers
a day does not have; the measured mean follows the counters actually open.
"""

from __future__ import annotations

from sqlalchemy import distinct, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from hub.queue.services import SERVICES
from hub.queue.tables import queue_events, queue_tickets
from hub.storage.base import now

SAMPLE = 20
_SERVERS_WINDOW_S = 3600.0


async def mean_handling_s(conn: AsyncConnection, branch: str, service: str) -> float:
    """Mean handling time of the service's recent tickets (its assumed time without any)."""
    recent = (select((queue_tickets.c.ended_at - queue_tickets.c.served_at).label("h"))
              .where(queue_tickets.c.branch == branch, queue_tickets.c.service == service,
                     queue_tickets.c.state == "done", queue_tickets.c.served_at.is_not(None))
              .order_by(queue_tickets.c.ended_at.desc()).limit(SAMPLE).subquery())
    mean = (await conn.execute(select(func.avg(recent.c.h)))).scalar()
    return float(mean) if mean is not None else SERVICES[service].handling_s


async def servers(conn: AsyncConnection, branch: str, service: str) -> int:
    """Counters that called a ticket of the service within the last hour (at least one)."""
    n = (await conn.execute(select(func.count(distinct(queue_events.c.counter))).where(
        queue_events.c.branch == branch, queue_events.c.service == service,
        queue_events.c.action == "call", queue_events.c.at > now() - _SERVERS_WINDOW_S))).scalar()
    return max(1, int(n or 0))


async def expected_wait_s(conn: AsyncConnection, branch: str, service: str, ahead: int) -> float:
    """Seconds a customer joining behind ``ahead`` others is expected to wait."""
    if service not in SERVICES:
        return 0.0
    mean = await mean_handling_s(conn, branch, service)
    return round((ahead + 1) * mean / await servers(conn, branch, service), 1)
