"""Tables of the teller hub: devices (terminals, displays), people and roles, calls, audit.

Times are epoch seconds (``Float``) so SQLite and PostgreSQL store and compare them alike.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
)

from hub.storage.base import METADATA

devices = Table(
    "devices",
    METADATA,
    Column("id", String(64), primary_key=True),
    Column("kind", String(16), nullable=False),  # terminal | display
    Column("branch", String(64), nullable=False),
    Column("key_hash", String(128), nullable=False),
    Column("created_at", Float, nullable=False),
    Column("rotated_at", Float),
    Column("revoked_at", Float),
)

people = Table(
    "people",
    METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("display_name", String(128), nullable=False),
    Column("password_hash", String(256), nullable=False),
    Column("presence", String(16), nullable=False, default="away"),
    Column("languages", String(128), nullable=False, default="zh,en"),
    Column("skills", String(256), nullable=False, default=""),
    Column("created_at", Float, nullable=False),
)

person_roles = Table(
    "person_roles",
    METADATA,
    Column("person_id", Integer, ForeignKey("people.id"), primary_key=True),
    Column("role", String(32), primary_key=True),
    Column("branch", String(64), primary_key=True),  # "*" for every branch
)

calls = Table(
    "calls",
    METADATA,
    Column("id", String(36), primary_key=True),
    Column("terminal_id", String(64), nullable=False, index=True),
    Column("branch", String(64), nullable=False),
    Column("session_ref", String(64), nullable=False, default=""),
    Column("skill", String(48), nullable=False),
    Column("language", String(16), nullable=False),
    Column("elder", Boolean, nullable=False, default=False),
    Column("state", String(16), nullable=False, index=True),  # queued | active | ended
    Column("created_at", Float, nullable=False),
    Column("queued_at", Float, nullable=False),  # reset on transfer; the queue orders by it
    Column("accepted_at", Float),
    Column("ended_at", Float),
    Column("teller_id", Integer, ForeignKey("people.id")),
    Column("transfer_to", Integer, ForeignKey("people.id")),
    Column("end_reason", String(64)),
)

audit = Table(
    "audit",
    METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", Float, nullable=False),
    Column("actor", String(96), nullable=False),
    Column("action", String(48), nullable=False, index=True),
    Column("terminal_id", String(64)),
    Column("call_id", String(36)),
    Column("session_ref", String(64)),
    Column("detail", Text, nullable=False, default="{}"),
)

# Bus messages too large for a PostgreSQL NOTIFY payload (8000 bytes): SDP offers.
relay_messages = Table(
    "relay_messages",
    METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", Float, nullable=False),
    Column("payload", Text, nullable=False),
)

# Secrets every hub process of a fleet shares (the token signing key when not configured).
hub_secrets = Table(
    "hub_secrets",
    METADATA,
    Column("name", String(64), primary_key=True),
    Column("value", String(256), nullable=False),
)

# Call recordings, sealed by the terminal (AES-GCM, kiosk.teller.sealing) with a key the hub
# issued at acceptance; kept in the database so every hub process of a fleet can serve them.
recordings = Table(
    "recordings",
    METADATA,
    Column("call_id", String(36), ForeignKey("calls.id"), primary_key=True),
    Column("key", LargeBinary(32), nullable=False),
    Column("created_at", Float, nullable=False),
    Column("uploaded_at", Float),
    Column("size", Integer),
    Column("sealed", LargeBinary),
)

# Recognition on arrival (issue 12): opted-in customers' face templates, per branch.  The
# template is sealed by the terminal (AES-GCM, a key the hub does not hold: see
# kiosk/recognition/sealing.py); the hub keeps it with a keyed hash of the ID number only.
face_templates = Table(
    "face_templates",
    METADATA,
    Column("id", String(32), primary_key=True),
    Column("branch", String(64), nullable=False, index=True),
    Column("id_hash", String(64), nullable=False, index=True),
    Column("sealed", Text, nullable=False),
    Column("terminal_id", String(64), nullable=False),  # where consent was given
    Column("consent_at", Float, nullable=False),
)

# One-time codes sent to an opted-in customer's phone (the second factor), hashed.
recognition_codes = Table(
    "recognition_codes",
    METADATA,
    Column("template_id", String(32), ForeignKey("face_templates.id", ondelete="CASCADE"),
           primary_key=True),
    Column("code_hash", String(64), nullable=False),
    Column("issued_at", Float, nullable=False),
    Column("expires_at", Float, nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
)
