"""The hub's operations figures on ``/metrics``: queues, waits, terminals reporting.

Read from the database at scrape time (every hub process of a fleet shows the same fleet
figures); the counter of ingested events lives with ``POST /api/events``.
"""

from __future__ import annotations

import time
from typing import Any

from aiohttp import web
from prometheus_client import Gauge
from sqlalchemy import func, select

from hub.metrics import REGISTRY
from hub.ops.tables import ops_events
from hub.storage.tables import calls

REPORTING_WINDOW_S = 15 * 60  # a terminal counts as reporting with an event this recent
WAIT_WINDOW_S = 3600  # answered calls whose waits the mean covers


class OpsMetrics:
    """Gauges on the app's registry and the query that fills them."""

    def __init__(self, app: web.Application) -> None:
        reg = app[REGISTRY]
        self.queue_length = Gauge("hub_queue_length", "Calls waiting for a teller",
                                  ["branch", "skill"], registry=reg)
        self.calls_waiting = Gauge("hub_calls_waiting", "Calls waiting, per branch", ["branch"],
                                   registry=reg)
        self.oldest_wait = Gauge("hub_queue_wait_seconds",
                                 "Wait so far of the oldest call waiting", ["branch", "skill"],
                                 registry=reg)
        self.answered_wait = Gauge("hub_answered_wait_seconds_mean",
                                   "Mean wait of calls answered in the last hour", ["branch"],
                                   registry=reg)
        self.reporting = Gauge("hub_terminals_reporting",
                               "Terminals that sent operations events in the last 15 minutes",
                               ["branch"], registry=reg)

    async def refresh(self, hub: Any) -> None:
        """Set every gauge from the database (labels no longer present are removed)."""
        now = time.time()
        async with hub.engine.connect() as conn:
            queued = (await conn.execute(
                select(calls.c.branch, calls.c.skill, func.count(), func.min(calls.c.queued_at))
                .where(calls.c.state == "queued").group_by(calls.c.branch, calls.c.skill))).all()
            answered = (await conn.execute(
                select(calls.c.branch, func.avg(calls.c.accepted_at - calls.c.queued_at))
                .where(calls.c.accepted_at >= now - WAIT_WINDOW_S)
                .group_by(calls.c.branch))).all()
            reporting = (await conn.execute(
                select(ops_events.c.branch, func.count(ops_events.c.terminal_id.distinct()))
                .where(ops_events.c.received_at >= now - REPORTING_WINDOW_S)
                .group_by(ops_events.c.branch))).all()
        for gauge in (self.queue_length, self.calls_waiting, self.oldest_wait,
                      self.answered_wait, self.reporting):
            gauge.clear()
        waiting: dict[str, int] = {}
        for branch, skill, n, first in queued:
            self.queue_length.labels(branch, skill).set(n)
            self.oldest_wait.labels(branch, skill).set(max(0.0, now - first))
            waiting[branch] = waiting.get(branch, 0) + int(n)
        for branch, n in waiting.items():
            self.calls_waiting.labels(branch).set(n)
        for branch, mean in answered:
            self.answered_wait.labels(branch).set(float(mean or 0.0))
        for branch, n in reporting:
            self.reporting.labels(branch).set(n)
