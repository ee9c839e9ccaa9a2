"""Exactly once under the faults the adversarial run found: a request cut after any byte,
a refusal of a body the core never read, a full disk, and wall-clock steps.

Everything real: the sandbox over HTTP on loopback, SQLite files on disk, the outbox and its
sender; faults come from a TCP proxy that cuts connections (cut_proxy.py) and from SQLite's
own size limit (``PRAGMA max_page_count``), which fails writes with SQLITE_FULL as a full
disk does.
"""

from __future__ import annotations

import os
import socket
import sys
import time

import pytest

from kiosk.corebank.client import FineractClient
from kiosk.outbox import Outbox
from kiosk.outbox.sender import OutboxSender

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cut_proxy import CutProxy  # noqa: E402


def _one(sandbox, sql: str, *args):
    with sandbox.app.lock:
        return sandbox.app.db.execute(sql, args).fetchone()[0]


def _count(sandbox, receipt: str) -> int:
    return _one(sandbox, "SELECT COUNT(*) FROM savings_transactions WHERE receipt_number = ?",
                receipt)  # fmt: skip


def _settle(sender: OutboxSender, box: Outbox, action_id: str, timeout: float = 10.0) -> str:
    """Run the sender synchronously until the action is final; return its state."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rec = box.claim_next()
        if rec is not None:
            sender.process(rec)
        state = box.get(action_id).state
        if state in ("done", "parked", "failed"):
            return state
        if rec is None:
            time.sleep(0.005)
    return box.get(action_id).state


@pytest.fixture
def proxied(sandbox, tmp_path):
    proxy = CutProxy(sandbox.port)
    client = FineractClient(proxy.url(), max_retries=3, backoff=0.002, read_timeout=5)
    box = Outbox(tmp_path / "outbox.db")
    sender = OutboxSender(box, client, backoff=0.002, backoff_max=0.01)
    yield proxy, box, sender
    sender.release()
    box.close()
    client.close()
    proxy.close()


def test_a_request_cut_after_any_byte_is_neither_lost_nor_doubled(sandbox, proxied):
    proxy, box, sender = proxied
    sender.client.business_date()  # asked once and cached: only the deposit is on the wire
    # The deposit's request on the wire (requests writes its head and body separately).
    box.submit("deposit", {"savings_id": 3, "amount": "7", "receipt_number": "CUT-size"}, "size")
    proxy.arm(1 << 30)
    assert _settle(sender, box, "size") == "done"
    length = (1 << 30) - proxy._left  # noqa: SLF001 - bytes the proxy let through
    proxy.arm(None)
    assert 200 < length < 600, length
    before = _one(sandbox, "SELECT balance FROM savings_accounts WHERE id = 3")
    cuts = 0
    for offset in range(length + 1):
        aid = f"cut-{offset}"
        box.submit("deposit", {"savings_id": 3, "amount": "1", "receipt_number": f"CUT-{offset}"},
                   aid)  # fmt: skip
        proxy.arm(offset)
        assert _settle(sender, box, aid) == "done", (offset, box.get(aid).error)
        cuts += proxy.cuts
        proxy.cuts = 0
    assert cuts == length + 1  # every offset was really cut, once
    for offset in range(length + 1):
        assert _count(sandbox, f"CUT-{offset}") == 1, offset
    after = _one(sandbox, "SELECT balance FROM savings_accounts WHERE id = 3")
    assert after - before == (length + 1) * 100  # fen: one yuan per offset, exactly


def test_the_sandbox_drops_a_body_shorter_than_content_length_and_stores_nothing(sandbox):
    from kiosk.corebank.client import fmt_date

    body = (f'{{"transactionDate":"{fmt_date()}","transactionAmount":"1","paymentTypeId":1,'
            '"receiptNumber":"SHORT-1","dateFormat":"dd MMMM yyyy","locale":"en"}').encode()
    head = (f"POST /fineract-provider/api/v1/savingsaccounts/3/transactions?command=deposit "
            f"HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Fineract-Platform-TenantId: default\r\nAuthorization: Basic bWlmb3M6cGFzc3dvcmQ=\r\n"
            f"Idempotency-Key: short-1\r\nContent-Length: {len(body)}\r\n\r\n").encode()
    with socket.create_connection(("127.0.0.1", sandbox.port)) as s:
        s.sendall(head + body[:20])
        s.shutdown(socket.SHUT_WR)
        assert s.recv(100) == b""  # no answer: nothing was processed
    assert _one(sandbox, "SELECT COUNT(*) FROM idempotency WHERE key = 'short-1'") == 0
    with socket.create_connection(("127.0.0.1", sandbox.port)) as s:
        s.sendall(head + body)
        answer = s.recv(4096)
    assert answer.startswith(b"HTTP/1.1 200") and b"x-served-from-cache" not in answer
    assert _count(sandbox, "SHORT-1") == 1


def test_a_stored_refusal_of_an_unread_body_is_resent_under_a_fresh_key(sandbox, proxied):
    proxy, box, sender = proxied
    box.submit("deposit", {"savings_id": 3, "amount": "2", "receipt_number": "REKEY-1"}, "rk")
    key = box.get("rk").key("deposit")
    # As Fineract does for an empty body: the command ran, refused it, stored the 400.
    import requests

    r = requests.post(f"{sandbox.url}/savingsaccounts/3/transactions?command=deposit", data=b"",
                      auth=("mifos", "password"), timeout=5,
                      headers={"Fineract-Platform-TenantId": "default", "Idempotency-Key": key,
                               "Content-Type": "application/json"})  # fmt: skip
    assert r.status_code == 400
    assert r.json()["userMessageGlobalisationCode"] == "error.msg.invalid.request.body"
    assert _settle(sender, box, "rk") == "done"
    rec = box.get("rk")
    assert rec.rekeys == 1 and rec.generation == 1
    assert _count(sandbox, "REKEY-1") == 1


def test_a_gateway_that_eats_every_body_parks_the_action_with_the_reason(sandbox, proxied):
    proxy, box, sender = proxied
    proxy.mangle_bodies = True
    box.submit("deposit", {"savings_id": 3, "amount": "3", "receipt_number": "EATEN-1"}, "eat")
    assert _settle(sender, box, "eat") == "parked"
    rec = box.get("eat")
    assert rec.rekeys == sender.max_rekeys and rec.error_code == "error.msg.invalid.request.body"
    assert "fresh keys" in rec.error
    assert _count(sandbox, "EATEN-1") == 0


def test_an_action_stuck_by_a_full_disk_is_recovered_while_the_sender_runs(sandbox, tmp_path):
    client = FineractClient(sandbox.url, max_retries=1, backoff=0.01)
    box = Outbox(tmp_path / "outbox.db")
    # Fill the outbox's pages with a large payload, then cap the file at its current size.
    box.submit("deposit", {"savings_id": 3, "amount": "4", "receipt_number": "FULL-1"}, "full")
    box._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # noqa: SLF001
    pages = box._db.execute("PRAGMA page_count").fetchone()[0]  # noqa: SLF001
    sender = OutboxSender(box, client, backoff=0.01, backoff_max=0.05, idle_poll=0.02)
    orig_finish = box.finish

    def finish_on_a_full_disk(action_id, result):
        box._db.execute(f"PRAGMA max_page_count = {pages}")  # noqa: SLF001
        big = {**result, "pad": "y" * 20000}  # needs new pages: SQLITE_FULL
        orig_finish(action_id, big)

    box.finish = finish_on_a_full_disk  # type: ignore[method-assign]
    sender.start()
    try:
        deadline = time.monotonic() + 5
        while _count(sandbox, "FULL-1") == 0 and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.3)
        # The core has it; the outbox could not record it (it keeps trying, never "done").
        assert box.get("full").state in ("in_flight", "queued")
        box.finish = orig_finish  # type: ignore[method-assign]
        box._db.execute("PRAGMA max_page_count = 1073741823")  # noqa: SLF001 - space is back
        assert box.wait("full", 5).state == "done"  # no restart needed
    finally:
        sender.stop()
        box.close()
        client.close()
    assert _count(sandbox, "FULL-1") == 1


def test_retry_waits_follow_the_monotonic_clock_not_wall_clock_steps(tmp_path, monkeypatch):
    import kiosk.outbox.store as store

    box = Outbox(tmp_path / "outbox.db")
    box.submit("deposit", {"savings_id": 3, "amount": "1"}, "clock")
    rec = box.claim_next()
    box.retry_later(rec.action_id, "unavailable", "core down", 0.2)
    real = time.time
    monkeypatch.setattr(store.time, "time", lambda: real() - 3600)  # the clock steps back 1 h
    assert box.claim_next() is None  # not yet: 0.2 s have not passed
    time.sleep(0.25)
    assert box.claim_next().action_id == "clock"  # on time, not an hour late
    monkeypatch.setattr(store.time, "time", real)
    box.retry_later("clock", "unavailable", "core down", 30)
    monkeypatch.setattr(store.time, "time", lambda: real() + 3600)  # and forward 1 h
    assert box.claim_next() is None  # still waits its 30 s
    box.close()
    monkeypatch.setattr(store.time, "time", real)
    # After a restart only the stored wall-clock due time is known: a clock stepped back
    # further than any wait the outbox sets makes the action due, not an hour late.
    again = Outbox(tmp_path / "outbox.db")
    monkeypatch.setattr(store.time, "time", lambda: real() - 3600)
    assert again.claim_next().action_id == "clock"
    again.close()
