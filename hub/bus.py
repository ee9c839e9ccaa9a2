"""Event fan-out between hub processes: in-process for SQLite, LISTEN/NOTIFY on PostgreSQL.

Every event goes through the bus, even to a socket on the same process, so one code path
delivers it whichever hub holds the receiver.  A NOTIFY payload is limited to 8000 bytes:
larger events (SDP offers with candidates) are stored in ``relay_messages`` and only their
row id is notified.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url

Handler = Callable[[dict[str, Any]], Awaitable[None]]
CHANNEL = "kiosk_hub"
_NOTIFY_LIMIT = 7000
log = logging.getLogger(__name__)


class LocalBus:
    """One hub process: events go straight to the handler."""

    def __init__(self) -> None:
        self._handler: Handler | None = None

    async def start(self, handler: Handler) -> None:
        """Deliver events to ``handler`` from now on."""
        self._handler = handler

    async def publish(self, event: dict[str, Any]) -> None:
        """Deliver one event."""
        if self._handler is not None:
            await self._handler(event)

    async def close(self) -> None:
        """Stop delivering."""
        self._handler = None


class PgBus:
    """Several hub processes on one PostgreSQL: NOTIFY out, LISTEN in."""

    def __init__(self, sqlalchemy_url: str) -> None:
        url = make_url(sqlalchemy_url).set(drivername="postgresql")
        self._dsn = url.render_as_string(hide_password=False)
        self._listen: asyncpg.Connection | None = None
        self._pub: asyncpg.Connection | None = None
        self._lock = asyncio.Lock()
        self._handler: Handler | None = None
        self._tasks: set[asyncio.Task] = set()

    async def start(self, handler: Handler) -> None:
        """Connect and LISTEN."""
        self._handler = handler
        self._pub = await asyncpg.connect(self._dsn)
        await self._connect_listener()

    async def _connect_listener(self) -> None:
        self._listen = await asyncpg.connect(self._dsn)
        await self._listen.add_listener(CHANNEL, self._on_notify)
        self._listen.add_termination_listener(self._on_lost)

    def _on_lost(self, _conn: object) -> None:
        if self._handler is None:  # closing
            return
        log.warning("hub bus: the LISTEN connection to PostgreSQL was lost; reconnecting")
        task = asyncio.get_running_loop().create_task(self._relisten())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _relisten(self) -> None:
        delay = 0.2
        while self._handler is not None:
            try:
                await self._connect_listener()
            except (OSError, asyncpg.PostgresError) as exc:
                log.warning("hub bus: PostgreSQL unreachable (%s); retrying", exc)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)
                continue
            # Events sent while we were deaf are lost: make every screen refresh now.
            await self._handler({"to": "queue"})
            return

    def _on_notify(self, _conn: object, _pid: int, _channel: str, payload: str) -> None:
        task = asyncio.get_running_loop().create_task(self._deliver(payload))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _deliver(self, payload: str) -> None:
        try:
            event = json.loads(payload)
            if "relay_ref" in event:
                async with self._lock:
                    assert self._pub is not None
                    payload = await self._pub.fetchval(
                        "SELECT payload FROM relay_messages WHERE id = $1", event["relay_ref"]
                    )
                if payload is None:
                    return
                event = json.loads(payload)
            if self._handler is not None:
                await self._handler(event)
        except Exception:  # one bad event must not stop the hub
            log.exception("hub bus: could not deliver an event")

    async def publish(self, event: dict[str, Any]) -> None:
        """NOTIFY every hub process (this one included); reconnects once if the link broke."""
        try:
            await self._publish(event)
        except (OSError, asyncpg.PostgresConnectionError, asyncpg.InterfaceError):
            async with self._lock:
                if self._pub is not None and not self._pub.is_closed():
                    self._pub.terminate()
                self._pub = await asyncpg.connect(self._dsn)
            await self._publish(event)

    async def _publish(self, event: dict[str, Any]) -> None:
        payload = json.dumps(event, separators=(",", ":"))
        async with self._lock:
            assert self._pub is not None
            if len(payload.encode()) > _NOTIFY_LIMIT:
                ref = await self._pub.fetchval(
                    "INSERT INTO relay_messages (at, payload) VALUES ($1, $2) RETURNING id",
                    time.time(), payload,
                )
                await self._pub.execute(
                    "DELETE FROM relay_messages WHERE at < $1", time.time() - 300
                )
                payload = json.dumps({"relay_ref": ref})
            await self._pub.execute("SELECT pg_notify($1, $2)", CHANNEL, payload)

    async def close(self) -> None:
        """Stop listening and disconnect."""
        self._handler = None
        for task in list(self._tasks):
            task.cancel()
        for conn in (self._listen, self._pub):
            if conn is not None:
                await conn.close()
        self._listen = self._pub = None
