"""Queue tickets on the hub's ``/metrics``: who waits per branch and service, and how long."""

from __future__ import annotations

from typing import Any

from aiohttp import web
from prometheus_client import Gauge
from sqlalchemy import func, select

from hub.metrics import REGISTRY
from hub.queue.tables import queue_tickets
from hub.storage.base import now


class QueueMetrics:
    """Gauges on the app's registry, filled from the database at scrape time."""

    def __init__(self, app: web.Application) -> None:
        reg = app[REGISTRY]
        self.waiting = Gauge("hub_tickets_waiting", "Queue tickets waiting",
                             ["branch", "service"], registry=reg)
        self.oldest = Gauge("hub_ticket_wait_seconds", "Wait so far of the oldest ticket waiting",
                            ["branch", "service"], registry=reg)

    async def refresh(self, hub: Any) -> None:
        """Read the open tickets (every hub process of a fleet shows the same figures)."""
        async with hub.engine.connect() as conn:
            rows = (await conn.execute(
                select(queue_tickets.c.branch, queue_tickets.c.service, func.count(),
                       func.min(queue_tickets.c.issued_at))
                .where(queue_tickets.c.state == "waiting")
                .group_by(queue_tickets.c.branch, queue_tickets.c.service))).all()
        self.waiting.clear()
        self.oldest.clear()
        at = now()
        for branch, service, count, first in rows:
            self.waiting.labels(branch, service).set(count)
            self.oldest.labels(branch, service).set(max(0.0, at - float(first)))
