"""Inactivity in the real window: the countdown dialog, more time, and the timeout."""

from __future__ import annotations


def test_timeout_path_returns_to_attract(ui, clock):
    t = ui.t
    ui.to_home("en")
    ui.tap("tile_gallery")
    ui.wait_screen("journey")
    clock.advance(29)
    t.shell.tick()
    assert not ui.find("countdownDialog").property("visible")

    clock.advance(1.5)  # idle_seconds = 30 reached
    t.shell.tick()
    ui.item("countdownTitle")
    assert ui.text("countdownTitle") == "Do you need more time?"
    assert "10 seconds" in ui.text("countdownText")  # 9.5 s left, shown rounded up
    clock.advance(2)
    t.shell.tick()
    assert "8 seconds" in ui.text("countdownText")
    assert t.shell.property("sessionActive")

    clock.advance(8)  # countdown_seconds = 10: no answer
    t.shell.tick()
    ui.wait_screen("attract")
    assert not t.shell.property("sessionActive")
    assert not ui.find("countdownDialog").property("visible")
    assert t.shell.property("journey") is None


def test_more_time_keeps_the_session_and_its_data(ui, clock):
    t = ui.t
    ui.to_home("en")
    ui.tap("tile_gallery")
    ui.tap("galleryName_input")
    ui.type("Ann")
    clock.advance(31)
    t.shell.tick()
    ui.tap("moreTimeButton")
    ui.qtbot.waitUntil(lambda: not ui.find("countdownDialog").property("visible"))
    assert t.shell.property("sessionActive")
    assert ui.screen() == "journey"
    assert ui.find("galleryName").property("text") == "Ann"
    clock.advance(29)  # the idle time restarted with the answer
    t.shell.tick()
    assert not t.shell.property("warning")


def test_any_touch_restarts_idle_time(ui, clock):
    ui.to_home("en")
    clock.advance(25)
    ui.tap("homeTitle")  # a tap anywhere, even on text
    clock.advance(25)
    ui.t.shell.tick()
    assert not ui.t.shell.property("warning")


def test_end_now_from_countdown(ui, clock):
    ui.to_home("en")
    clock.advance(31)
    ui.t.shell.tick()
    ui.tap("endNowButton")
    ui.wait_screen("attract")
    assert not ui.t.shell.property("sessionActive")


def test_qtimer_ticks_the_session(ui, clock, qtbot):
    """Without manual ticks: the shell's own QTimer advances the machine."""
    ui.to_home("en")
    clock.advance(31)
    qtbot.waitUntil(lambda: ui.t.shell.property("warning"), timeout=2000)
    clock.advance(11)
    qtbot.waitUntil(lambda: ui.screen() == "attract", timeout=2000)
