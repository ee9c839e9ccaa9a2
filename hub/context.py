"""One hub process's live state: database, bus, settings and the sockets it holds.

Messages to a terminal or a person always go through the bus (``send_terminal``,
``send_person``); each process delivers to the sockets it holds.  So a terminal on hub A and
a teller on hub B talk as if they were on one hub.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections import defaultdict
from typing import Any

from aiohttp import web
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from hub import routing
from hub.bus import LocalBus, PgBus
from hub.settings import HubSettings
from hub.storage.engine import create_engine, is_postgres, migrate
from hub.storage.tables import calls, hub_secrets

log = logging.getLogger(__name__)


class Hub:
    """The state of one hub process (held by the aiohttp app under ``HUB``)."""

    def __init__(self, settings: HubSettings) -> None:
        self.settings = settings
        self.engine: AsyncEngine = create_engine(settings.db_url)
        self.bus: LocalBus | PgBus = (
            PgBus(str(self.engine.url)) if is_postgres(self.engine) else LocalBus()
        )
        self.secret = settings.secret
        self.terminals: dict[str, set[web.WebSocketResponse]] = defaultdict(set)
        self.people: dict[str, set[web.WebSocketResponse]] = defaultdict(set)
        self._grace: dict[str, asyncio.Task] = {}
        # Other modules' bus events: kind -> async handlers (issue 12: queue boards).
        self.handlers: dict[str, list[Any]] = defaultdict(list)

    async def start(self) -> None:
        """Migrate the schema, load the shared secret, join the bus."""
        await migrate(self.engine)
        if not self.secret:
            self.secret = await self._shared_secret("token_signing")
        await self.bus.start(self._on_event)

    async def close(self) -> None:
        """Close sockets, the bus and the database."""
        for task in self._grace.values():
            task.cancel()
        for sockets in (*self.terminals.values(), *self.people.values()):
            for ws in list(sockets):
                await ws.close(code=1001, message=b"hub stopping")
        await self.bus.close()
        await self.engine.dispose()

    async def _shared_secret(self, name: str) -> str:
        async with self.engine.begin() as conn:
            q = select(hub_secrets.c.value).where(hub_secrets.c.name == name)
            value = (await conn.execute(q)).scalar()
            if value is None:
                value = secrets.token_urlsafe(48)
                await conn.execute(insert(hub_secrets).values(name=name, value=value))
        # Another process may have won the race: read what is stored.
        async with self.engine.connect() as conn:
            return str((await conn.execute(q)).scalar())

    # -- sending -----------------------------------------------------------------------------

    async def send_terminal(self, terminal_id: str, msg: dict[str, Any]) -> None:
        """Deliver ``msg`` to the terminal, on whichever hub process it is connected."""
        await self.bus.publish({"to": "terminal", "id": terminal_id, "msg": msg})

    async def send_person(self, person_id: int | str, msg: dict[str, Any]) -> None:
        """Deliver ``msg`` to every console the person has open."""
        await self.bus.publish({"to": "person", "id": str(person_id), "msg": msg})

    async def queue_changed(self) -> None:
        """Tell consoles to refresh their queue and terminals their position."""
        await self.bus.publish({"to": "queue"})

    async def revoke_terminal(self, terminal_id: str) -> None:
        """Close a revoked terminal's sockets on every hub process."""
        await self.bus.publish({"to": "revoked", "id": terminal_id})

    # -- receiving ---------------------------------------------------------------------------

    async def _on_event(self, event: dict[str, Any]) -> None:
        kind = event.get("to")
        if kind == "terminal":
            await _send_all(self.terminals.get(event["id"], ()), event["msg"])
        elif kind == "person":
            await _send_all(self.people.get(event["id"], ()), event["msg"])
        elif kind == "queue":
            await self._push_queue()
        elif kind == "revoked":
            for ws in list(self.terminals.get(event["id"], ())):
                await ws.close(code=4401, message=b"terminal key revoked")
        else:
            for handler in list(self.handlers.get(str(kind), ())):
                await handler(event)

    async def _push_queue(self) -> None:
        for sockets in list(self.people.values()):
            await _send_all(sockets, {"type": "queue_changed"})
        local = [t for t, s in self.terminals.items() if s]
        if not local:
            return
        async with self.engine.connect() as conn:
            q = select(calls).where(calls.c.state == "queued", calls.c.terminal_id.in_(local))
            for call in (await conn.execute(q)).mappings().all():
                position, wait = await routing.queue_position(conn, dict(call))
                await _send_all(self.terminals[call["terminal_id"]], {
                    "type": "queued", "call_id": call["id"], "position": position,
                    "expected_wait_s": wait, "transferred": call["transfer_to"] is not None,
                })

    # -- terminals' network loss -------------------------------------------------------------

    def terminal_back(self, terminal_id: str) -> None:
        """The terminal reconnected: its active call is not ended."""
        task = self._grace.pop(terminal_id, None)
        if task is not None:
            task.cancel()

    def terminal_gone(self, terminal_id: str, on_expiry: Any) -> None:
        """Start the reconnect grace period; ``on_expiry()`` (a coroutine) ends the call."""
        self.terminal_back(terminal_id)

        async def wait() -> None:
            await asyncio.sleep(self.settings.reconnect_grace_s)
            self._grace.pop(terminal_id, None)
            if not self.terminals.get(terminal_id):
                await on_expiry()

        self._grace[terminal_id] = asyncio.get_running_loop().create_task(wait())


async def _send_all(sockets: Any, msg: dict[str, Any]) -> None:
    for ws in list(sockets):
        if ws.closed:
            continue
        try:
            await ws.send_json(msg)
        except (ConnectionResetError, RuntimeError):
            log.debug("hub: a socket closed while sending")


HUB = web.AppKey("hub", Hub)
