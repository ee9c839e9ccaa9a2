"""A damaged outbox is refused at open and reported, never silently replaced by an empty one."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys

import pytest

from kiosk.outbox import Outbox
from kiosk.outbox.integrity import APPLICATION_ID, SCHEMA_VERSION, OutboxDamaged

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(__file__))))


def _queued_outbox(path, n=200):
    box = Outbox(path)
    for i in range(n):
        box.submit("deposit", {"savings_id": 3, "amount": str(i + 1), "note": "n" * 200}, f"d-{i}")
    box._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # noqa: SLF001 - all pages in the file
    box.close()


def _corrupt_pages(path):
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big") or 65536
    for p in range(2, len(data) // page):  # keep page 1 (header, schema): damage the rest
        start = p * page + 8
        data[start : start + 64] = os.urandom(64)
    path.write_bytes(bytes(data))


def _foreign(path):
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, data BLOB)")
    db.execute("INSERT INTO photos (data) VALUES (x'00')")
    db.commit()
    db.close()


def _newer(path):
    _queued_outbox(path, 1)
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.commit()
    db.close()


CASES = {
    "zero-bytes": (lambda p: p.write_bytes(b""), "empty (0 bytes)"),
    "not-sqlite": (lambda p: p.write_bytes(b"PK\x03\x04 a zip file, not SQLite" * 100),
                   "SQLite cannot read it"),
    "corrupted-pages": (lambda p: (_queued_outbox(p), _corrupt_pages(p)), "corrupt"),
    "foreign-sqlite": (_foreign, "not an outbox"),
    "newer-schema": (_newer, "newer software"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_damaged_outbox_is_refused_unchanged_and_reported(tmp_path, case):
    path = tmp_path / "outbox.db"
    make, problem = CASES[case]
    make(path)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(OutboxDamaged) as info:
        Outbox(path)
    assert problem in info.value.problem, info.value.problem
    assert "out of service" in str(info.value)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before  # nothing replaced
    out = subprocess.run([sys.executable, "-m", "kiosk.cli", "outbox", "status", "--db",
                          str(path), "--json"], cwd=ROOT, capture_output=True, text=True,
                         timeout=60)  # fmt: skip
    assert out.returncode == 1, out.stderr
    assert json.loads(out.stdout)["damaged"] is True
    assert "DAMAGED" in out.stderr and problem in out.stderr
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_a_new_outbox_is_marked_and_an_old_one_is_adopted(tmp_path):
    Outbox(tmp_path / "new.db").close()
    db = sqlite3.connect(tmp_path / "new.db")
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    db.close()
    # An outbox written before the marker and the rekeys column existed keeps its actions.
    old = sqlite3.connect(tmp_path / "old.db")
    old.executescript(
        "CREATE TABLE actions (seq INTEGER PRIMARY KEY AUTOINCREMENT, action_id TEXT NOT NULL"
        " UNIQUE, kind TEXT NOT NULL, payload TEXT NOT NULL, state TEXT NOT NULL, result TEXT,"
        " error TEXT, error_code TEXT, attempts INTEGER NOT NULL DEFAULT 0, maybe_sent INTEGER"
        " NOT NULL DEFAULT 0, generation INTEGER NOT NULL DEFAULT 0, steps TEXT NOT NULL"
        " DEFAULT '{}', created REAL NOT NULL, updated REAL NOT NULL, next_at REAL NOT NULL"
        " DEFAULT 0);"
        "INSERT INTO actions (action_id, kind, payload, state, created, updated)"
        " VALUES ('kept', 'deposit', '{}', 'queued', 0, 0);"
    )
    old.commit()
    old.close()
    box = Outbox(tmp_path / "old.db")
    assert box.get("kept").state == "queued" and box.get("kept").rekeys == 0
    box.close()


def test_diagnostics_reports_a_damaged_outbox_as_needing_a_technician(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "outbox.db").write_bytes(b"")
    env = {**os.environ, "KIOSK_STORAGE__DATA_DIR": str(data), "PYTHONPATH": ROOT}
    out = subprocess.run([sys.executable, "-m", "kiosk.cli", "diagnostics", "--json"], cwd=ROOT,
                         env=env, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert out.returncode == 1, out.stderr
    report = json.loads(out.stdout)
    assert report["outbox"]["damaged"] is True and "empty (0 bytes)" in report["outbox"]["error"]
