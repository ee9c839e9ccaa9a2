"""The outbox's durable bookkeeping (SQLite file in tmp_path)."""

from __future__ import annotations

import sqlite3

import pytest

from kiosk.outbox import Outbox


def test_submit_is_idempotent_on_action_id_and_survives_reopen(tmp_path):
    box = Outbox(tmp_path / "o.db")
    assert box.submit("deposit", {"savings_id": 1, "amount": 5}, "a-1") == "a-1"
    assert box.submit("deposit", {"savings_id": 1, "amount": 999}, "a-1") == "a-1"
    generated = box.submit("deposit", {"savings_id": 1, "amount": 1})
    assert len(generated) == 32
    box.close()
    again = Outbox(tmp_path / "o.db")
    assert again.get("a-1").payload == {"savings_id": 1, "amount": 5}
    assert "payload" not in repr(again.get("a-1")) and "a-1" in repr(again.get("a-1"))
    assert again.counts() == {"queued": 2, "in_flight": 0, "done": 0, "parked": 0, "failed": 0}
    mode = sqlite3.connect(tmp_path / "o.db").execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_unknown_kind_and_unknown_id(tmp_path):
    box = Outbox(tmp_path / "o.db")
    with pytest.raises(ValueError, match="unknown action kind"):
        box.submit("teleport", {})
    with pytest.raises(KeyError):
        box.get("nope")


def test_claim_recover_and_keys(tmp_path):
    box = Outbox(tmp_path / "o.db")
    box.submit("deposit", {}, "first")
    box.submit("deposit", {}, "second")
    rec = box.claim_next()
    assert rec.action_id == "first" and rec.state == "in_flight" and rec.attempts == 1
    assert rec.key("deposit") == "first.0.deposit"
    long = box.get("second").__class__(action_id="x" * 60, kind="deposit", state="queued",
                                       payload={})  # fmt: skip
    assert len(long.key("deposit")) <= 50 and long.key("deposit") == long.key("deposit")
    assert box.recover() == 1
    assert box.get("first").state == "queued"


def test_cancel_only_when_nothing_can_have_been_sent(tmp_path):
    box = Outbox(tmp_path / "o.db")
    box.submit("transfer", {}, "t-1")
    box.submit("transfer", {}, "t-2")
    box.mark_maybe_sent("t-2")
    assert box.cancel("t-1") is True
    assert box.get("t-1").state == "failed" and box.get("t-1").error_code == "cancelled.unsent"
    assert box.cancel("t-2") is False and box.get("t-2").state == "queued"


def test_park_requeue_changes_keys_and_finish_scrubs(tmp_path):
    box = Outbox(tmp_path / "o.db")
    box.submit("open_account", {"firstname": "Ada", "id_number": "11010519491231002X"}, "o-1")
    box.claim_next()
    box.park("o-1", "error.msg.x", "refused")
    assert [r.action_id for r in box.parked()] == ["o-1"]
    old_key = box.get("o-1").key("client")
    assert box.requeue("o-1") and box.get("o-1").key("client") != old_key
    box.claim_next()
    box.finish("o-1", {"client_id": 4})
    rec = box.get("o-1")
    assert rec.state == "done" and rec.payload == {} and rec.result == {"client_id": 4}
    assert box.wait("o-1", 0.01).state == "done"


def test_wait_times_out_with_the_current_record(tmp_path):
    box = Outbox(tmp_path / "o.db")
    box.submit("deposit", {}, "w")
    assert box.wait("w", 0.2).state == "queued"


def _status(*args):
    import os
    import subprocess
    import sys

    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(__file__))))
    return subprocess.run([sys.executable, "-m", "kiosk.cli", "outbox", "status", *args],
                          cwd=root, capture_output=True, text=True, timeout=60)  # fmt: skip


def test_status_cli(tmp_path):
    import json

    box = Outbox(tmp_path / "o.db")
    box.submit("deposit", {}, "q-1")
    box.submit("transfer", {}, "p-1")
    box.claim_next()
    box.claim_next()
    box.park("p-1", "error.msg.savingsaccount.transaction.insufficient.account.balance", "no money")
    out = json.loads(_status("--db", str(tmp_path / "o.db"), "--json").stdout)
    assert out["counts"] == {"queued": 0, "in_flight": 1, "done": 0, "parked": 1, "failed": 0}
    assert out["parked"][0]["action_id"] == "p-1"
    text = _status("--db", str(tmp_path / "o.db"))
    assert text.returncode == 0 and "parked p-1 (transfer)" in text.stdout
    missing = _status("--db", str(tmp_path / "none.db"))
    assert missing.returncode == 2 and "no outbox" in missing.stderr
    cfg = tmp_path / "k.toml"
    cfg.write_text("[storage]\nbogus = 1\n")
    bad = _status("--config", str(cfg))
    assert bad.returncode == 2 and "unknown field" in bad.stderr


def test_derived_ids_are_stable_and_digit_free():
    from kiosk.outbox.handlers import derived_id

    ids = {derived_id("KC", f"K7-O-{i}") for i in range(500)}
    assert len(ids) == 500 and all(
        len(x) == 23 and not any(c.isdigit() for c in x[3:]) for x in ids
    )
    assert derived_id("KC", "a") == derived_id("KC", "a")


def test_only_the_owning_sender_recovers_in_flight_actions(tmp_path):
    from kiosk.corebank.client import FineractClient
    from kiosk.outbox.sender import OutboxSender

    box = Outbox(tmp_path / "o.db")
    client = FineractClient("http://127.0.0.1:9/fineract-provider/api/v1")
    first = OutboxSender(box, client)
    box.submit("deposit", {}, "busy")
    box.claim_next()  # the first sender is sending it
    second = OutboxSender(box, client)
    assert first.owner and not second.owner
    assert box.get("busy").state == "in_flight"
    first.stop()
    third = OutboxSender(box, client)
    assert third.owner and box.get("busy").state == "queued"
    third.release()


def test_parked_and_retry_reasons_are_redacted(tmp_path):
    box = Outbox(tmp_path / "o.db")
    box.submit("deposit", {}, "r-1")
    box.claim_next()
    box.retry_later("r-1", "x", "mobile 13800138000 refused", 0)
    assert "13800138000" not in box.get("r-1").error
    box.claim_next()
    key = "11010519491231002X"
    box.park("r-1", "error.msg.clientIdentifier.identityKey.duplicate",
             f"Client identifier with type 2 and key {key} is already present.")  # fmt: skip
    assert key not in box.get("r-1").error and "already present" in box.get("r-1").error


def test_status_of_a_sealed_outbox_needs_no_key(tmp_path):
    """``kiosk outbox status`` and diagnostics read states and reasons of a terminal's sealed
    outbox without its key (a parked action's payload stays sealed and unread)."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    from kiosk.security.sealing import Sealer

    box = Outbox(tmp_path / "o.db", Sealer(os.urandom(32)))
    box.submit("deposit", {"savings_id": 1, "amount": "7.00"}, "p-1")
    box.claim_next()
    box.park("p-1", "error.msg.test", "refused by the core")
    box.close()
    seen = Outbox(tmp_path / "o.db", read_only=True)
    assert [(r.action_id, r.error_code, r.payload) for r in seen.parked()] == [
        ("p-1", "error.msg.test", {})]  # fmt: skip
    seen.close()
    root = Path(__file__).resolve().parents[3]
    out = subprocess.run([sys.executable, "-m", "kiosk.cli", "outbox", "status", "--db",
                          str(tmp_path / "o.db"), "--json"], cwd=root, capture_output=True,
                         text=True, timeout=60)  # fmt: skip
    assert out.returncode == 0, out.stderr
    status = json.loads(out.stdout)
    assert status["counts"]["parked"] == 1
    assert status["parked"][0]["reason"] == "refused by the core"
    with pytest.raises(ValueError):  # writable without the key: refused, never read as empty
        Outbox(tmp_path / "o.db").get("p-1")
