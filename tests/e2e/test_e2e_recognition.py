"""Recognition on arrival through the UI, offscreen: opt in at the terminal (ID card, face
check, consent), be recognised on the attract screen with nothing personal shown, confirm
with a code sent to the phone, land on home; withdraw consent and be a stranger again.

The simulated camera shows the drawn demo customer (kiosk.demo_customer); the hub is real
(SQLite, loopback), so is the helper process with dlib.
"""

from __future__ import annotations

import functools
import os
import time

import pytest
import requests

from devices.camera.simulated import SimulatedCamera
from hub import accounts
from hub.server import start_hub
from hub.settings import HubSettings
from kiosk.demo_customer import HOLDER_ID_NUMBER, camera_frames, portrait
from kiosk.devices_io.demo import card_text
from kiosk.recognition.arrival import ArrivalService
from kiosk.recognition.hub_client import RecognitionClient
from kiosk.recognition.sealing import TemplateSealer
from kiosk.recognition.watcher import RecognitionWatcher

NAME = "王小样"
MOBILE = "13900139000"


@pytest.fixture
def faces():
    """The drawn demo customer, in front of the camera and on the card."""
    return {"id_photo": portrait(), "live": portrait(), "stranger": None, "demo": True}


@pytest.fixture
def hub(tmp_path):
    handle = start_hub(HubSettings(db_url=str(tmp_path / "hub.db"), port=0))

    async def seed() -> str:
        async with handle.hub.engine.begin() as conn:
            await accounts.create_person(conn, "sue", "sue-pw-3", {"supervisor": ["b1"]})
            return await accounts.enrol_device(conn, "k1", "terminal", "b1")

    try:
        yield handle, handle.run(seed())
    finally:
        handle.stop()


def _texts(win) -> str:
    from PySide6.QtQuick import QQuickItem

    out = []
    for item in win.findChildren(QQuickItem):
        if item.isVisible() and item.property("text"):
            out.append(str(item.property("text")))
    return "\n".join(out)


def _code(hub_url: str) -> str:
    token = requests.post(f"{hub_url}/api/auth/login", timeout=10,
                          json={"username": "sue", "password": "sue-pw-3"}).json()["token"]
    msgs = requests.get(f"{hub_url}/api/recognition/demo-phone", timeout=10,
                        headers={"Authorization": f"Bearer {token}"}).json()["messages"]
    return msgs[0]["text"].split("code: ")[1][:6]


def test_opt_in_recognised_confirmed_by_code_then_revoked(make_kiosk, hub) -> None:
    handle, key = hub
    k = make_kiosk(card_text(NAME, HOLDER_ID_NUMBER))
    watcher = RecognitionWatcher(functools.partial(SimulatedCamera, camera_frames(), fps=0,
                                                   loop=True),
                                 on_match=lambda *_: None, interval_s=0.15)
    service = ArrivalService(RecognitionClient(handle.url, "k1", key),
                             TemplateSealer(os.urandom(32), "b1"), watcher,
                             k.sim.bank.journal.append)
    arrival = k.t.shell.arrival
    try:
        watcher.wait_ready()
        service.refresh()
        arrival.attach(service, k.sim.rig.terminal.identity)

        # Opt in during a session: consent text, ID card, face check with liveness.
        k.tap("startButton")
        k.tap("language_zh_CN")
        k.tap("arrivalOptInButton")
        k.fill("arrivalMobile", MOBILE)
        k.tap("arrivalAgreeButton")
        k.qtbot.waitUntil(lambda: arrival.property("message") != "", timeout=45000)
        assert arrival.property("message") == "enrolled"

        # Next customer on the attract screen: it is them, but nothing personal is shown.
        k.t.shell.end_session("finish")
        k.item("arrivalSuggestion", timeout=30000)
        shown = _texts(k.win)
        assert NAME not in shown and HOLDER_ID_NUMBER not in shown and MOBILE not in shown
        assert k.t.shell.property("screen") == "attract"

        # Second factor: a code texted to the phone (the demo phone page shows it).
        k.tap("arrivalCodeButton")
        k.item("arrivalCode_input", timeout=15000)
        k.fill("arrivalCode", _code(handle.url))
        k.tap("arrivalCodeOkButton")
        k.qtbot.waitUntil(lambda: k.t.shell.property("screen") == "home", timeout=15000)
        assert arrival.property("stage") == "confirmed"
        assert arrival.confirmed.id_number == HOLDER_ID_NUMBER
        assert k.t.shell.session.active

        # Withdraw consent (ID card): deleted on the hub, never recognised again.
        k.tap("arrivalRevokeButton")
        k.qtbot.waitUntil(lambda: arrival.property("message") != "", timeout=20000)
        assert arrival.property("message") == "revoked"
        assert RecognitionClient(handle.url, "k1", key).templates() == []
        k.t.shell.end_session("finish")
        assert arrival.confirmed is None
        deadline = time.monotonic() + 3.0
        while time.monotonic() < deadline:
            k.qtbot.wait(100)
            assert arrival.property("stage") == "", "a revoked customer was recognised"
    finally:
        arrival.shutdown()
        service.close()
