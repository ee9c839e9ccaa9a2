"""``POST /api/pending`` {id_number} (terminal key): what is pending for an identified customer.

The terminal asks only once the customer is identified; the hub answers from the keyed hash
of the ID number, for the terminal's own branch (``hub.prearrival.pending``).
"""

from __future__ import annotations

from aiohttp import web

from hub.api.common import error, hub_of, json_body, principal
from hub.prearrival.keys import hash_of
from hub.prearrival.pending import pending_items


async def pending(request: web.Request) -> web.Response:
    """The items the providers find for the customer, in this terminal's branch."""
    who = await principal(request, "terminal")
    body = await json_body(request)
    id_number = str(body.get("id_number") or "").strip()
    if not id_number:
        raise error(422, "id_number is required",
                    errors=[{"field": "id_number", "message": "the ID number is required"}])
    hub = hub_of(request)
    digest = await hash_of(hub, id_number)
    async with hub.engine.begin() as conn:
        items = await pending_items(conn, who.branch, digest, hub.settings.queue_timezone)
    return web.json_response({"items": items})


def setup(app: web.Application) -> None:
    """Add this module's routes."""
    app.router.add_post("/api/pending", pending)
