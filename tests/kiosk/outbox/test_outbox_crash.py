"""Crash test: a worker process is SIGKILLed at random moments, restarted, and in the end the
sandbox (a separate ``kiosk sandbox`` process) holds every action exactly once and the journal
verifies.  In the second variant the core process is SIGKILLed and restarted as well."""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
sys.path.insert(0, HERE)

import outbox_crash_worker as W  # noqa: E402
from crash_campaign import Core, kill_rounds  # noqa: E402


@pytest.mark.slow
@pytest.mark.parametrize("kill_core", [False, True], ids=["terminal-killed", "both-killed"])
def test_sigkill_at_random_moments_never_loses_or_doubles(tmp_path, kill_core):
    core_db = tmp_path / "core.db"
    core = Core(core_db)
    outbox_db, journal_db = tmp_path / "outbox.db", tmp_path / "journal.db"
    # KIOSK_CRASH_SEED varies the kill moments (the default keeps CI reproducible).
    rng = random.Random(int(os.environ.get("KIOSK_CRASH_SEED", "20261128")) + kill_core)
    want_core = 6 if kill_core else 0
    try:
        # Kill until 10 kills have landed on a running worker (on a loaded machine a round may
        # find the worker already finished, so the number of rounds adapts; at most 24).
        run = kill_rounds(tmp_path, core, rng, rounds=24, kill_core=kill_core,
                          max_core_kills=want_core,
                          enough=lambda k, c: k >= 10 and c == want_core,
                          final_timeout=120)  # fmt: skip
    finally:
        core.stop()
    final, kills, core_kills, progress = run.final, run.kills, run.core_kills, run.progress
    assert final.returncode == 0 and "ALL DONE" in final.stdout, final.stderr
    assert kills >= 8 and core_kills == (6 if kill_core else 0)
    # The kills landed while work was going on, not only after it had finished.
    assert sum(1 for a, b in zip([0, *progress], progress, strict=False) if a < b) >= 3, progress
    print("done after each killed run:", progress)

    db = sqlite3.connect(f"file:{core_db}?mode=ro", uri=True)
    one = lambda sql, *a: db.execute(sql, a).fetchone()[0]  # noqa: E731
    for i in range(W.DEPOSITS):
        assert one("SELECT COUNT(*) FROM savings_transactions WHERE receipt_number = ?",
                   f"CR-{i}") == 1, f"deposit {i}"  # fmt: skip
    for i in range(W.TRANSFERS):
        assert one("SELECT COUNT(*) FROM account_transfers WHERE description = ?",
                   f"crash T-{i}") == 1, f"transfer {i}"  # fmt: skip
    for i in range(W.OPENS):
        assert one("SELECT COUNT(*) FROM clients WHERE lastname = ?", f"Person{i}") == 1
        cid = one("SELECT id FROM clients WHERE lastname = ?", f"Person{i}")
        assert one("SELECT COUNT(*) FROM client_identifiers WHERE client_id = ?", cid) == 1
        assert one("SELECT COUNT(*) FROM savings_accounts WHERE client_id = ? AND status_id = 300",
                   cid) == 1  # fmt: skip
        assert one("SELECT balance FROM savings_accounts WHERE client_id = ?", cid) == 5000
    for i in range(W.CARDS):
        assert (
            one("SELECT COUNT(*) FROM card_application WHERE reference = ?", f"CRASH-CA-{i}") == 1
        )
    deposits = sum(i + 1 for i in range(W.DEPOSITS)) * 100
    assert one("SELECT balance FROM savings_accounts WHERE id = 3") == 350_000 + deposits
    transfers = sum(100 + i for i in range(W.TRANSFERS)) * 100
    assert one("SELECT balance FROM savings_accounts WHERE id = 1") == 5_230_000 - transfers

    status = subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "outbox", "status", "--db", str(outbox_db), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert '"done": 110' in status.stdout and '"parked": 0' in status.stdout
    verify = subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "journal", "verify", "--db", str(journal_db)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert verify.returncode == 0, verify.stdout + verify.stderr
