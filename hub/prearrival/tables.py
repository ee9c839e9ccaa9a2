"""Pre-filled applications: prepared on a phone, completed at a terminal after identification.

The ID number is kept only as a keyed hash (``hub.idhash``); ``form`` holds what the
applicant typed.  At expiry both are deleted and the row stays as a marker (status
``expired``), so the code answers 410 rather than "unknown".
"""

from __future__ import annotations

from sqlalchemy import Column, Float, Integer, String, Table, Text

from hub.storage.base import METADATA

preapplications = Table(
    "preapplications",
    METADATA,
    Column("code", String(8), primary_key=True),
    Column("kind", String(32), nullable=False),  # open_account | card_application
    Column("branch", String(64), nullable=False, default=""),  # "" : any branch
    Column("status", String(16), nullable=False),  # open | claimed | completed | expired
    Column("id_hash", String(64), index=True),  # None once expired
    Column("form", Text),  # JSON of what the applicant typed; None once expired
    Column("language", String(16), nullable=False, default="zh_CN"),
    Column("created_at", Float, nullable=False),
    Column("expires_at", Float, nullable=False, index=True),
    Column("claimed_at", Float),
    Column("completed_at", Float),
    Column("terminal_id", String(64)),
    Column("reference", String(64)),  # the terminal's action id once submitted
    Column("mismatches", Integer, nullable=False, default=0),  # refused identities
)
