"""Typing on the terminal: keypads per field kind, Enter moves on, errors clear, locked fields.

A test step with one field of each kind runs in the real window with the real in-window
Qt Virtual Keyboard (the terminal's own keypads from ui/qml/keyboard).
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Property, QPointF, Qt, Signal, Slot
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest

from ui.journey_host import JourneyRegistry, JourneySpec, JourneyViewModel

STEP = Path(__file__).parent / "qml" / "FormStep.qml"


class FormViewModel(JourneyViewModel):
    """Holds one server-side error and counts how often the form was sent."""

    changed = Signal()

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.submits = 0
        self._error = ""
        self.set_step(STEP, 0, 1)

    def _set_error(self, value: str) -> None:
        self._error = value
        self.changed.emit()

    amountError = Property(str, lambda self: self._error, _set_error, notify=changed)

    @Slot()
    def submit(self) -> None:
        self.submits += 1

    def title(self) -> str:
        return "Form"


def form_registry() -> JourneyRegistry:
    registry = JourneyRegistry()
    registry.register(
        JourneySpec(id="form", title="Form", icon="open_account.svg", create=FormViewModel)
    )
    return registry


def open_form(make_ui, language: str = "en"):
    ui = make_ui(form_registry())
    ui.to_home(language)
    ui.tap("tile_form")
    ui.wait_screen("journey")
    ui.item("formAmount_input")
    return ui


def keyboard_keys(window) -> dict[str, object]:
    """Visible keys of the keyboard by their text, plus "hide" for the hide key."""
    found: dict[str, object] = {}
    stack = [window.contentItem()]
    while stack:
        it = stack.pop()
        stack.extend(it.childItems())
        cls = it.metaObject().className()
        if not ("Key" in cls and it.isVisible() and it.width() > 0):
            continue
        if cls.startswith("HideKeyboardKey"):
            found["hide"] = it
            continue
        text = it.property("displayText") or it.property("text")
        if isinstance(text, str) and text.strip():
            found.setdefault(text, it)
    return found


def focus(ui, name: str):
    field = ui.item(name)
    field.forceActiveFocus()
    ui.qtbot.waitUntil(lambda: ui.find("inputPanel").isVisible())
    QTest.qWait(150)  # the layout for the field's kind loads
    return field


def scene_rect(item):
    return item.mapRectToScene(item.boundingRect())


def test_keypads_per_field_kind_and_the_hide_key_stays_put(make_ui, qtbot):
    ui = open_form(make_ui)
    win = ui.t.window
    focus(ui, "formNote_input")
    qtbot.waitUntil(lambda: "q" in keyboard_keys(win))
    letters_hide = scene_rect(keyboard_keys(win)["hide"])
    digits = {str(d) for d in range(10)}
    calculator = {"÷", "×", "√", "%", "(", ")", "+", "-"}
    for name, extra, absent in (
        ("formAmount_input", {"."}, {"X"}),
        ("formId_input", {"X"}, {"."}),
        ("formPhone_input", set(), {".", "X"}),
    ):
        focus(ui, name)
        qtbot.waitUntil(lambda: "q" not in keyboard_keys(win) and "5" in keyboard_keys(win))
        keys = keyboard_keys(win)
        assert digits | extra <= set(keys), (name, sorted(keys))
        assert not (absent | calculator) & set(keys), (name, sorted(keys))
        assert not any(k.isalpha() and k != "X" for k in keys if len(k) == 1), sorted(keys)
        hide = scene_rect(keys["hide"])
        assert abs(hide.center().x() - letters_hide.center().x()) < 2, name
        assert abs(hide.center().y() - letters_hide.center().y()) < 2, name


def test_amount_keypad_types_one_decimal_point(make_ui, qtbot):
    ui = open_form(make_ui)
    win = ui.t.window
    field = focus(ui, "formAmount_input")
    qtbot.waitUntil(lambda: "." in keyboard_keys(win))
    for key in ("1", "2", ".", ".", "5", "0", "7"):
        it = keyboard_keys(win)[key]
        pt = it.mapToScene(QPointF(it.width() / 2, it.height() / 2)).toPoint()
        QTest.mouseClick(win, Qt.LeftButton, Qt.NoModifier, pt)
        QTest.qWait(20)
    # The second point and a third decimal are refused by the field, not typed.
    qtbot.waitUntil(lambda: field.property("text") == "12.50")


def test_enter_moves_to_the_next_field_and_on_the_last_presses_next(make_ui, qtbot):
    ui = open_form(make_ui)
    win = ui.t.window
    focus(ui, "formAmount_input")
    order = ["formId_input", "formPhone_input", "formNote_input"]
    for expected in order:
        QTest.keyClick(win, Qt.Key_Return)
        qtbot.waitUntil(lambda e=expected: win.activeFocusItem().objectName() == e)
    assert ui.t.shell.journey.submits == 0
    QTest.keyClick(win, Qt.Key_Return)
    qtbot.waitUntil(lambda: ui.t.shell.journey.submits == 1)


def test_an_error_goes_away_as_soon_as_the_field_is_valid(make_ui, qtbot):
    ui = open_form(make_ui)
    vm = ui.t.shell.journey
    vm.setProperty("amountError", "Enter a valid amount.")
    error = ui.item("formAmount_error")
    assert error.property("text") == "Enter a valid amount."
    focus(ui, "formAmount_input")
    ui.type(".")  # not an amount yet: the error stays
    QTest.qWait(50)
    assert ui.find("formAmount_error").isVisible()
    ui.type("5")  # ".5" is still not valid (a digit must come first)
    QTest.qWait(50)
    assert ui.find("formAmount_error").isVisible()
    field = ui.find("formAmount_input")
    field.setProperty("text", "")
    ui.type("25")
    qtbot.waitUntil(lambda: not ui.find("formAmount_error").isVisible())
    # The machine judges again on Next: a new error shows again.
    vm.setProperty("amountError", "Above the limit per transfer.")
    qtbot.waitUntil(lambda: ui.find("formAmount_error").isVisible())


def test_a_field_read_from_the_card_is_locked_with_a_lock_mark(make_ui):
    ui = open_form(make_ui)
    field = ui.item("formLocked_input")
    assert field.property("readOnly")
    assert ui.find("formLocked_lock").isVisible()
    field.forceActiveFocus()
    ui.type("x")
    assert field.property("text") == "王小样"
    assert not ui.find("formAmount_lock").isVisible()


def test_busy_shows_only_for_work_over_300_ms(make_ui, qtbot):
    """The step's busy mark appears for slow work and not for a quick answer (no flicker)."""
    from ui.journeys.samples import samples_for

    ui = open_form(make_ui)
    _name, vm = next(iter(samples_for("transfer")(ui.t.shell.ctx)))
    ui.t.shell.show_journey("transfer", vm)
    ui.item("stepPrompt")
    mark = ui.find("busyIndicator")
    release = threading.Event()
    vm.worker.submit(lambda: release.wait(2), lambda *_: None)
    qtbot.waitUntil(lambda: vm.property("busy"))
    QTest.qWait(100)
    assert not mark.isVisible()  # not yet: a quick answer would not flicker
    qtbot.waitUntil(lambda: mark.isVisible(), timeout=2000)
    release.set()
    qtbot.waitUntil(lambda: not mark.isVisible(), timeout=3000)


@pytest.mark.parametrize("mode", ["normal", "contrast"])
def test_busy_mark_stands_out_in_every_mode(make_ui, qtbot, mode):
    """The spinning busy mark contrasts 3:1 with the page behind it (WCAG 1.4.11), in high
    contrast too (the stock indicator is drawn dark grey: invisible on black)."""
    from ui.audit import contrast
    from ui.journeys.samples import samples_for

    ui = open_form(make_ui)
    ui.t.theme.setMode(mode)
    _name, vm = next(iter(samples_for("transfer")(ui.t.shell.ctx)))
    ui.t.shell.show_journey("transfer", vm)
    ui.item("stepPrompt")
    release = threading.Event()
    vm.worker.submit(lambda: release.wait(5), lambda *_: None)
    try:
        mark = ui.item("busyIndicator", timeout=3000)
        QTest.qWait(200)  # a few frames of the spin
        shot = ui.t.window.grabWindow()
        top = mark.mapToScene(QPointF(0, 0))
        page = QColor(ui.t.theme.property("background"))
        best = 1.0
        for y in range(int(top.y()), int(top.y() + mark.height()), 2):
            for x in range(int(top.x()), int(top.x() + mark.width()), 2):
                best = max(best, contrast(shot.pixelColor(x, y), page))
        assert best >= 3.0, f"busy mark {best:.2f}:1 against the page in {mode} mode"
    finally:
        release.set()
