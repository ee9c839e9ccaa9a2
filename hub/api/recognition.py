"""Recognition on arrival (issue 12): opted-in customers' sealed face templates per branch.

Every route needs a terminal key (``Device <id>:<key>``) and works inside that terminal's
branch, except the demo phone, which branch staff read:

- ``POST /api/recognition/templates`` ``{"template_id", "id_number", "sealed", "consent":
  true}`` -> 201: the customer opted in at this terminal (audited; an older template of the
  same person in the branch is replaced);
- ``POST /api/recognition/revoke`` ``{"id_number"}`` -> 200 ``{"deleted": n}``: consent
  withdrawn, every template of that person deleted at once (audited);
- ``GET /api/recognition/templates`` -> ``{"branch", "templates": [{"template_id",
  "sealed"}]}``: what the terminal holds in memory (the hub cannot open them);
- ``POST /api/recognition/templates/{id}/code`` ``{"mobile"}`` -> 202: a one-time code sent
  to the customer's phone (the terminal opened the number from the sealed template); 429
  when asked again too soon;
- ``POST /api/recognition/templates/{id}/verify`` ``{"code"}`` -> 200 ``{"confirmed",
  "attempts_left"}``;
- ``GET /api/recognition/demo-phone`` (branch staff): the messages the demo SMS gateway
  "sent" (no SMS gateway ships: a bank plugs its own in ``SmsGateway``).
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections import deque
from typing import Any

from aiohttp import web

from hub import audit, recognition
from hub.api.common import error, hub_of, json_body, person_with, principal
from hub.idhash import id_hash
from hub.prearrival.keys import id_hash_key

log = logging.getLogger(__name__)

_MOBILE = re.compile(r"^\+?[0-9]{6,15}$")
_TEMPLATE_ID = re.compile(r"^[a-z0-9]{32}$")
_STAFF = ("supervisor", "branch_manager", "lobby_manager", "counter_staff")


class SmsGateway:
    """Delivers one-time codes; this one is the demo's: kept in memory, shown to staff."""

    def __init__(self, keep: int = 50) -> None:
        self.sent: deque[dict[str, Any]] = deque(maxlen=keep)

    def send(self, branch: str, mobile: str, text: str) -> None:
        """'Send' ``text`` to ``mobile`` (the demo phone page shows it)."""
        self.sent.append({"branch": branch, "to": mask_mobile(mobile), "text": text,
                          "at": time.time()})
        log.info("demo SMS gateway: a one-time code for %s (branch %s) is on /api/recognition/"
                 "demo-phone", mask_mobile(mobile), branch)


SMS = web.AppKey("recognition_sms", SmsGateway)


def mask_mobile(mobile: str) -> str:
    """A phone number as staff and logs see it: the last four digits."""
    return "*" * max(0, len(mobile) - 4) + mobile[-4:]


async def _id_key(request: web.Request) -> bytes:
    """The hub's key of ID hashes: the same one pre-filled applications and queues use."""
    return await id_hash_key(hub_of(request))


def _id_number(body: dict[str, Any]) -> str:
    number = body.get("id_number")
    if not isinstance(number, str) or not 6 <= len(number.strip()) <= 32:
        raise error(422, "id_number is required (6 to 32 characters)",
                    errors=[{"field": "id_number", "message": "missing or malformed"}])
    return number


async def _own_template(request: web.Request, who: Any) -> str:
    template_id = request.match_info["template_id"]
    async with hub_of(request).engine.connect() as conn:
        branch = await recognition.template_branch(conn, template_id)
    if branch is None or branch != who.branch:
        raise error(404, "no such template in this terminal's branch")
    return template_id


async def enrol(request: web.Request) -> web.Response:
    """Store a sealed template after the customer opted in at this terminal."""
    who = await principal(request, "terminal")
    body = await json_body(request)
    errors = []
    template_id = str(body.get("template_id", ""))
    sealed = body.get("sealed")
    if not _TEMPLATE_ID.match(template_id):
        errors.append({"field": "template_id", "message": "32 lower-case letters or digits"})
    if not isinstance(sealed, str) or not sealed or len(sealed) > recognition.MAX_SEALED_CHARS:
        errors.append({"field": "sealed", "message": "the sealed template (text, at most "
                                                     f"{recognition.MAX_SEALED_CHARS})"})
    if body.get("consent") is not True:
        errors.append({"field": "consent", "message": "the customer's consent must be true"})
    if errors:
        raise error(422, "template refused", errors=errors)
    hashed = id_hash(await _id_key(request), _id_number(body))
    async with hub_of(request).engine.begin() as conn:
        replaced = await recognition.enrol(conn, template_id, who.branch, hashed, str(sealed),
                                           who.id)
        await audit.record(conn, who.actor, "recognition_consent", terminal_id=who.id,
                           template_id=template_id, branch=who.branch, replaced=replaced)
    return web.json_response({"template_id": template_id, "branch": who.branch,
                              "replaced": replaced}, status=201)


async def revoke(request: web.Request) -> web.Response:
    """Consent withdrawn at a terminal: delete the person's templates everywhere, now."""
    who = await principal(request, "terminal")
    hashed = id_hash(await _id_key(request), _id_number(await json_body(request)))
    async with hub_of(request).engine.begin() as conn:
        ids = await recognition.revoke(conn, hashed)
        await audit.record(conn, who.actor, "recognition_revoked", terminal_id=who.id,
                           template_ids=ids, branch=who.branch)
    return web.json_response({"deleted": len(ids)})


async def templates(request: web.Request) -> web.Response:
    """The terminal's branch's sealed templates."""
    who = await principal(request, "terminal")
    async with hub_of(request).engine.connect() as conn:
        rows = await recognition.branch_templates(conn, who.branch)
    return web.json_response({"branch": who.branch, "templates": rows})


async def send_code(request: web.Request) -> web.Response:
    """Send a one-time code to the matched customer's phone."""
    who = await principal(request, "terminal")
    template_id = await _own_template(request, who)
    mobile = str((await json_body(request)).get("mobile", "")).replace(" ", "")
    if not _MOBILE.match(mobile):
        raise error(422, "mobile: 6 to 15 digits",
                    errors=[{"field": "mobile", "message": "6 to 15 digits"}])
    try:
        async with hub_of(request).engine.begin() as conn:
            code = await recognition.issue_code(conn, await _id_key(request), template_id)
            await audit.record(conn, who.actor, "recognition_code_sent", terminal_id=who.id,
                               template_id=template_id)
    except recognition.CodeRefused as exc:
        return web.json_response({"error": str(exc)}, status=429)
    minutes = int(recognition.CODE_TTL_S // 60)
    request.app[SMS].send(who.branch, mobile, f"Your branch code: {code} (valid {minutes} "
                                              "minutes). Never share it.")
    return web.json_response({"sent_to": mask_mobile(mobile),
                              "expires_in_s": recognition.CODE_TTL_S}, status=202)


async def verify_code(request: web.Request) -> web.Response:
    """Check the code the customer typed at the terminal."""
    who = await principal(request, "terminal")
    template_id = await _own_template(request, who)
    code = str((await json_body(request)).get("code", ""))
    async with hub_of(request).engine.begin() as conn:
        result = await recognition.check_code(conn, await _id_key(request), template_id, code)
        await audit.record(conn, who.actor, "recognition_code_checked", terminal_id=who.id,
                           template_id=template_id, confirmed=result.confirmed,
                           reason=result.reason)
    return web.json_response({"confirmed": result.confirmed,
                              "attempts_left": result.attempts_left, "reason": result.reason})


async def demo_phone(request: web.Request) -> web.Response:
    """The demo SMS gateway's messages, for staff of the branches they work in."""
    who = await person_with(request, *_STAFF)
    branches = who.branches_for(*_STAFF)
    shown = [m for m in request.app[SMS].sent if "*" in branches or m["branch"] in branches]
    return web.Response(text=json.dumps({"messages": shown[::-1]}, ensure_ascii=False),
                        content_type="application/json")


def setup(app: web.Application) -> None:
    """Add the routes and the demo SMS gateway."""
    app[SMS] = SmsGateway()
    app.router.add_post("/api/recognition/templates", enrol)
    app.router.add_get("/api/recognition/templates", templates)
    app.router.add_post("/api/recognition/revoke", revoke)
    app.router.add_post("/api/recognition/templates/{template_id}/code", send_code)
    app.router.add_post("/api/recognition/templates/{template_id}/verify", verify_code)
    app.router.add_get("/api/recognition/demo-phone", demo_phone)

