"""Build the hub's aiohttp application: API modules, WebSocket signalling, static pages.

Each area registers its own routes (``hub.api.*.setup``), so more pages (operations,
counter, display) are added by appending a module to ``ROUTE_MODULES``.
"""

from __future__ import annotations

from aiohttp import web

from hub import metrics, signalling
from hub.api import (
    booking,
    callbacks,
    calls,
    devices,
    display,
    events,
    mobile,
    ops,
    pending,
    people,
    preapplications,
    queue,
    recordings,
    sessions,
)
from hub.api import recognition as face_recognition_api
from hub.context import HUB, Hub
from hub.settings import HubSettings

ROUTE_MODULES = [sessions, people, devices, calls, display, recordings, signalling, metrics]
# Operations (issue 13): after metrics, whose registry they add their figures to.
ROUTE_MODULES += [events, ops]
# Before the branch (issue 12): pre-filled applications, pending items, the phone's pages.
ROUTE_MODULES += [preapplications, pending, mobile]
# Recognition on arrival (issue 12).
ROUTE_MODULES += [face_recognition_api]
# Appointments and queue tickets (issue 12).
ROUTE_MODULES += [booking, queue]
ROUTE_MODULES += [callbacks]  # callbacks booked when no teller was free (issue 11)


@web.middleware
async def _security_headers(request: web.Request, handler):  # noqa: ANN001, ANN202
    response = await handler(request)
    if not isinstance(response, web.WebSocketResponse):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        if request.path.startswith("/api/"):
            response.headers.setdefault("Cache-Control", "no-store")
    return response


def build_app(settings: HubSettings, hub: Hub | None = None) -> web.Application:
    """The hub's application; the ``Hub`` starts and closes with it."""
    app = web.Application(middlewares=[_security_headers], client_max_size=512 << 20)
    app[HUB] = hub or Hub(settings)

    async def lifecycle(app: web.Application):  # noqa: ANN202 - async generator
        await app[HUB].start()
        yield
        await app[HUB].close()

    app.cleanup_ctx.append(lifecycle)
    for module in ROUTE_MODULES:
        module.setup(app)
    console = settings.static_dir / "console"

    async def console_index(_request: web.Request) -> web.FileResponse:
        return web.FileResponse(console / "index.html")

    async def to_console(_request: web.Request) -> web.Response:
        raise web.HTTPFound("/console/")

    app.router.add_get("/", to_console)
    app.router.add_get("/console", to_console)
    app.router.add_get("/console/", console_index)
    app.router.add_static("/console/", console, show_index=False)
    return app
