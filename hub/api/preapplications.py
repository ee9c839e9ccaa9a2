"""Pre-filled applications: a phone creates one (open), a terminal loads and claims it (key).

``POST /api/preapplications`` is open (rate-limited) and answers 201 ``{code, qr,
expires_at}``, 422 ``{errors: [{field, message, key}]}`` naming each bad field with the
same rules the terminal's screens use (``kiosk.forms``), 400 for a body that is not JSON.
The QR image (``/api/preapplications/{code}/qr``, PNG or ``?format=svg``) and the status
(``.../status``, what the applicant typed, never an ID number) are open too.  With a
terminal key: ``GET /api/preapplications/{code}``, ``POST .../claim {id_number}`` (used only
for the identity whose keyed hash matches) and ``POST .../complete {reference}``.
An expired code answers 410 everywhere.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import logging
from typing import Any

import qrcode
import qrcode.image.svg
from aiohttp import web

from hub import audit
from hub.api.common import hub_of, json_body, principal
from hub.context import HUB
from hub.prearrival import store
from hub.prearrival.keys import hash_of
from hub.prearrival.ratelimit import RateLimit
from hub.storage.base import now
from kiosk.forms import applications, fields
from kiosk.forms.codes import normalise

log = logging.getLogger(__name__)
_LIMIT = web.AppKey("preapp_rate_limit", RateLimit)
PURGE_EVERY_S = 600.0

#: What the form's error keys mean, for a phone's page or an integrator reading the 422.
MESSAGES = {
    "id_number.invalid": "not a valid resident ID number (check digit) or passport number",
    "mobile.invalid": "not a mainland China mobile number (11 digits starting 13-19)",
    "address.required": "the address is required",
    "address.too_long": f"the address is longer than {fields.MAX_ADDRESS} characters",
    "occupation.required": "the occupation is required",
    "occupation.too_long": f"the occupation is longer than {fields.MAX_OCCUPATION} characters",
    "card.kind_required": "choose a debit or a credit card",
    "card.income_invalid": "the yearly income must be a whole number above 0",
    "card.employer_required": "the employer is required for a credit card",
    "kind.invalid": "kind must be open_account or card_application",
    "form.invalid": "form must be a JSON object",
}


class _Locked(web.HTTPClientError):
    status_code = 423  # aiohttp has no class of its own for it


def _fail(status: int, message: str, **extra: Any) -> web.HTTPException:
    cls = {400: web.HTTPBadRequest, 403: web.HTTPForbidden, 404: web.HTTPNotFound,
           409: web.HTTPConflict, 410: web.HTTPGone, 422: web.HTTPUnprocessableEntity,
           423: _Locked, 429: web.HTTPTooManyRequests}[status]  # fmt: skip
    return cls(text=json.dumps({"error": message, **extra}), content_type="application/json")


def _from(exc: store.PreappError) -> web.HTTPException:
    return _fail(exc.status, str(exc), reason=exc.reason)


async def _persist_expiry(request: web.Request, exc: store.PreappError) -> None:
    """Delete a just-expired row's personal fields, in a transaction of their own.

    The read that found the row past its time rolled back with its 410.
    """
    if exc.reason == "expired" and exc.code:
        async with hub_of(request).engine.begin() as conn:
            await store.expire_code(conn, exc.code)


def _throttle(request: web.Request) -> None:
    if not request.app[_LIMIT].allow(request.remote or "?"):
        raise _fail(429, "too many requests: wait a minute")


def _base_url(request: web.Request) -> str:
    configured = hub_of(request).settings.public_url
    return configured.rstrip("/") if configured else str(request.url.origin())


def validate(body: dict[str, Any]) -> tuple[str, str, dict[str, Any], list[dict[str, str]]]:
    """Check a creation body: ``(kind, id_number, clean form, errors)``."""
    errors: list[dict[str, str]] = []

    def bad(name: str, key: str) -> None:
        errors.append({"field": name, "key": key, "message": MESSAGES.get(key, key)})

    kind = body.get("kind")
    if kind not in applications.KINDS:
        bad("kind", "kind.invalid")
    id_number = ""
    try:
        id_number = applications.id_number(body.get("id_number"))
    except fields.FieldInvalid as exc:
        bad("id_number", exc.key)
    form = body.get("form")
    if not isinstance(form, dict):
        bad("form", "form.invalid")
        form = {}
    clean: dict[str, Any] = {}
    if kind in applications.KINDS:
        found = applications.check_form(str(kind), form)
        clean = found.clean
        for name, key in found.errors.items():
            bad(f"form.{name}", key)
    return str(kind), id_number, clean, errors


async def create(request: web.Request) -> web.Response:
    """``POST /api/preapplications`` {kind, id_number, form, branch?, language?} -> 201."""
    _throttle(request)
    body = await json_body(request)
    kind, id_number, form, errors = validate(body)
    if errors:
        raise _fail(422, "some fields are not valid", errors=errors)
    hub = hub_of(request)
    language = "en" if str(body.get("language", "")).startswith("en") else "zh_CN"
    branch = str(body.get("branch") or "")[:64]
    digest = await hash_of(hub, id_number)
    async with hub.engine.begin() as conn:
        app = await store.create(conn, kind, digest, form, at=now(), branch=branch,
                                 ttl_s=hub.settings.preapp_expiry_days * 86400.0,
                                 language=language)  # fmt: skip
        await audit.record(conn, "phone", "preapplication_created", kind=kind)
    base = _base_url(request)
    return web.json_response({"code": app.code, "qr": f"{base}/api/preapplications/{app.code}/qr",
                              "url": f"{base}/m/p/{app.code}", "expires_at": app.expires_at,
                              "kind": kind}, status=201)  # fmt: skip


def qr_image(url: str, svg: bool) -> tuple[bytes, str]:
    """A QR code holding ``url``: PNG, or SVG (``image/svg+xml``)."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=8, border=4)
    qr.add_data(url)
    qr.make(fit=True)
    out = io.BytesIO()
    if svg:
        qr.make_image(image_factory=qrcode.image.svg.SvgPathImage).save(out)
        return out.getvalue(), "image/svg+xml"
    qr.make_image().save(out)
    return out.getvalue(), "image/png"


async def qr(request: web.Request) -> web.Response:
    """``GET /api/preapplications/{code}/qr[?format=svg]``: the QR code of ``/m/p/CODE``."""
    _throttle(request)
    hub = hub_of(request)
    try:
        async with hub.engine.begin() as conn:
            app = await store.get(conn, request.match_info["code"], now())
    except store.PreappError as exc:
        await _persist_expiry(request, exc)
        raise _from(exc) from None
    body, mime = qr_image(f"{_base_url(request)}/m/p/{app.code}",
                          request.query.get("format") == "svg")  # fmt: skip
    return web.Response(body=body, content_type=mime, headers={"Cache-Control": "no-store"})


async def status(request: web.Request) -> web.Response:
    """``GET /api/preapplications/{code}/status``: for the applicant's phone (open)."""
    _throttle(request)
    try:
        async with hub_of(request).engine.begin() as conn:
            app = await store.get(conn, request.match_info["code"], now())
    except store.PreappError as exc:
        await _persist_expiry(request, exc)
        raise _from(exc) from None
    return web.json_response(app.public())


async def fetch(request: web.Request) -> web.Response:
    """``GET /api/preapplications/{code}`` (terminal key): the application to confirm."""
    await principal(request, "terminal")
    try:
        async with hub_of(request).engine.begin() as conn:
            app = await store.get(conn, request.match_info["code"], now())
    except store.PreappError as exc:
        await _persist_expiry(request, exc)
        raise _from(exc) from None
    if app.status == "completed":
        raise _fail(409, "this application has been submitted already", reason="completed")
    return web.json_response(app.public())


async def claim(request: web.Request) -> web.Response:
    """``POST /api/preapplications/{code}/claim`` {id_number, session_ref?} (terminal key)."""
    who = await principal(request, "terminal")
    body = await json_body(request)
    id_number = str(body.get("id_number") or "")
    hub = hub_of(request)
    code = normalise(request.match_info["code"])
    digest = await hash_of(hub, id_number)
    try:
        async with hub.engine.begin() as conn:
            app = await store.claim(conn, code, digest, who.id, now())
            await audit.record(conn, who.actor, "preapplication_claimed", terminal_id=who.id,
                               session_ref=str(body.get("session_ref") or "")[:64], code=code)
    except store.PreappError as exc:
        await _persist_expiry(request, exc)
        if exc.reason in ("id_mismatch", "locked"):
            async with hub.engine.begin() as conn:
                if exc.reason == "id_mismatch":
                    await store.count_mismatch(conn, code)
                await audit.record(conn, who.actor, "preapplication_refused", terminal_id=who.id,
                                   reason=exc.reason, code=code)  # fmt: skip
        raise _from(exc) from None
    return web.json_response(app.public())


async def complete(request: web.Request) -> web.Response:
    """``POST /api/preapplications/{code}/complete`` {reference} (terminal key)."""
    who = await principal(request, "terminal")
    body = await json_body(request)
    reference = str(body.get("reference") or "")[:64]
    if not reference:
        raise _fail(422, "reference is required",
                    errors=[{"field": "reference", "key": "reference.required",
                             "message": "the terminal's reference is required"}])  # fmt: skip
    try:
        async with hub_of(request).engine.begin() as conn:
            app = await store.complete(conn, request.match_info["code"], who.id, reference, now())
    except store.PreappError as exc:
        await _persist_expiry(request, exc)
        raise _from(exc) from None
    return web.json_response(app.public())


async def _purge(app: web.Application):  # noqa: ANN202 - cleanup context
    """Expire due applications now and then (reads expire them too, this catches the rest)."""

    async def loop() -> None:
        while True:
            try:
                async with app[HUB].engine.begin() as conn:
                    await store.expire_due(conn, now())
            except Exception:  # a database hiccup: try again next round
                log.exception("pre-application purge failed")
            await asyncio.sleep(PURGE_EVERY_S)

    task = asyncio.get_running_loop().create_task(loop())
    yield
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


def setup(app: web.Application) -> None:
    """Add this module's routes."""
    app[_LIMIT] = RateLimit()
    app.cleanup_ctx.append(_purge)
    app.router.add_post("/api/preapplications", create)
    app.router.add_get("/api/preapplications/{code}/qr", qr)
    app.router.add_get("/api/preapplications/{code}/status", status)
    app.router.add_get("/api/preapplications/{code}", fetch)
    app.router.add_post("/api/preapplications/{code}/claim", claim)
    app.router.add_post("/api/preapplications/{code}/complete", complete)
