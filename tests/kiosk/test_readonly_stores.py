"""The inspection commands never write: ``kiosk journal verify``, ``kiosk outbox status`` and
``kiosk diagnostics`` pointed at an empty file or at the other store's database refuse it
with a clear message and leave every file in the folder byte for byte as it was."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.journal import Journal
from kiosk.outbox import Outbox

ROOT = Path(__file__).resolve().parents[2]


def _kiosk(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kiosk.cli", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)  # fmt: skip


def _folder(path: Path) -> dict[str, str]:
    """Every file in ``path`` with the SHA-256 of its bytes."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(path.iterdir())}


@pytest.fixture()
def stores(tmp_path: Path) -> dict[str, Path]:
    """An empty file, a real journal and a real outbox (each closed), in their own folders."""
    paths = {}
    for name in ("empty", "journal", "outbox"):
        (tmp_path / name).mkdir()
        paths[name] = tmp_path / name / f"{name}.db"
    paths["empty"].touch()
    journal = Journal(paths["journal"])
    journal.append("session.start", terminal="K7")
    journal.close()
    box = Outbox(paths["outbox"])
    box.submit("deposit", {"amount": "10.00"}, "a-1")
    box.close()
    return paths


@pytest.mark.parametrize(("command", "target", "message", "code"), [
    (("journal", "verify"), "empty", "is not a journal: the database is empty", 2),
    (("journal", "verify"), "outbox", "is not a journal: no 'journal' table", 2),
    # An outbox file that is empty or another database is a damaged outbox (exit 1: the
    # terminal is out of service until a technician deals with it).
    (("outbox", "status"), "empty", "DAMAGED: the outbox", 1),
    (("outbox", "status"), "journal", "is not an outbox: no 'actions' table", 1),
])  # fmt: skip
def test_wrong_file_is_refused_and_left_as_it_was(stores, command, target, message, code):
    path = stores[target]
    before = _folder(path.parent)
    result = _kiosk(*command, "--db", str(path))
    assert result.returncode == code, result.stdout
    assert message in result.stderr and str(path) in result.stderr
    assert "Traceback" not in result.stderr
    assert _folder(path.parent) == before


@pytest.mark.parametrize("target", ["journal", "outbox"])
def test_right_file_is_read_without_changing_anything(stores, target):
    path = stores[target]
    before = _folder(path.parent)
    command = ("journal", "verify") if target == "journal" else ("outbox", "status")
    result = _kiosk(*command, "--db", str(path), "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["count"] == 1 if target == "journal" else out["counts"]["queued"] == 1
    assert _folder(path.parent) == before  # not even -wal/-shm files appear


def test_verify_does_not_create_a_missing_salt(stores):
    salt = stores["journal"].with_name("journal.db.salt")
    salt.unlink()
    result = _kiosk("journal", "verify", "--db", str(stores["journal"]))
    assert result.returncode == 0 and "1 records" in result.stdout
    assert not salt.exists()


def test_reads_what_a_running_terminal_has_not_checkpointed(tmp_path):
    journal, box = Journal(tmp_path / "j.db"), Outbox(tmp_path / "o.db")
    try:  # both stay open, as in a running terminal: their latest rows are still in -wal
        for i in range(3):
            journal.append("step", n=i)
            box.submit("deposit", {}, f"d-{i}")
        verdict = _kiosk("journal", "verify", "--db", str(journal.path), "--json")
        status = _kiosk("outbox", "status", "--db", str(box.path), "--json")
        assert json.loads(verdict.stdout)["count"] == 3
        assert json.loads(status.stdout)["counts"]["queued"] == 3
        journal.append("step", n=3)  # and the terminal can still write afterwards
        assert journal.verify().count == 4
    finally:
        journal.close()
        box.close()


def test_diagnostics_refuses_a_journal_as_its_outbox(stores, tmp_path):
    before = _folder(stores["journal"].parent)
    cfg = tmp_path / "k.toml"
    cfg.write_text(f"[storage]\ndata_dir = '{tmp_path / 'data'}'\n"
                   f"outbox_db = '{stores['journal']}'\n"
                   "[corebank]\nurl = 'http://127.0.0.1:9/fineract-provider/api/v1'\n"
                   "password = 'not-used'\n")  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = _kiosk("diagnostics", "--config", str(cfg), "--json", env=env)
    report = json.loads(result.stdout)
    assert "is not an outbox" in report["outbox"]["error"]
    assert result.returncode == 1 and report["healthy"] is False
    assert _folder(stores["journal"].parent) == before
