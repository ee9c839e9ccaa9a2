"""Calls as tellers see them: the queue, accept, transfer, hang up; a call's audit trail."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from hub import audit, routing
from hub.api.common import error, hub_of, json_body, person_with, principal, public_call
from hub.api.recordings import issue_key
from hub.auth import Principal
from hub.context import Hub
from hub.ice import ice_servers
from hub.storage.tables import people


async def list_calls(request: web.Request) -> web.Response:
    """``GET /api/calls``: a teller's queue and own calls; a terminal's own open call."""
    who = await principal(request, "person", "terminal")
    hub = hub_of(request)
    async with hub.engine.connect() as conn:
        if who.kind == "terminal":
            call = await routing.open_call_of(conn, who.id)
            rows = [call] if call else []
        else:
            rows = await routing.visible_calls(conn, who)
    now_calls = [public_call(c) for c in rows]
    return web.json_response({"calls": now_calls})


async def _readable(request: web.Request, who: Principal) -> dict[str, Any]:
    call_id = request.match_info["call_id"]
    async with hub_of(request).engine.connect() as conn:
        call = await routing.get_call(conn, call_id)
    if call is None:
        raise error(404, "no such call")
    if who.kind == "terminal":
        if call["terminal_id"] != who.id:
            raise error(403, "a terminal reaches only its own session")
    elif not routing.may_read(who, call):
        raise error(403, "this call belongs to another teller")
    return call


async def get_call(request: web.Request) -> web.Response:
    """``GET /api/calls/{id}``: one call (its teller, its terminal or a supervisor)."""
    who = await principal(request, "person", "terminal")
    return web.json_response(public_call(await _readable(request, who)))


async def announce_accept(hub: Hub, who: Principal, call: dict[str, Any]) -> dict[str, Any]:
    """Audit an accepted call, tell its terminal, refresh queues; the teller's answer body."""
    async with hub.engine.begin() as conn:
        await audit.record(conn, who.actor, "accept", terminal_id=call["terminal_id"],
                           call_id=call["id"], session_ref=call["session_ref"])
        key = await issue_key(conn, call["id"]) if hub.settings.record_calls else None
        teller = (await conn.execute(
            people.select().where(people.c.id == int(who.id))
        )).mappings().first()
    await hub.send_terminal(call["terminal_id"], {
        "type": "accepted", "call_id": call["id"],
        "teller": teller["display_name"] if teller else who.name,
        "ice_servers": ice_servers(hub.settings, f"terminal-{call['terminal_id']}"),
        "recording_key": key,
    })
    await hub.queue_changed()
    return {"call": public_call(call),
            "ice_servers": ice_servers(hub.settings, f"person-{who.id}")}


async def accept(request: web.Request) -> web.Response:
    """``POST /api/calls/{id}/accept``: take this call (409 if someone was faster)."""
    who = await person_with(request, *routing.TELLER_ROLES)
    hub = hub_of(request)
    async with hub.engine.begin() as conn:
        call = await routing.claim(conn, who, request.match_info["call_id"])
    if call is None:
        raise error(409, "the call is no longer waiting (taken, ended or not yours)")
    return web.json_response(await announce_accept(hub, who, call))


async def take_next(request: web.Request) -> web.Response:
    """``POST /api/calls/next``: take the oldest call matching the teller's skills (204: none)."""
    who = await person_with(request, *routing.TELLER_ROLES)
    hub = hub_of(request)
    async with hub.engine.begin() as conn:
        call = await routing.claim(conn, who)
    if call is None:
        return web.Response(status=204)
    return web.json_response(await announce_accept(hub, who, call))


async def transfer(request: web.Request) -> web.Response:
    """``POST /api/calls/{id}/transfer`` {to: username}: hand the call to a teller/supervisor."""
    who = await person_with(request, *routing.TELLER_ROLES)
    call = await _readable(request, who)
    if call["state"] != "active" or call["teller_id"] != int(who.id):
        raise error(409, "only the call's teller transfers it while it is active")
    body = await json_body(request)
    hub = hub_of(request)
    async with hub.engine.begin() as conn:
        target = (await conn.execute(
            people.select().where(people.c.username == str(body.get("to", "")))
        )).mappings().first()
        if target is None:
            raise error(422, "to: no such person")
        call = await routing.transfer(conn, call, int(target["id"]))
        await audit.record(conn, who.actor, "transfer", terminal_id=call["terminal_id"],
                           call_id=call["id"], session_ref=call["session_ref"],
                           to=target["username"])
    await hub.send_terminal(call["terminal_id"], {"type": "transferring", "call_id": call["id"]})
    await hub.send_person(target["id"], {"type": "transfer_offered", "call_id": call["id"]})
    await hub.queue_changed()
    return web.json_response(public_call(call))


async def end(hub: Hub, actor: str, call: dict[str, Any], reason: str) -> dict[str, Any] | None:
    """End a call, audit the hang-up, tell both ends."""
    async with hub.engine.begin() as conn:
        ended = await routing.end_call(conn, call["id"], reason)
        await audit.record(conn, actor, "hang_up", terminal_id=call["terminal_id"],
                           call_id=call["id"], session_ref=call["session_ref"], reason=reason)
    msg = {"type": "ended", "call_id": call["id"], "reason": reason}
    await hub.send_terminal(call["terminal_id"], msg)
    if call["teller_id"] is not None:
        await hub.send_person(call["teller_id"], msg)
    await hub.queue_changed()
    return ended


async def hang_up(request: web.Request) -> web.Response:
    """``POST /api/calls/{id}/hangup`` {reason}: end the call (its teller or terminal)."""
    who = await principal(request, "person", "terminal")
    call = await _readable(request, who)
    if who.kind == "person" and call["teller_id"] != int(who.id):
        raise error(403, "only the call's teller hangs it up")
    body = await json_body(request) if request.can_read_body else {}
    ended = await end(hub_of(request), who.actor, call, str(body.get("reason", "hang_up")))
    return web.json_response(public_call(ended or call))


async def call_audit(request: web.Request) -> web.Response:
    """``GET /api/calls/{id}/audit``: the call's audit trail (supervisors of its branch)."""
    who = await person_with(request, "supervisor")
    call = await _readable(request, who)
    if not who.has_role("supervisor", call["branch"]):
        raise error(403, "no supervisor role in this call's branch")
    async with hub_of(request).engine.connect() as conn:
        rows = await audit.entries(conn, call["id"])
    return web.json_response({"audit": rows})


async def ice(request: web.Request) -> web.Response:
    """``GET /api/ice``: STUN/TURN servers with fresh time-limited TURN credentials."""
    who = await principal(request, "person", "terminal")
    hub = hub_of(request)
    return web.json_response({"ice_servers": ice_servers(hub.settings, f"{who.kind}-{who.id}"),
                              "ttl_s": hub.settings.turn_ttl_s})


def setup(app: web.Application) -> None:
    """Add this module's routes."""
    app.router.add_get("/api/calls", list_calls)
    app.router.add_post("/api/calls/next", take_next)
    app.router.add_get("/api/calls/{call_id}", get_call)
    app.router.add_post("/api/calls/{call_id}/accept", accept)
    app.router.add_post("/api/calls/{call_id}/transfer", transfer)
    app.router.add_post("/api/calls/{call_id}/hangup", hang_up)
    app.router.add_get("/api/calls/{call_id}/audit", call_audit)
    app.router.add_get("/api/ice", ice)
