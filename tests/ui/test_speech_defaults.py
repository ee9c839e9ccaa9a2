"""Speech: a real engine on a real terminal by default, silent in tests; the countdown spoken."""

from __future__ import annotations

from PySide6.QtTextToSpeech import QTextToSpeech

from kiosk.config import KioskConfig
from ui.journeys.speech import Guidance, engine_for


def test_auto_speaks_with_speechd_only_on_a_full_screen_terminal(monkeypatch):
    cfg = KioskConfig()
    assert cfg.ui.speech_engine == "auto"
    assert engine_for(cfg) == "mock"  # windowed demo / tests
    cfg.ui.fullscreen = True
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert engine_for(cfg) == "mock"  # nobody can hear an offscreen window
    monkeypatch.setenv("QT_QPA_PLATFORM", "wayland")
    expected = "speechd" if "speechd" in QTextToSpeech.availableEngines() else "mock"
    assert engine_for(cfg) == expected
    cfg.ui.speech_engine = "mock"
    assert engine_for(cfg) == "mock"  # a name forces that engine


def test_unresolved_auto_stays_silent(qapp):
    assert Guidance("auto").engine_name == "mock"


def test_the_countdown_warning_is_spoken_as_well_as_shown(ui, clock):
    ui.to_home("en")
    clock.advance(31)  # idle 30 s: the warning
    ui.t.shell.tick()
    ui.qtbot.waitUntil(lambda: ui.find("countdownDialog").property("opened"))
    ui.qtbot.waitUntil(lambda: ui.t.shell._guidance is not None)
    said = ui.t.shell._guidance.history
    ui.qtbot.waitUntil(lambda: any("Do you need more time?" in s for s in said))
    assert any("seconds" in s for s in said)
