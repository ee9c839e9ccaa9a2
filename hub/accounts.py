"""People (with roles per branch and presence) and devices (terminals, displays) on the hub."""

from __future__ import annotations

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from hub.auth import (
    ROLES,
    Principal,
    device_key_matches,
    hash_device_key,
    hash_password,
    new_device_key,
    password_matches,
)
from hub.storage.base import now
from hub.storage.tables import devices, people, person_roles

PRESENCE = ("available", "busy", "away")
DEVICE_KINDS = ("terminal", "display")
SKILLS = ("help", "account_opening_verification", "large_transfer_approval", "card_issue")


class AccountError(ValueError):
    """A bad request about accounts (unknown role, duplicate name...)."""


async def create_person(
    conn: AsyncConnection,
    username: str,
    password: str,
    roles: dict[str, list[str]],
    *,
    display_name: str = "",
    languages: tuple[str, ...] = ("zh", "en"),
    skills: tuple[str, ...] = SKILLS,
) -> int:
    """Create a person with ``roles`` (role -> branches, ``'*'`` for all); return their id."""
    bad = [r for r in roles if r not in ROLES]
    if bad:
        raise AccountError(f"unknown role(s) {bad}; roles are {list(ROLES)}")
    if (await conn.execute(select(people.c.id).where(people.c.username == username))).first():
        raise AccountError(f"username {username!r} is taken")
    res = await conn.execute(
        insert(people).values(
            username=username, display_name=display_name or username,
            password_hash=hash_password(password), presence="away",
            languages=",".join(languages), skills=",".join(skills), created_at=now(),
        )
    )
    pid = int(res.inserted_primary_key[0])
    for role, branches in roles.items():
        for branch in branches:
            await conn.execute(insert(person_roles).values(person_id=pid, role=role, branch=branch))
    return pid


async def roles_of(conn: AsyncConnection, person_id: int) -> dict[str, list[str]]:
    """Role -> branches of one person."""
    rows = await conn.execute(
        select(person_roles.c.role, person_roles.c.branch).where(
            person_roles.c.person_id == person_id
        )
    )
    out: dict[str, list[str]] = {}
    for role, branch in rows:
        out.setdefault(role, []).append(branch)
    return out


async def check_password(conn: AsyncConnection, username: str, password: str) -> dict | None:
    """The person's row when the password matches, else None."""
    row = (await conn.execute(select(people).where(people.c.username == username))).mappings()
    person = row.first()
    if person is None or not password_matches(password, person["password_hash"]):
        return None
    return dict(person)


async def person(conn: AsyncConnection, person_id: int) -> dict | None:
    """One person's row (without the password hash)."""
    row = (await conn.execute(select(people).where(people.c.id == person_id))).mappings().first()
    if row is None:
        return None
    return {k: v for k, v in row.items() if k != "password_hash"}


async def set_presence(conn: AsyncConnection, person_id: int, presence: str) -> None:
    """Set a person's presence (available, busy, away)."""
    if presence not in PRESENCE:
        raise AccountError(f"presence must be one of {list(PRESENCE)}")
    await conn.execute(update(people).where(people.c.id == person_id).values(presence=presence))


async def enrol_device(conn: AsyncConnection, device_id: str, kind: str, branch: str) -> str:
    """Register a terminal or display; return its key (stored hashed, shown only now)."""
    if kind not in DEVICE_KINDS:
        raise AccountError(f"kind must be one of {list(DEVICE_KINDS)}")
    if not device_id or not branch:
        raise AccountError("id and branch are required")
    if (await conn.execute(select(devices.c.id).where(devices.c.id == device_id))).first():
        raise AccountError(f"device {device_id!r} is already enrolled (rotate its key instead)")
    key = new_device_key()
    await conn.execute(
        insert(devices).values(
            id=device_id, kind=kind, branch=branch, key_hash=hash_device_key(key), created_at=now()
        )
    )
    return key


async def rotate_device_key(conn: AsyncConnection, device_id: str) -> str | None:
    """Replace a device's key (the old one stops working at once); None if unknown."""
    key = new_device_key()
    res = await conn.execute(
        update(devices)
        .where(devices.c.id == device_id)
        .values(key_hash=hash_device_key(key), rotated_at=now(), revoked_at=None)
    )
    return key if res.rowcount else None


async def revoke_device(conn: AsyncConnection, device_id: str) -> bool:
    """Shut a device out (a stolen terminal); False if unknown."""
    res = await conn.execute(
        update(devices).where(devices.c.id == device_id).values(revoked_at=now())
    )
    return bool(res.rowcount)


async def device(conn: AsyncConnection, device_id: str) -> dict | None:
    """One device's row."""
    q = select(devices).where(devices.c.id == device_id)
    row = (await conn.execute(q)).mappings().first()
    return dict(row) if row else None


async def authenticate_device(conn: AsyncConnection, device_id: str, key: str) -> Principal | None:
    """The device's principal when ``key`` is its current, unrevoked key."""
    row = await device(conn, device_id)
    if row is None or row["revoked_at"] is not None:
        return None
    if not device_key_matches(key, row["key_hash"]):
        return None
    return Principal(row["kind"], row["id"], row["id"], branch=row["branch"])


async def delete_person(conn: AsyncConnection, person_id: int) -> None:
    """Remove a person and their roles (tests, demo reset)."""
    await conn.execute(delete(person_roles).where(person_roles.c.person_id == person_id))
    await conn.execute(delete(people).where(people.c.id == person_id))


async def set_password(conn: AsyncConnection, username: str, password: str) -> bool:
    """Replace a person's password; False if there is no such person."""
    res = await conn.execute(
        update(people).where(people.c.username == username)
        .values(password_hash=hash_password(password))
    )
    return bool(res.rowcount)


async def ensure_person(conn: AsyncConnection, username: str, password: str,
                        roles: dict[str, list[str]], display_name: str = "") -> int:
    """Create the person, or reset their password if they exist; return their id."""
    row = (await conn.execute(select(people.c.id).where(people.c.username == username))).first()
    if row is None:
        return await create_person(conn, username, password, roles, display_name=display_name)
    await set_password(conn, username, password)
    return int(row[0])


async def ensure_device(conn: AsyncConnection, device_id: str, kind: str, branch: str) -> str:
    """Enrol the device, or give it a fresh key if it is enrolled; return the key."""
    if await device(conn, device_id) is None:
        return await enrol_device(conn, device_id, kind, branch)
    key = await rotate_device_key(conn, device_id)
    assert key is not None
    return key
