"""The hub a terminal starts beside itself: SQLite in the data folder, a demo teller, the
terminal enrolled, the console's URL and sign-in printed; a second start reuses the file."""

from __future__ import annotations

import requests

from hub.embedded import start_embedded_hub


def test_embedded_hub_serves_the_console_and_knows_the_terminal(tmp_path) -> None:
    for _ in range(2):  # the second start finds the same database
        hub = start_embedded_hub(tmp_path, terminal_id="kiosk-7")
        try:
            assert (tmp_path / "hub.db").exists()
            assert hub.console_url in hub.banner() and hub.teller_password in hub.banner()
            for page in ("/m/", "/counter/", "/display/"):  # the demo's other pages
                assert f"{hub.url}{page}" in hub.banner()
            assert requests.get(f"{hub.url}/m/", timeout=10).status_code == 200
            page = requests.get(hub.console_url, timeout=10)
            assert page.status_code == 200 and 'type="module"' in page.text
            assert requests.get(hub.console_url + "console.js", timeout=10).status_code == 200
            r = requests.post(f"{hub.url}/api/auth/login", timeout=10,
                              json={"username": hub.teller_username,
                                    "password": hub.teller_password})
            assert r.status_code == 200 and "teller" in r.json()["person"]["roles"]
            me = requests.get(f"{hub.url}/api/me", timeout=10,
                              headers={"Authorization": f"Device kiosk-7:{hub.terminal_key}"})
            assert me.json()["kind"] == "terminal" and me.json()["id"] == "kiosk-7"
            metrics = requests.get(f"{hub.url}/metrics", timeout=10).text
            assert 'hub_calls{state="queued"} 0.0' in metrics and "hub_websockets" in metrics
        finally:
            hub.stop()


def test_the_terminal_start_up_gets_a_connected_link(tmp_path) -> None:
    from kiosk.config import KioskConfig
    from kiosk.teller.startup import start_teller

    cfg = KioskConfig.model_validate({"storage": {"data_dir": str(tmp_path)},
                                      "hub": {"start": True}, "branch": {"terminal_id": "K9"}})
    printed: list[str] = []
    service = start_teller(cfg, announce=printed.append)
    try:
        assert service is not None and service.link.connected_to_hub
        assert service.link.terminal_id == "K9"
        assert printed and "/console/" in printed[0] and "teller" in printed[0]
    finally:
        service.stop()
    off = KioskConfig.model_validate({"storage": {"data_dir": str(tmp_path)}})
    assert start_teller(off) is None  # hub.start false and no url: no teller link
