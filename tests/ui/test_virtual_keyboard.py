"""Typing through the in-window Qt Virtual Keyboard: Pinyin in Chinese, digits for numbers."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest


def keys(window):
    """Visible keyboard keys by their displayed text."""
    found = {}
    stack = [window.contentItem()]
    while stack:
        it = stack.pop()
        stack.extend(it.childItems())
        cls = it.metaObject().className()
        if "Key" in cls and it.isVisible() and it.width() > 0:
            text = it.property("displayText") or it.property("text")
            if isinstance(text, str) and text:
                found.setdefault(text, it)
    return found


def tap_item(window, it):
    pt = it.mapToScene(QPointF(it.width() / 2, it.height() / 2)).toPoint()
    QTest.mouseClick(window, Qt.LeftButton, Qt.NoModifier, pt)


def candidate_text(item):
    stack = list(item.childItems())
    while stack:
        it = stack.pop()
        stack.extend(it.childItems())
        text = it.property("text")
        if isinstance(text, str) and text:
            return text
    return ""


def candidates(window):
    """The Pinyin candidate bar's words -> their items."""
    out = {}
    stack = [window.contentItem()]
    while stack:
        it = stack.pop()
        stack.extend(it.childItems())
        if it.metaObject().className().startswith("SelectionListItem") and it.isVisible():
            out.setdefault(candidate_text(it), it)
    return out


def open_gallery(ui, language):
    ui.to_home(language)
    ui.tap("tile_gallery")
    ui.tap("galleryName_input")
    ui.qtbot.waitUntil(lambda: ui.find("inputPanel").isVisible())


def test_pinyin_nihao(ui, qtbot):
    open_gallery(ui, "zh_CN")
    win = ui.t.window
    qtbot.waitUntil(lambda: "n" in keys(win))
    for letter in "nihao":
        tap_item(win, keys(win)[letter])
        QTest.qWait(30)
    QTest.qWait(300)  # the candidate bar animates in
    qtbot.waitUntil(lambda: "你好" in candidates(win))
    tap_item(win, candidates(win)["你好"])
    qtbot.waitUntil(lambda: ui.find("galleryName").property("text") == "你好")
    assert ui.t.shell.session.personal["name"] == "你好"


def test_english_layout_types_latin(ui, qtbot):
    open_gallery(ui, "en")
    win = ui.t.window
    qtbot.waitUntil(lambda: "a" in keys(win))
    for letter in "ann":
        tap_item(win, keys(win)[letter])
    qtbot.waitUntil(lambda: ui.find("galleryName").property("text").lower() == "ann")


def test_number_field_opens_numeric_layout(ui, qtbot):
    open_gallery(ui, "en")
    phone = ui.find("galleryPhone_input")
    hints = phone.property("inputMethodHints")
    assert hints & Qt.InputMethodHint.ImhDigitsOnly
    QTest.qWait(200)
    ui.tap("galleryPhone_input")
    win = ui.t.window
    qtbot.waitUntil(lambda: {"1", "5", "9"} <= set(keys(win)) and "q" not in keys(win))
    for digit in "138":
        tap_item(win, keys(win)[digit])
    qtbot.waitUntil(lambda: ui.find("galleryPhone").property("text") == "138")
    assert isinstance(phone, QQuickItem)


def test_focused_field_scrolls_above_the_keyboard(ui, qtbot):
    """In large text the phone field sits under the keyboard; focusing it scrolls it up."""
    ui.t.theme.setProperty("largeText", True)
    open_gallery(ui, "en")
    phone = ui.find("galleryPhone_input")
    phone.forceActiveFocus()
    panel = ui.find("inputPanel")
    qtbot.waitUntil(lambda: panel.isVisible())

    def bottom_in_scene():
        return phone.mapToScene(phone.boundingRect().bottomLeft()).y()

    qtbot.waitUntil(lambda: bottom_in_scene() <= panel.y(), timeout=2000)
    ui.tap("galleryPhone_input")  # now reachable without closing the keyboard
    win = ui.t.window
    qtbot.waitUntil(lambda: "7" in keys(win))
    tap_item(win, keys(win)["7"])
    qtbot.waitUntil(lambda: ui.find("galleryPhone").property("text") == "7")


def test_keyboard_learning_stays_in_runtime_storage_and_is_reset(ui, qtbot):
    """What Pinyin learns from a customer lives under XDG_RUNTIME_DIR and is reset at the end."""
    import os

    settings = ui.t.engine.singletonInstance(
        "QtQuick.VirtualKeyboard.Settings", "VirtualKeyboardSettings"
    )
    path = settings.property("userDataPath")
    assert path.startswith(os.environ["XDG_RUNTIME_DIR"])
    resets = []
    settings.userDataReset.connect(lambda: resets.append(1))
    ui.to_home("zh_CN")
    assert not resets
    ui.tap("cancelButton")
    ui.wait_screen("attract")
    assert resets == [1]
