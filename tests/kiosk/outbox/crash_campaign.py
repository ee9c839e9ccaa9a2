"""The crash campaign shared by tests/kiosk/outbox/test_outbox_crash.py and bench/crash.py.

The outbox worker (``outbox_crash_worker.py``) is started and SIGKILLed at random moments,
round after round, the core (a ``kiosk sandbox`` process) too when asked; then the worker
runs once to the end.  ``core_counts`` counts each of the worker's actions in the core's own
database (1 each: nothing lost, nothing doubled).
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import outbox_crash_worker as W

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


class Core:
    """A ``kiosk sandbox`` process that can be SIGKILLed and restarted on the same port."""

    def __init__(self, db: Path) -> None:
        self.db, self.port = db, 0
        self.start()
        self.url = f"http://127.0.0.1:{self.port}/fineract-provider/api/v1"

    def start(self) -> None:
        """Start (again, on the same port once it has one)."""
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kiosk.cli", "sandbox", "--port", str(self.port), "--db",
             str(self.db)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
            cwd=ROOT, env=ENV)  # fmt: skip
        assert self.proc.stdout is not None
        self.proc.stdout.readline()
        self.port = int(self.proc.stdout.readline().split()[-1])

    def kill(self) -> None:
        """Power cut: SIGKILL, mid-request if one is under way."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        self.proc.stdout.close()  # type: ignore[union-attr]

    def stop(self) -> None:
        """Stop cleanly."""
        self.proc.terminate()
        self.proc.wait(10)
        self.proc.stdout.close()  # type: ignore[union-attr]


@dataclass
class Campaign:
    """What a campaign did: kills that landed on a running worker, core kills, the final run."""

    kills: int
    core_kills: int
    final: subprocess.CompletedProcess
    #: Actions done in the outbox after each killed round (the kills hit work under way).
    progress: list[int] = field(default_factory=list)


def done_count(outbox_db: Path) -> int:
    """Actions the outbox has marked done (0 while the file is not there or not readable)."""
    if not outbox_db.exists():
        return 0
    db = sqlite3.connect(str(outbox_db))
    try:
        return int(db.execute("SELECT COUNT(*) FROM actions WHERE state = 'done'").fetchone()[0])
    except sqlite3.Error:
        return 0
    finally:
        db.close()


def kill_rounds(
    folder: Path,
    core: Core,
    rng: random.Random,
    *,
    rounds: int,
    kill_core: bool,
    max_core_kills: int | None = None,
    enough: Callable[[int, int], bool] | None = None,
    final_timeout: float = 300,
) -> Campaign:
    """Up to ``rounds`` rounds of start-and-SIGKILL (``enough(kills, core_kills)`` stops
    early), then one run of the worker to the end."""
    outbox_db = folder / "outbox.db"
    cmd = [sys.executable, str(HERE / "outbox_crash_worker.py"), core.url, str(outbox_db),
           str(folder / "journal.db")]  # fmt: skip
    kills = core_kills = 0
    progress: list[int] = []
    for round_ in range(rounds):
        if enough is not None and enough(kills, core_kills):
            break
        proc = subprocess.Popen(cmd, cwd=ROOT, env=ENV, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, text=True)  # fmt: skip
        assert proc.stdout is not None
        if round_ % 4 == 3:  # sometimes while it starts up and submits
            time.sleep(rng.uniform(0.1, 0.5))
        else:
            proc.stdout.readline()  # READY: imports done, actions submitted, sending starts
            time.sleep(rng.uniform(0.0, 0.25))
        if kill_core and round_ % 2 == 0 and (max_core_kills is None
                                               or core_kills < max_core_kills):  # fmt: skip
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
        progress.append(done_count(outbox_db))
    final = subprocess.run(cmd, cwd=ROOT, env=ENV, capture_output=True, text=True,
                           timeout=final_timeout)  # fmt: skip
    return Campaign(kills, core_kills, final, progress)


def core_counts(core_db: Path) -> list[int]:
    """How many times the core holds each of the worker's actions (1 each when all is well)."""
    db = sqlite3.connect(f"file:{core_db}?mode=ro", uri=True)
    one = lambda sql, *a: db.execute(sql, a).fetchone()[0]  # noqa: E731
    try:
        found = [one("SELECT COUNT(*) FROM savings_transactions WHERE receipt_number = ?",
                     f"CR-{i}") for i in range(W.DEPOSITS)]  # fmt: skip
        found += [one("SELECT COUNT(*) FROM account_transfers WHERE description = ?",
                      f"crash T-{i}") for i in range(W.TRANSFERS)]  # fmt: skip
        found += [one("SELECT COUNT(*) FROM savings_accounts s JOIN clients c ON c.id ="
                      " s.client_id WHERE c.lastname = ? AND s.status_id = 300", f"Person{i}")
                  for i in range(W.OPENS)]  # fmt: skip
        found += [one("SELECT COUNT(*) FROM card_application WHERE reference = ?",
                      f"CRASH-CA-{i}") for i in range(W.CARDS)]  # fmt: skip
    finally:
        db.close()
    return [int(n) for n in found]


def lost_and_doubled(counts: list[int]) -> tuple[int, int]:
    """(actions the core never got, extra copies it holds)."""
    return sum(1 for n in counts if n == 0), sum(n - 1 for n in counts if n > 1)
