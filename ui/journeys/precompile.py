"""Compile the journeys' QML step files on Qt's type-loader thread before they are shown.

A step file compiled the first time the Loader shows it costs the GUI thread 100-200 ms on
this machine; an asynchronous ``QQmlComponent`` does that work on the loader thread and the
Loader later finds the compiled file in the engine's cache.  Triggered when the home screen
shows the tiles (the availability check runs then), once per QML engine.
"""

from __future__ import annotations

import weakref
from pathlib import Path
from typing import Any

QML_ROOT = Path(__file__).resolve().parent
_done: weakref.WeakSet[Any] = weakref.WeakSet()
_components: list[Any] = []


def _engine() -> Any:
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtQml import qmlEngine
    from PySide6.QtQuick import QQuickWindow

    for window in QGuiApplication.topLevelWindows():
        if isinstance(window, QQuickWindow):
            for item in [window.contentItem(), *window.contentItem().childItems()]:
                engine = qmlEngine(item)
                if engine is not None:
                    return engine
    return None


def precompile_steps() -> None:
    """Start compiling every journey step file (once per engine; no-op without a window)."""
    from PySide6.QtCore import QUrl
    from PySide6.QtQml import QQmlComponent

    engine = _engine()
    if engine is None or engine in _done:
        return
    _done.add(engine)
    _components.clear()
    for path in sorted(QML_ROOT.glob("*/*.qml")):
        url = QUrl.fromLocalFile(str(path))
        _components.append(QQmlComponent(engine, url, QQmlComponent.Asynchronous))
