"""No teller free: the customer books a callback on the screen and the branch's tellers see it.

The terminal (simulated devices) with its embedded hub; a scripted teller console signed in
but busy.  After ``hub.queue_timeout_s`` the customer picks "Book a callback", mistypes the
phone number (a clear message, the digits stay), corrects it, picks a time; the hub stores
exactly that and the console's list shows it.  Then a call with no microphone says so.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from hub.testpeer import ConsoleThread
from kiosk.config import KioskConfig, LimitsConfig
from kiosk.devices_io.demo import card_text
from kiosk.sandbox.store import cn_id


@pytest.fixture
def callback_kiosk(make_kiosk, tmp_path):
    cfg = KioskConfig(limits=LimitsConfig(submit_wait_seconds=6.0))
    cfg.storage.data_dir = str(tmp_path / "data")  # the embedded hub's database: this test's
    cfg.session.idle_seconds = 600
    cfg.hub.start = True
    cfg.hub.queue_timeout_s = 1.0
    cfg.hub.microphone = "none"  # this terminal has no microphone
    k = make_kiosk(card_text("张伟", cn_id("11010519800101001")), cfg)
    terminal = k.sim.rig.terminal
    terminal.start_teller()
    k.t.shell.attach_teller(terminal)
    hub = terminal.teller.embedded
    console = ConsoleThread(hub.url, hub.teller_username, hub.teller_password)
    yield k, terminal, console
    console.close()


def test_book_a_callback_when_no_teller_is_free(callback_kiosk):
    k, terminal, console = callback_kiosk
    call = k.t.shell.teller_call
    console.run(console.bot.api("PUT", "/api/presence", {"presence": "busy"}))
    k.tap("startButton")
    k.tap("language_zh_CN")
    k.tap("topBarCallTeller")
    k.qtbot.waitUntil(lambda: call.property("queueTimedOut"), timeout=10000)
    k.tap("bookCallback")
    k.item("callbackForm")
    assert call.property("state") == "queued"  # still queued while the customer types
    k.fill("callbackPhone", "1380013")
    k.tap("callbackConfirm")
    k.qtbot.waitUntil(lambda: "11" in (k.find("callbackPhone_error").property("text") or ""))
    assert k.find("callbackPhone_input").property("text") == "1380013"  # nothing lost
    k.fill("callbackPhone", "13800138000")
    k.tap("callbackWindow_1")
    k.tap("callbackConfirm")
    k.qtbot.waitUntil(lambda: call.property("outcome") == "callback", timeout=10000)
    booked = call.property("booked")
    status = k.item("tellerCallStatus").property("text")
    assert booked["reference"] in status and "回电" in status  # zh: "a teller will call back"

    listed = console.run(console.bot.api("GET", "/api/callbacks"))[1]["callbacks"]
    assert len(listed) == 1
    row = listed[0]
    window = call.property("callbackWindows")[1]
    assert row["reference"] == booked["reference"] and row["phone"] == "+8613800138000"
    assert row["language"] == "zh" and row["window_start"] * 1000 == window["start"]
    assert datetime.fromtimestamp(row["window_start"]).hour >= 9
    # The call left the queue with the customer's choice (the hang-up is sent after booking).
    def queued():
        calls = console.run(console.bot.api("GET", "/api/calls"))[1]["calls"]
        return [c for c in calls if c["state"] == "queued"]

    k.qtbot.waitUntil(lambda: not queued(), timeout=10000)


def test_a_call_without_microphone_tells_the_customer(callback_kiosk):
    k, terminal, console = callback_kiosk
    call = k.t.shell.teller_call
    k.tap("startButton")
    k.tap("language_en")
    k.tap("topBarCallTeller")
    waiting = console.run(console.bot.wait_for_call())
    assert waiting["language"] == "en"  # the interface's language, not the journey's
    status, _ = console.run(console.bot.accept(waiting["id"]))
    assert status == 200
    k.qtbot.waitUntil(lambda: call.property("state") == "connected", timeout=15000)
    notice = k.item("tellerNoMicrophone")
    assert "microphone" in notice.property("text")
    k.qtbot.waitUntil(lambda: console.bot.answer_microphone is not None, timeout=5000)
    assert console.bot.answer_microphone["live"] is False
    console.run(console.bot.send({"type": "chat", "text": "Please type your question"}))
    k.qtbot.waitUntil(lambda: "type your question" in call.property("chatText"), timeout=5000)
    assert k.item("tellerChat").isVisible()
    assert console.bot.stats.audio_frames == 0
