"""The customer's path through the real QML window: attract -> language -> home -> journey."""

from __future__ import annotations


def test_attract_language_home_journey_cancel(ui):
    t = ui.t
    assert ui.screen() == "attract"
    assert not t.shell.property("sessionActive")
    assert not ui.find("cancelButton").isVisible()  # nothing to cancel before a session
    assert ui.text("branchName") == t.shell.config.branch.name

    ui.tap("startButton")
    ui.wait_screen("language")
    assert t.shell.property("sessionActive")
    ui.tap("language_en")
    ui.wait_screen("home")
    assert t.shell.property("language") == "en"
    assert ui.text("homeTitle") == "What would you like to do today?"

    # Only journeys whose capability is there get a tile.
    assert ui.item("tile_gallery").property("text") == "Component gallery"  # en
    assert ui.find("tile_not_built") is None
    assert not ui.find("noServices").isVisible()

    ui.tap("tile_gallery")
    ui.wait_screen("journey")
    ui.item("galleryName")
    assert t.shell.property("journeyId") == "gallery"
    assert ui.find("topBarTitle").property("text") == "Your details"
    assert ui.find("stepDots").isVisible()

    ui.cancel()
    ui.wait_screen("attract")
    assert not t.shell.property("sessionActive")
    assert t.shell.property("journey") is None
    assert t.shell.property("language") == "zh_CN"  # back to the branch's default


def test_finish_ends_session(ui):
    ui.to_home("en")
    ui.tap("tile_gallery")
    ui.wait_screen("journey")
    ui.tap("galleryNext")  # the gallery's Continue calls vm.finish("done")
    ui.wait_screen("attract")
    assert not ui.t.shell.property("sessionActive")


def test_home_without_journeys_shows_no_tiles(make_ui):
    ui = make_ui()  # an empty registry: no journey is built
    ui.to_home("en")
    assert ui.item("noServices").isVisible()
    assert ui.t.shell.property("tiles") == []
    assert ui.find("tileGrid").property("visible") is False


def test_tiles_follow_device_availability(ui, qtbot):
    from ui.journey_host import JourneySpec

    ui.t.shell.registry.register(
        JourneySpec(
            id="needs_printer",
            title="Transfer money",
            icon="transfer.svg",
            create=lambda ctx: None,
            available=lambda ctx: ctx.devices.has("printer"),
        )
    )
    ui.to_home("zh_CN")
    assert ui.find("tile_needs_printer") is None
    ui.t.shell.devices.publish("printer", object())  # as the background services would
    tile = ui.item("tile_needs_printer")
    assert tile.property("text") == "转账汇款"  # a standard title is translated by the shell


def test_help_panel_opens_and_hides_teller(ui):
    ui.tap("helpButton")
    ui.item("helpText")
    assert ui.t.shell.property("helpOpen")
    assert "触摸屏幕" in ui.text("helpText")
    assert not ui.find("callTellerButton").isVisible()  # no video tellers yet
    ui.tap("closeHelpButton")
    ui.qtbot.waitUntil(lambda: not ui.t.shell.property("helpOpen"))
    assert ui.screen() == "attract"  # help did not start a session
    assert not ui.t.shell.property("sessionActive")


def test_touch_screen_starts_session_and_counts_as_activity(ui, clock):
    """Real touch events (a kiosk has no mouse): a finger anywhere on attract starts."""
    from PySide6.QtCore import QPoint
    from PySide6.QtTest import QTest

    device = QTest.createTouchDevice()

    def touch(x, y):
        QTest.touchEvent(ui.win, device).press(0, QPoint(x, y), ui.win).commit()
        QTest.touchEvent(ui.win, device).release(0, QPoint(x, y), ui.win).commit()

    touch(100, 600)  # empty part of the attract screen, not the button
    ui.wait_screen("language")
    assert ui.t.shell.property("sessionActive")
    clock.advance(25)
    touch(640, 780)
    clock.advance(25)
    ui.t.shell.tick()
    assert not ui.t.shell.property("warning")  # the touch restarted the idle time


def test_broken_journeys_do_not_take_the_terminal_down(make_ui):
    from pathlib import Path

    from ui.journey_host import JourneyRegistry, JourneySpec, JourneyViewModel

    class Broken(JourneyViewModel):
        def __init__(self, ctx):
            super().__init__(ctx)
            self.set_step(Path(__file__).parent / "qml" / "BrokenStep.qml")

    def explode(ctx):
        raise RuntimeError("journey bug")

    registry = JourneyRegistry()
    registry.register(JourneySpec(id="explodes", title="Transfer money", icon="", create=explode))
    registry.register(
        JourneySpec(id="broken_qml", title="Apply for a card", icon="", create=Broken)
    )
    ui = make_ui(registry)
    ui.to_home("en")
    ui.tap("tile_explodes")
    ui.qtbot.waitUntil(lambda: ui.find("tile_explodes") is None)  # its tile is withdrawn
    assert ui.screen() == "home"
    ui.tap("tile_broken_qml")
    ui.wait_screen("journey")
    assert "not available" in ui.text("stepError")
    ui.cancel()
    ui.wait_screen("attract")
