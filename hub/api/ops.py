"""The branch operations dashboard: ``/ops/`` (page) and ``/api/ops/*`` (its figures).

Only branch managers and supervisors, and only for their own branches (``'*'``: all); a
branch outside them is 403.  Supervisors also issue one-time technician codes
(docs/operations.md, "Hub contract: one-time codes") for terminals of their branches.
"""

from __future__ import annotations

import datetime as dt
import time

from aiohttp import web
from sqlalchemy import select

from hub import audit
from hub.api import ops_bundles
from hub.api.common import error, hub_of, json_body, person_with
from hub.auth import ALL_BRANCHES, Principal
from hub.context import HUB
from hub.metrics import REFRESHERS
from hub.ops import dashboard
from hub.ops.prometheus import OpsMetrics
from hub.storage.tables import devices
from kiosk.maintenance.otp import issue

OPS_ROLES = ("branch_manager", "supervisor")


async def allowed_branches(request: web.Request, who: Principal) -> list[str]:
    """The branches ``who`` may see on the dashboard."""
    mine = who.branches_for(*OPS_ROLES)
    if ALL_BRANCHES not in mine:
        return sorted(mine)
    async with hub_of(request).engine.connect() as conn:
        known = (await conn.execute(select(devices.c.branch).distinct())).scalars()
        return sorted(set(known))


def _day(value: str, name: str) -> float:
    try:
        return dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC).timestamp()
    except ValueError:
        raise error(400, f"{name} must be a date YYYY-MM-DD, got {value!r}") from None


async def branches(request: web.Request) -> web.Response:
    """``GET /api/ops/branches``: what the branch filter offers."""
    who = await person_with(request, *OPS_ROLES)
    return web.json_response({"branches": await allowed_branches(request, who)})


async def summary(request: web.Request) -> web.Response:
    """``GET /api/ops/summary?branch=B&from=YYYY-MM-DD&to=YYYY-MM-DD&target_wait_s=60``."""
    who = await person_with(request, *OPS_ROLES)
    allowed = await allowed_branches(request, who)
    wanted = request.query.get("branch", "")
    if wanted and wanted not in allowed:
        raise error(403, f"branch {wanted!r} is not one of yours")
    chosen = (wanted,) if wanted else tuple(allowed)
    today = dt.datetime.now(dt.UTC).date()
    start = _day(request.query.get("from", (today - dt.timedelta(days=6)).isoformat()), "from")
    end = _day(request.query.get("to", today.isoformat()), "to") + 86400  # 'to' is inclusive
    if end <= start:
        raise error(400, "'to' is before 'from'")
    try:
        target = float(request.query.get("target_wait_s", "60"))
    except ValueError:
        raise error(400, "target_wait_s must be a number of seconds") from None
    if not 0 < target <= 3600:
        raise error(400, "target_wait_s must be between 0 and 3600 seconds")
    q = dashboard.Query(chosen, start, end, target_wait_s=target)
    async with hub_of(request).engine.connect() as conn:
        body = await dashboard.summary(conn, q, time.time())
    return web.json_response(body)


async def technician_code(request: web.Request) -> web.Response:
    """``POST /api/ops/technician-codes {terminal_id, technician_id}``: a one-time code."""
    who = await person_with(request, "supervisor")
    body = await json_body(request)
    terminal, technician = str(body.get("terminal_id", "")), str(body.get("technician_id", ""))
    if not terminal or not technician:
        raise error(400, "terminal_id and technician_id are required")
    hub = hub_of(request)
    secret = hub.settings.otp_secret
    if len(secret) < 32:
        raise error(409, "this hub has no technician code secret (kiosk hub --otp-secret)")
    async with hub.engine.begin() as conn:
        row = (await conn.execute(select(devices.c.branch).where(
            devices.c.id == terminal, devices.c.kind == "terminal"))).first()
        if row is None:
            raise error(404, f"no terminal {terminal!r}")
        if not who.has_role("supervisor", row[0]):
            raise error(403, f"terminal {terminal!r} is not in one of your branches")
        step = int(hub.settings.otp_step_seconds)
        code = issue(secret, terminal, technician, step=step)
        await audit.record(conn, who.actor, "technician_code", terminal_id=terminal,
                           detail={"technician": technician})
    valid_until = (int(time.time() // step) + 2) * step
    return web.json_response({"terminal_id": terminal, "technician_id": technician,
                              "code": code, "valid_until": valid_until}, status=201)


def setup(app: web.Application) -> None:
    """Add the dashboard's routes and figures."""
    static = app[HUB].settings.static_dir / "ops"

    async def page(_request: web.Request) -> web.FileResponse:
        return web.FileResponse(static / "index.html")

    async def to_page(_request: web.Request) -> web.Response:
        raise web.HTTPFound("/ops/")

    app.router.add_get("/ops", to_page)
    app.router.add_get("/ops/", page)
    app.router.add_static("/ops/", static, show_index=False)
    app.router.add_get("/api/ops/branches", branches)
    app.router.add_get("/api/ops/summary", summary)
    app.router.add_post("/api/ops/technician-codes", technician_code)
    ops_bundles.setup(app)
    app[REFRESHERS].append(OpsMetrics(app).refresh)
