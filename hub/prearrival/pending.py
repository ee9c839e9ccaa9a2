"""What is pending for an identified customer: assembled from a list of providers.

A provider is ``async def provider(conn, branch: str, id_hash: str, tz: str) -> list[dict]``
(``tz``: the branch's time zone, ``HubSettings.queue_timezone``, which says what "today" is);
each item has a ``kind`` and only what the terminal's personal home shows.  Appointments and
tickets (another area) register theirs by appending to ``PROVIDERS``.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from hub.prearrival import store
from hub.storage.base import now

log = logging.getLogger(__name__)
Provider = Callable[[AsyncConnection, str, str, str], Awaitable[list[dict[str, Any]]]]


async def preapplications(conn: AsyncConnection, branch: str, id_hash: str,
                          tz: str) -> list[dict]:
    """The customer's pre-filled applications still to complete."""
    return [{"kind": "preapplication", "code": a.code, "application": a.kind,
             "status": a.status, "expires_at": a.expires_at}
            for a in await store.open_for(conn, branch, id_hash, now())]  # fmt: skip


async def appointments_and_tickets(conn: AsyncConnection, branch: str, id_hash: str,
                                   tz: str) -> list[dict]:
    """The customer's appointment today and open tickets (hub.queue.pending)."""
    from hub.queue.pending import pending_for

    # The branch's own day: without ``tz`` "today" was Shanghai's, wrong for other zones.
    return await pending_for(conn, branch, id_hash, tz)


PROVIDERS: list[Provider] = [preapplications, appointments_and_tickets]


async def pending_items(conn: AsyncConnection, branch: str, id_hash: str,
                        tz: str) -> list[dict]:
    """Every provider's items, in the providers' order; a failing provider is left out."""
    items: list[dict[str, Any]] = []
    for provider in list(PROVIDERS):
        try:
            items.extend(await provider(conn, branch, id_hash, tz))
        except Exception:  # one area's bug must not hide the others' items
            log.exception("pending-items provider %s failed", getattr(provider, "__name__", "?"))
    return items
