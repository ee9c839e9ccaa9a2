"""The electronic journal: append-only, hash-chained SQLite records without personal data.

Each record's hash is SHA-256 over the previous hash and the record's canonical JSON
(sequence number, time, kind, fields), so an edited, removed or reordered record breaks the
chain from that point.  The head (last sequence and hash) is also written to a sidecar file
``<journal>.head`` so a removed *last* record is found too.  SQLite triggers refuse UPDATE
and DELETE, so the application itself cannot rewrite history by mistake.

``append`` refuses values that look like personal data in clear (ID numbers, runs of 8 or
more digits, names under sensitive keys): callers pass ``mask_account(...)`` and
``hash_id(...)`` instead.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import os
import re
import secrets
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.logs import SENSITIVE_KEYS
from kiosk.reference import is_reference
from kiosk.sqlite_readonly import open_read_only

GENESIS = "0" * 64
_LONG_DIGITS = re.compile(r"\d{8,}")
# Digits written in groups of 3+ ("6222 0202 0011 2233", "138-0013-8000") count as one run;
# a date's 4-2-2 groups ("2026-11-28") do not.
_GROUPED_DIGITS = re.compile(r"(?<!\d)\d{3,}(?:[ -]\d{3,})+")
_CN_ID = re.compile(r"\d{17}[\dXx]")
_HASHED = re.compile(r"^idh:[0-9a-f]{64}$")
_MASKED = re.compile(r"^\*+[0-9A-Za-z]{0,4}$")

SCHEMA = """
CREATE TABLE IF NOT EXISTS journal (
  seq INTEGER PRIMARY KEY, ts TEXT NOT NULL, kind TEXT NOT NULL, fields TEXT NOT NULL,
  prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
CREATE TRIGGER IF NOT EXISTS journal_no_update BEFORE UPDATE ON journal
  BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
CREATE TRIGGER IF NOT EXISTS journal_no_delete BEFORE DELETE ON journal
  BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
"""
COLUMNS = ("seq", "ts", "kind", "fields", "prev_hash", "hash")


class PersonalDataError(ValueError):
    """A journal field looked like personal data in clear."""


@dataclass(frozen=True)
class JournalVerdict:
    """Result of ``Journal.verify``: ``first_bad_seq`` names the first broken record."""

    ok: bool
    count: int
    first_bad_seq: int | None = None
    reason: str = ""


def mask_account(account: str | int) -> str:
    """``"6222020200112233"`` -> ``"****2233"``."""
    text = str(account).strip()
    return "****" + text[-4:] if len(text) > 4 else "****"


def hash_id(id_number: str, salt: str | bytes) -> str:
    """HMAC-SHA-256 of an ID number keyed with ``salt``, as ``idh:<64 hex>``.

    Keyed, not a salted plain hash: a Chinese ID number has few enough values to be brute
    forced from a plain SHA-256 and a known salt (docs/security.md).
    """
    key = salt if isinstance(salt, bytes) else salt.encode()
    digest = hmac.new(key, id_number.strip().upper().encode(), hashlib.sha256).hexdigest()
    return f"idh:{digest}"


def _check_value(key: str, value: Any) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            _check_value(str(k), v)
        return
    if isinstance(value, (list, tuple)):
        for v in value:
            _check_value(key, v)
        return
    if isinstance(value, bool) or value is None:
        return
    if isinstance(value, int) and abs(value) >= 10_000_000:
        raise PersonalDataError(f"field {key!r}: an 8+ digit number may be personal data")
    if not isinstance(value, str) or _HASHED.match(value) or _MASKED.match(value):
        return
    if is_reference(value):  # our own action reference (digits in groups + check digit)
        return
    if key in SENSITIVE_KEYS and value:
        raise PersonalDataError(f"field {key!r} is personal data: mask or hash it")
    grouped = any(len(re.sub(r"\D", "", m)) >= 8 for m in _GROUPED_DIGITS.findall(value))
    if _CN_ID.search(value) or _LONG_DIGITS.search(value) or grouped:
        raise PersonalDataError(f"field {key!r} holds an ID or account number in clear")


def _digest(prev: str, seq: int, ts: str, kind: str, fields: str) -> str:
    payload = json.dumps([seq, ts, kind, fields], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev + payload).encode("utf-8")).hexdigest()


def _write_private(path: Path, text: str) -> None:
    """Create ``path`` readable by its owner only (the salt guards the hashed ID numbers)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process created it first: use theirs
        return
    with os.fdopen(fd, "w") as f:
        f.write(text)


class Journal:
    """An append-only hash-chained journal in one SQLite file (thread-safe)."""

    def __init__(
        self, path: str | Path, secret: bytes | None = None, *, read_only: bool = False
    ) -> None:
        """Open (or create) the journal; ``read_only`` only inspects an existing one.

        ``secret`` keys ``hash_id``: the bank's ID secret (kiosk.security.keys, kept outside
        the data folder); without one, a per-terminal salt stored beside the journal.

        A read-only journal changes no file, not even the salt beside it, and raises
        ``FileNotFoundError`` or :class:`~kiosk.sqlite_readonly.WrongStoreError` for a
        missing file, an empty one or another database.
        """
        self.path = Path(path)
        self._lock = threading.Lock()
        self.head_path = self.path.with_name(self.path.name + ".head")
        salt_path = self.path.with_name(self.path.name + ".salt")
        if read_only:
            self._db = open_read_only(self.path, "journal", COLUMNS, "journal")
            self.salt = salt_path.read_text().strip() if salt_path.exists() else ""
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(self.path), check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(SCHEMA)
        #: The key of ``hash_id``: the bank's ID secret, else the per-terminal salt beside
        #: the journal.
        self.salt: str | bytes
        if secret is not None:
            self.salt = secret
        else:
            if not salt_path.exists():
                _write_private(salt_path, secrets.token_hex(16))
            self.salt = salt_path.read_text().strip()
        self._observers: list[Any] = []

    def observe(self, observer: Any) -> None:
        """Call ``observer(kind, fields)`` after every append (operations metrics, events).

        Observers run on the appending thread after the record is committed; one that
        raises is logged and never fails the append.
        """
        self._observers.append(observer)

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    def hash_id(self, id_number: str) -> str:
        """``hash_id`` with this terminal's salt."""
        return hash_id(id_number, self.salt)

    def append(self, kind: str, **fields: Any) -> int:
        """Append one record and return its sequence number.

        Raises:
            PersonalDataError: a field looks like personal data in clear.
        """
        _check_value("kind", kind)
        for key, value in fields.items():
            _check_value(key, value)
        text = json.dumps(fields, ensure_ascii=False, sort_keys=True, default=str)
        ts = dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                row = self._db.execute(
                    "SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1"
                ).fetchone()
                seq, prev = (row[0] + 1, row[1]) if row else (1, GENESIS)
                digest = _digest(prev, seq, ts, kind, text)
                self._db.execute(
                    "INSERT INTO journal VALUES (?, ?, ?, ?, ?, ?)",
                    (seq, ts, kind, text, prev, digest),
                )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._write_head(seq, digest)
        for observer in list(self._observers):
            try:
                observer(kind, fields)
            except Exception:  # operations telemetry must never break the journal
                logging.getLogger(__name__).exception("journal observer failed (%s)", kind)
        return seq

    def _write_head(self, seq: int, digest: str) -> None:
        tmp = self.head_path.with_name(self.head_path.name + ".tmp")
        tmp.write_text(f"{seq} {digest}\n")
        os.replace(tmp, self.head_path)

    def records(self) -> list[dict[str, Any]]:
        """All records in order (for diagnostics and tests)."""
        with self._lock:
            rows = self._db.execute("SELECT seq, ts, kind, fields FROM journal ORDER BY rowid")
            rows = rows.fetchall()
        return [{"seq": s, "ts": t, "kind": k, **json.loads(f)} for s, t, k, f in rows]

    def verify(self) -> JournalVerdict:
        """Walk the chain; report the first edited, removed or reordered record."""
        prev, count, expected = GENESIS, 0, 1
        with self._lock:
            rows = self._db.execute(
                "SELECT seq, ts, kind, fields, prev_hash, hash FROM journal ORDER BY rowid"
            ).fetchall()
        for seq, ts, kind, fields, prev_hash, digest in rows:
            if seq != expected:
                reason = "removed" if seq > expected else "reordered or duplicated"
                return JournalVerdict(False, count, expected, f"record {expected} {reason}")
            if prev_hash != prev:
                return JournalVerdict(
                    False, count, seq, f"record {seq} does not follow record {seq - 1}"
                )
            if _digest(prev, seq, ts, kind, fields) != digest:
                return JournalVerdict(False, count, seq, f"record {seq} was edited")
            prev, count, expected = digest, count + 1, expected + 1
        if self.head_path.exists():
            try:
                head_seq, head_hash = self.head_path.read_text().split()
                head = int(head_seq)
            except ValueError:
                return JournalVerdict(False, count, None, "the head file is unreadable")
            if head > count:
                return JournalVerdict(
                    False, count, count + 1, f"records {count + 1}..{head} removed"
                )
            if head == count and count and head_hash != prev:
                return JournalVerdict(False, count, count, f"record {count} was replaced")
        return JournalVerdict(True, count)
