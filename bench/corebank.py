"""Core-banking figures: outbox drain rate against the sandbox and the client's per-call overhead.

Runs the sandbox as a separate process (``kiosk sandbox --port 0``) so that its work does not
share this process's GIL, then writes bench/results/corebank.json.

    .venv/bin/python bench/corebank.py [--deposits 300] [--opens 40] [--calls 300]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk.corebank.client import FineractClient, fmt_date  # noqa: E402
from kiosk.outbox import Outbox  # noqa: E402
from kiosk.outbox.sender import OutboxSender  # noqa: E402
from kiosk.sandbox.store import cn_id  # noqa: E402


def drain_rate(url: str, folder: Path, kind: str, payloads: list[dict]) -> dict:
    box = Outbox(folder / f"outbox-{kind}.db")
    for i, p in enumerate(payloads):
        box.submit(kind, p, f"bench-{kind}-{i}")
    sender = OutboxSender(box, FineractClient(url), backoff=0.01)
    t0 = time.perf_counter()
    while box.counts()["queued"]:
        sender.drain_once()
    elapsed = time.perf_counter() - t0
    counts = box.counts()
    return {"actions": len(payloads), "seconds": round(elapsed, 3),
            "actions_per_s": round(len(payloads) / elapsed, 1), "counts": counts}  # fmt: skip


def overhead(url: str, calls: int) -> dict:
    client = FineractClient(url)
    bare = requests.Session()
    bare.auth = ("mifos", "password")
    bare.headers["Fineract-Platform-TenantId"] = "default"
    dep = {"transactionDate": fmt_date(), "transactionAmount": 1, "paymentTypeId": 1,
           "dateFormat": "dd MMMM yyyy", "locale": "en"}  # fmt: skip
    timings: dict[str, list[float]] = {k: [] for k in ("client_get", "bare_get", "client_post",
                                                       "bare_post")}  # fmt: skip
    for i in range(calls):  # interleaved so both see the same machine load
        t = time.perf_counter()
        client.get_savings(1)
        timings["client_get"].append(time.perf_counter() - t)
        t = time.perf_counter()
        bare.get(f"{url}/savingsaccounts/1", timeout=10).json()
        timings["bare_get"].append(time.perf_counter() - t)
        t = time.perf_counter()
        client.deposit(1, 1, idempotency_key=f"bench-c-{i}")
        timings["client_post"].append(time.perf_counter() - t)
        t = time.perf_counter()
        bare.post(
            f"{url}/savingsaccounts/1/transactions",
            params={"command": "deposit"},
            json=dep,
            headers={"Idempotency-Key": f"bench-b-{i}"},
            timeout=10,
        ).json()
        timings["bare_post"].append(time.perf_counter() - t)
    med = {k: statistics.median(v) * 1000 for k, v in timings.items()}
    return {
        "calls_each": calls,
        "median_ms": {k: round(v, 3) for k, v in med.items()},
        "ratio_get": round(med["client_get"] / med["bare_get"], 3),
        "ratio_post": round(med["client_post"] / med["bare_post"], 3),
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--deposits", type=int, default=300)
    ap.add_argument("--opens", type=int, default=40)
    ap.add_argument("--calls", type=int, default=300)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        proc = subprocess.Popen(
            [sys.executable, "-m", "kiosk.cli", "sandbox", "--port", "0", "--db",
             str(folder / "core.db")], cwd=ROOT, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:
            url = proc.stdout.readline().split()[-1]
            deposits = [{"savings_id": 3, "amount": 1 + i % 50} for i in range(args.deposits)]
            opens = [
                {
                    "firstname": "Bench",
                    "lastname": f"P{i}",
                    "initial_deposit": 10,
                    "id_number": cn_id(f"1101051991{i:07d}"),
                }
                for i in range(args.opens)
            ]
            result = {
                "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                            "load_avg_1min_at_start": round(os.getloadavg()[0], 2),
                            "platform": platform.platform()},
                "sandbox": "separate process, SQLite WAL synchronous=FULL, loopback HTTP",
                "outbox_drain_deposit": drain_rate(url, folder, "deposit", deposits),
                "outbox_drain_open_account": drain_rate(url, folder, "open_account", opens),
                "client_overhead": overhead(url, args.calls),
            }  # fmt: skip
        finally:
            proc.terminate()
            proc.wait(10)
    out = ROOT / "bench" / "results" / "corebank.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
