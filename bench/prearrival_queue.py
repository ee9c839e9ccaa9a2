"""Queue figures of issue 12: issuing a ticket, and a counter's call reaching the display.

Writes bench/results/prearrival_queue.json (bench/prearrival.py merges these figures):

- ``ticket_issue_ms``: the terminal's ``QueueClient.take_ticket`` over real HTTP to a hub on a
  SQLite file (number drawn, ticket stored, expected wait computed), median of 50;
- ``display_update_ms``: a counter's ``POST /api/queue/next`` until the /display/ page in
  Debian's headless Chromium has shown and announced that number (the page's own clock at
  the announcement minus the request's start, same machine), median of 10 calls.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402

from hub import accounts  # noqa: E402
from hub.server import start_hub  # noqa: E402
from hub.settings import HubSettings  # noqa: E402
from kiosk.queue.client import QueueClient  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
TICKETS, CALLS = 50, 10


def _hub(folder: Path):  # noqa: ANN202 - a HubHandle and its credentials
    handle = start_hub(HubSettings(db_url=str(folder / "hub.db"), port=0))

    async def seed() -> dict[str, str]:
        async with handle.hub.engine.begin() as conn:
            await accounts.create_person(conn, "cat", "bench-counter", {"counter_staff": ["b1"]})
            return {d: await accounts.enrol_device(conn, d, k, "b1")
                    for d, k in (("t1", "terminal"), ("d1", "display"))}

    return handle, handle.run(seed())


def ticket_issue_ms(client: QueueClient) -> list[float]:
    """Wall time of each take_ticket call (the terminal's side)."""
    times = []
    for i in range(TICKETS):
        started = time.perf_counter()
        client.take_ticket(("cash", "cards", "advice")[i % 3])
        times.append((time.perf_counter() - started) * 1000)
    return times


def display_update_ms(url: str, keys: dict[str, str]) -> list[float]:
    """Counter call -> announced on the display page, per call."""
    from playwright.sync_api import sync_playwright

    token = requests.post(f"{url}/api/auth/login", timeout=10, json={
        "username": "cat", "password": "bench-counter"}).json()["token"]
    staff = {"Authorization": f"Bearer {token}"}
    times = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            page.goto(f"{url}/display/#device=d1&key={keys['d1']}")
            page.wait_for_function("document.body.dataset.live === '1'", timeout=30000)
            for _ in range(CALLS):
                started = time.time()
                called = requests.post(f"{url}/api/queue/next", headers=staff, timeout=10,
                                       json={"branch": "b1", "counter": "Counter 1"}).json()
                page.wait_for_function(
                    f"window.lastAnnounce && window.lastAnnounce.number === '{called['number']}'",
                    timeout=30000)
                shown_at = page.evaluate("window.lastAnnounce.at") / 1000.0
                times.append((shown_at - started) * 1000)
                requests.post(f"{url}/api/queue/tickets/{called['id']}/end", headers=staff,
                              timeout=10).raise_for_status()
        finally:
            browser.close()
    return times


def measure() -> dict:
    """Both figures (milliseconds, medians) with their spread and the machine's load."""
    with tempfile.TemporaryDirectory(prefix="bench-queue-") as tmp:
        handle, keys = _hub(Path(tmp))
        try:
            client = QueueClient(handle.url, "t1", keys["t1"])
            client.take_ticket("cash")  # the first connection and the schema's first use
            issue = ticket_issue_ms(client)
            client.close()
            shown = display_update_ms(handle.url, keys)
        finally:
            handle.stop()
    return {
        "ticket_issue_ms": round(statistics.median(issue), 1),
        "ticket_issue_ms_p90": round(statistics.quantiles(issue, n=10)[-1], 1),
        "display_update_ms": round(statistics.median(shown), 1),
        "display_update_ms_max": round(max(shown), 1),
        "runs": {"tickets": TICKETS, "calls": CALLS},
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                    "load_avg_1m": round(os.getloadavg()[0], 2)},
    }


def main() -> None:
    """Measure and write bench/results/prearrival_queue.json."""
    result = measure()
    out = ROOT / "bench" / "results" / "prearrival_queue.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
