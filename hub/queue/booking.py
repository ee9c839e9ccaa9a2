"""Appointments: free slots per branch and service, booking, change and cancel.

A slot row counts its bookings; booking is ``UPDATE ... SET booked = booked + 1 WHERE
booked < capacity``, atomic on SQLite and PostgreSQL alike, so two phones never overbook.
The mobile number is validated by the terminal's own rules (kiosk.flows.validation) and
stored only as a keyed hash plus its last four digits (the second factor).
"""

from __future__ import annotations

import datetime as dt
import hmac
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from hub.idhash import id_hash
from hub.queue import clock, codes
from hub.queue.services import SERVICES
from hub.queue.tables import appointments, queue_slots
from hub.settings import HubSettings
from hub.storage.base import now
from kiosk.flows.validation import FieldInvalid, mobile_number
from kiosk.identity import idnumber


class BookingError(Exception):
    """A booking request refused: ``status`` (404, 409, 410, 422) and what to tell the phone."""

    def __init__(self, status: int, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status, self.message, self.extra = status, message, extra


@dataclass(frozen=True)
class BookingRequest:
    """A validated booking: who (hashes and last four digits) wants which slot."""

    branch: str
    service: str
    starts_at: float
    phone_last4: str
    mobile_hash: str
    id_hash: str | None


def validate(body: dict[str, Any], key: bytes, settings: HubSettings) -> BookingRequest:
    """Check a booking body; raise BookingError(422, errors=[{field, message}]) naming each."""
    errors: list[dict[str, str]] = []
    branch = str(body.get("branch") or "").strip()
    if not branch or len(branch) > 64:
        errors.append({"field": "branch", "message": "branch is required"})
    service = str(body.get("service") or "")
    if service not in SERVICES:
        errors.append({"field": "service", "message": f"service must be one of {list(SERVICES)}"})
    mobile = ""
    try:
        mobile = mobile_number(str(body.get("mobile") or ""))
    except FieldInvalid as exc:
        errors.append({"field": "mobile", "message": exc.key})
    starts_at = _slot_time(body.get("slot"), settings, errors)
    hashed_id = None
    raw_id = str(body.get("id_number") or "").strip()
    if raw_id:
        number = idnumber.normalise(raw_id)
        if not idnumber.is_valid(number):
            errors.append({"field": "id_number", "message": "id_number.invalid"})
        else:
            hashed_id = id_hash(key, number)
    if errors:
        raise BookingError(422, "some fields are not valid", errors=errors)
    return BookingRequest(branch, service, starts_at, mobile[-4:], id_hash(key, mobile),
                          hashed_id)


def _slot_time(raw: Any, settings: HubSettings, errors: list[dict[str, str]]) -> float:
    try:
        starts_at = float(raw)
    except (TypeError, ValueError):
        errors.append({"field": "slot", "message": "slot must be a slot's start (epoch seconds)"})
        return 0.0
    day = dt.date.fromisoformat(clock.local_day(starts_at, settings.queue_timezone))
    if starts_at not in clock.slot_starts(day, settings.queue_opening, settings.slot_minutes,
                                          settings.queue_timezone):
        errors.append({"field": "slot", "message": "not a slot of the branch's opening hours"})
    elif starts_at <= now():
        errors.append({"field": "slot", "message": "this slot has already started"})
    elif starts_at > now() + settings.booking_days * 86400:
        errors.append({"field": "slot", "message": f"book at most {settings.booking_days} days "
                                                   "ahead"})
    return starts_at


async def _insert_ignore(conn: AsyncConnection, rows: list[dict[str, Any]]) -> None:
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    if rows:
        await conn.execute(dialect_insert(queue_slots).on_conflict_do_nothing(), rows)


async def ensure_slots(conn: AsyncConnection, branch: str, service: str, day: dt.date,
                       settings: HubSettings) -> None:
    """Create the slot rows of one day (idempotent; safe with several hub processes)."""
    starts = clock.slot_starts(day, settings.queue_opening, settings.slot_minutes,
                               settings.queue_timezone)
    await _insert_ignore(conn, [{"branch": branch, "service": service, "starts_at": s,
                                 "capacity": settings.slot_capacity, "booked": 0}
                                for s in starts])


async def free_slots(conn: AsyncConnection, branch: str, service: str, day: dt.date,
                     settings: HubSettings) -> list[dict[str, Any]]:
    """The slots of ``day`` still bookable (started ones left out)."""
    await ensure_slots(conn, branch, service, day, settings)
    rows = await conn.execute(
        select(queue_slots.c.starts_at, queue_slots.c.capacity, queue_slots.c.booked)
        .where(queue_slots.c.branch == branch, queue_slots.c.service == service,
               queue_slots.c.starts_at > now(),
               queue_slots.c.starts_at.in_(clock.slot_starts(
                   day, settings.queue_opening, settings.slot_minutes, settings.queue_timezone)))
        .order_by(queue_slots.c.starts_at))
    return [{"slot": s, "time": clock.iso(s, settings.queue_timezone), "free": cap - booked}
            for s, cap, booked in rows if booked < cap]


async def _take_slot(conn: AsyncConnection, branch: str, service: str, starts_at: float,
                     settings: HubSettings) -> int:
    day = dt.date.fromisoformat(clock.local_day(starts_at, settings.queue_timezone))
    await ensure_slots(conn, branch, service, day, settings)
    slot_id = (await conn.execute(select(queue_slots.c.id).where(
        queue_slots.c.branch == branch, queue_slots.c.service == service,
        queue_slots.c.starts_at == starts_at))).scalar_one()
    res = await conn.execute(update(queue_slots).where(
        queue_slots.c.id == slot_id, queue_slots.c.booked < queue_slots.c.capacity,
    ).values(booked=queue_slots.c.booked + 1))
    if not res.rowcount:
        raise BookingError(409, "this slot is fully booked; choose another time")
    return int(slot_id)


async def _free_slot(conn: AsyncConnection, slot_id: int) -> None:
    await conn.execute(update(queue_slots)
                       .where(queue_slots.c.id == slot_id, queue_slots.c.booked > 0)
                       .values(booked=queue_slots.c.booked - 1))


async def book(conn: AsyncConnection, req: BookingRequest, settings: HubSettings) -> dict:
    """Book the slot; return the appointment (409 when the slot is full)."""
    slot_id = await _take_slot(conn, req.branch, req.service, req.starts_at, settings)
    code = codes.new_code()
    row = {"code": code, "branch": req.branch, "service": req.service, "slot_id": slot_id,
           "starts_at": req.starts_at, "phone_last4": req.phone_last4,
           "mobile_hash": req.mobile_hash, "id_hash": req.id_hash, "state": "booked",
           "created_at": now()}
    await conn.execute(insert(appointments).values(**row))
    return row


async def get(conn: AsyncConnection, code: str) -> dict[str, Any] | None:
    """One appointment by its code (the code normalised first), or None."""
    norm = codes.normalise(code)
    if norm is None:
        return None
    row = (await conn.execute(select(appointments).where(appointments.c.code == norm))
           ).mappings().first()
    return dict(row) if row else None


def second_factor_ok(appointment: dict[str, Any], last4: str) -> bool:
    """Whether ``last4`` are the last four digits of the booking's mobile number."""
    return hmac.compare_digest(str(last4 or "").strip(), appointment["phone_last4"])


async def change(conn: AsyncConnection, appointment: dict[str, Any], starts_at: float,
                 settings: HubSettings) -> dict[str, Any]:
    """Move a booked appointment to another slot of the same service."""
    if appointment["state"] != "booked":
        raise BookingError(410 if appointment["state"] == "cancelled" else 409,
                           f"this appointment is {appointment['state'].replace('_', ' ')}")
    errors: list[dict[str, str]] = []
    starts_at = _slot_time(starts_at, settings, errors)
    if errors:
        raise BookingError(422, "some fields are not valid", errors=errors)
    slot_id = await _take_slot(conn, appointment["branch"], appointment["service"], starts_at,
                               settings)
    await _free_slot(conn, appointment["slot_id"])
    values = {"slot_id": slot_id, "starts_at": starts_at, "changed_at": now()}
    await conn.execute(update(appointments).where(appointments.c.code == appointment["code"])
                       .values(**values))
    return {**appointment, **values}


async def cancel(conn: AsyncConnection, appointment: dict[str, Any]) -> dict[str, Any]:
    """Cancel a booked appointment and free its slot."""
    if appointment["state"] != "booked":
        raise BookingError(410 if appointment["state"] == "cancelled" else 409,
                           f"this appointment is {appointment['state'].replace('_', ' ')}")
    await _free_slot(conn, appointment["slot_id"])
    values = {"state": "cancelled", "changed_at": now()}
    await conn.execute(update(appointments).where(appointments.c.code == appointment["code"])
                       .values(**values))
    return {**appointment, **values}


def public(appointment: dict[str, Any], settings: HubSettings) -> dict[str, Any]:
    """An appointment as its holder sees it (no hashes)."""
    service = SERVICES[appointment["service"]]
    return {"code": appointment["code"], "branch": appointment["branch"],
            "service": service.public(), "slot": appointment["starts_at"],
            "time": clock.iso(appointment["starts_at"], settings.queue_timezone),
            "state": appointment["state"]}
