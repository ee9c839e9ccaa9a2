"""Session end wipes personal data: nothing typed stays reachable from the application.

The test types a marker name and phone number through the real window, ends the session
(cancel, timeout, finish) and then searches (1) everything reachable through
``gc.get_referents`` from the application objects, (2) every container object Python's
collector knows, and (3) the text of every QML item left in the window.  The test keeps
the marker only as separate characters, so its own frame never holds the joined string.
"""

from __future__ import annotations

import gc

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtTest import QTest

NAME_CHARS = list("Qx") + list("Wipemarker")  # joined only inside the application
PHONE_CHARS = list("13912") + list("345678")


def _contains(obj, needle) -> bool:
    if isinstance(obj, str):
        return needle(obj)
    if isinstance(obj, bytes):
        return needle(obj.decode("utf-8", "replace"))
    return False


def reachable_strings(roots):
    seen, stack, found = set(), list(roots), []
    while stack:
        obj = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        if isinstance(obj, str | bytes):
            found.append(obj)
            continue
        if isinstance(obj, type) or type(obj).__name__ == "module":
            continue  # classes and modules: code, not session state
        stack.extend(gc.get_referents(obj))
    return found


def has_marker(text) -> bool:
    s = text if isinstance(text, str) else text.decode("utf-8", "replace")
    return ("".join(NAME_CHARS[:2]) + "Wipe") in s or ("13912" + "3456") in s


def qml_texts(window):
    out = []
    stack = [window.contentItem()]
    while stack:
        it = stack.pop()
        stack.extend(it.childItems())
        for prop in ("text", "displayText", "preeditText"):
            value = it.property(prop)
            if isinstance(value, str) and value:
                out.append(value)
    return out


def type_marker(ui):
    ui.to_home("en")
    ui.tap("tile_gallery")
    ui.tap("galleryName_input")
    for ch in NAME_CHARS:
        ui.type(ch)
    ui.tap("galleryPhone_input")
    for ch in PHONE_CHARS:
        ui.type(ch)
    # It really is in the application now.
    assert has_marker(ui.t.shell.session.personal["name"])
    assert has_marker(ui.t.shell.session.personal["phone"])
    assert any(has_marker(t) for t in qml_texts(ui.t.window))


def settle(ui):
    for _ in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QTest.qWait(20)
    ui.t.engine.collectGarbage()
    gc.collect()


def find_leaks(t):
    roots = [
        t,
        t.shell,
        t.shell.session,
        t.shell.ctx,
        t.shell.registry,
        t.shell.devices,
        t.translations,
        t.theme,
        t.engine,
        t.window,
        t.engine.rootContext(),
        QCoreApplication.instance(),
    ]
    reachable = [s for s in reachable_strings(roots) if has_marker(s)]
    containers = [o for o in gc.get_objects() if isinstance(o, dict | list | tuple | set)]
    held = [
        o
        for o in containers
        if any(_contains(v, has_marker) for v in (o.values() if isinstance(o, dict) else o))
    ]
    on_screen = [text for text in qml_texts(t.window) if has_marker(text)]
    return reachable, held, on_screen


def test_the_search_finds_a_leak(ui):
    """Not vacuous: a copy of the personal data kept on the shell is found."""
    type_marker(ui)
    ui.t.shell.leaky_cache = [dict(ui.t.shell.session.personal)]
    ui.cancel()
    ui.wait_screen("attract")
    settle(ui)
    reachable, held, _ = find_leaks(ui.t)
    assert reachable and held
    del ui.t.shell.leaky_cache


@pytest.mark.parametrize("how", ["cancel", "timeout", "finish"])
def test_nothing_of_the_session_stays_reachable(ui, clock, how):
    t = ui.t
    type_marker(ui)
    if how == "cancel":
        ui.cancel()
    elif how == "timeout":
        clock.advance(31)
        t.shell.tick()
        clock.advance(11)
        t.shell.tick()
    else:
        ui.tap("galleryNext")
    ui.wait_screen("attract")
    settle(ui)
    reachable, held, on_screen = find_leaks(t)
    assert not reachable, f"session data still reachable: {reachable!r}"
    assert not held, f"session data still held by Python objects: {held!r}"
    assert not on_screen
    assert ui.find("galleryName") is None
    assert t.shell.session.personal == {}
    assert t.shell.property("journey") is None
