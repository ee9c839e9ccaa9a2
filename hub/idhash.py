"""Keyed hash of ID numbers: how the hub links records to a customer without storing the number."""

from __future__ import annotations

import hashlib
import hmac


def id_hash(key: bytes, id_number: str) -> str:
    """HMAC-SHA256 (hex) of the ID number, stripped and upper-cased (a final ``x`` is ``X``)."""
    return hmac.new(key, id_number.strip().upper().encode(), hashlib.sha256).hexdigest()
