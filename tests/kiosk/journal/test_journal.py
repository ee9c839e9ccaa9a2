"""The electronic journal: hash chain, tamper detection, personal-data refusal, CLI."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading

import pytest

from kiosk.journal import Journal, PersonalDataError, hash_id, mask_account

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


@pytest.fixture
def journal(tmp_path):
    j = Journal(tmp_path / "journal.db")
    for i in range(5):
        j.append("step", n=i, screen=f"s{i}", account=mask_account("6222020200112233"))
    return j


def _raw(j):
    db = sqlite3.connect(j.path, isolation_level=None)
    db.execute("DROP TRIGGER journal_no_update")
    db.execute("DROP TRIGGER journal_no_delete")
    return db


def test_chain_verifies_and_sequence_numbers(journal):
    assert journal.append("device", device="printer", status="paperLow") == 6
    v = journal.verify()
    assert v.ok and v.count == 6 and v.first_bad_seq is None
    assert journal.records()[0]["account"] == "****2233"


def test_the_app_itself_cannot_rewrite(journal):
    db = sqlite3.connect(journal.path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("UPDATE journal SET kind = 'x' WHERE seq = 2")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("DELETE FROM journal WHERE seq = 2")


def test_edited_record_is_found(journal):
    db = _raw(journal)
    fields = json.dumps({"account": "****9999", "n": 2, "screen": "s2"}, sort_keys=True)
    db.execute("UPDATE journal SET fields = ? WHERE seq = 3", (fields,))
    v = journal.verify()
    assert not v.ok and v.first_bad_seq == 3 and "edited" in v.reason


def test_removed_record_is_found(journal):
    _raw(journal).execute("DELETE FROM journal WHERE seq = 2")
    v = journal.verify()
    assert not v.ok and v.first_bad_seq == 2 and "removed" in v.reason


def test_removed_last_record_is_found_through_the_head(journal):
    _raw(journal).execute("DELETE FROM journal WHERE seq = 5")
    v = journal.verify()
    assert not v.ok and v.first_bad_seq == 5


def test_reordered_records_are_found(journal):
    db = _raw(journal)
    rows = db.execute("SELECT * FROM journal WHERE seq IN (2, 3) ORDER BY seq").fetchall()
    db.execute("DELETE FROM journal WHERE seq IN (2, 3)")
    # Swap the two records' contents under their original sequence numbers.
    for (seq, *_), (_, *rest) in zip(rows, reversed(rows), strict=True):
        db.execute("INSERT INTO journal VALUES (?, ?, ?, ?, ?, ?)", (seq, *rest))
    v = journal.verify()
    assert not v.ok and v.first_bad_seq == 2


def test_truncated_tail_is_caught_by_the_head(journal):
    db = _raw(journal)
    db.execute("DELETE FROM journal WHERE seq >= 4")
    v = journal.verify()
    assert not v.ok and v.first_bad_seq == 4


@pytest.mark.parametrize(
    "fields",
    [
        {"id_number": "11010519491231002X"},
        {"note": "customer 11010519491231002X"},
        {"account": "6222020200112233"},
        {"account_no": 622202020011},
        {"name": "张伟"},
        {"phone": "138 0013 8000"},
    ],
)
def test_personal_data_in_clear_is_refused(journal, fields):
    with pytest.raises(PersonalDataError):
        journal.append("step", **fields)
    assert journal.verify().count == 5


def test_masked_and_hashed_values_are_accepted(journal):
    h = journal.hash_id("11010519491231002X")
    assert h == hash_id("11010519491231002x", journal.salt) and h.startswith("idh:")
    assert h != hash_id("11010519491231002X", "another-terminal")
    journal.append("identity", id_hash=h, account=mask_account("000000007"), amount=1500.5)
    assert journal.verify().ok
    assert mask_account("12") == "****"


def test_concurrent_appends_keep_the_chain(journal):
    def worker(k):
        for i in range(20):
            journal.append("device", worker=k, i=i)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    v = journal.verify()
    assert v.ok and v.count == 85


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "kiosk.cli", "journal", "verify", *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)  # fmt: skip


def test_cli_ok_tampered_and_missing(journal, tmp_path):
    ok = _cli("--db", str(journal.path))
    assert ok.returncode == 0 and "5 records" in ok.stdout
    _raw(journal).execute("UPDATE journal SET kind = 'forged' WHERE seq = 4")
    bad = _cli("--db", str(journal.path), "--json")
    assert bad.returncode == 1 and json.loads(bad.stdout)["first_bad_seq"] == 4
    text = _cli("--db", str(journal.path))
    assert "first bad record 4" in text.stdout
    missing = _cli("--db", str(tmp_path / "absent.db"))
    assert missing.returncode == 2 and "no journal" in missing.stderr


def test_dates_and_times_are_not_mistaken_for_numbers(journal):
    journal.append("appointment", on="2026-11-28", at="2026-11-28T17:30:00.123Z", amount="1,500.00")
    with pytest.raises(PersonalDataError):
        journal.append("step", account="6222 0202 0011 2233")
    with pytest.raises(PersonalDataError):
        journal.append("step", note="call 138-0013-8000")
    assert journal.verify().ok


def test_salt_is_private_and_kept(tmp_path):
    first = Journal(tmp_path / "j.db")
    mode = os.stat(tmp_path / "j.db.salt").st_mode & 0o777
    assert mode == 0o600 and len(first.salt) == 32
    first.close()
    assert Journal(tmp_path / "j.db").salt == first.salt
