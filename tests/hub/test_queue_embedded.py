"""The embedded hub's demo accounts for the queue: counter staff and a display, printed."""

from __future__ import annotations

import requests

from hub.embedded import DEMO_BRANCH, DEMO_COUNTER, DEMO_DISPLAY, start_embedded_hub


def test_embedded_hub_prints_and_accepts_the_counter_and_display_credentials(tmp_path) -> None:
    hub = start_embedded_hub(tmp_path, terminal_id="kiosk-7")
    try:
        banner = hub.banner()
        assert f"{hub.url}/counter/" in banner and hub.counter_password in banner
        assert f"/display/#device={DEMO_DISPLAY}&key={hub.display_key}" in banner
        assert f"{hub.url}/m/book/" in banner
        token = requests.post(f"{hub.url}/api/auth/login", timeout=10, json={
            "username": DEMO_COUNTER, "password": hub.counter_password}).json()["token"]
        board = requests.get(f"{hub.url}/api/queue/board", params={"branch": DEMO_BRANCH},
                             headers={"Authorization": f"Bearer {token}"}, timeout=10)
        assert board.status_code == 200 and board.json()["branch"] == DEMO_BRANCH
        with requests.get(f"{hub.url}/api/queue/stream", stream=True, timeout=10, headers={
                "Authorization": f"Device {DEMO_DISPLAY}:{hub.display_key}"}) as stream:
            assert stream.status_code == 200
            first = next(stream.iter_content(chunk_size=None))
            assert first.startswith(b"event: board") and DEMO_BRANCH.encode() in first
        for page in ("/counter/", "/display/", "/m/book/"):
            assert requests.get(hub.url + page, timeout=10).status_code == 200
    finally:
        hub.stop()
