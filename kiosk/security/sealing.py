"""AES-256-GCM sealing of personal data kept on disk (``cryptography``'s AESGCM).

A sealed value is text: ``gcm1:`` + base64(12-byte random nonce + ciphertext + tag).  The
associated data binds it to its place (e.g. ``outbox:<action id>``), so a sealed payload
copied onto another row does not open.  Keyed hashes of ID numbers are HMAC-SHA-256.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

PREFIX = "gcm1:"


class Sealer:
    """Seals and opens text with one key."""

    def __init__(self, key: bytes) -> None:
        self._aead = AESGCM(key)

    def seal(self, text: str, context: str) -> str:
        """Encrypt ``text``; ``context`` must be given again to open it."""
        nonce = os.urandom(12)
        sealed = self._aead.encrypt(nonce, text.encode("utf-8"), context.encode("utf-8"))
        return PREFIX + base64.b64encode(nonce + sealed).decode("ascii")

    def open(self, value: str, context: str) -> str:
        """Decrypt a sealed value (``InvalidTag`` when tampered with or moved)."""
        raw = base64.b64decode(value[len(PREFIX) :])
        return self._aead.decrypt(raw[:12], raw[12:], context.encode("utf-8")).decode("utf-8")

    @staticmethod
    def is_sealed(value: str) -> bool:
        """Whether ``value`` is sealed (rows written before sealing are plain JSON)."""
        return value.startswith(PREFIX)


def keyed_hash(secret: bytes, id_number: str) -> str:
    """HMAC-SHA-256 of a normalised ID number, hex (cannot be brute-forced without the key)."""
    return hmac.new(secret, id_number.strip().upper().encode(), hashlib.sha256).hexdigest()
