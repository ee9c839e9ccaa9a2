"""Crash test: a worker process is SIGKILLed at random moments, restarted, and in the end the
sandbox (a separate ``kiosk sandbox`` process) holds every action exactly once and the journal
verifies.  In the second variant the core process is SIGKILLed and restarted as well."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
sys.path.insert(0, HERE)

import outbox_crash_worker as W  # noqa: E402


def _done(outbox_db) -> int:
    if not os.path.exists(outbox_db):
        return 0
    db = sqlite3.connect(outbox_db)
    try:
        return db.execute("SELECT COUNT(*) FROM actions WHERE state = 'done'").fetchone()[0]
    except sqlite3.Error:
        return 0
    finally:
        db.close()


class Core:
    """A ``kiosk sandbox`` process that can be SIGKILLed and restarted on the same port."""

    def __init__(self, db):
        self.db, self.port, self.proc = db, 0, None
        self.start()
        self.url = f"http://127.0.0.1:{self.port}/fineract-provider/api/v1"

    def start(self):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kiosk.cli", "sandbox", "--port", str(self.port), "--db",
             str(self.db)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT,
        )  # fmt: skip
        self.proc.stdout.readline()
        self.port = int(self.proc.stdout.readline().split()[-1])

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        self.proc.stdout.close()

    def stop(self):
        self.proc.terminate()
        self.proc.wait(10)
        self.proc.stdout.close()


@pytest.mark.slow
@pytest.mark.parametrize("kill_core", [False, True], ids=["terminal-killed", "both-killed"])
def test_sigkill_at_random_moments_never_loses_or_doubles(tmp_path, kill_core):
    core_db = tmp_path / "core.db"
    core = Core(core_db)
    outbox_db, journal_db = tmp_path / "outbox.db", tmp_path / "journal.db"
    cmd = [sys.executable, os.path.join(HERE, "outbox_crash_worker.py"), core.url, str(outbox_db),
           str(journal_db)]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": ROOT}
    # KIOSK_CRASH_SEED varies the kill moments (the default keeps CI reproducible).
    rng = random.Random(int(os.environ.get("KIOSK_CRASH_SEED", "20261128")) + kill_core)
    kills = core_kills = 0
    progress: list[int] = []
    try:
        # Kill until 10 kills have landed on a running worker (on a loaded machine a round may
        # find the worker already finished, so the number of rounds adapts; at most 24).
        for round_ in range(24):
            if kills >= 10 and core_kills == (6 if kill_core else 0):
                break
            proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                    stderr=subprocess.DEVNULL, text=True)  # fmt: skip
            if round_ % 4 == 3:  # sometimes while it starts up and submits
                time.sleep(rng.uniform(0.1, 0.5))
            else:
                proc.stdout.readline()  # READY: imports done, actions submitted, sending starts
                time.sleep(rng.uniform(0.0, 0.25))
            if kill_core and round_ % 2 == 0 and core_kills < 6:
                # The core loses power too, mid-request; it comes back on the same port.
                core.kill()
                core_kills += 1
                time.sleep(rng.uniform(0.0, 0.2))
                core.start()
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                kills += 1
            proc.wait()
            proc.stdout.close()
            progress.append(_done(outbox_db))
        final = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    finally:
        core.stop()
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
