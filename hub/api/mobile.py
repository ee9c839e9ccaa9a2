"""The customer's phone pages for pre-filled applications: ``/m/`` and ``/m/p/CODE``.

Plain HTML and scripts served from ``hub/static/m/pre`` (no build step, nothing from a CDN).
``/m/book/`` (appointments) is another area's page; the form links to it.
"""

from __future__ import annotations

from aiohttp import web

from hub.api.common import hub_of
from hub.context import HUB


def _page(name: str):  # noqa: ANN202 - aiohttp handler
    async def handler(request: web.Request) -> web.FileResponse:
        folder = hub_of(request).settings.static_dir / "m" / "pre"
        return web.FileResponse(folder / name, headers={"Cache-Control": "no-cache"})

    return handler


async def _to_form(_request: web.Request) -> web.Response:
    raise web.HTTPFound("/m/")


def setup(app: web.Application) -> None:
    """Add this module's routes."""
    app.router.add_get("/m", _to_form)
    app.router.add_get("/m/", _page("index.html"))
    app.router.add_get("/m/p/{code}", _page("status.html"))
    app.router.add_static("/m/pre/", app[HUB].settings.static_dir / "m" / "pre",
                          show_index=False)
