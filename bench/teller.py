"""Video-teller figures on loopback; writes bench/results/teller.json.

- ``call_to_first_remote_frame_s``: the terminal calls, a teller already waiting in the
  console (headless Chromium, fake camera) accepts at once, the first teller frame is
  decoded on the terminal; ``accept_to_first_frame_s`` from the hub's "accepted" on.
- ``frames_terminal_received`` / ``frames_teller_received``: video frames each side decoded
  in ``--media-s`` seconds after the first frame.
- ``field_sync_ms``: median from the terminal's ``publish_state`` to the console's render.
- ``approval_round_trip_ms``: median of ``request_approval`` with a console that approves
  at once (a page hook clicks the button).
- ``hub_concurrent_sessions`` / ``hub_rss_mb``: signalling WebSockets held by one
  ``kiosk hub`` process from a load generator in a second process, and the hub's RSS then.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from devices.camera.simulated import SimulatedCamera  # noqa: E402
from hub import accounts  # noqa: E402
from hub.server import start_hub  # noqa: E402
from hub.settings import HubSettings  # noqa: E402
from kiosk.teller import events as ev  # noqa: E402
from kiosk.teller.link import TellerLink  # noqa: E402
from kiosk.teller.tracks import CameraFeed  # noqa: E402

CHROMIUM_FLAGS = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream=fps=30",
                  "--allow-loopback-in-peer-connection"]
AUTO_ACCEPT = """() => setInterval(() => {
  const b = document.querySelector('button.accept'); if (b && !window.__accepted) {
    window.__accepted = true; b.click(); }}, 5)"""
AUTO_APPROVE = """() => window.addEventListener('kiosk:approval', (e) => {
  document.querySelector(`li[data-approval="${e.detail.id}"] button.approve`).click(); })"""


def media_figures(media_s: float, samples: int) -> dict:
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="bench-teller-"))
    handle = start_hub(HubSettings(db_url=str(folder / "hub.db"), port=0))

    async def seed():
        async with handle.hub.engine.begin() as conn:
            await accounts.create_person(conn, "ann", "ann-pw", {"teller": ["*"]})
            return await accounts.enrol_device(conn, "t1", "terminal", "b1")

    key = handle.run(seed())
    frames = [np.full((480, 640, 3), v, np.uint8) for v in range(20, 240, 20)]
    feed = CameraFeed(SimulatedCamera(frames, fps=30, size=(640, 480), noise=2.0)).start()
    link = TellerLink(handle.url, "t1", key, video=feed).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS)
            page = browser.new_page()
            page.goto(f"{handle.url}/console/")
            page.fill("#username", "ann")
            page.fill("#password", "ann-pw")
            page.press("#password", "Enter")
            page.wait_for_selector("#queue:not([hidden])")
            page.wait_for_timeout(500)  # the console socket is up and presence set
            page.evaluate(AUTO_ACCEPT)
            page.evaluate(AUTO_APPROVE)

            t0 = time.monotonic()
            link.call("help", "zh")
            accepted = link.wait_for(ev.ACCEPTED, 20)
            first = link.wait_for(ev.REMOTE_VIDEO, 20)
            page.wait_for_function("window.kioskConsole.framesDecoded > 0", timeout=20000)
            base_t, base_b = link.stats.video_frames, page.evaluate(
                "window.kioskConsole.framesDecoded")
            time.sleep(media_s)
            frames_t = link.stats.video_frames - base_t
            frames_b = page.evaluate("window.kioskConsole.framesDecoded") - base_b

            sync = []
            for i in range(samples):
                link.publish_state("transfer", {"amount": f"{1000 + i}.00"})
                at = link._last_state["at"]
                page.wait_for_function(f"window.kioskConsole.lastState && "
                                       f"window.kioskConsole.lastState.at === {at!r}")
                rendered = page.evaluate("window.kioskConsole.lastState.renderedAt")
                sync.append((rendered - at) * 1000)
                time.sleep(0.05)

            approvals = []
            for _ in range(samples):
                t = time.perf_counter()
                decision = link.request_approval("large_transfer", {"amount": "80000.00"}, 10)
                approvals.append((time.perf_counter() - t) * 1000)
                assert decision.approved, decision
            link.hang_up()
            link.wait_for(ev.ENDED, 10)
            browser.close()
    finally:
        link.stop()
        feed.stop()
        handle.stop()
    return {
        "call_to_first_remote_frame_s": round(first.at - t0, 3),
        "accept_to_first_frame_s": round(first.at - accepted.at, 3),
        "frames_terminal_received": frames_t,
        "frames_teller_received": frames_b,
        "media_window_s": media_s,
        "field_sync_ms": round(statistics.median(sync), 1),
        "field_sync_ms_max": round(max(sync), 1),
        "approval_round_trip_ms": round(statistics.median(approvals), 1),
        "approval_round_trip_ms_max": round(max(approvals), 1),
        "samples": samples,
    }


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def load_figures(sessions: int) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="bench-teller-load-"))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    hub = subprocess.Popen(
        [sys.executable, "-m", "kiosk.cli", "hub", "--port", "0", "--db", str(folder / "hub.db"),
         "--supervisor", "sue:sue-pw"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = ""
        for line in hub.stdout:
            if line.startswith("Teller hub listening on"):
                url = line.split()[-1]
            if line.startswith("supervisor:"):
                break
        idle_rss = _rss_mb(hub.pid)
        client = subprocess.Popen(
            [sys.executable, __file__, "--load-client", url, str(sessions)], env=env,
            stdout=subprocess.PIPE, text=True)
        held = 0
        for line in client.stdout:  # the client prints "held N" once all are up, then waits
            if line.startswith("held"):
                held = int(line.split()[1])
                break
        rss = _rss_mb(hub.pid)
        client.stdin = None
        client.terminate()
        client.wait(30)
        return {"hub_concurrent_sessions": held, "hub_rss_mb": rss, "hub_idle_rss_mb": idle_rss,
                "sessions_asked": sessions}
    finally:
        hub.terminate()
        hub.wait(30)


async def _load_client(url: str, n: int) -> None:
    import aiohttp

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, n + 500)), hard))
    conn = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=conn) as s:
        r = await s.post(f"{url}/api/auth/login", json={"username": "sue", "password": "sue-pw"})
        auth = {"Authorization": f"Bearer {(await r.json())['token']}"}
        sem = asyncio.Semaphore(50)

        async def enrol(i: int) -> str:
            async with sem:
                r = await s.post(f"{url}/api/devices", headers=auth,
                                 json={"id": f"load-{i}", "kind": "terminal", "branch": "b1"})
                return (await r.json())["key"]

        keys = await asyncio.gather(*(enrol(i) for i in range(n)))
        sockets = []

        async def connect(i: int) -> None:
            async with sem:
                ws = await s.ws_connect(f"{url}/ws", heartbeat=None,
                                        headers={"Authorization": f"Device load-{i}:{keys[i]}"})
                hello = await ws.receive_json(timeout=30)
                if hello.get("type") == "hello":
                    sockets.append(ws)

        await asyncio.gather(*(connect(i) for i in range(n)), return_exceptions=True)
        await asyncio.sleep(2)  # held, idle
        alive = sum(1 for ws in sockets if not ws.closed)
        print(f"held {alive}", flush=True)
        await asyncio.sleep(3600)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=2000)
    parser.add_argument("--media-s", type=float, default=5.0)
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--load-client", nargs=2, metavar=("URL", "N"))
    args = parser.parse_args()
    if args.load_client:
        asyncio.run(_load_client(args.load_client[0], int(args.load_client[1])))
        return 0
    result = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                    "load_avg_1min_at_start": round(os.getloadavg()[0], 2),
                    "platform": platform.platform()},
        "setup": "loopback; hub on SQLite; terminal aiortc fed by the simulated camera (640x480) "
                 "and a tone; console in Debian's headless Chromium with fake devices",
        **media_figures(args.media_s, args.samples),
        **load_figures(args.sessions),
    }
    out = ROOT / "bench" / "results" / "teller.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
