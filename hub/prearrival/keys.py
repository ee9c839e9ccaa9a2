"""The hub's key for ID-number hashes, shared by every hub process of a fleet."""

from __future__ import annotations

import weakref

from hub.context import Hub
from hub.idhash import id_hash

ID_HASH_SECRET = "id_hash_key"  # the row name in hub_secrets (queue and recognition too)
_KEYS: weakref.WeakKeyDictionary[Hub, bytes] = weakref.WeakKeyDictionary()


async def id_hash_key(hub: Hub) -> bytes:
    """The key (made once per fleet, then read from the database and kept in memory)."""
    key = _KEYS.get(hub)
    if key is None:
        key = (await hub._shared_secret(ID_HASH_SECRET)).encode()
        _KEYS[hub] = key
    return key


async def hash_of(hub: Hub, id_number: str) -> str:
    """The keyed hash of ``id_number`` as this hub stores it."""
    return id_hash(await id_hash_key(hub), id_number)
