"""The keyed hash under which the hub keeps an ID number (never the number itself)."""

from __future__ import annotations

import hashlib
import hmac


def id_hash(key: bytes, id_number: str) -> str:
    """HMAC-SHA256 (hex) of the ID number, stripped and upper-cased, under the hub's key."""
    return hmac.new(key, id_number.strip().upper().encode(), hashlib.sha256).hexdigest()
