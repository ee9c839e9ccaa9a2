"""An appointment booked on the phone page (headless Chromium) is checked in at the terminal
through the Qt UI, its QR code read from the simulated camera, and its ticket printed on the
virtual printer (rendered and read back); a walk-in takes a ticket by touch."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from queue_env import qr_frame, start_queue_hub

from kiosk.devices_io.demo import card_text
from kiosk.sandbox.store import cn_id

CHROMIUM = "/usr/bin/chromium"
ZHANG_WEI = card_text("张伟", cn_id("11010519800101001"))


@pytest.fixture
def qhub(tmp_path):
    env = start_queue_hub(f"sqlite+aiosqlite:///{tmp_path / 'hub.db'}")
    try:
        yield env
    finally:
        env.stop()


def _book_in_chromium(url: str) -> str:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium is not installed; make setup installs it")
        pytest.skip("Debian's chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 400, "height": 900})
            page.goto(f"{url}/m/book/?branch=b1")
            page.wait_for_selector("#slots button.slot", timeout=20000)
            page.click("#slots button.slot >> nth=0")  # the next slot: check-in is open
            page.fill("#mobile", "13800138000")
            page.click("#book")
            page.wait_for_selector("#result:not([hidden])", timeout=10000)
            return page.text_content("#result-code").strip()
        finally:
            browser.close()


def _last_page_text(k) -> str:
    pages = k.sim.printer_sim.pages
    k.qtbot.waitUntil(lambda: bool(pages), timeout=10000)
    return pages[-1].text


def test_booked_on_the_phone_checked_in_by_qr_and_ticket_printed(qhub, make_kiosk) -> None:
    code = _book_in_chromium(qhub.url)
    k = make_kiosk(ZHANG_WEI)
    k.sim.rig.terminal.link_queue(qhub.url, "t1", qhub.keys["t1"])
    k.sim.rig.show_to_camera(qr_frame(qhub.url, code))  # the phone held up to the camera
    k.start("appointment")
    k.wait_step("done", timeout=30000)
    assert k.find("ticketNumber").property("text") == "A001"
    assert "现金业务" in k.find("ticketService").property("text")
    k.qtbot.waitUntil(lambda: bool(k.vm.property("receipt")), timeout=10000)
    assert k.vm.property("receipt")["printed"] is True
    text = _last_page_text(k)
    for words in ("A001", "排队号", "现金业务", "请留意叫号屏，前往柜台",
                  "Watch the display; go to the counter called", "前面等候"):
        assert words in text, (words, text)
    k.tap("finishButton")
    k.qtbot.waitUntil(lambda: k.t.shell.property("screen") == "attract")

    # The same code typed again (the phone put away): already checked in, said plainly.
    k.sim.rig.show_to_camera(np.full((480, 640, 3), 90, np.uint8))
    k.start("appointment", language="en")
    k.wait_step("scan")
    k.fill("field_code", code)
    k.tap("submitButton")
    k.wait_step("ended", timeout=20000)
    assert "already checked in" in k.find("endedMessage").property("text")


def test_a_walk_in_takes_a_ticket_by_touch(qhub, make_kiosk) -> None:
    k = make_kiosk(ZHANG_WEI)
    k.sim.rig.terminal.link_queue(qhub.url, "t1", qhub.keys["t1"])
    k.start("queue_ticket", language="en")
    k.tap("service_advice")
    k.wait_step("done", timeout=20000)
    assert k.find("ticketNumber").property("text") == "D001"
    text = _last_page_text(k)
    assert "D001" in text and "Financial advice" in text and "QUEUE TICKET" in text


def test_the_booking_code_is_typed_in_latin_letters_on_the_chinese_keyboard(qhub,
                                                                           make_kiosk) -> None:
    """As for the pre-filled code: Latin capitals, not Pinyin, in a Chinese session."""
    from test_e2e_prefilled import type_code_on_the_chinese_keyboard

    k = make_kiosk(ZHANG_WEI)
    k.sim.rig.terminal.link_queue(qhub.url, "t1", qhub.keys["t1"])
    k.start("appointment")
    k.wait_step("scan")
    assert type_code_on_the_chinese_keyboard(k) == "KMT"
