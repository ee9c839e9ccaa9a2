"""``/api/callbacks``: a terminal books a callback when no teller was free; tellers work them.

``POST /api/callbacks`` (a terminal; its own branch): ``{phone, window_start, window_end,
language, skill?, call_id?}`` (Unix seconds) → 201 ``{id, reference, window_start,
window_end}``; 422 ``{"errors": [{field, message}]}`` naming each bad field; 400 for a body
that is not a JSON object.  ``GET /api/callbacks`` (teller, supervisor): the open callbacks of
the caller's branches, the soonest window first.  ``POST /api/callbacks/{id}/done`` marks one
done (409 when it no longer is open).
"""

from __future__ import annotations

import json
import time

from aiohttp import web

from hub import audit, callbacks
from hub.api.common import error, hub_of, person_with, principal

_ROLES = ("teller", "supervisor")


async def book(request: web.Request) -> web.Response:
    """A terminal books a callback for the customer in front of it."""
    who = await principal(request, "terminal")
    try:
        body = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise error(400, "the body is not JSON") from None
    if not isinstance(body, dict):
        raise error(400, "the body is a JSON object")
    values, errors = callbacks.check_booking(body, time.time())
    if errors:
        raise error(422, "invalid booking", errors=errors)
    hub = hub_of(request)
    async with hub.engine.begin() as conn:
        row = await callbacks.book(conn, who.id, who.branch, values)
        await audit.record(conn, who.actor, "callback_booked", terminal_id=who.id,
                           call_id=values["call_id"], reference=row["reference"],
                           language=values["language"])  # the phone stays out of the trail
    await hub.queue_changed()  # consoles refresh their lists
    return web.json_response({k: row[k] for k in ("id", "reference", "window_start",
                                                  "window_end")}, status=201)


async def listing(request: web.Request) -> web.Response:
    """Open callbacks of the teller's branches."""
    who = await person_with(request, *_ROLES)
    async with hub_of(request).engine.connect() as conn:
        rows = await callbacks.open_in(conn, who.branches_for(*_ROLES))
    keep = ("id", "reference", "terminal_id", "branch", "skill", "language", "phone",
            "window_start", "window_end", "created_at")
    return web.json_response({"callbacks": [{k: r[k] for k in keep} for r in rows]})


async def done(request: web.Request) -> web.Response:
    """A teller called the customer back."""
    who = await person_with(request, *_ROLES)
    hub = hub_of(request)
    callback_id = request.match_info["callback_id"]
    async with hub.engine.begin() as conn:
        row = await callbacks.get(conn, callback_id)
        if row is None or not any(who.has_role(r, row["branch"]) for r in _ROLES):
            raise error(404, "no such callback in your branches")
        if not await callbacks.mark_done(conn, callback_id, int(who.id)):
            raise error(409, "this callback is already done")
        await audit.record(conn, who.actor, "callback_done", terminal_id=row["terminal_id"],
                           call_id=row["call_id"], reference=row["reference"])
    await hub.queue_changed()
    return web.json_response({"id": callback_id, "state": "done"})


def setup(app: web.Application) -> None:
    """Add the callback routes."""
    app.router.add_post("/api/callbacks", book)
    app.router.add_get("/api/callbacks", listing)
    app.router.add_post("/api/callbacks/{callback_id}/done", done)
