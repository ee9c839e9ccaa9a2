"""A real Prometheus (Debian's) scrapes a running ``kiosk hub`` and a terminal whose
operations events go to that hub; the hub's figures are queried through Prometheus."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import aiohttp
import pytest
import requests
from hub_ops_process import start_hub_process

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "kiosk" / "operations"))
from ops_terminal import Terminal, free_port  # noqa: E402

from kiosk.config import OperationsConfig  # noqa: E402

PROMETHEUS = shutil.which("prometheus")


def _wait_for(base: str, expr: str, timeout: float = 40.0) -> list[dict]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            r = requests.get(f"{base}/api/v1/query", params={"query": expr}, timeout=5)
            if r.ok and r.json()["data"]["result"]:
                return r.json()["data"]["result"]
        except requests.RequestException:
            pass  # Prometheus still starting
        time.sleep(0.5)
    raise AssertionError(f"Prometheus never had a value for {expr}")


def _hold_a_call(hub, placed: threading.Event, done: threading.Event) -> None:
    """The demo terminal asks for a teller and keeps its socket open until ``done``."""

    async def go() -> None:
        auth = {"Authorization": f"Device terminal-1:{hub.terminal_key}"}
        async with aiohttp.ClientSession() as s, s.ws_connect(f"{hub.url}/ws", headers=auth) as ws:
            await ws.send_json({"type": "call", "skill": "help", "language": "zh",
                                "session_ref": "S-1"})
            while (await ws.receive_json(timeout=10))["type"] != "call_created":
                pass
            placed.set()
            while not done.is_set():
                await asyncio.sleep(0.1)

    asyncio.run(go())


def test_prometheus_scrapes_the_hub_fed_by_a_terminal(tmp_path) -> None:
    if PROMETHEUS is None:
        if os.environ.get("CI"):
            pytest.fail("Debian's prometheus is not installed")
        pytest.skip("Debian's prometheus is not installed (packaging/debian-packages.txt)")
    hub = start_hub_process(f"sqlite+aiosqlite:///{tmp_path / 'hub.db'}")
    terminal = proc = None
    try:
        terminal = Terminal(tmp_path / "terminal", operations=OperationsConfig(
            hub_url=hub.url, terminal_key=hub.terminal_key, send_seconds=0.3))
        metrics_port = terminal.ops.serve_metrics("127.0.0.1", 0)
        config = tmp_path / "prometheus.yml"
        config.write_text(
            "global: {scrape_interval: 1s}\n"
            "scrape_configs:\n"
            "  - job_name: hub\n"
            f"    static_configs: [{{targets: ['127.0.0.1:{hub.port}']}}]\n"
            "  - job_name: kiosk\n"
            f"    static_configs: [{{targets: ['127.0.0.1:{metrics_port}']}}]\n")
        port = free_port()
        proc = subprocess.Popen(
            [PROMETHEUS, f"--config.file={config}", f"--storage.tsdb.path={tmp_path / 'tsdb'}",
             f"--web.listen-address=127.0.0.1:{port}", "--log.level=warn"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        prom = f"http://127.0.0.1:{port}"
        terminal.transfer()
        terminal.transfer(cancel_at="payee")
        assert _wait_for(prom, 'up{job="hub"} == 1') and _wait_for(prom, 'up{job="kiosk"} == 1')
        assert _wait_for(prom, 'hub_terminals_reporting{branch="demo-branch"} == 1')
        # Every event the terminal queued reached the hub: its queue is empty, the hub's
        # counter holds at least the two sessions' starts and ends.
        assert _wait_for(prom, "kiosk_operations_events_queued == 0")
        ingested = _wait_for(prom, 'hub_ops_events_ingested_total{result="accepted"} >= 4')
        assert ingested[0]["metric"]["job"] == "hub"
        placed, done = threading.Event(), threading.Event()
        caller = threading.Thread(target=_hold_a_call, args=(hub, placed, done), daemon=True)
        caller.start()
        try:
            assert placed.wait(15), "the call was never created"
            assert _wait_for(prom, 'hub_calls_waiting{branch="demo-branch"} == 1')
            assert _wait_for(prom, 'hub_queue_length{branch="demo-branch",skill="help"} == 1')
            assert _wait_for(prom, 'hub_queue_wait_seconds{skill="help"} > 0')
        finally:
            done.set()
            caller.join(15)
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(10)
        if terminal is not None:
            terminal.close()
        hub.stop()
