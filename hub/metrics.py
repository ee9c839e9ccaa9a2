"""``GET /metrics``: the hub's Prometheus figures (sockets held, calls by state, queue age)."""

from __future__ import annotations

import time

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Gauge, generate_latest
from sqlalchemy import func, select

from hub.context import HUB
from hub.storage.tables import calls

REGISTRY = web.AppKey("metrics_registry", CollectorRegistry)
# Other modules' async updates of their gauges, run before each scrape (operations figures).
REFRESHERS = web.AppKey("metrics_refreshers", list)


def setup(app: web.Application) -> None:
    """Add the metrics route with this app's own registry."""
    registry = CollectorRegistry()
    sockets = Gauge("hub_websockets", "WebSockets held by this hub process", ["kind"],
                    registry=registry)
    by_state = Gauge("hub_calls", "Calls by state (whole fleet)", ["state"], registry=registry)
    oldest = Gauge("hub_queue_oldest_wait_seconds", "Wait of the oldest queued call",
                   registry=registry)
    app[REGISTRY] = registry
    app[REFRESHERS] = []

    async def metrics(request: web.Request) -> web.Response:
        hub = request.app[HUB]
        sockets.labels("terminal").set(sum(len(s) for s in hub.terminals.values()))
        sockets.labels("person").set(sum(len(s) for s in hub.people.values()))
        async with hub.engine.connect() as conn:
            counts = dict((await conn.execute(
                select(calls.c.state, func.count()).where(calls.c.state != "ended")
                .group_by(calls.c.state))).all())
            first = (await conn.execute(
                select(func.min(calls.c.queued_at)).where(calls.c.state == "queued"))).scalar()
        for state in ("queued", "active"):
            by_state.labels(state).set(counts.get(state, 0))
        oldest.set(time.time() - first if first else 0)
        for refresh in request.app[REFRESHERS]:
            await refresh(hub)
        return web.Response(body=generate_latest(registry),
                            headers={"Content-Type": CONTENT_TYPE_LATEST})

    app.router.add_get("/metrics", metrics)
