"""Fixtures for the UI tests: the real QML window offscreen, a fake session clock, helpers."""

from __future__ import annotations

import pytest

from ui.window import prepare_environment

# Before any QGuiApplication exists: in-window virtual keyboard, Basic style, offscreen.
prepare_environment()

from PySide6.QtCore import QPointF, Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402
from PySide6.QtQuick import QQuickItem  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from kiosk.config import KioskConfig  # noqa: E402
from ui.gallery import GALLERY  # noqa: E402
from ui.journey_host import JourneyRegistry, JourneySpec  # noqa: E402
from ui.window import build_terminal, find_item  # noqa: E402


class FakeClock:
    """Monotonic seconds that only move when the test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def test_registry() -> JourneyRegistry:
    """The gallery as a journey, plus one whose capability is missing (must stay hidden)."""
    registry = JourneyRegistry()
    registry.register(GALLERY)
    registry.register(
        JourneySpec(
            id="not_built",
            title="Apply for a card",
            icon="card_application.svg",
            create=GALLERY.create,
            available=lambda ctx: False,
        )
    )
    return registry


test_registry.__test__ = False  # a helper, not a test


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def config() -> KioskConfig:
    cfg = KioskConfig()
    cfg.session.idle_seconds = 30
    cfg.session.countdown_seconds = 10
    return cfg


@pytest.fixture
def terminal(qapp, config, clock):
    term = build_terminal(config, registry=test_registry(), clock=clock)
    term.window.show()
    QTest.qWaitForWindowExposed(term.window)
    yield term
    term.close()
    QTest.qWait(10)


class Driver:
    """Finds items by objectName and taps them like a finger would."""

    def __init__(self, terminal, qtbot) -> None:
        self.t = terminal
        self.qtbot = qtbot
        self.win = terminal.window

    def find(self, name: str) -> QQuickItem | None:
        return find_item(self.win, name)

    def item(self, name: str, timeout: int = 5000) -> QQuickItem:
        self.qtbot.waitUntil(lambda: self._shown(self.find(name)), timeout=timeout)
        return self.find(name)

    @staticmethod
    def _shown(it: QQuickItem | None) -> bool:
        if it is None or not it.isVisible():
            return False
        while it is not None:  # wait for fades to finish: taps on a fading screen are flaky
            if it.opacity() < 1.0:
                return False
            it = it.parentItem()
        return True

    def tap(self, name: str) -> None:
        it = self.item(name)
        pt = it.mapToScene(QPointF(it.width() / 2, it.height() / 2))
        panel = self.find("inputPanel")
        if panel.isVisible() and pt.y() >= panel.y():
            # Under the keyboard: a customer would put the keyboard away first.
            QGuiApplication.inputMethod().hide()
            self.qtbot.waitUntil(lambda: not panel.isVisible())
            pt = it.mapToScene(QPointF(it.width() / 2, it.height() / 2))
        QTest.mouseClick(self.win, Qt.LeftButton, Qt.NoModifier, pt.toPoint())

    def cancel(self) -> None:
        """Top-bar Cancel, answering Yes when a journey asks "End and clear everything?"."""
        self.tap("cancelButton")
        self.qtbot.waitUntil(
            lambda: self.screen() == "attract" or self.t.shell.property("cancelAsked"),
            timeout=5000,
        )
        if self.t.shell.property("cancelAsked"):
            self.tap("cancelYesButton")

    def text(self, name: str) -> str:
        return self.item(name).property("text")

    def screen(self) -> str:
        return self.t.shell.property("screen")

    def wait_screen(self, screen: str) -> None:
        self.qtbot.waitUntil(lambda: self.screen() == screen, timeout=5000)
        self.item(f"{screen}Screen")

    def type(self, text: str) -> None:
        for ch in text:
            QTest.sendKeyEvent(QTest.KeyAction.Click, self.win, Qt.Key_unknown, ch, Qt.NoModifier)

    def to_home(self, language: str = "zh_CN") -> None:
        self.tap("startButton")
        self.wait_screen("language")
        self.tap(f"language_{language}")
        self.wait_screen("home")


@pytest.fixture
def ui(terminal, qtbot) -> Driver:
    return Driver(terminal, qtbot)


@pytest.fixture
def make_ui(qapp, config, clock, qtbot):
    """Factory: ``make_ui(registry)`` -> a Driver on a new window (closed after the test)."""
    made = []

    def make(registry: JourneyRegistry | None = None) -> Driver:
        term = build_terminal(config, registry=registry or JourneyRegistry(), clock=clock)
        term.window.show()
        QTest.qWaitForWindowExposed(term.window)
        made.append(term)
        return Driver(term, qtbot)

    yield make
    for term in made:
        term.close()
