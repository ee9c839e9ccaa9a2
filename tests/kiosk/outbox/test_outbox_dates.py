"""Business dates come from the core, and an account opening refused for its date resumes.

The sandbox's business date is moved with ``kiosk.sandbox.store.DATE_OFFSET_DAYS`` (a core
whose date differs from the terminal's); everything else is real (HTTP, SQLite, sender).
"""

from __future__ import annotations

import datetime as dt
import time

import pytest

from kiosk.corebank.client import FineractClient
from kiosk.outbox import Outbox
from kiosk.outbox.sender import OutboxSender
from kiosk.sandbox import store

OPEN = {"firstname": "Date", "lastname": "Person", "initial_deposit": 10}


@pytest.fixture
def core_date(monkeypatch):
    def move(days: int) -> None:
        monkeypatch.setattr(store, "DATE_OFFSET_DAYS", days)

    return move


def _one(sandbox, sql, *args):
    with sandbox.app.lock:
        return sandbox.app.db.execute(sql, args).fetchone()[0]


def _drain(sender, box, action_id, rounds=200):
    for _ in range(rounds):
        rec = box.claim_next()
        if rec is not None:
            sender.process(rec)
        if box.get(action_id).final:
            break
        if rec is None:
            time.sleep(0.01)
    return box.get(action_id)


def test_writes_use_the_cores_date_not_the_terminals(sandbox, tmp_path, core_date):
    core_date(-1)  # the core is a day behind the terminal
    client = FineractClient(sandbox.url, max_retries=1, backoff=0.01)
    assert client.business_date() == dt.date.today() - dt.timedelta(days=1)
    box = Outbox(tmp_path / "o.db")
    sender = OutboxSender(box, client, backoff=0.01, backoff_max=0.02)
    box.submit("open_account", OPEN, "open-behind")
    rec = _drain(sender, box, "open-behind")
    assert rec.state == "done", rec.error
    sid = rec.result["savings_id"]
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    approved = _one(sandbox, "SELECT approved_date FROM savings_accounts WHERE id = ?", sid)
    assert approved == yesterday
    assert _one(sandbox, "SELECT status_id FROM savings_accounts WHERE id = ?", sid) == 300
    sender.release()
    box.close()
    client.close()


def test_an_opening_refused_for_its_date_is_retried_and_resumes_not_parked(
    sandbox, tmp_path, core_date
):
    client = FineractClient(sandbox.url, max_retries=1, backoff=0.01)
    box = Outbox(tmp_path / "o.db")
    sender = OutboxSender(box, client, backoff=0.01, backoff_max=0.02)
    saved = box.save_step

    def save_step(action_id, step, result):
        saved(action_id, step, result)
        if step == "savings":  # the core's date moves back right after the account exists
            core_date(-1)

    box.save_step = save_step  # type: ignore[method-assign]
    box.submit("open_account", OPEN, "open-moved")
    rec = box.claim_next()
    sender.process(rec)
    rec = box.get("open-moved")
    assert rec.state == "queued" and rec.error_code.endswith("cannot.be.a.future.date")
    assert set(rec.steps) == {"client", "savings"}  # half way, waiting, not parked
    core_date(0)  # the core's date is right again
    rec = _drain(sender, box, "open-moved")
    assert rec.state == "done", rec.error
    assert _one(sandbox, "SELECT COUNT(*) FROM clients WHERE lastname = 'Person'") == 1
    assert _one(sandbox, "SELECT COUNT(*) FROM savings_accounts WHERE client_id = ?",
                rec.result["client_id"]) == 1  # fmt: skip
    assert _one(sandbox, "SELECT status_id FROM savings_accounts WHERE id = ?",
                rec.result["savings_id"]) == 300  # fmt: skip
    sender.release()
    box.close()
    client.close()
