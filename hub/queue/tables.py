"""Tables of appointments and queue tickets (migration ``0005_queue``).

Times are epoch seconds like every hub table.  A ticket keeps one column per milestone
(issued, called, served, ended) so waiting and handling times are plain differences, and
every counter action is also a row of ``queue_events`` with its time and who did it.
"""

from __future__ import annotations

from sqlalchemy import Column, Float, Index, Integer, String, Table, UniqueConstraint

from hub.storage.base import METADATA

queue_slots = Table(
    "queue_slots",
    METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("branch", String(64), nullable=False),
    Column("service", String(32), nullable=False),
    Column("starts_at", Float, nullable=False),
    Column("capacity", Integer, nullable=False),
    Column("booked", Integer, nullable=False, default=0),
    UniqueConstraint("branch", "service", "starts_at", name="uq_queue_slots_branch"),
)

appointments = Table(
    "appointments",
    METADATA,
    Column("code", String(16), primary_key=True),
    Column("branch", String(64), nullable=False, index=True),
    Column("service", String(32), nullable=False),
    Column("slot_id", Integer, nullable=False),
    Column("starts_at", Float, nullable=False),
    Column("phone_last4", String(4), nullable=False),
    Column("mobile_hash", String(64), nullable=False),  # keyed hash, never the number
    Column("id_hash", String(64), index=True),  # keyed hash of the ID number, when known
    Column("state", String(16), nullable=False),  # booked | cancelled | checked_in
    Column("created_at", Float, nullable=False),
    Column("changed_at", Float),
    Column("checked_in_at", Float),
    Column("ticket_id", String(36)),
)

queue_tickets = Table(
    "queue_tickets",
    METADATA,
    Column("id", String(36), primary_key=True),
    Column("branch", String(64), nullable=False),
    Column("day", String(10), nullable=False),  # the branch's local date the number counts in
    Column("service", String(32), nullable=False),
    Column("number", String(8), nullable=False),  # A012
    # waiting | called | serving | parked | done | no_show
    Column("state", String(16), nullable=False),
    Column("priority", Integer, nullable=False, default=0),  # 1: appointment on time
    Column("destination", String(16), nullable=False),  # self_service | video_teller | counter
    Column("counter", String(64)),  # where it was last called to
    Column("appointment_code", String(16)),
    Column("id_hash", String(64)),
    Column("terminal_id", String(64)),
    Column("issued_at", Float, nullable=False),
    Column("queued_at", Float, nullable=False),  # the queue orders by it (reset on transfer)
    Column("called_at", Float),
    Column("served_at", Float),
    Column("ended_at", Float),
    Column("recalls", Integer, nullable=False, default=0),
    Column("transferred_from", String(32)),
    Column("staff", String(96)),
)
Index("ix_queue_tickets_branch_state", queue_tickets.c.branch, queue_tickets.c.state)

queue_numbers = Table(
    "queue_numbers",
    METADATA,
    Column("branch", String(64), primary_key=True),
    Column("day", String(10), primary_key=True),
    Column("prefix", String(2), primary_key=True),
    Column("last", Integer, nullable=False),
)

queue_events = Table(
    "queue_events",
    METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("ticket_id", String(36), nullable=False, index=True),
    Column("branch", String(64), nullable=False),
    Column("at", Float, nullable=False),
    Column("action", String(16), nullable=False),
    Column("actor", String(96), nullable=False),
    Column("counter", String(64)),
    Column("service", String(32)),
)
