"""Queue tickets: terminals issue them, counter staff work them, displays follow them live.

- terminals (device key): ``POST /api/queue/checkin {code}``, ``POST /api/queue/tickets
  {service[, id_hash, pending]}``;
- counter staff, lobby managers and branch managers of the branch: ``GET /api/queue/board``,
  ``POST /api/queue/next {branch, counter, services}``, ``POST /api/queue/tickets/{id}/{action}
  {counter | service}`` (call, recall, no_show, park, transfer, serve, end);
- the waiting-area display (its read-only device credential) and staff:
  ``GET /api/queue/stream?branch=B``, server-sent events of the board, each change through
  the bus so every hub process's displays hear it.  ``/counter/`` and ``/display/`` are
  the pages.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from aiohttp import web
from sqlalchemy import select

from hub.api.booking import hash_key, refused
from hub.api.common import error, hub_of, json_body, principal
from hub.auth import Principal
from hub.context import HUB, Hub
from hub.metrics import REFRESHERS
from hub.queue import booking, tickets, waits
from hub.queue.booking import BookingError
from hub.queue.pending import pending_for
from hub.queue.prometheus import QueueMetrics
from hub.queue.services import SERVICES
from hub.storage.tables import devices

log = logging.getLogger(__name__)
STAFF_ROLES = ("counter_staff", "lobby_manager", "branch_manager")
STREAMS = web.AppKey("queue_streams", dict)
BUS_KIND = "queue_board"


async def _staff(request: web.Request, branch: str) -> Principal:
    who = await principal(request, "person")
    if not branch:
        raise error(400, "branch is required")
    if not any(who.has_role(r, branch) for r in STAFF_ROLES):
        raise error(403, f"this needs a counter-staff or lobby-manager role in {branch!r}")
    return who


async def _changed(hub: Hub, branch: str, ticket: dict[str, Any] | None = None) -> None:
    """Tell every hub process's boards of ``branch``; a call or recall is announced."""
    event: dict[str, Any] = {"to": BUS_KIND, "branch": branch}
    if ticket is not None and ticket.get("action") in ("call", "recall"):
        event["announce"] = {"number": ticket["number"], "counter": ticket["counter"],
                             "service": ticket["service"], "at": ticket.get("called_at")}
    await hub.bus.publish(event)


async def _ticket_answer(hub: Hub, ticket: dict[str, Any]) -> dict[str, Any]:
    async with hub.engine.connect() as conn:
        ahead = await tickets.position(conn, ticket)
        wait = await waits.expected_wait_s(conn, ticket["branch"], ticket["service"], ahead)
    out = tickets.public(ticket, hub.settings)
    out.update(position=ahead, expected_wait_s=wait, late=bool(ticket.get("late")))
    return out


async def check_in(request: web.Request) -> web.Response:
    """``POST /api/queue/checkin {code}`` (terminal): check an appointment in -> 201 ticket.

    404 unknown code, 410 cancelled, 409 too early / already checked in / other branch.
    """
    who = await principal(request, "terminal")
    hub = hub_of(request)
    body = await json_body(request)
    code = booking.codes.normalise(str(body.get("code", "")))
    if code is None:
        raise error(404, "this is not a booking code (8 characters; check what was typed)",
                    reason="invalid_code")
    try:
        async with hub.engine.begin() as conn:
            appointment = await booking.get(conn, code)
            if appointment is None:
                raise BookingError(404, "no appointment with this code", reason="unknown")
            ticket = await tickets.check_in(conn, appointment, hub.settings, who.id, who.branch)
    except BookingError as exc:
        raise refused(exc) from None
    await _changed(hub, who.branch)
    return web.json_response(await _ticket_answer(hub, ticket), status=201)


async def take(request: web.Request) -> web.Response:
    """``POST /api/queue/tickets {service[, id_hash, pending]}`` (terminal): a walk-in ticket."""
    who = await principal(request, "terminal")
    hub = hub_of(request)
    body = await json_body(request)
    hashed = str(body.get("id_hash") or "") or None
    pending = [{"kind": str(k)} for k in body.get("pending") or [] if isinstance(k, str)]
    try:
        async with hub.engine.begin() as conn:
            if hashed:
                pending += await pending_for(conn, who.branch, hashed,
                                             hub.settings.queue_timezone)
            ticket = await tickets.issue(conn, who.branch, str(body.get("service", "")),
                                         hub.settings, terminal_id=who.id, id_hash=hashed,
                                         pending=pending)
    except BookingError as exc:
        raise refused(exc) from None
    await _changed(hub, who.branch)
    return web.json_response(await _ticket_answer(hub, ticket), status=201)


async def board(request: web.Request) -> web.Response:
    """``GET /api/queue/board?branch=B``: who waits for what and how long."""
    branch = request.query.get("branch", "")
    await _staff(request, branch)
    hub = hub_of(request)
    async with hub.engine.connect() as conn:
        data = await tickets.board(conn, branch, hub.settings)
        # The lobby manager sends a waiting customer to one of the branch's terminals.
        data["terminals"] = sorted((await conn.execute(select(devices.c.id).where(
            devices.c.branch == branch, devices.c.kind == "terminal",
            devices.c.revoked_at.is_(None)))).scalars())
    return web.json_response(data)


async def call_next(request: web.Request) -> web.Response:
    """``POST /api/queue/next {branch, counter, services}``: the next customer, or 404."""
    body = await json_body(request)
    branch = str(body.get("branch", ""))
    who = await _staff(request, branch)
    counter = str(body.get("counter", "")).strip()
    services = [s for s in body.get("services") or list(SERVICES) if s in SERVICES]
    if not counter:
        raise error(422, "counter is required (where the customer is sent)")
    hub = hub_of(request)
    for _attempt in range(10):  # counters pressing at once: the losers look again
        try:
            async with hub.engine.begin() as conn:
                ticket = await tickets.call_next(conn, branch, services, counter, who.actor)
            break
        except tickets.Raced:
            continue
    else:
        raise error(409, "the queue is very busy; press Call next again")
    if ticket is None:
        raise error(404, "nobody is waiting for these services")
    await _changed(hub, branch, ticket)
    return web.json_response(tickets.public(ticket, hub.settings))


async def action(request: web.Request) -> web.Response:
    """``POST /api/queue/tickets/{id}/{action} {counter | service}``: one counter action."""
    hub = hub_of(request)
    name = request.match_info["action"]
    async with hub.engine.connect() as conn:
        ticket = await tickets.get(conn, request.match_info["id"])
    if ticket is None:
        raise error(404, "no such ticket")
    who = await _staff(request, ticket["branch"])
    body = await json_body(request) if request.can_read_body else {}
    try:
        async with hub.engine.begin() as conn:
            done = await tickets.act(conn, ticket, name, who.actor,
                                     counter=str(body.get("counter") or "") or None,
                                     service=body.get("service"),
                                     max_recalls=hub.settings.max_recalls)
    except BookingError as exc:
        raise refused(exc) from None
    await _changed(hub, ticket["branch"], done)
    out = tickets.public(done, hub.settings)
    out["action"] = done["action"]
    return web.json_response(out)


async def stream(request: web.Request) -> web.StreamResponse:
    """``GET /api/queue/stream[?branch=B]``: server-sent events ``board`` (and ``announce``)."""
    who = await principal(request, "display", "person")
    branch = who.branch if who.kind == "display" else request.query.get("branch", "")
    if who.kind == "person":
        await _staff(request, branch)
    hub = hub_of(request)
    resp = web.StreamResponse(headers={"Content-Type": "text/event-stream",
                                       "Cache-Control": "no-store"})
    await resp.prepare(request)
    queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(maxsize=64)
    request.app[STREAMS].setdefault(branch, set()).add(queue)
    try:
        await _send_board(resp, hub, branch, None)
        while True:
            try:
                event = await asyncio.wait_for(queue.get(), 15.0)
            except TimeoutError:
                await resp.write(b": keep-alive\n\n")
                continue
            if event.get("to") == "closing":  # the hub stops: end the stream cleanly
                break
            await _send_board(resp, hub, branch, event.get("announce"))
    except (ConnectionResetError, asyncio.CancelledError):
        pass
    finally:
        request.app[STREAMS].get(branch, set()).discard(queue)
    return resp


async def _send_board(resp: web.StreamResponse, hub: Hub, branch: str,
                      announce: dict[str, Any] | None) -> None:
    async with hub.engine.connect() as conn:
        data = await tickets.board(conn, branch, hub.settings)
    data["announce"] = announce
    data["pages"] = hub.settings.display_pages
    data["rotate_s"] = hub.settings.display_rotate_s
    await resp.write(f"event: board\ndata: {json.dumps(data, ensure_ascii=False)}\n\n".encode())


def setup(app: web.Application) -> None:
    """Add the queue routes, the counter and display pages, and the bus handler."""
    hub = app[HUB]
    app[STREAMS] = {}

    async def on_board(event: dict[str, Any]) -> None:
        for queue in list(app[STREAMS].get(str(event.get("branch")), ())):
            if queue.full():
                log.debug("queue stream: a slow display misses an update")
                continue
            queue.put_nowait(event)

    hub.handlers[BUS_KIND].append(on_board)

    async def close_streams(_app: web.Application) -> None:
        for queues in list(app[STREAMS].values()):
            for queue in list(queues):
                if queue.full():
                    queue.get_nowait()  # a slow display loses an update, not the close
                queue.put_nowait({"to": "closing"})

    app.on_shutdown.append(close_streams)
    app[REFRESHERS].append(QueueMetrics(app).refresh)
    app.router.add_post("/api/queue/checkin", check_in)
    app.router.add_post("/api/queue/tickets", take)
    app.router.add_get("/api/queue/board", board)
    app.router.add_post("/api/queue/next", call_next)
    app.router.add_post("/api/queue/tickets/{id}/{action}", action)
    app.router.add_get("/api/queue/stream", stream)
    for name in ("counter", "display"):
        folder = hub.settings.static_dir / name

        async def page(_request: web.Request, folder=folder) -> web.FileResponse:  # noqa: ANN001
            return web.FileResponse(folder / "index.html")

        app.router.add_get(f"/{name}/", page)
        app.router.add_static(f"/{name}/", folder, show_index=False)
    # What both pages load (their live feed).
    app.router.add_static("/queue/", hub.settings.static_dir / "queue", show_index=False)


__all__ = ["hash_key", "setup"]
