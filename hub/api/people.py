"""Accounts of people, created by a supervisor or branch manager within their own branches."""

from __future__ import annotations

from aiohttp import web

from hub import accounts, audit
from hub.api.common import error, hub_of, json_body, person_with

_MANAGERS = ("supervisor", "branch_manager")


async def create(request: web.Request) -> web.Response:
    """``POST /api/people``: create a person -> 201.

    Body: ``{username, password, display_name, roles: {role: [branches]}, languages, skills}``.
    """
    who = await person_with(request, *_MANAGERS)
    body = await json_body(request)
    roles = body.get("roles")
    if not isinstance(roles, dict) or not roles or not all(
        isinstance(b, list) and b and all(isinstance(x, str) for x in b) for b in roles.values()
    ):
        raise error(422, "roles must map each role to a list of branches")
    for branches in roles.values():
        for branch in branches:
            if not any(who.has_role(r, branch) for r in _MANAGERS):
                raise error(403, f"no supervisor role in branch {branch!r}")
    username, password = str(body.get("username", "")), str(body.get("password", ""))
    if not username or len(password) < 8:
        raise error(422, "username is required and the password needs at least 8 characters")
    extra = {}
    for field in ("languages", "skills"):
        if field in body:
            if not isinstance(body[field], list):
                raise error(422, f"{field} must be a list")
            extra[field] = tuple(str(x) for x in body[field])
    try:
        async with hub_of(request).engine.begin() as conn:
            pid = await accounts.create_person(conn, username, password, roles,
                                               display_name=str(body.get("display_name", "")),
                                               **extra)
            await audit.record(conn, who.actor, "person_created", person=username,
                               roles=roles)
    except accounts.AccountError as exc:
        raise error(422, str(exc)) from None
    return web.json_response({"id": pid, "username": username, "roles": roles}, status=201)


def setup(app: web.Application) -> None:
    """Add this module's routes."""
    app.router.add_post("/api/people", create)
