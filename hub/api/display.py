"""The waiting-area display's feed: a display device reads only its own branch."""

from __future__ import annotations

from aiohttp import web
from sqlalchemy import func, select

from hub.api.common import hub_of, principal
from hub.storage.tables import calls


async def feed(request: web.Request) -> web.Response:
    """``GET /api/display/feed``: how many are waiting per skill in the display's branch."""
    who = await principal(request, "display")
    async with hub_of(request).engine.connect() as conn:
        rows = await conn.execute(
            select(calls.c.skill, func.count())
            .where(calls.c.branch == who.branch, calls.c.state == "queued")
            .group_by(calls.c.skill)
        )
        waiting = {skill: n for skill, n in rows}
    return web.json_response({"branch": who.branch, "waiting": waiting})


def setup(app: web.Application) -> None:
    """Add this module's routes."""
    app.router.add_get("/api/display/feed", feed)
