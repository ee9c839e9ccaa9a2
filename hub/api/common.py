"""What every API module shares: who is asking (401 without credentials), JSON bodies."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from hub import accounts
from hub.auth import Principal, TokenError, read_token
from hub.context import HUB, Hub


def hub_of(request: web.Request) -> Hub:
    """The hub of the app serving ``request``."""
    return request.app[HUB]


def error(status: int, message: str, **extra: Any) -> web.HTTPException:
    """An HTTP error with a JSON body ``{"error": message, ...}``."""
    cls = {400: web.HTTPBadRequest, 401: web.HTTPUnauthorized, 403: web.HTTPForbidden,
           404: web.HTTPNotFound, 409: web.HTTPConflict, 422: web.HTTPUnprocessableEntity}[status]
    headers = {"WWW-Authenticate": 'Bearer realm="hub"'} if status == 401 else None
    return cls(text=json.dumps({"error": message, **extra}), content_type="application/json",
               headers=headers)


async def authenticate(hub: Hub, authorization: str) -> Principal:
    """Check an ``Authorization`` value: ``Bearer <token>`` or ``Device <id>:<key>``."""
    scheme, _, value = authorization.partition(" ")
    if scheme == "Bearer" and value:
        try:
            return read_token(hub.secret, value.strip())
        except TokenError as exc:
            raise error(401, str(exc)) from None
    if scheme in ("Device", "Terminal") and ":" in value:
        device_id, _, key = value.strip().partition(":")
        async with hub.engine.connect() as conn:
            who = await accounts.authenticate_device(conn, device_id, key)
        if who is None:
            raise error(401, "unknown, revoked or wrong device key")
        return who
    raise error(401, "sign in: Authorization 'Bearer <token>' or 'Device <id>:<key>' needed")


async def principal(request: web.Request, *kinds: str) -> Principal:
    """The authenticated caller; 401 without credentials, 403 when of another kind."""
    who = await authenticate(hub_of(request), request.headers.get("Authorization", ""))
    if kinds and who.kind not in kinds:
        raise error(403, f"this needs a {' or '.join(kinds)} credential")
    return who


async def person_with(request: web.Request, *roles: str) -> Principal:
    """A signed-in person holding any of ``roles`` (somewhere)."""
    who = await principal(request, "person")
    if not any(who.has_role(r) for r in roles):
        raise error(403, f"this needs the role {' or '.join(roles)}")
    return who


async def json_body(request: web.Request) -> dict[str, Any]:
    """The request's JSON object; 400 with a clear message otherwise."""
    if (request.content_length or 0) > 1 << 20:
        raise error(400, "the body is larger than 1 MiB")
    try:
        body = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise error(400, "the body is not JSON") from None
    if not isinstance(body, dict):
        raise error(400, "the body must be a JSON object")
    return body


def public_call(call: dict[str, Any]) -> dict[str, Any]:
    """A call as the API shows it."""
    keys = ("id", "terminal_id", "branch", "session_ref", "skill", "language", "elder", "state",
            "created_at", "queued_at", "accepted_at", "ended_at", "teller_id", "transfer_to",
            "end_reason")
    return {k: call.get(k) for k in keys}
