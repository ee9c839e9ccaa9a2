"""Keyed hashes of ID numbers: the hub stores no ID number in clear."""

from __future__ import annotations

import hashlib
import hmac


def id_hash(key: bytes, id_number: str) -> str:
    """HMAC-SHA256 (hex) of the ID number, stripped and upper-cased."""
    return hmac.new(key, id_number.strip().upper().encode(), hashlib.sha256).hexdigest()
