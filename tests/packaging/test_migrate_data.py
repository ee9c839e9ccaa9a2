"""The data folder's schema migrations (postinst) and the keep-if-undelivered check (prerm)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from kiosk.journal import Journal
from kiosk.outbox import Outbox

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "packaging" / "deb" / "migrate_data.py"
spec = importlib.util.spec_from_file_location("migrate_data", SCRIPT)
migrate_data = importlib.util.module_from_spec(spec)
spec.loader.exec_module(migrate_data)


def test_first_configure_stamps_an_empty_folder(tmp_path):
    assert migrate_data.migrate(tmp_path, config=str(tmp_path / "none.toml")) == [
        "schema 0 -> 1: new data folder"]  # fmt: skip
    assert (tmp_path / "FORMAT").read_text() == "branch-kiosk-data 1\n"
    assert migrate_data.migrate(tmp_path, config="") == []  # an upgrade: nothing left to do


def test_existing_outbox_and_journal_are_carried_over(tmp_path):
    box = Outbox(tmp_path / "outbox.db")
    action = box.submit("deposit", {"savings_id": 1, "amount": "5.00"})
    box.close()
    j = Journal(tmp_path / "journal.db")
    j.append("journey.start", journey="transfer", session="s1")
    j.close()
    (line,) = migrate_data.migrate(tmp_path, config="")
    assert "1 undelivered action(s) carried over" in line and "1 records, chain intact" in line
    box = Outbox(tmp_path / "outbox.db")
    assert box.get(action).state == "queued"
    box.close()


def test_newer_schema_is_refused(tmp_path):
    (tmp_path / "FORMAT").write_text("branch-kiosk-data 99\n")
    with pytest.raises(SystemExit, match="refusing a downgrade"):
        migrate_data.migrate(tmp_path, config="")


def test_keep_marker_only_with_undelivered_actions(tmp_path):
    assert migrate_data.main([str(tmp_path), "--keep-if-undelivered", "--config", ""]) == 0
    assert not (tmp_path / "KEEP").exists()
    box = Outbox(tmp_path / "outbox.db")
    box.submit("deposit", {"savings_id": 1, "amount": "5.00"})
    box.close()
    migrate_data.main([str(tmp_path), "--keep-if-undelivered", "--config", ""])
    assert "1 outbox action(s) not confirmed" in (tmp_path / "KEEP").read_text()
