"""ICE servers for both ends of a call: STUN as configured, TURN with time-limited credentials.

TURN credentials follow coturn's shared-secret REST scheme (``--use-auth-secret``): the user
name is ``"<expiry epoch>:<who>"`` and the password ``base64(HMAC-SHA1(secret, username))``,
so coturn checks them without asking the hub and they stop working at expiry.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from typing import Any

from hub.settings import HubSettings


def turn_credentials(secret: str, who: str, ttl_s: float) -> tuple[str, str]:
    """(username, password) valid for ``ttl_s`` seconds."""
    username = f"{int(time.time() + ttl_s)}:{who}"
    digest = hmac.new(secret.encode(), username.encode(), hashlib.sha1).digest()
    return username, base64.b64encode(digest).decode()


def ice_servers(settings: HubSettings, who: str) -> list[dict[str, Any]]:
    """The RTCIceServer list (browser/aiortc shape) for one party."""
    servers: list[dict[str, Any]] = []
    if settings.stun_urls:
        servers.append({"urls": list(settings.stun_urls)})
    if settings.turn_urls and settings.turn_secret:
        user, password = turn_credentials(settings.turn_secret, who, settings.turn_ttl_s)
        servers.append({"urls": list(settings.turn_urls), "username": user, "credential": password})
    return servers
