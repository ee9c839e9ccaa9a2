"""``GET /ws``: the WebSocket of terminals and tellers' consoles (signalling and call events).

A terminal authenticates with ``Authorization: Device <id>:<key>``; a browser, which cannot
set headers on a WebSocket, sends ``{"type": "auth", "token": ...}`` first.  Every message
naming a call is checked against the sender: a teller reaches only the call they accepted, a
terminal only its own.  Messages are relayed through the bus (``hub.context``).
"""

from __future__ import annotations

import json
import logging
from typing import Any

from aiohttp import WSMsgType, web

from hub import audit, routing
from hub.accounts import SKILLS
from hub.api.calls import end
from hub.api.common import authenticate
from hub.auth import Principal
from hub.context import HUB, Hub

log = logging.getLogger(__name__)
_AUTH_TIMEOUT_S = 10.0
# Relayed as they are (after the ownership check), teller -> terminal and terminal -> teller.
_TO_TERMINAL = {"offer", "chat", "help_page", "candidate"}
_TO_TELLER = {"answer", "state", "chat", "candidate", "rejoin"}


async def websocket(request: web.Request) -> web.WebSocketResponse:
    """Serve one terminal's or console's socket until it closes."""
    hub = request.app[HUB]
    ws = web.WebSocketResponse(heartbeat=20.0, max_msg_size=1 << 20)
    await ws.prepare(request)
    try:
        who = await _authenticate(hub, request, ws)
    except web.HTTPException as exc:
        await ws.send_json({"type": "error", "error": json.loads(exc.text or "{}").get("error")})
        await ws.close(code=4401, message=b"unauthorized")
        return ws
    if who.kind not in ("terminal", "person"):
        await ws.close(code=4403, message=b"not a terminal or a person")
        return ws
    registry = hub.terminals if who.kind == "terminal" else hub.people
    registry[who.id].add(ws)
    await ws.send_json({"type": "hello", "kind": who.kind, "id": who.id})
    if who.kind == "terminal":
        hub.terminal_back(who.id)
    try:
        async for msg in ws:
            if msg.type != WSMsgType.TEXT:
                continue
            try:
                data = json.loads(msg.data)
                if not isinstance(data, dict):
                    raise ValueError("not an object")
            except ValueError:
                await ws.send_json({"type": "error", "error": "messages are JSON objects"})
                continue
            try:
                if who.kind == "terminal":
                    await _from_terminal(hub, who, ws, data)
                else:
                    await _from_teller(hub, who, ws, data)
            except _Refused as exc:
                await ws.send_json({"type": "error", "error": str(exc), "for": data.get("type")})
    finally:
        registry[who.id].discard(ws)
        if not registry[who.id]:
            registry.pop(who.id, None)
            if who.kind == "terminal":
                await _terminal_offline(hub, who)
    return ws


async def _authenticate(hub: Hub, request: web.Request, ws: web.WebSocketResponse) -> Principal:
    header = request.headers.get("Authorization", "")
    if header:
        return await authenticate(hub, header)
    try:
        first = await ws.receive_json(timeout=_AUTH_TIMEOUT_S)
    except (TimeoutError, TypeError, ValueError):
        first = {}
    token = first.get("token", "") if isinstance(first, dict) else ""
    return await authenticate(hub, f"Bearer {token}" if token else "")


class _Refused(Exception):
    """A message the sender may not send (the reason goes back to them)."""


async def _terminal_call(hub: Hub, who: Principal, data: dict[str, Any]) -> dict[str, Any]:
    async with hub.engine.connect() as conn:
        call = await routing.get_call(conn, str(data.get("call_id", "")))
    if call is None or call["terminal_id"] != who.id:
        raise _Refused("a terminal reaches only its own session")
    return call


async def _from_terminal(hub: Hub, who: Principal, ws: web.WebSocketResponse,
                         data: dict[str, Any]) -> None:
    kind = data.get("type")
    if kind == "call":
        skill, language = str(data.get("skill", "help")), str(data.get("language", "zh"))
        if skill not in SKILLS:
            raise _Refused(f"skill must be one of {list(SKILLS)}")
        async with hub.engine.begin() as conn:
            call = await routing.create_call(conn, who, skill, language, bool(data.get("elder")),
                                             str(data.get("session_ref", "")))
            await audit.record(conn, who.actor, "call", terminal_id=who.id, call_id=call["id"],
                               session_ref=call["session_ref"], skill=skill, language=language,
                               elder=call["elder"])
        await ws.send_json({"type": "call_created", "call_id": call["id"]})
        await hub.queue_changed()
        return
    call = await _terminal_call(hub, who, data)
    if kind == "hangup":
        await end(hub, who.actor, call, str(data.get("reason", "customer_hang_up")))
        return
    if kind == "rejoin" and call["state"] == "queued":  # back after a network loss: position
        await hub.queue_changed()
        return
    if call["state"] != "active" or call["teller_id"] is None:
        raise _Refused("the call has no teller")
    teller = call["teller_id"]
    if kind in ("correction_result", "approval_request"):
        async with hub.engine.begin() as conn:
            detail = ({"field": data.get("field"), "accepted": bool(data.get("accepted"))}
                      if kind == "correction_result" else
                      {"kind": data.get("kind"), "details": data.get("details")})
            await audit.record(conn, who.actor, kind, terminal_id=who.id, call_id=call["id"],
                               session_ref=call["session_ref"], **detail)
        await hub.send_person(teller, data)
    elif kind in _TO_TELLER:
        await hub.send_person(teller, data)
    else:
        raise _Refused(f"unknown message type {kind!r}")


async def _from_teller(hub: Hub, who: Principal, ws: web.WebSocketResponse,
                       data: dict[str, Any]) -> None:
    kind = data.get("type")
    if kind == "ping":
        await ws.send_json({"type": "pong", "t": data.get("t")})
        return
    async with hub.engine.connect() as conn:
        call = await routing.get_call(conn, str(data.get("call_id", "")))
    if call is None or call["state"] != "active" or call["teller_id"] != int(who.id):
        raise _Refused("a teller reaches only the call they accepted")
    if kind == "hangup":
        await end(hub, who.actor, call, str(data.get("reason", "teller_hang_up")))
        return
    if kind in ("correction", "approval_decision"):
        approved = bool(data.get("approved"))
        action = "correction" if kind == "correction" else ("approval" if approved else "refusal")
        detail = ({"field": data.get("field"), "value": data.get("value")}
                  if kind == "correction" else
                  {"request": data.get("id"), "reason": data.get("reason", "")})
        async with hub.engine.begin() as conn:
            await audit.record(conn, who.actor, action, terminal_id=call["terminal_id"],
                               call_id=call["id"], session_ref=call["session_ref"], **detail)
        await hub.send_terminal(call["terminal_id"], data)
    elif kind in _TO_TERMINAL:
        await hub.send_terminal(call["terminal_id"], data)
    else:
        raise _Refused(f"unknown message type {kind!r}")


async def _terminal_offline(hub: Hub, who: Principal) -> None:
    async with hub.engine.connect() as conn:
        call = await routing.open_call_of(conn, who.id)
    if call is None:
        return
    if call["teller_id"] is not None:
        await hub.send_person(call["teller_id"], {"type": "terminal_offline",
                                                  "call_id": call["id"]})

    async def expire() -> None:
        async with hub.engine.connect() as conn:
            current = await routing.get_call(conn, call["id"])
        if current and current["state"] != "ended":
            await end(hub, "hub", current, "network_lost")

    hub.terminal_gone(who.id, expire)


def setup(app: web.Application) -> None:
    """Add the WebSocket route."""
    app.router.add_get("/ws", websocket)
