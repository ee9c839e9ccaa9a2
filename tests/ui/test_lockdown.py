"""The terminal's own key filter: no chord, right-click or context menu leaves its screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QContextMenuEvent, QGuiApplication, QKeyEvent
from PySide6.QtTest import QTest

from ui.lockdown import KeyFilter, lock_down

K, M = Qt.Key, Qt.KeyboardModifier
CHORDS = {
    "Alt+F4": (K.Key_F4, M.AltModifier),
    "Alt+Tab": (K.Key_Tab, M.AltModifier),
    "Alt+Shift+Tab": (K.Key_Backtab, M.AltModifier | M.ShiftModifier),
    "Ctrl+Alt+Backspace": (K.Key_Backspace, M.ControlModifier | M.AltModifier),
    "Ctrl+Alt+Delete": (K.Key_Delete, M.ControlModifier | M.AltModifier),
    "Ctrl+Alt+F2": (K.Key_F2, M.ControlModifier | M.AltModifier),
    "Super": (K.Key_Super_L, M.MetaModifier),
    "Super+D": (K.Key_D, M.MetaModifier),
    "Meta": (K.Key_Meta, M.NoModifier),
    "Esc": (K.Key_Escape, M.NoModifier),
    "F11": (K.Key_F11, M.NoModifier),
    "Menu": (K.Key_Menu, M.NoModifier),
    "Ctrl+W": (K.Key_W, M.ControlModifier),
}


@pytest.fixture
def locked(qapp, ui):
    ui.to_home()
    ui.win.requestActivate()
    ui.qtbot.waitUntil(lambda: ui.win.isActive())
    keys = lock_down(qapp, ui.win, fullscreen=False)
    yield ui, keys
    qapp.removeEventFilter(keys)
    keys.deleteLater()


def _still_there(ui, focus) -> None:
    assert ui.screen() == "home"
    assert ui.win.isVisible() and ui.win.isActive()
    assert ui.win.activeFocusItem() is focus
    assert QGuiApplication.focusWindow() is ui.win


def test_escape_chords_are_swallowed(locked):
    ui, keys = locked
    focus = ui.win.activeFocusItem()
    for count, (name, (key, mods)) in enumerate(CHORDS.items(), start=1):
        for kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QGuiApplication.sendEvent(ui.win, QKeyEvent(kind, key, mods))
        assert keys.swallowed == 3 * count, name
        QTest.qWait(20)
        _still_there(ui, focus)


def test_ordinary_typing_still_reaches_the_terminal(locked):
    ui, keys = locked
    QTest.sendKeyEvent(QTest.KeyAction.Click, ui.win, K.Key_A, "a", M.NoModifier)
    QTest.sendKeyEvent(QTest.KeyAction.Click, ui.win, K.Key_A, "A", M.ShiftModifier)
    assert keys.swallowed == 0


def test_right_click_and_context_menus_are_swallowed(locked):
    ui, keys = locked
    focus = ui.win.activeFocusItem()
    centre = QPoint(ui.win.width() // 2, ui.win.height() // 2)
    QTest.mouseClick(ui.win, Qt.MouseButton.RightButton, M.NoModifier, centre)
    assert keys.swallowed == 2  # press and release
    # What a touch long-press, a right-click and the Menu key turn into.
    for reason in (QContextMenuEvent.Reason.Other, QContextMenuEvent.Reason.Mouse,
                   QContextMenuEvent.Reason.Keyboard):  # fmt: skip
        QGuiApplication.sendEvent(ui.win, QContextMenuEvent(reason, centre))
    assert keys.swallowed == 5
    QTest.qWait(50)
    _still_there(ui, focus)


def test_filter_is_a_qobject_on_the_application(qapp):
    keys = KeyFilter()
    assert keys.eventFilter(qapp, QKeyEvent(QEvent.Type.KeyPress, K.Key_B, M.NoModifier)) is False
    assert keys.eventFilter(qapp, QKeyEvent(QEvent.Type.KeyPress, K.Key_F4, M.AltModifier))
