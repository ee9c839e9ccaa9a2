"""What a customer's phone calls to book an appointment: open, rate-limited, nothing of others.

Booking is limited per client address (``HubSettings.booking_rate``); looking up, changing or
cancelling needs the code plus the last four digits of the mobile number, and wrong digits
are limited per code and per address (``second_factor_rate``): then 429 with a clear message.
The QR code of a booking holds the hub's URL ``/m/book/?code=CODE``.
"""

from __future__ import annotations

import datetime as dt
import io
import json

import qrcode
import qrcode.image.svg
from aiohttp import web
from sqlalchemy import select

from hub.api.common import error, hub_of, json_body
from hub.context import HUB, Hub
from hub.queue import booking, clock
from hub.queue.ratelimit import RateLimit
from hub.queue.services import SERVICES
from hub.storage.tables import devices

LIMITS = web.AppKey("booking_limits", dict)
ID_KEY = "id_hash_key"  # hub_secrets row: the key of every keyed hash of ID and mobile numbers


def too_many(message: str, retry_after_s: int) -> web.HTTPTooManyRequests:
    """429 with a JSON body saying what to do."""
    return web.HTTPTooManyRequests(
        text=json.dumps({"error": message, "retry_after_s": retry_after_s}),
        content_type="application/json", headers={"Retry-After": str(retry_after_s)})


async def hash_key(hub: Hub) -> bytes:
    """The hub's key for hashing ID and mobile numbers (shared by a fleet's processes)."""
    return (await hub._shared_secret(ID_KEY)).encode()  # noqa: SLF001 - the hub's own store


def _client(request: web.Request) -> str:
    return request.remote or "?"


def refused(exc: booking.BookingError) -> web.HTTPException:
    """The HTTP answer of a refused booking or ticket request."""
    return error(exc.status, exc.message, **exc.extra) if exc.status != 410 else web.HTTPGone(
        text=json.dumps({"error": exc.message, **exc.extra}), content_type="application/json")


async def branches(request: web.Request) -> web.Response:
    """``GET /api/book/branches``: the branches and the services they queue for."""
    async with hub_of(request).engine.connect() as conn:
        known = sorted(set((await conn.execute(select(devices.c.branch).distinct())).scalars()))
    return web.json_response({"branches": known,
                              "services": [s.public() for s in SERVICES.values()]})


async def slots(request: web.Request) -> web.Response:
    """``GET /api/book/slots?branch=B&service=S&day=YYYY-MM-DD``: free slots of one day."""
    hub = hub_of(request)
    branch, service = request.query.get("branch", ""), request.query.get("service", "")
    if not branch or service not in SERVICES:
        raise error(400, f"branch and a service of {list(SERVICES)} are required")
    raw_day = request.query.get("day") or clock.local_day(
        dt.datetime.now().timestamp(), hub.settings.queue_timezone)
    try:
        day = dt.date.fromisoformat(raw_day)
    except ValueError:
        raise error(400, f"day must be YYYY-MM-DD, got {raw_day!r}") from None
    async with hub.engine.begin() as conn:
        free = await booking.free_slots(conn, branch, service, day, hub.settings)
    return web.json_response({"branch": branch, "service": service, "day": day.isoformat(),
                              "slots": free})


async def create(request: web.Request) -> web.Response:
    """``POST /api/appointments {branch, service, slot, mobile[, id_number]}`` -> 201."""
    hub = hub_of(request)
    limit: RateLimit = request.app[LIMITS]["book"]
    if limit.exceeded(_client(request)):
        raise too_many("too many bookings from this device; try again later",
                       limit.retry_after_s(_client(request)))
    body = await json_body(request)
    try:
        req = booking.validate(body, await hash_key(hub), hub.settings)
        async with hub.engine.begin() as conn:
            row = await booking.book(conn, req, hub.settings)
    except booking.BookingError as exc:
        raise refused(exc) from None
    limit.hit(_client(request))
    out = booking.public(row, hub.settings)
    out["qr"] = f"/api/appointments/{row['code']}/qr"
    out["url"] = _manage_url(request, row["code"])
    return web.json_response(out, status=201)


def _manage_url(request: web.Request, code: str) -> str:
    return f"{request.url.origin()}/m/book/?code={code}"


async def qr(request: web.Request) -> web.Response:
    """``GET /api/appointments/{code}/qr[?format=svg]``: the booking's QR code (PNG or SVG)."""
    code = booking.codes.normalise(request.match_info["code"])
    if code is None:
        raise error(404, "not a booking code")
    url = _manage_url(request, code)
    if request.query.get("format") == "svg":
        img = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
        return web.Response(body=img.to_string(), content_type="image/svg+xml")
    buf = io.BytesIO()
    qrcode.make(url, box_size=8, border=4).save(buf, format="PNG")
    return web.Response(body=buf.getvalue(), content_type="image/png")


async def _with_second_factor(request: web.Request) -> tuple[dict, dict]:
    """The appointment and the body, once its code and last four digits match."""
    limits = request.app[LIMITS]
    client, code = _client(request), request.match_info["code"].upper()
    guards: list[tuple[RateLimit, str]] = [(limits["factor"], code),
                                           (limits["factor_ip"], client)]
    for guard, key in guards:
        if guard.exceeded(key):
            raise too_many("too many wrong attempts for this booking; try again later",
                           guard.retry_after_s(key))
    body = await json_body(request)
    async with hub_of(request).engine.connect() as conn:
        appointment = await booking.get(conn, code)
    if appointment is None or not booking.second_factor_ok(appointment, body.get("last4", "")):
        for guard, key in guards:
            guard.hit(key)
        raise error(404, "no booking with this code and these phone digits")
    return appointment, body


async def lookup(request: web.Request) -> web.Response:
    """``POST /api/appointments/{code}/lookup {last4}``: the booking, to its holder only."""
    appointment, _ = await _with_second_factor(request)
    return web.json_response(booking.public(appointment, hub_of(request).settings))


async def change(request: web.Request) -> web.Response:
    """``POST /api/appointments/{code}/change {last4, slot}``: move to another slot."""
    appointment, body = await _with_second_factor(request)
    hub = hub_of(request)
    try:
        async with hub.engine.begin() as conn:
            row = await booking.change(conn, appointment, body.get("slot"), hub.settings)
    except booking.BookingError as exc:
        raise refused(exc) from None
    return web.json_response(booking.public(row, hub.settings))


async def cancel(request: web.Request) -> web.Response:
    """``POST /api/appointments/{code}/cancel {last4}``: cancel (the slot is freed)."""
    appointment, _ = await _with_second_factor(request)
    hub = hub_of(request)
    try:
        async with hub.engine.begin() as conn:
            row = await booking.cancel(conn, appointment)
    except booking.BookingError as exc:
        raise refused(exc) from None
    return web.json_response(booking.public(row, hub.settings))


def setup(app: web.Application) -> None:
    """Add the booking routes and the mobile booking page."""
    settings = app[HUB].settings
    app[LIMITS] = {"book": RateLimit(*settings.booking_rate),
                   "factor": RateLimit(*settings.second_factor_rate),
                   # One phone trying several codes: a wider limit per client address.
                   "factor_ip": RateLimit(settings.second_factor_rate[0] * 4,
                                          settings.second_factor_rate[1])}
    app.router.add_get("/api/book/branches", branches)
    app.router.add_get("/api/book/slots", slots)
    app.router.add_post("/api/appointments", create)
    app.router.add_get("/api/appointments/{code}/qr", qr)
    app.router.add_post("/api/appointments/{code}/lookup", lookup)
    app.router.add_post("/api/appointments/{code}/change", change)
    app.router.add_post("/api/appointments/{code}/cancel", cancel)
    static = settings.static_dir / "book"

    async def page(_request: web.Request) -> web.FileResponse:
        return web.FileResponse(static / "index.html")

    app.router.add_get("/m/book/", page)
    app.router.add_static("/m/book/", static, show_index=False)
