"""``POST /api/events``: operations events from terminals (docs/operations.md).

The terminal authenticates with its key as a bearer token (``Authorization: Bearer <key>``;
``Device <id>:<key>`` works too).  Events are filed under the terminal and branch the key
belongs to, never the ``terminal_id`` or ``branch`` of the body.  Answers: 200 with
``accepted``/``duplicates``; 422 naming the rejected events (the others are stored); 413
for a batch over ``MAX_BATCH`` events or ``MAX_BODY`` bytes; 401/403 for a refused key.
"""

from __future__ import annotations

import json

from aiohttp import web
from prometheus_client import Counter
from sqlalchemy import select

from hub.api.common import authenticate, error, hub_of
from hub.auth import Principal, hash_device_key
from hub.metrics import REGISTRY
from hub.ops.ingest import MAX_BATCH, store_events
from hub.storage.tables import devices

MAX_BODY = 4 << 20
INGESTED = web.AppKey("ops_events_ingested", Counter)


async def terminal_of(request: web.Request) -> Principal:
    """The terminal whose key is presented; 401 for an unknown key, 403 for a non-terminal."""
    auth = request.headers.get("Authorization", "")
    scheme, _, value = auth.partition(" ")
    if scheme == "Bearer" and value and "." not in value:  # a device key, not a signed token
        q = select(devices).where(devices.c.key_hash == hash_device_key(value.strip()))
        async with hub_of(request).engine.connect() as conn:
            row = (await conn.execute(q)).mappings().first()
        if row is None or row["revoked_at"] is not None:
            raise error(401, "unknown, revoked or wrong terminal key")
        who = Principal(row["kind"], row["id"], row["id"], branch=row["branch"])
    else:
        who = await authenticate(hub_of(request), auth)
    if who.kind != "terminal":
        raise error(403, "operations events come from terminals only")
    return who


async def post_events(request: web.Request) -> web.Response:
    """Store a batch of operations events idempotently."""
    who = await terminal_of(request)
    if (request.content_length or 0) > MAX_BODY:
        raise web.HTTPRequestEntityTooLarge(MAX_BODY, request.content_length or 0)
    raw = await request.read()
    if len(raw) > MAX_BODY:
        raise web.HTTPRequestEntityTooLarge(MAX_BODY, len(raw))
    try:
        body = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise error(400, "the body is not JSON") from None
    events = body.get("events") if isinstance(body, dict) else None
    if not isinstance(events, list):
        raise error(400, "the body must be an object with a list 'events'")
    if len(events) > MAX_BATCH:
        return web.json_response(
            {"error": f"at most {MAX_BATCH} events per batch, got {len(events)}"}, status=413)
    async with hub_of(request).engine.begin() as conn:
        result = await store_events(conn, who.id, who.branch, events)
    counter = request.app[INGESTED]
    counter.labels("accepted").inc(result.accepted)
    counter.labels("duplicate").inc(result.duplicates)
    counter.labels("rejected").inc(len(result.rejected))
    answer = {"accepted": result.accepted, "duplicates": result.duplicates}
    if result.rejected:
        return web.json_response({**answer, "rejected": result.rejected}, status=422)
    return web.json_response(answer)


def setup(app: web.Application) -> None:
    """Add the route and its counter (on the app's metrics registry)."""
    app[INGESTED] = Counter("hub_ops_events_ingested", "Operations events received, by result",
                            ["result"], registry=app[REGISTRY])
    app.router.add_post("/api/events", post_events)
