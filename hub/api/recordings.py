"""Call recordings, sealed by the terminal and kept with the call.

The hub issues a sealing key at acceptance, the terminal uploads the sealed file after the
call, only a supervisor of the call's branch fetches it; kept for the configured retention,
then deleted.
"""

from __future__ import annotations

import asyncio
import base64
import time

from aiohttp import web
from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from hub import audit, routing
from hub.api.common import error, hub_of, person_with, principal
from hub.context import HUB
from hub.storage.tables import recordings
from kiosk.teller.sealing import SealError, new_key, open_sealed

MAX_RECORDING_BYTES = 512 << 20
_PURGE_EVERY_S = 3600.0


async def issue_key(conn: AsyncConnection, call_id: str) -> str:
    """A fresh sealing key for the call's recording (base64), stored with the call."""
    key = new_key()
    await conn.execute(delete(recordings).where(recordings.c.call_id == call_id,
                                                recordings.c.sealed.is_(None)))
    await conn.execute(insert(recordings).values(call_id=call_id, key=key, created_at=time.time()))
    return base64.b64encode(key).decode()


async def upload(request: web.Request) -> web.Response:
    """``POST /api/calls/{id}/recording`` (the call's terminal): the sealed file as the body."""
    who = await principal(request, "terminal")
    hub = hub_of(request)
    call_id = request.match_info["call_id"]
    async with hub.engine.connect() as conn:
        call = await routing.get_call(conn, call_id)
        row = (await conn.execute(select(recordings.c.key, recordings.c.uploaded_at)
                                  .where(recordings.c.call_id == call_id))).first()
    if call is None or call["terminal_id"] != who.id:
        raise error(403, "a terminal reaches only its own session")
    if row is None:
        raise error(404, "this call is not recorded")
    if row.uploaded_at is not None:
        raise error(409, "already uploaded")
    if (request.content_length or 0) > MAX_RECORDING_BYTES:
        raise error(400, "recording too large")
    sealed = await request.read()
    try:
        open_sealed(sealed, row.key)  # whole and sealed with this call's key
    except SealError as exc:
        raise error(422, str(exc)) from None
    async with hub.engine.begin() as conn:
        await conn.execute(update(recordings).where(recordings.c.call_id == call_id).values(
            sealed=sealed, size=len(sealed), uploaded_at=time.time()))
        await audit.record(conn, who.actor, "recording_stored", terminal_id=who.id,
                           call_id=call_id, session_ref=call["session_ref"], size=len(sealed))
    return web.json_response({"call_id": call_id, "size": len(sealed)}, status=201)


async def fetch(request: web.Request) -> web.Response:
    """``GET /api/calls/{id}/recording``: the decrypted recording (supervisors of the branch)."""
    who = await person_with(request, "supervisor")
    hub = hub_of(request)
    call_id = request.match_info["call_id"]
    async with hub.engine.connect() as conn:
        call = await routing.get_call(conn, call_id)
        row = (await conn.execute(select(recordings.c.key, recordings.c.sealed)
                                  .where(recordings.c.call_id == call_id))).first()
    if call is None or not who.has_role("supervisor", call["branch"]):
        raise error(403, "only a supervisor of the call's branch fetches its recording")
    if row is None or row.sealed is None:
        raise error(404, "no recording (not recorded, not uploaded yet, or past retention)")
    media = open_sealed(row.sealed, row.key)
    async with hub.engine.begin() as conn:
        await audit.record(conn, who.actor, "recording_fetched", terminal_id=call["terminal_id"],
                           call_id=call_id, session_ref=call["session_ref"])
    return web.Response(body=media, content_type="video/x-matroska")


async def purge(conn: AsyncConnection, retention_s: float) -> int:
    """Delete recordings older than the retention; return how many."""
    res = await conn.execute(delete(recordings).where(
        recordings.c.created_at < time.time() - retention_s))
    return res.rowcount or 0


def setup(app: web.Application) -> None:
    """Add the routes and the retention job."""
    app.router.add_post("/api/calls/{call_id}/recording", upload)
    app.router.add_get("/api/calls/{call_id}/recording", fetch)

    async def retention(app: web.Application):  # noqa: ANN202 - async generator
        hub = app[HUB]

        async def job() -> None:
            while True:
                async with hub.engine.begin() as conn:
                    await purge(conn, hub.settings.recording_retention_days * 86400)
                await asyncio.sleep(_PURGE_EVERY_S)

        task = asyncio.get_running_loop().create_task(job())
        yield
        task.cancel()

    app.cleanup_ctx.append(retention)
