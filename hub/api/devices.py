"""Enrolment, key rotation and revocation of terminals and displays (supervisors)."""

from __future__ import annotations

from aiohttp import web

from hub import accounts, audit
from hub.api.common import error, hub_of, json_body, person_with

_MANAGERS = ("supervisor", "branch_manager")


def _check_branch(who, branch: str) -> None:  # noqa: ANN001 - Principal
    if not any(who.has_role(r, branch) for r in _MANAGERS):
        raise error(403, f"no supervisor role in branch {branch!r}")


async def enrol(request: web.Request) -> web.Response:
    """``POST /api/devices`` {id, kind: terminal|display, branch} -> 201 {id, key}."""
    who = await person_with(request, *_MANAGERS)
    body = await json_body(request)
    device_id, kind = str(body.get("id", "")), str(body.get("kind", "terminal"))
    branch = str(body.get("branch", ""))
    _check_branch(who, branch)
    try:
        async with hub_of(request).engine.begin() as conn:
            key = await accounts.enrol_device(conn, device_id, kind, branch)
            await audit.record(conn, who.actor, "device_enrolled", terminal_id=device_id,
                               kind=kind, branch=branch)
    except accounts.AccountError as exc:
        raise error(422, str(exc)) from None
    return web.json_response({"id": device_id, "kind": kind, "branch": branch, "key": key},
                             status=201)


async def _managed(request: web.Request):  # noqa: ANN202 - (Principal, device row)
    who = await person_with(request, *_MANAGERS)
    device_id = request.match_info["device_id"]
    async with hub_of(request).engine.connect() as conn:
        row = await accounts.device(conn, device_id)
    if row is None:
        raise error(404, f"no device {device_id!r}")
    _check_branch(who, row["branch"])
    return who, row


async def rotate(request: web.Request) -> web.Response:
    """``POST /api/devices/{id}/rotate`` -> {id, key}: the old key stops working at once."""
    who, row = await _managed(request)
    hub = hub_of(request)
    async with hub.engine.begin() as conn:
        key = await accounts.rotate_device_key(conn, row["id"])
        await audit.record(conn, who.actor, "device_rotated", terminal_id=row["id"])
    await hub.revoke_terminal(row["id"])  # sockets opened with the old key close
    return web.json_response({"id": row["id"], "key": key})


async def revoke(request: web.Request) -> web.Response:
    """``POST /api/devices/{id}/revoke``: shut the device out now (its sockets close)."""
    who, row = await _managed(request)
    hub = hub_of(request)
    async with hub.engine.begin() as conn:
        await accounts.revoke_device(conn, row["id"])
        await audit.record(conn, who.actor, "device_revoked", terminal_id=row["id"])
    await hub.revoke_terminal(row["id"])
    return web.json_response({"id": row["id"], "revoked": True})


def setup(app: web.Application) -> None:
    """Add this module's routes."""
    app.router.add_post("/api/devices", enrol)
    app.router.add_post("/api/devices/{device_id}/rotate", rotate)
    app.router.add_post("/api/devices/{device_id}/revoke", revoke)
