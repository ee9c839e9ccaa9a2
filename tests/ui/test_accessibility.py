"""Every interactive control on every screen has an accessible name, in the current language.

Walks the same tree a screen reader gets over AT-SPI (QAccessible, in-process).
"""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAccessible, QAccessibleActionInterface

INTERACTIVE = {
    QAccessible.Role.Button,
    QAccessible.Role.PushButton,
    QAccessible.Role.CheckBox,
    QAccessible.Role.RadioButton,
    QAccessible.Role.EditableText,
    QAccessible.Role.ComboBox,
    QAccessible.Role.SpinBox,
    QAccessible.Role.Slider,
    QAccessible.Role.Link,
    QAccessible.Role.MenuItem,
    QAccessible.Role.ListItem,
    QAccessible.Role.PageTab,
}


def walk(iface, depth=0):
    if iface is None or not iface.isValid() or depth > 60:
        return
    yield iface
    for i in range(iface.childCount()):
        yield from walk(iface.child(i), depth + 1)


def controls(window):
    out = []
    for iface in walk(QAccessible.queryAccessibleInterface(window)):
        state = iface.state()
        if iface.role() in INTERACTIVE and not state.invisible:
            out.append(iface)
    return out


def assert_all_named(window, where):
    found = controls(window)
    assert found, f"{where}: no interactive controls found in the accessibility tree"
    unnamed = [
        f"{i.role().name} ({i.object().objectName() if i.object() else '?'})"
        for i in found
        if not i.text(QAccessible.Text.Name).strip()
    ]
    assert not unnamed, f"{where}: controls without an accessible name: {unnamed}"
    return {i.text(QAccessible.Text.Name) for i in found}


SCREENS = ["attract", "help", "language", "home", "journey", "countdown"]


def go(ui, clock, screen):
    shell = ui.t.shell
    if screen == "help":
        ui.tap("helpButton")
        ui.item("closeHelpButton")
    elif screen == "language":
        ui.tap("startButton")
        ui.wait_screen("language")
    elif screen == "home":
        ui.to_home(shell.property("language"))
    elif screen == "journey":
        ui.to_home(shell.property("language"))
        ui.tap("tile_gallery")
        ui.wait_screen("journey")
        ui.item("galleryName")
    elif screen == "countdown":
        ui.to_home(shell.property("language"))
        clock.advance(31)
        shell.tick()
        ui.item("moreTimeButton")


@pytest.mark.parametrize("language", ["zh_CN", "en"])
@pytest.mark.parametrize("screen", SCREENS)
def test_every_control_is_named(ui, clock, screen, language):
    ui.t.shell.setLanguage(language)
    go(ui, clock, screen)
    names = assert_all_named(ui.t.window, f"{screen}/{language}")
    # Names follow the language: the top bar's help button is named in it.
    assert ("帮助" if language == "zh_CN" else "Help") in names


def test_roles_and_descriptions(ui):
    ui.to_home("en")
    ui.tap("tile_gallery")
    ui.item("galleryName")
    by_name = {i.text(QAccessible.Text.Name): i for i in controls(ui.t.window)}
    assert by_name["Full name"].role() == QAccessible.Role.EditableText
    assert by_name["Mobile phone number"].role() == QAccessible.Role.EditableText
    cancel = by_name["Cancel"]
    assert cancel.role() in (QAccessible.Role.Button, QAccessible.Role.PushButton)
    assert "clears" in cancel.text(QAccessible.Text.Description)
    large = by_name["Large text"]
    assert large.role() == QAccessible.Role.CheckBox
    assert "Switch language to 简体中文" in by_name


def test_press_action_operates_a_control(ui):
    """A screen reader presses buttons through the action interface."""
    start = next(
        i for i in controls(ui.t.window) if i.text(QAccessible.Text.Name) == "触摸屏幕开始"
    )
    action = start.actionInterface()
    assert action is not None
    assert QAccessibleActionInterface.pressAction() in action.actionNames()
    action.doAction(QAccessibleActionInterface.pressAction())
    ui.wait_screen("language")


def test_walk_catches_an_unnamed_control(make_ui):
    """The walk is not vacuous: an icon-only button without a name fails it."""
    from pathlib import Path

    from ui.journey_host import JourneyRegistry, JourneySpec, JourneyViewModel

    step = Path(__file__).parent / "qml" / "UnnamedStep.qml"

    class Unnamed(JourneyViewModel):
        def __init__(self, ctx):
            super().__init__(ctx)
            self.set_step(step)

    registry = JourneyRegistry()
    registry.register(JourneySpec(id="unnamed", title="Test", icon="", create=Unnamed))
    ui = make_ui(registry)
    ui.to_home("en")
    ui.tap("tile_unnamed")
    ui.item("unnamedButton")
    with pytest.raises(AssertionError, match="unnamedButton"):
        assert_all_named(ui.t.window, "unnamed step")
