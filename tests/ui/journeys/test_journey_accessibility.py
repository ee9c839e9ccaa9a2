"""Every journey step (the screenshot samples) names every interactive control, in both
languages, as a screen reader reads it (QAccessible, in-process)."""

from PySide6.QtGui import QAccessible

from ui.journey_host import JourneyRegistry
from ui.journeys import register

INTERACTIVE = {
    QAccessible.Role.Button,
    QAccessible.Role.PushButton,
    QAccessible.Role.CheckBox,
    QAccessible.Role.EditableText,
    QAccessible.Role.Canvas,
}


def walk(iface, depth=0):
    if iface is None or not iface.isValid() or depth > 60:
        return
    yield iface
    for i in range(iface.childCount()):
        yield from walk(iface.child(i), depth + 1)


def test_every_step_names_its_controls(make_ui, qtbot):
    registry = JourneyRegistry()
    register(registry)
    ui = make_ui(registry)
    shell = ui.t.shell
    checked = {"zh_CN": 0, "en": 0}
    for language in checked:
        shell.setLanguage(language)
        for spec in registry.all():
            for name, vm in spec.samples(shell.ctx):
                shell.show_journey(spec.id, vm)
                qtbot.waitUntil(
                    lambda: ui.find("stepPrompt") is not None or ui.find("endedMessage") is not None
                )
                qtbot.waitUntil(lambda vm=vm: not vm.property("busy"), timeout=10000)
                found = [
                    i
                    for i in walk(QAccessible.queryAccessibleInterface(ui.win))
                    if i.role() in INTERACTIVE and not i.state().invisible
                ]
                unnamed = [
                    i.object().objectName() if i.object() else "?"
                    for i in found
                    if not i.text(QAccessible.Text.Name).strip()
                ]
                assert found and not unnamed, f"{spec.id}/{name}/{language}: {unnamed}"
                checked[language] += 1
                shell.home()
    # Every sample state in both languages; at least the first wave's 15 (more as journeys grow).
    assert checked["zh_CN"] == checked["en"] >= 15, checked
