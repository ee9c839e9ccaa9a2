"""The queue's pages in Debian's headless Chromium: booking on /m/book/ (zh/en, field errors,
QR, cancel), the counter page calling and recalling, the display showing the call live."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import requests
from queue_env import PASSWORDS, start_queue_hub

CHROMIUM = "/usr/bin/chromium"


def _playwright():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium is not installed; make setup installs it")
        pytest.skip("Debian's chromium is not installed")
    return pytest.importorskip("playwright.sync_api")


@pytest.fixture
def qhub(tmp_path):
    env = start_queue_hub(f"sqlite+aiosqlite:///{tmp_path / 'hub.db'}", display_rotate_s=1.0)
    try:
        yield env
    finally:
        env.stop()


def test_book_on_the_phone_page_then_cancel(qhub) -> None:
    sync_api = _playwright()
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 400, "height": 900})
            page.goto(f"{qhub.url}/m/book/?branch=b1")
            page.wait_for_selector("#slots button.slot", timeout=20000)
            assert page.text_content("h1") == "预约到店"
            page.click("#lang")
            assert page.text_content("h1") == "Book a branch visit"
            page.select_option("#service", "advice")
            page.wait_for_selector("#slots[data-service=advice] button.slot")
            page.click("#slots button.slot >> nth=0")
            page.fill("#mobile", "12345")
            page.click("#book")
            error = page.locator('.field-error[data-field="mobile"]')
            error.wait_for(state="visible")
            page.wait_for_function(
                "document.querySelector('.field-error[data-field=mobile]').textContent")
            assert "11-digit" in error.text_content()
            page.fill("#mobile", "13800138000")
            page.click("#book")
            page.wait_for_selector("#result:not([hidden])", timeout=10000)
            code = page.text_content("#result-code").strip()
            assert len(code) == 8
            page.wait_for_function("document.getElementById('qr').naturalWidth > 0")
            # The booking exists on the hub, as the phone was told.
            seen = requests.post(f"{qhub.url}/api/appointments/{code}/lookup",
                                 json={"last4": "8000"}, timeout=10).json()
            assert seen["service"]["code"] == "advice" and seen["state"] == "booked"
            page.fill("#last4", "8000")
            page.click("#lookup")
            page.wait_for_selector("#found:not([hidden])")
            page.click("#cancel")
            page.wait_for_function(
                "document.getElementById('manage-msg').textContent.includes('cancelled')")
            assert "cancelled" in page.text_content("#found-text")
        finally:
            browser.close()


def test_counter_calls_and_the_display_announces(qhub) -> None:
    sync_api = _playwright()
    t1 = qhub.device("t1")
    for service in ("cash", "cash", "advice"):
        assert requests.post(f"{qhub.url}/api/queue/tickets", json={"service": service},
                             headers=t1, timeout=10).status_code == 201
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            display = browser.new_page(viewport={"width": 1280, "height": 720})
            display.goto(f"{qhub.url}/display/#device=d1&key={qhub.keys['d1']}")
            display.wait_for_function("document.body.dataset.live === '1'", timeout=20000)
            display.wait_for_function(
                "document.querySelector('#waiting tr[data-service=cash] .count')?"
                ".textContent === '2'")
            first_page = display.text_content("#info-zh")  # a branch page between calls
            assert first_page
            display.wait_for_function(  # ... and the next one a moment later
                f"document.getElementById('info-zh').textContent !== {first_page!r}",
                timeout=10000)
            assert "key=" not in display.url  # the key left the address bar

            counter = browser.new_page(viewport={"width": 1024, "height": 900})
            counter.goto(f"{qhub.url}/counter/")
            counter.fill("#username", "cat")
            counter.fill("#password", PASSWORDS["cat"])
            counter.click("#sign-in-button")
            counter.wait_for_function("document.body.dataset.live === '1'", timeout=20000)
            counter.wait_for_selector("#waiting tr[data-number=A001]")
            counter.fill("#counter", "3号窗口")
            counter.click("#next")
            counter.wait_for_selector("#current:not([hidden])")
            assert counter.text_content("#current-number") == "A001"
            display.wait_for_function(
                "window.lastAnnounce && window.lastAnnounce.number === 'A001'", timeout=20000)
            assert display.text_content("#announce-number") == "A001"
            assert "3号窗口" in display.text_content("#announce-zh")
            assert "3号窗口" in display.text_content("#announce-en")
            assert display.locator("#called tr[data-number=A001]").count() == 1
            # Recalled twice (each announced again), then the third recall drops it.
            for n in (1, 2):
                counter.click("button[data-action=recall]")
                counter.wait_for_function(
                    f"document.getElementById('current-info').textContent.endsWith(' {n}')")
            counter.click("button[data-action=recall]")
            counter.wait_for_selector("#current[hidden]", state="attached")
            assert "A001" in counter.text_content("#msg")
            # The lobby manager sends the advice customer to a free self-service terminal.
            lobby = browser.new_page(viewport={"width": 800, "height": 1000})
            lobby.goto(f"{qhub.url}/counter/")
            lobby.fill("#username", "leo")
            lobby.fill("#password", PASSWORDS["leo"])
            lobby.click("#sign-in-button")
            lobby.wait_for_selector("#waiting tr[data-number=D001]")
            lobby.fill("#send-to", "自助终端 2")
            lobby.click("#waiting tr[data-number=D001] button")
            display.wait_for_function("window.lastAnnounce.number === 'D001'", timeout=20000)
            assert "自助终端 2" in display.text_content("#announce-zh")
        finally:
            browser.close()
