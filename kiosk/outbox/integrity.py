"""Opening an outbox file safely: a damaged or foreign file is refused, never replaced.

SQLite happily "opens" a zero-byte file, or a file it cannot read until the first query,
and ``CREATE TABLE IF NOT EXISTS`` then builds an empty outbox in its place: queued deposits
would vanish without a word.  So every open checks, before anything is written:

- an existing file of zero bytes is refused (a new outbox is only ever made where no file is);
- the file must be SQLite (``file is not a database`` otherwise);
- it must carry the outbox's marker (``PRAGMA application_id``) or, for an outbox made
  before the marker existed, hold the ``actions`` table;
- ``PRAGMA integrity_check`` must answer ``ok`` (corrupted pages are found here);
- its schema version (``PRAGMA user_version``) must not be newer than this software's.

A refusal raises :class:`OutboxDamaged`, whose message says what is wrong and what a
technician can do; the terminal then stays out of service until the file is dealt with.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from pathlib import Path

from kiosk.sqlite_readonly import WrongStoreError

#: "KOBX": marks a SQLite file as a kiosk outbox.
APPLICATION_ID = 0x4B4F4258
#: 1: the original table; 2: adds ``rekeys`` (fresh keys after a body the core never read).
SCHEMA_VERSION = 2


class OutboxDamaged(RuntimeError):
    """The outbox file exists but cannot be trusted; nothing was changed in it."""

    def __init__(self, path: Path, problem: str) -> None:
        self.path, self.problem = path, problem
        super().__init__(
            f"the outbox {path} is unusable: {problem}. The terminal stays out of service; "
            "nothing in the file was changed. Keep a copy of the file (and any -wal file "
            "beside it) for the bank, then restore it from a backup or move it aside."
        )


def _tables(db: sqlite3.Connection) -> set[str]:
    return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def open_checked(path: Path, *, timeout: float = 30.0) -> sqlite3.Connection:
    """Connect to the outbox at ``path`` (created when absent) after the checks above."""
    connect = functools.partial(sqlite3.connect, str(path), check_same_thread=False,
                                isolation_level=None, timeout=timeout)  # fmt: skip
    return open_inspected(path, connect, existed=path.exists())


def open_inspected(
    path: Path, connect: Callable[[], sqlite3.Connection], *, existed: bool = True
) -> sqlite3.Connection:
    """``connect()`` to the outbox at ``path`` and, if it ``existed``, run the checks above.

    The one place where SQLite's own errors (not a database, a malformed image, another
    store's file) become ``OutboxDamaged``, for the writer and the read-only inspection
    alike; the connection is closed on any refusal.  A missing file raises what ``connect``
    raises (``FileNotFoundError`` for a read-only open).
    """
    if existed and path.stat().st_size == 0:
        raise OutboxDamaged(path, "the file is empty (0 bytes)")
    try:
        db = connect()
    except WrongStoreError as exc:  # another program's or store's database: unusable too
        raise OutboxDamaged(path, f"it is a SQLite file but not an outbox ({exc})") from None
    except sqlite3.DatabaseError as exc:  # "file is not a database"
        raise OutboxDamaged(path, f"SQLite cannot read it ({exc})") from None
    try:
        try:
            app_id = db.execute("PRAGMA application_id").fetchone()[0]
            if existed:
                check_existing(path, db, app_id)
        except WrongStoreError as exc:
            raise OutboxDamaged(path, f"it is a SQLite file but not an outbox ({exc})") from None
        except sqlite3.DatabaseError as exc:  # "file is not a database", malformed image...
            raise OutboxDamaged(path, f"SQLite cannot read it ({exc})") from None
    except BaseException:
        db.close()
        raise
    return db


def check_existing(path: Path, db: sqlite3.Connection, app_id: int | None = None) -> None:
    """Refuse a file that is not an outbox, is corrupted or is newer (OutboxDamaged)."""
    if app_id is None:
        app_id = db.execute("PRAGMA application_id").fetchone()[0]
    tables = _tables(db)
    if app_id not in (0, APPLICATION_ID) or (app_id == 0 and tables and "actions" not in tables):
        raise OutboxDamaged(path, "it is a SQLite file but not an outbox")
    problems = [r[0] for r in db.execute("PRAGMA integrity_check(5)")]
    if problems != ["ok"]:
        raise OutboxDamaged(path, "its pages are corrupted (" + "; ".join(problems) + ")")
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise OutboxDamaged(path, f"it was written by newer software (schema {version}, "
                                  f"this one knows {SCHEMA_VERSION})")  # fmt: skip


def mark(db: sqlite3.Connection) -> None:
    """Bring the schema to ``SCHEMA_VERSION`` and stamp the outbox marker (idempotent)."""
    cols = {r[1] for r in db.execute("PRAGMA table_info(actions)")}
    if "rekeys" not in cols:
        db.execute("ALTER TABLE actions ADD COLUMN rekeys INTEGER NOT NULL DEFAULT 0")
    if db.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    if db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
