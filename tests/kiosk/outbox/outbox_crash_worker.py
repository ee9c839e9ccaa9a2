"""Crash-test worker: submits a fixed set of actions and drains the outbox until all are final.

Run as ``python outbox_crash_worker.py URL OUTBOX_DB JOURNAL_DB``; the test kills it with
SIGKILL at random moments and starts it again.  Submissions are idempotent on action id,
so every run submits the same set and resumes where the last one was killed.
"""

from __future__ import annotations

import sys
import time

from kiosk.corebank.client import FineractClient
from kiosk.journal import Journal
from kiosk.outbox import Outbox
from kiosk.outbox.sender import OutboxSender
from kiosk.sandbox.store import cn_id

DEPOSITS, TRANSFERS, OPENS, CARDS = 60, 20, 20, 10
PACE = 0.004  # seconds between actions, like a real network: lets kills land mid-work


def actions():
    for i in range(DEPOSITS):
        yield f"dep-{i}", "deposit", {"savings_id": 3, "amount": i + 1, "receipt_number": f"CR-{i}"}
    for i in range(TRANSFERS):
        yield f"trf-{i}", "transfer", {"from_client_id": 1, "from_account_id": 1,
                                       "to_client_id": 2, "to_account_id": 2, "amount": 100 + i,
                                       "description": f"crash T-{i}"}  # fmt: skip
    for i in range(OPENS):
        yield f"open-{i}", "open_account", {"firstname": "Crash", "lastname": f"Person{i}",
                                            "id_number": cn_id(f"1101051990010{i:02d}12"),
                                            "initial_deposit": 50}  # fmt: skip
    for i in range(CARDS):
        yield f"card-{i}", "card_application", {"client_id": 2, "card_type": "debit",
                                                "reference": f"CRASH-CA-{i}"}  # fmt: skip


def main(url: str, outbox_db: str, journal_db: str) -> int:
    box, journal = Outbox(outbox_db), Journal(journal_db)
    journal.append("worker.start")
    for aid, kind, payload in actions():
        box.submit(kind, payload, aid)
    client = FineractClient(url, max_retries=2, backoff=0.02, read_timeout=5)
    sender = OutboxSender(box, client, journal, backoff=0.02, backoff_max=0.2)
    print("READY", flush=True)
    while True:
        counts = box.counts()
        if counts["queued"] == counts["in_flight"] == 0:
            break
        rec = box.claim_next()
        if rec is None:
            time.sleep(0.02)
            continue
        sender.process(rec)
        time.sleep(PACE)
    print("ALL DONE", counts, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
