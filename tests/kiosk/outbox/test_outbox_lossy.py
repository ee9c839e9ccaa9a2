"""A lossy link between the terminal and the core: requests refused, answers lost after the
core ran them, gateway errors.  Every action still lands exactly once (idempotency keys)."""

from __future__ import annotations

import random
import sqlite3
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from kiosk.corebank.client import FineractClient
from kiosk.outbox import Outbox
from kiosk.outbox.sender import OutboxSender
from kiosk.sandbox.store import cn_id


class LossyProxy:
    """Forwards to ``upstream``; drops some answers after forwarding, refuses others."""

    def __init__(self, upstream: str, seed: int, lose=0.25, refuse=0.15):
        rng = random.Random(seed)
        lock = threading.Lock()
        self.stats = {"forwarded": 0, "lost": 0, "refused": 0}
        stats = self.stats

        class H(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _serve(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with lock:
                    roll = rng.random() if self.command == "POST" else 1.0
                if roll < refuse:
                    stats["refused"] += 1
                    self.send_response(502)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
                r = requests.request(self.command, upstream + self.path, data=body,
                                     headers=headers, timeout=10)  # fmt: skip
                if roll < refuse + lose:  # the core ran it, but the answer never comes back
                    stats["lost"] += 1
                    self.close_connection = True
                    return
                stats["forwarded"] += 1
                self.send_response(r.status_code)
                for k in ("Content-Type", "x-served-from-cache"):
                    if k in r.headers:
                        self.send_header(k, r.headers[k])
                self.send_header("Content-Length", str(len(r.content)))
                self.end_headers()
                self.wfile.write(r.content)

            do_GET = do_POST = _serve  # noqa: N815

            def log_message(self, *a):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()
        self.port = self.server.server_address[1]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.mark.parametrize("seed", [7, 2026])
def test_lost_answers_and_gateway_errors_never_double_an_action(sandbox, tmp_path, seed):
    proxy = LossyProxy(f"http://127.0.0.1:{sandbox.port}", seed=seed)
    url = f"http://127.0.0.1:{proxy.port}/fineract-provider/api/v1"
    box = Outbox(tmp_path / "outbox.db")
    client = FineractClient(url, max_retries=1, backoff=0.005, read_timeout=5)
    sender = OutboxSender(box, client, backoff=0.01, backoff_max=0.05)
    for i in range(25):
        box.submit("deposit", {"savings_id": 3, "amount": 1, "receipt_number": f"L-{i}"}, f"d{i}")
    for i in range(8):
        box.submit("transfer", {"from_client_id": 1, "from_account_id": 1, "to_client_id": 2,
                                "to_account_id": 2, "amount": 1, "description": f"lossy {i}"},
                   f"t{i}")  # fmt: skip
    for i in range(6):
        box.submit("open_account", {"firstname": "Loss", "lastname": f"Y{i}",
                                    "id_number": cn_id(f"1101051985050{i:02d}33"),
                                    "initial_deposit": 20}, f"o{i}")  # fmt: skip
    deadline = time.monotonic() + 60
    while box.counts()["queued"] and time.monotonic() < deadline:
        if not sender.drain_once():
            time.sleep(0.01)
    proxy.close()
    assert box.counts() == {"queued": 0, "in_flight": 0, "done": 39, "parked": 0, "failed": 0}
    assert proxy.stats["lost"] >= 10 and proxy.stats["refused"] >= 5, proxy.stats

    db = sqlite3.connect(sandbox.app.db.execute("PRAGMA database_list").fetchone()[2])
    one = lambda sql, *a: db.execute(sql, a).fetchone()[0]  # noqa: E731
    for i in range(25):
        assert one("SELECT COUNT(*) FROM savings_transactions WHERE receipt_number = ?",
                   f"L-{i}") == 1  # fmt: skip
    for i in range(8):
        assert (
            one("SELECT COUNT(*) FROM account_transfers WHERE description = ?", f"lossy {i}") == 1
        )
    for i in range(6):
        cid = one("SELECT id FROM clients WHERE lastname = ?", f"Y{i}")
        assert one("SELECT COUNT(*) FROM clients WHERE lastname = ?", f"Y{i}") == 1
        assert one("SELECT COUNT(*) FROM savings_accounts WHERE client_id = ?", cid) == 1
        assert one("SELECT balance FROM savings_accounts WHERE client_id = ?", cid) == 2000
    assert one("SELECT balance FROM savings_accounts WHERE id = 3") == 350_000 + 2500
