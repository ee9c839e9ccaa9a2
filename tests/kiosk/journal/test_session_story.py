"""Staff's view of one session after a crash: ``kiosk journal show`` and ``receipt reprint``.

The journal records are appended the way the journeys append them; the outbox action goes
to the sandbox over real HTTP through the real sender, then the terminal "restarts".
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from kiosk.journal import Journal
from kiosk.journal.story import interrupted_sessions, record_start
from kiosk.outbox import Outbox
from kiosk.outbox.online import submit_and_wait
from kiosk.outbox.sender import OutboxSender

ROOT = Path(__file__).resolve().parents[3]


def kiosk(data: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, KIOSK_STORAGE__DATA_DIR=str(data), KIOSK_LOG__LEVEL="WARNING")
    return subprocess.run([sys.executable, "-m", "kiosk.cli", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)  # fmt: skip


def test_interrupted_session_shown_and_its_receipt_reprinted(tmp_path, sandbox, client):
    journal, box = Journal(tmp_path / "journal.db"), Outbox(tmp_path / "outbox.db")
    record_start(journal.path)  # the terminal's first start
    done = dict(journey="open_account", session="s-done")
    journal.append("journey.start", **done)
    journal.append("journey.end", step="done", outcome="completed", reason="", **done)
    sid = "s-crash"
    mine = dict(journey="open_account", session=sid)
    journal.append("journey.start", **mine)
    for step in ("identify", "details", "face", "terms", "submit"):
        journal.append("journey.step", step=step, **mine)
    sender = OutboxSender(box, client, journal, backoff=0.05)
    sender.start()
    try:
        payload = {"firstname": "Ping", "lastname": "Li", "id_number": "11010519491231002X"}
        out = submit_and_wait(box, "open_account", payload, "ref-crash-1", timeout=15)
    finally:
        sender.stop()
    assert out.status == "done"
    account_no = out.record.result["account_no"]
    journal.append("open.submitted", action="ref-crash-1", state="done", **mine)
    # Power cut here: no receipt, no journey.end.  The terminal starts again.
    assert interrupted_sessions(journal.path) == [sid]
    assert record_start(journal.path)["interrupted_sessions"] == [sid]
    assert interrupted_sessions(journal.path) == []  # the next start names nobody again
    journal.close()
    box.close()

    r = kiosk(tmp_path, "journal", "show", "--session", "ref-crash-1", "--json")
    assert r.returncode == 0, r.stderr
    story = json.loads(r.stdout)
    assert story["sessions"] == [sid] and story["journeys"] == ["open_account"]
    assert story["steps"] == ["identify", "details", "face", "terms", "submit"]
    assert story["outcome"] is None and story["interrupted"] is True
    core = story["core"][0]
    assert core["state"] == "done" and core["reached_core"] is True
    assert account_no not in r.stdout  # masked for the screen
    assert core["result"]["account_no"].endswith(account_no[-4:])
    assert story["receipt"] == []
    text = kiosk(tmp_path, "journal", "show", "--session", sid)
    assert text.returncode == 0 and "INTERRUPTED" in text.stdout and "ref-crash-1" in text.stdout

    printed = kiosk(tmp_path, "receipt", "reprint", "ref-crash-1", "--language", "en")
    assert printed.returncode == 0, printed.stderr
    assert "DUPLICATE" in printed.stdout and "ref-crash-1" in printed.stdout
    assert account_no[-4:] in printed.stdout  # the name was wiped with the personal data
    kinds = [r["kind"] for r in Journal(tmp_path / "journal.db").records()]
    assert kinds[-1] == "receipt.staff_reprint" and "receipt_printed" in kinds


def test_unknown_reference_is_a_clear_message(tmp_path):
    Journal(tmp_path / "journal.db").close()
    Outbox(tmp_path / "outbox.db").close()
    r = kiosk(tmp_path, "journal", "show", "--session", "nope")
    assert r.returncode == 1 and "no session or reference 'nope'" in r.stderr
    r = kiosk(tmp_path, "receipt", "reprint", "nope")
    assert r.returncode == 2 and "no action 'nope'" in r.stderr and "Traceback" not in r.stderr


def test_a_confirmed_transfer_is_reprinted_from_what_was_kept_sealed(tmp_path, client):
    from kiosk.security.keys import load_keys
    from kiosk.security.sealing import Sealer

    data = tmp_path / "data"
    data.mkdir()
    keys = load_keys("", data, demo=True)  # the demo's key file, beside the data folder
    box = Outbox(data / "outbox.db", Sealer(keys.data_key))
    sender = OutboxSender(box, client, backoff=0.05)
    sender.start()
    try:
        payload = {"from_client_id": 1, "from_account_id": 1, "to_client_id": 2,
                   "to_account_id": 2, "amount": "12.34"}  # fmt: skip
        out = submit_and_wait(box, "transfer", payload, "ref-transfer-1", timeout=15)
    finally:
        sender.stop()
        box.close()
    assert out.status == "done"
    Journal(data / "journal.db").close()
    raw = b"".join(p.read_bytes() for p in data.iterdir() if p.name.startswith("outbox.db"))
    assert b"12.34" not in raw  # the payload is scrubbed and what the receipt needs sealed

    printed = kiosk(data, "receipt", "reprint", "ref-transfer-1", "--language", "en")
    assert printed.returncode == 0, printed.stderr
    assert "DUPLICATE" in printed.stdout and "ref-transfer-1" in printed.stdout
    assert "12.34" in printed.stdout
