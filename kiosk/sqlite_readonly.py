"""Open one of the terminal's SQLite stores for reading only, as the inspection commands do.

``kiosk journal verify``, ``kiosk outbox status`` and ``kiosk diagnostics`` look at a file a
technician named; they must never change it.  A plain ``sqlite3.connect`` would happily
create tables in an empty file or in the other store's database and report success, so the
file is opened through a ``mode=ro`` URI and its schema is checked before anything is read.

A read-only connection to a WAL database still creates ``-wal`` and ``-shm`` files beside it
and cannot remove them.  When no ``-wal`` (or rollback ``-journal``) file exists, every
committed page is in the main file, so it is opened ``immutable`` and nothing is created;
when one exists (the terminal is running, or it crashed) the normal read-only mode reads it.
"""

from __future__ import annotations

import sqlite3
import urllib.parse
from collections.abc import Iterable
from pathlib import Path


class WrongStoreError(sqlite3.DatabaseError):
    """The file is a readable SQLite database, but not the store that was asked for."""


def _uri(path: Path) -> str:
    quoted = urllib.parse.quote(str(path.resolve()))
    sidecars = (path.with_name(path.name + s) for s in ("-wal", "-journal"))
    immutable = "&immutable=1" if not any(p.exists() for p in sidecars) else ""
    return f"file:{quoted}?mode=ro{immutable}"


def open_read_only(path: str | Path, table: str, columns: Iterable[str], what: str,
                   **connect_args: object) -> sqlite3.Connection:
    """Connect to ``path`` read-only and check it holds ``table`` with ``columns``.

    ``what`` names the store in messages ("journal", "outbox").

    Raises:
        FileNotFoundError: no file at ``path`` (nothing is created).
        WrongStoreError: an empty file, or another database than ``what``.
        sqlite3.DatabaseError: not an SQLite file at all.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no {what} at {path}")
    what = ("an " if what[0] in "aeiou" else "a ") + what
    db = sqlite3.connect(_uri(path), uri=True, check_same_thread=False, **connect_args)
    try:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables:
            raise WrongStoreError(f"{path} is not {what}: the database is empty")
        if table not in tables:
            found = ", ".join(sorted(tables))
            raise WrongStoreError(f"{path} is not {what}: no '{table}' table (it holds {found})")
        have = {r[1] for r in db.execute(f"PRAGMA table_info({table})")}
        missing = sorted(set(columns) - have)
        if missing:
            raise WrongStoreError(
                f"{path} is not {what}: table '{table}' lacks {', '.join(missing)}"
            )
    except BaseException:
        db.close()
        raise
    return db
