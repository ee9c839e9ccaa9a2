"""People's sign-in, who am I, and presence."""

from __future__ import annotations

import time
from collections import defaultdict, deque

from aiohttp import web

from hub import accounts, audit
from hub.api.common import error, hub_of, json_body, principal
from hub.auth import issue_token

# Password guessing: after this many failures for one user name within the window, sign-in
# for that name is refused (429) until the window has passed.  Per hub process, in memory.
MAX_FAILURES, FAILURE_WINDOW_S = 5, 300.0
FAILURES = web.AppKey("login_failures", dict)


def _throttled(failures: dict[str, deque[float]], username: str) -> bool:
    recent = failures[username]
    while recent and recent[0] < time.monotonic() - FAILURE_WINDOW_S:
        recent.popleft()
    return len(recent) >= MAX_FAILURES


async def login(request: web.Request) -> web.Response:
    """``POST /api/auth/login`` {username, password} -> a signed, expiring token."""
    hub = hub_of(request)
    body = await json_body(request)
    username, password = str(body.get("username", "")), str(body.get("password", ""))
    if not username or not password:
        raise error(422, "username and password are required")
    failures = request.app[FAILURES]
    if _throttled(failures, username):
        raise web.HTTPTooManyRequests(
            text='{"error": "too many failed sign-ins; try again in a few minutes"}',
            content_type="application/json", headers={"Retry-After": str(int(FAILURE_WINDOW_S))})
    async with hub.engine.begin() as conn:
        person = await accounts.check_password(conn, username, password)
        if person is None:
            await audit.record(conn, f"person:{username[:64]}", "sign_in_failed")
        else:
            roles = await accounts.roles_of(conn, person["id"])
            await audit.record(conn, f"person:{username}", "sign_in")
    if person is None:
        failures[username].append(time.monotonic())
        raise error(401, "wrong username or password")
    failures.pop(username, None)
    token, exp = issue_token(hub.secret, person["id"], username, roles, hub.settings.token_ttl_s)
    return web.json_response({
        "token": token, "expires_at": exp,
        "person": {"id": person["id"], "username": username,
                   "display_name": person["display_name"], "roles": roles,
                   "languages": person["languages"].split(","),
                   "skills": person["skills"].split(",")},
    })


async def me(request: web.Request) -> web.Response:
    """``GET /api/me``: the caller as the hub sees them."""
    who = await principal(request)
    out = {"kind": who.kind, "id": who.id, "name": who.name, "branch": who.branch,
           "roles": {r: list(b) for r, b in who.roles.items()}}
    if who.kind == "person":
        async with hub_of(request).engine.connect() as conn:
            row = await accounts.person(conn, int(who.id))
        out["presence"] = row["presence"] if row else None
    return web.json_response(out)


async def presence(request: web.Request) -> web.Response:
    """``PUT /api/presence`` {presence: available|busy|away}."""
    who = await principal(request, "person")
    body = await json_body(request)
    hub = hub_of(request)
    try:
        async with hub.engine.begin() as conn:
            await accounts.set_presence(conn, int(who.id), str(body.get("presence", "")))
    except accounts.AccountError as exc:
        raise error(422, str(exc)) from None
    await hub.queue_changed()  # expected waits depend on who is on duty
    return web.json_response({"presence": body["presence"]})


def setup(app: web.Application) -> None:
    """Add this module's routes."""
    app[FAILURES] = defaultdict(deque)
    app.router.add_post("/api/auth/login", login)
    app.router.add_get("/api/me", me)
    app.router.add_put("/api/presence", presence)
