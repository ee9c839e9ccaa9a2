"""Run with Debian's /usr/bin/python3 (pyatspi): read the terminal as a screen reader does.

Prints JSON: the interactive controls (role, name) of the kiosk window before and after
pressing the "touch to start" button through its AT-SPI action.
"""

import json
import sys
import time

import pyatspi

INTERACTIVE = {
    "push button",
    "toggle button",
    "check box",
    "text",
    "entry",
    "radio button",
    "combo box",
    "spin button",
    "slider",
    "link",
    "menu item",
    "page tab",
}


def find_app(name_part, timeout=60.0):
    end = time.time() + timeout
    while time.time() < end:
        desktop = pyatspi.Registry.getDesktop(0)
        for app in desktop:
            if app is not None and name_part in (app.name or ""):
                return app
        time.sleep(0.3)
    return None


def walk(node, depth=0):
    if node is None or depth > 60:
        return
    yield node
    for i in range(node.childCount):
        try:
            yield from walk(node.getChildAtIndex(i), depth + 1)
        except Exception:
            continue


def controls(app):
    out = []
    for node in walk(app):
        try:
            role = node.getRoleName()
            states = node.getState()
            if role in INTERACTIVE and states.contains(pyatspi.STATE_SHOWING):
                out.append({"role": role, "name": node.name or "", "node": node})
        except Exception:
            continue
    return out


def press(app, name):
    for c in controls(app):
        if c["name"] == name:
            action = c["node"].queryAction()
            for i in range(action.nActions):
                if action.getName(i) in ("Press", "press", "click"):
                    action.doAction(i)
                    return True
    return False


def main():
    app = find_app(sys.argv[1] if len(sys.argv) > 1 else "kiosk")
    if app is None:
        print(json.dumps({"error": "application not on the AT-SPI bus"}))
        return 1
    time.sleep(1.0)
    before = [{"role": c["role"], "name": c["name"]} for c in controls(app)]
    pressed = press(app, sys.argv[2] if len(sys.argv) > 2 else "触摸屏幕开始")
    time.sleep(1.5)
    after = [{"role": c["role"], "name": c["name"]} for c in controls(app)]
    print(
        json.dumps(
            {"app": app.name, "before": before, "pressed": pressed, "after": after},
            ensure_ascii=False,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
