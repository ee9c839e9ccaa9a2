"""The crash campaigns as a benchmark: random SIGKILLs of the terminal's sender and of the
core, and requests cut after a random byte, then a count of what the core holds.

The kill campaigns are tests/kiosk/outbox/crash_campaign.py's, shared with the crash test.
Campaign "terminal": the outbox worker (tests/kiosk/outbox/outbox_crash_worker.py) is
SIGKILLed at random moments and restarted; "both": the core (a ``kiosk sandbox`` process)
is SIGKILLed too; "cut": deposits go through a loopback proxy that cuts each request after a
random byte.  ``lost`` and ``doubled`` are counted in the core's own database.  Writes
bench/results/crash.json with ``actions``, ``kills``, ``lost``, ``doubled``.

    .venv/bin/python bench/crash.py [--rounds 14] [--cuts 200] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTBOX_TESTS = ROOT / "tests" / "kiosk" / "outbox"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(OUTBOX_TESTS))

from crash_campaign import Core, core_counts, kill_rounds, lost_and_doubled  # noqa: E402
from cut_proxy import CutProxy  # noqa: E402

from kiosk.corebank.client import FineractClient  # noqa: E402
from kiosk.outbox import Outbox  # noqa: E402
from kiosk.outbox.sender import OutboxSender  # noqa: E402
from kiosk.sandbox.server import start_sandbox  # noqa: E402


def kill_campaign(folder: Path, rng: random.Random, rounds: int, kill_core: bool) -> dict:
    core_db = folder / "core.db"
    core = Core(core_db)
    try:
        run = kill_rounds(folder, core, rng, rounds=rounds, kill_core=kill_core)
    finally:
        core.stop()
    counts = core_counts(core_db)
    lost, doubled = lost_and_doubled(counts)
    return {"actions": len(counts), "kills": run.kills + run.core_kills,
            "terminal_kills": run.kills, "core_kills": run.core_kills, "lost": lost,
            "doubled": doubled, "finished": "ALL DONE" in run.final.stdout}  # fmt: skip


def cut_campaign(folder: Path, rng: random.Random, cuts: int) -> dict:
    sandbox = start_sandbox(folder / "core.db")
    proxy = CutProxy(sandbox.port)
    client = FineractClient(proxy.url(), max_retries=3, backoff=0.002, read_timeout=5)
    box = Outbox(folder / "outbox.db")
    sender = OutboxSender(box, client, backoff=0.002, backoff_max=0.01)
    try:
        for i in range(cuts):
            aid = f"cut-{i}"
            box.submit("deposit", {"savings_id": 3, "amount": "1", "receipt_number": f"CUT-{i}"},
                       aid)  # fmt: skip
            proxy.arm(rng.randrange(0, 600))
            deadline = time.monotonic() + 20
            while not box.get(aid).final and time.monotonic() < deadline:
                rec = box.claim_next()
                if rec is not None:
                    sender.process(rec)
                else:
                    time.sleep(0.005)
            proxy.arm(None)
        with sandbox.app.lock:
            found = [sandbox.app.db.execute("SELECT COUNT(*) FROM savings_transactions WHERE"
                                            " receipt_number = ?", (f"CUT-{i}",)).fetchone()[0]
                     for i in range(cuts)]  # fmt: skip
        fired = proxy.cuts
    finally:
        sender.release()
        box.close()
        client.close()
        proxy.close()
        sandbox.stop()
    return {"actions": cuts, "kills": fired, "lost": sum(1 for n in found if n == 0),
            "doubled": sum(n - 1 for n in found if n > 1)}  # fmt: skip


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=14, help="kill rounds per kill campaign")
    ap.add_argument("--cuts", type=int, default=200, help="cut requests in the cut campaign")
    ap.add_argument("--seed", type=int, default=20261201)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    started = time.time()
    campaigns = {}
    with tempfile.TemporaryDirectory(prefix="bench-crash-") as tmp:
        for name, run in (("terminal", lambda f: kill_campaign(f, rng, args.rounds, False)),
                          ("both", lambda f: kill_campaign(f, rng, args.rounds, True)),
                          ("cut", lambda f: cut_campaign(f, rng, args.cuts))):  # fmt: skip
            folder = Path(tmp) / name
            folder.mkdir()
            campaigns[name] = run(folder)
            print(name, campaigns[name], flush=True)
    result = {
        "actions": sum(c["actions"] for c in campaigns.values()),
        "kills": sum(c["kills"] for c in campaigns.values()),
        "lost": sum(c["lost"] for c in campaigns.values()),
        "doubled": sum(c["doubled"] for c in campaigns.values()),
        "campaigns": campaigns,
        "seconds": round(time.time() - started, 1),
        "seed": args.seed,
        "machine": f"{platform.machine()} {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}",
    }
    out = ROOT / "bench" / "results" / "crash.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps({k: result[k] for k in ("actions", "kills", "lost", "doubled")}))
    return 1 if result["lost"] or result["doubled"] else 0


if __name__ == "__main__":
    sys.exit(main())
