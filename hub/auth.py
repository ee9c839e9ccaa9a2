"""Credentials: device keys (terminals, displays), people's passwords and signed tokens.

A device key is 256 random bits, so one SHA-256 of it is a safe stored form and cheap enough
to check on every request; people's passwords are argon2id hashes.  A signed-in person gets
a JWT (HS256, the hub's secret) naming their roles per branch; it expires after
``token_ttl_s``.  Several hub processes of one fleet share the secret.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass, field

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError

ROLES = ("teller", "supervisor", "counter_staff", "lobby_manager", "branch_manager")
ALL_BRANCHES = "*"
_HASHER = PasswordHasher()


def new_device_key() -> str:
    """A fresh device key (shown once at enrolment or rotation, stored only hashed)."""
    return secrets.token_urlsafe(32)


def hash_device_key(key: str) -> str:
    """The stored form of a device key."""
    return hashlib.sha256(key.encode()).hexdigest()


def device_key_matches(key: str, stored_hash: str) -> bool:
    """Constant-time comparison of a presented key with its stored hash."""
    return hmac.compare_digest(hash_device_key(key), stored_hash)


def hash_password(password: str) -> str:
    """An argon2id hash of ``password``."""
    return _HASHER.hash(password)


def password_matches(password: str, stored_hash: str) -> bool:
    """True when ``password`` matches ``stored_hash``."""
    try:
        return _HASHER.verify(stored_hash, password)
    except (VerifyMismatchError, InvalidHashError):
        return False


@dataclass(frozen=True)
class Principal:
    """Who is asking: a person (``kind='person'``) or a device (``'terminal'``/``'display'``)."""

    kind: str
    id: str
    name: str = ""
    branch: str = ""  # a device's branch
    roles: dict[str, tuple[str, ...]] = field(default_factory=dict)  # role -> branches

    @property
    def actor(self) -> str:
        """How the audit trail names this principal."""
        return f"{self.kind}:{self.name or self.id}"

    def has_role(self, role: str, branch: str | None = None) -> bool:
        """True when the person holds ``role`` (in ``branch``, when given)."""
        branches = self.roles.get(role, ())
        if branch is None:
            return bool(branches)
        return ALL_BRANCHES in branches or branch in branches

    def branches_for(self, *roles: str) -> set[str]:
        """Every branch where the person holds any of ``roles`` (may contain ``'*'``)."""
        return {b for r in roles for b in self.roles.get(r, ())}


class TokenError(Exception):
    """A token is missing, malformed, badly signed or expired."""


def issue_token(secret: str, person_id: int, username: str, roles: dict[str, list[str]],
                ttl_s: float) -> tuple[str, float]:
    """Sign a token for a person; return it with its expiry (epoch seconds)."""
    now = time.time()
    exp = now + ttl_s
    claims = {
        "sub": str(person_id),
        "name": username,
        "roles": roles,
        "iat": int(now),
        "exp": exp,
        "jti": secrets.token_hex(8),
    }
    return jwt.encode(claims, secret, algorithm="HS256"), exp


def read_token(secret: str, token: str) -> Principal:
    """Verify ``token`` and return its person; raise TokenError."""
    try:
        claims = jwt.decode(token, secret, algorithms=["HS256"], options={"require": ["exp"]})
    except jwt.ExpiredSignatureError as exc:
        raise TokenError("token expired") from exc
    except jwt.PyJWTError as exc:
        raise TokenError(f"invalid token: {exc}") from exc
    roles = {r: tuple(b) for r, b in dict(claims.get("roles") or {}).items() if r in ROLES}
    return Principal("person", str(claims["sub"]), str(claims.get("name", "")), roles=roles)
