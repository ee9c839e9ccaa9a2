"""The demo's embedded hub receives the running terminal's own operations events: the
operations service started first (as ``ui/services.py`` does) picks up the hub the teller
start-up launched, and the demo branch manager sees the session on /api/ops/summary."""

from __future__ import annotations

import time

import requests

from kiosk.config import KioskConfig
from kiosk.operations.service import OperationsService
from kiosk.teller.startup import start_teller


def test_the_embedded_hub_shows_the_terminals_own_sessions(tmp_path) -> None:
    cfg = KioskConfig.model_validate({
        "storage": {"data_dir": str(tmp_path)}, "hub": {"start": True},
        "branch": {"terminal_id": "K5", "name": "Demo Branch"},
        "metrics": {"poll_seconds": 0.2}, "operations": {"send_seconds": 0.2}})
    ops = OperationsService.start(cfg, None, serve=False)
    printed: list[str] = []
    teller = start_teller(cfg, announce=printed.append)
    assert teller is not None and teller.embedded is not None
    try:
        assert cfg.operations.hub_url == teller.embedded.url
        hub = teller.embedded
        assert f"{hub.url}/ops/" in printed[0] and hub.manager_password in printed[0]
        ops.events.add("session.start", session="abcdefghijklmnop")
        ops.events.add("session.end", session="abcdefghijklmnop", reason="finish",
                       duration_s=61.0)
        deadline = time.monotonic() + 15
        while ops.events.depth() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert ops.events.depth() == 0, ops.sender and ops.sender.last_error
        token = requests.post(f"{hub.url}/api/auth/login", timeout=10, json={
            "username": "manager", "password": hub.manager_password}).json()["token"]
        s = requests.get(f"{hub.url}/api/ops/summary", timeout=10,
                         headers={"Authorization": f"Bearer {token}"}).json()
        assert s["branches"] == ["Demo Branch"]
        assert sum(h["sessions"] for h in s["sessions_per_hour"]) == 1
        counters = [h for h in s["staffing"]["hours"] if h["for"] == "counters"]
        assert [h["handling_s"] for h in counters] == [61.0]
    finally:
        ops.stop()
        teller.stop()
