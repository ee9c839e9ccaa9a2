"""Support bundles sent to the hub by a terminal's technician (docs/operations.md).

``POST /api/ops/support-bundles`` (the terminal's key, body: the zip): 201 ``{id, name,
size, sha256}``; 413 above ``MAX_BUNDLE`` bytes; 422 for a body that is not a support
bundle (a zip with ``manifest.json`` naming this terminal).  Filed under the key's terminal
and branch.  ``GET /api/ops/support-bundles`` lists those of the caller's branches,
``GET /api/ops/support-bundles/{id}`` downloads one (audited): supervisors and branch
managers of the terminal's branch only.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import time
import uuid
import zipfile

from aiohttp import web
from sqlalchemy import insert, select

from hub import audit
from hub.api.common import error, hub_of, person_with
from hub.api.events import terminal_of
from hub.auth import ALL_BRANCHES
from hub.ops.tables import ops_support_bundles as sb

MAX_BUNDLE = 16 << 20  # the bundle's log is capped at 8 MiB before compression
ROLES = ("supervisor", "branch_manager")
_NAME = re.compile(r"^[A-Za-z0-9._-]{1,128}$")


def _check_bundle(raw: bytes, terminal: str) -> None:
    """422 unless ``raw`` is a zip whose manifest names ``terminal``."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            manifest = json.loads(zf.read("manifest.json"))
    except (zipfile.BadZipFile, KeyError, ValueError):
        raise error(422, "not a support bundle (a zip with manifest.json)") from None
    if not isinstance(manifest, dict) or manifest.get("terminal_id") != terminal:
        raise error(422, f"the bundle's manifest does not name terminal {terminal!r}")


async def post_bundle(request: web.Request) -> web.Response:
    """Store a support bundle sent by the terminal whose key is presented."""
    who = await terminal_of(request)
    if (request.content_length or 0) > MAX_BUNDLE:
        raise web.HTTPRequestEntityTooLarge(MAX_BUNDLE, request.content_length or 0)
    raw = await request.read()
    if len(raw) > MAX_BUNDLE:
        raise web.HTTPRequestEntityTooLarge(MAX_BUNDLE, len(raw))
    _check_bundle(raw, who.id)
    name = request.query.get("name", "") or f"support-{who.id}.zip"
    if not _NAME.match(name):
        raise error(422, "name: letters, digits, '.', '_' and '-' only (at most 128)")
    row = {"id": str(uuid.uuid4()), "terminal_id": who.id, "branch": who.branch or "",
           "name": name, "size": len(raw), "sha256": hashlib.sha256(raw).hexdigest(),
           "received_at": time.time()}
    async with hub_of(request).engine.begin() as conn:
        await conn.execute(insert(sb).values(**row, data=raw))
        await audit.record(conn, who.actor, "support_bundle_received",
                           terminal_id=who.id, bundle=row["id"], size=len(raw))
    return web.json_response({k: row[k] for k in ("id", "name", "size", "sha256")}, status=201)


async def list_bundles(request: web.Request) -> web.Response:
    """The bundles of the caller's branches, newest first (no contents)."""
    who = await person_with(request, *ROLES)
    mine = who.branches_for(*ROLES)
    q = select(sb.c.id, sb.c.terminal_id, sb.c.branch, sb.c.name, sb.c.size, sb.c.sha256,
               sb.c.received_at).order_by(sb.c.received_at.desc()).limit(200)
    if ALL_BRANCHES not in mine:
        q = q.where(sb.c.branch.in_(sorted(mine)))
    async with hub_of(request).engine.connect() as conn:
        rows = [dict(r) for r in (await conn.execute(q)).mappings()]
    return web.json_response({"bundles": rows})


async def get_bundle(request: web.Request) -> web.Response:
    """Download one bundle (a supervisor or branch manager of its branch)."""
    who = await person_with(request, *ROLES)
    bundle_id = request.match_info["bundle_id"]
    async with hub_of(request).engine.begin() as conn:
        row = (await conn.execute(select(sb).where(sb.c.id == bundle_id))).mappings().first()
        if row is None:
            raise error(404, f"no support bundle {bundle_id!r}")
        if not any(who.has_role(role, row["branch"]) for role in ROLES):
            raise error(403, "this bundle's terminal is not in one of your branches")
        await audit.record(conn, who.actor, "support_bundle_download",
                           terminal_id=row["terminal_id"], bundle=bundle_id)
    return web.Response(body=row["data"], content_type="application/zip", headers={
        "Content-Disposition": f'attachment; filename="{row["name"]}"'})


def setup(app: web.Application) -> None:
    """Add the support bundles' routes."""
    app.router.add_post("/api/ops/support-bundles", post_bundle)
    app.router.add_get("/api/ops/support-bundles", list_bundles)
    app.router.add_get("/api/ops/support-bundles/{bundle_id}", get_bundle)
