"""The sender against the sandbox over real HTTP: every kind, parking, honest status."""

from __future__ import annotations

import socket
import sqlite3
import time

import pytest

from kiosk.corebank.client import FineractClient
from kiosk.journal import Journal
from kiosk.outbox import Outbox
from kiosk.outbox.online import submit_and_wait
from kiosk.outbox.sender import OutboxSender
from kiosk.sandbox.store import cn_id


@pytest.fixture
def box(tmp_path):
    b = Outbox(tmp_path / "outbox.db")
    yield b
    b.close()


@pytest.fixture
def sender(box, client, tmp_path):
    s = OutboxSender(box, client, Journal(tmp_path / "journal.db"), backoff=0.05)
    s.start()
    yield s
    s.stop()


def _db(sandbox):
    return sqlite3.connect(sandbox.app.db.execute("PRAGMA database_list").fetchone()[2])


def test_open_account_end_to_end(sandbox, box, sender, client):
    idn = cn_id("44030619900101123")
    payload = {"firstname": "New", "lastname": "Customer", "id_number": idn,
               "mobile_no": "+8613800000077", "initial_deposit": 250}  # fmt: skip
    out = submit_and_wait(box, "open_account", payload, "open-1", timeout=10)
    assert out.status == "done", out.record
    r = out.record.result
    acc = client.get_savings(r["savings_id"])
    assert acc.status.id == 300 and acc.summary.account_balance == 250
    assert acc.account_no == r["account_no"] and acc.client_id == r["client_id"]
    assert client.list_identifiers(r["client_id"])[0].document_key == idn
    assert out.record.payload == {}  # personal data scrubbed once done
    # The same action id again (double press, restart) changes nothing.
    again = submit_and_wait(box, "open_account", payload, "open-1", timeout=5)
    assert again.record.result == r
    assert len(client.search(idn, resources="clientIdentifiers")) == 1


def test_deposit_transfer_and_card(sandbox, box, sender, client):
    before = client.get_savings(3).summary.account_balance
    assert (
        submit_and_wait(box, "deposit", {"savings_id": 3, "amount": 12.5}, "d-1").status == "done"
    )
    t = submit_and_wait(box, "transfer", {"from_client_id": 3, "from_account_id": 3,
                                          "to_client_id": 2, "to_account_id": 2,
                                          "amount": 2.5}, "t-1")  # fmt: skip
    assert t.status == "done" and t.record.result["resource_id"]
    assert client.get_savings(3).summary.account_balance == before + 10
    card = submit_and_wait(box, "card_application", {"client_id": 2, "card_type": "credit",
                                                     "annual_income": 90000}, "c-1")  # fmt: skip
    ref = card.record.result["reference"]
    assert [r["reference"] for r in client.get_datatable_entries("card_application", 2)] == [ref]


def test_definite_refusal_is_parked_with_its_reason(sandbox, box, sender):
    out = submit_and_wait(box, "transfer", {"from_client_id": 3, "from_account_id": 3,
                                            "to_client_id": 1, "to_account_id": 1,
                                            "amount": 10**8}, "t-big")  # fmt: skip
    assert out.status == "refused"
    assert out.reason == "error.msg.savingsaccount.transaction.insufficient.account.balance"
    assert box.counts()["parked"] == 1
    bad = submit_and_wait(box, "deposit", {"amount": 5}, "d-bad")
    assert bad.status == "refused" and bad.reason == "outbox.invalid.payload"


def _dead_url():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}/fineract-provider/api/v1"


def test_core_down_transfer_is_not_done_and_cancelled(tmp_path):
    box = Outbox(tmp_path / "o.db")
    dead = FineractClient(_dead_url(), max_retries=0, connect_timeout=0.3)
    s = OutboxSender(box, dead, backoff=0.05)
    s.start()
    try:
        out = submit_and_wait(box, "transfer", {"from_client_id": 1, "from_account_id": 1,
                                                "to_client_id": 2, "to_account_id": 2,
                                                "amount": 1}, "t-down", timeout=0.8)  # fmt: skip
    finally:
        s.stop()
    assert out.status == "not_done" and out.record.state == "failed"
    assert out.record.attempts >= 1  # it was tried, but never reached a core


def test_sent_but_unconfirmed_transfer_is_pending_then_done_exactly_once(sandbox, box, tmp_path):
    sandbox.app.write_delay = 1.0  # the core is slow: the first request times out
    slow = FineractClient(sandbox.url, read_timeout=0.3, max_retries=0)
    s = OutboxSender(box, slow, backoff=0.05)
    s.start()
    try:
        out = submit_and_wait(box, "transfer", {"from_client_id": 1, "from_account_id": 1,
                                                "to_client_id": 2, "to_account_id": 2,
                                                "amount": 7, "description": "slow T"},
                              "t-slow", timeout=0.6)  # fmt: skip
        assert out.status == "pending" and out.record.maybe_sent
        sandbox.app.write_delay = 0
        final = box.wait("t-slow", 15)
    finally:
        s.stop()
    assert final.state == "done"
    n = (
        _db(sandbox)
        .execute("SELECT COUNT(*) FROM account_transfers WHERE description = 'slow T'")
        .fetchone()[0]
    )
    assert n == 1


def test_unavailable_core_keeps_the_action_queued(tmp_path):
    box = Outbox(tmp_path / "o.db")
    dead = FineractClient(_dead_url(), max_retries=0, connect_timeout=0.3)
    s = OutboxSender(box, dead, backoff=0.05)
    box.submit("deposit", {"savings_id": 1, "amount": 3}, "d-q")
    s.drain_once()
    rec = box.get("d-q")
    assert rec.state == "queued" and rec.error_code == "unavailable.connection"
    assert rec.payload == {"savings_id": 1, "amount": 3}


def test_an_unexpected_fault_keeps_the_action_and_the_thread(sandbox, box, client, monkeypatch):
    import kiosk.outbox.handlers as H

    calls = []

    def broken(steps):
        calls.append(1)
        raise RuntimeError("disk on fire")

    monkeypatch.setitem(H.HANDLERS, "deposit", broken)
    s = OutboxSender(box, client, backoff=0.05, backoff_max=0.2)
    box.submit("deposit", {"savings_id": 1, "amount": 1}, "d-x")
    s.drain_once()
    rec = box.get("d-x")
    assert rec.state == "queued" and rec.error_code == "outbox.internal.error"
    assert "disk on fire" in rec.error and rec.payload["amount"] == 1
    monkeypatch.undo()
    time.sleep(0.25)
    s.drain_once()
    assert box.get("d-x").state == "done" and calls == [1]


def test_cancelled_transfer_payload_is_scrubbed(box):
    box.submit("transfer", {"from_account_id": 1, "to_account_id": 2, "amount": 3}, "t-c")
    assert box.cancel("t-c") and box.get("t-c").payload == {}


def test_ping(client):
    assert client.ping() > 0


def test_decimal_amounts_are_sent_exactly(sandbox, box, sender, client):
    from decimal import Decimal

    before = client.get_savings(2).summary.account_balance
    out = submit_and_wait(box, "deposit", {"savings_id": 2, "amount": Decimal("0.10")}, "d-dec")
    assert out.status == "done"
    assert client.get_savings(2).summary.account_balance == round(before + 0.10, 2)
    assert client.deposit(2, Decimal("1.01")).resource_id


def test_core_503_keeps_actions_queued_until_it_recovers(sandbox, box, client):
    sandbox.app.unavailable = True
    s = OutboxSender(box, client, backoff=0.05, backoff_max=0.1)
    box.submit("deposit", {"savings_id": 2, "amount": 4, "receipt_number": "R-503"}, "d-503")
    s.drain_once()
    rec = box.get("d-503")
    assert rec.state == "queued" and "HTTP 503" in rec.error and rec.maybe_sent
    sandbox.app.unavailable = False
    s.start()
    try:
        assert box.wait("d-503", 10).state == "done"
    finally:
        s.stop()
    n = (
        _db(sandbox)
        .execute("SELECT COUNT(*) FROM savings_transactions WHERE receipt_number = 'R-503'")
        .fetchone()[0]
    )
    assert n == 1


def test_a_journal_failure_after_the_core_answered_requeues_instead_of_sticking(
    sandbox, box, client, tmp_path
):
    class FailingJournal:
        def append(self, kind, **fields):
            raise sqlite3.OperationalError("database or disk is full")

    s = OutboxSender(box, client, FailingJournal(), backoff=0.05)  # type: ignore[arg-type]
    try:
        box.submit("deposit", {"savings_id": 3, "amount": 1}, "d-j")
        s.process(box.claim_next())
        rec = box.get("d-j")
        assert (rec.state, rec.error_code) == ("queued", "outbox.journal.error")
        s.journal = Journal(tmp_path / "journal.db")
        box.retry_later("d-j", "outbox.journal.error", "skip the backoff", 0)
        before = client.get_savings(3).summary.account_balance
        s.process(box.claim_next())  # resent with the same keys: replayed, not doubled
        assert box.get("d-j").state == "done"
        assert client.get_savings(3).summary.account_balance == before
    finally:
        s.release()
