"""End to end: the hub, the terminal's TellerLink fed by the simulated camera and a tone, and
the teller console in Debian's headless Chromium with fake media devices (Playwright)."""

from __future__ import annotations

import base64
import os
import shutil
import time

import numpy as np
import pytest
from sqlalchemy import select

from devices.camera.simulated import SimulatedCamera
from hub import accounts
from hub.server import start_hub
from hub.settings import HubSettings
from hub.storage.tables import recordings
from kiosk.teller import events as ev
from kiosk.teller.link import TellerLink
from kiosk.teller.tracks import CameraFeed

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                  "--allow-loopback-in-peer-connection"]


def _need_chromium():
    if not shutil.which(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium is not installed; make setup installs it")
        pytest.skip("Debian's chromium is not installed")
    return pytest.importorskip("playwright.sync_api")


@pytest.fixture
def console_hub(tmp_path):
    handle = start_hub(HubSettings(db_url=str(tmp_path / "hub.db"), port=0))

    async def seed():
        async with handle.hub.engine.begin() as conn:
            await accounts.create_person(conn, "ann", "ann-pw", {"teller": ["b1"]},
                                         display_name="Ann")
            return await accounts.enrol_device(conn, "t1", "terminal", "b1")

    try:
        yield handle, handle.run(seed())
    finally:
        handle.stop()


def _jpeg() -> bytes:
    import cv2

    ok, buf = cv2.imencode(".jpg", np.full((80, 64, 3), 128, np.uint8))
    assert ok
    return buf.tobytes()


def _until(predicate, timeout=15.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def test_console_call_correction_approval_hang_up(console_hub, tmp_path) -> None:
    sync_api = _need_chromium()
    handle, key = console_hub
    frames = [np.full((240, 320, 3), v, np.uint8) for v in (40, 120, 200)]
    feed = CameraFeed(SimulatedCamera(frames, fps=30, size=(320, 240))).start()
    link = TellerLink(handle.url, "t1", key, video=feed, recording_dir=tmp_path / "rec").start()
    try:
        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            page = browser.new_page()
            page.goto(f"{handle.url}/console/")
            assert page.text_content("#sign-in-h") == "登录"  # Chinese first
            page.select_option("#lang", "en")
            assert page.text_content("#sign-in-h") == "Sign in"
            page.fill("#username", "ann")
            page.fill("#password", "wrong")
            page.press("#password", "Enter")
            page.wait_for_function("document.querySelector('#sign-in-error').textContent")
            page.fill("#password", "ann-pw")
            page.press("#password", "Enter")
            page.wait_for_selector("#queue:not([hidden])")

            # A callback booked at the terminal appears in the list; Done takes it off.
            assert page.is_visible("#callbacks-empty")
            soon = time.time() + 3600
            booked = link.book_callback("13800138000", (soon, soon + 7200), "zh").result(10)
            page.wait_for_selector(f"#callback-rows tr:has-text('{booked['reference']}')")
            assert "+8613800138000" in page.text_content("#callback-rows")
            page.click("button.callback-done")
            page.wait_for_selector("#callback-rows tr", state="detached")

            link.call("large_transfer_approval", "zh", session_ref="S-E2E")
            link.wait_for(ev.QUEUED, 15)
            page.wait_for_selector("button.accept")
            assert "Large transfer approval" in page.text_content("#queue-rows")
            page.focus("button.accept")  # keyboard only
            page.keyboard.press("Enter")

            link.wait_for(ev.REMOTE_VIDEO, 20)
            _until(lambda: link.stats.video_frames >= 10, what="frames on the terminal")
            page.wait_for_function("window.kioskConsole.framesDecoded >= 10", timeout=20000)

            snapshot = "data:image/jpeg;base64," + base64.b64encode(_jpeg()).decode()
            link.publish_state("transfer_confirm", {"amount": "80000.00",
                                                    "id_number": "11010119900307123X"},
                               captured={"document": {"id_number": "11010119900307123X",
                                                      "name": "Zhang San"},
                                         "face": {"distance": 0.41, "liveness": True},
                                         "snapshot": snapshot, "photo": snapshot})
            page.wait_for_selector("input[data-field=amount]")
            assert page.input_value("input[data-field=id_number]") == "**************123X"
            assert page.text_content("td[data-doc=id_number]") == "**************123X"
            assert page.text_content("#face-distance") == "0.41"
            assert page.text_content("#liveness") == "passed"
            assert page.evaluate("document.querySelector('#snapshot').naturalWidth") == 64
            page.fill("input[data-field=amount]", "8000.00")
            page.click("button.propose[data-field=amount]")
            proposal = link.wait_for(ev.CORRECTION_PROPOSED, 10)
            assert proposal.data["field"] == "amount" and proposal.data["value"] == "8000.00"
            link.answer_correction(proposal.data["id"], "amount", accepted=True)
            page.wait_for_function(
                "document.querySelector('.correction-status[data-field=amount]')?"
                ".textContent === 'Customer confirmed'")

            pending = link.request_approval_async("large_transfer", {"amount": "8000.00"}, 20)
            page.wait_for_selector("li[data-approval] button.approve")
            page.click("li[data-approval] button.refuse")  # no reason: refused by the console
            assert page.text_content("li[data-approval] [role=status]") == \
                "A refusal needs a reason"
            page.focus("li[data-approval] button.approve")
            page.keyboard.press("Enter")
            decision = pending.result(10)
            assert decision.approved

            page.click("#hang-up")
            ended = link.wait_for(ev.ENDED, 10)
            assert ended.data["reason"] == "teller_hang_up"
            page.wait_for_selector("#call", state="hidden")
            browser.close()

        async def stored():
            async with handle.hub.engine.connect() as conn:
                row = (await conn.execute(
                    select(recordings.c.size).where(recordings.c.call_id == ended.data["call_id"])
                )).first()
                return row and row.size

        assert _until(lambda: handle.run(stored()), what="the recording on the hub") > 1000
    finally:
        link.stop()
        feed.stop()
