"""Builds the terminal's window: environment, translations, QML engine and view-models.

Shared by ``kiosk run`` (:mod:`ui.app`), the tests and ``make screenshots`` so all three
drive exactly the same UI.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.config import KioskConfig

log = logging.getLogger(__name__)

QML_DIR = Path(__file__).resolve().parent / "qml"
MAIN_QML = QML_DIR / "Main.qml"


def prepare_environment(environ: dict[str, str] | None = None) -> str:
    """Set Qt's environment before the application object exists; return a note or "".

    The virtual keyboard must live inside the window (``..._DESKTOP_DISABLE``), and a
    machine without a display falls back to offscreen rendering instead of aborting.
    """
    env = os.environ if environ is None else environ
    env["QT_IM_MODULE"] = "qtvirtualkeyboard"
    env["QT_VIRTUALKEYBOARD_DESKTOP_DISABLE"] = "1"
    env.setdefault("QT_QUICK_CONTROLS_STYLE", "Basic")
    if not env.get("QT_QPA_PLATFORM") and not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        env["QT_QPA_PLATFORM"] = "offscreen"
        return (
            "kiosk: no display found (DISPLAY/WAYLAND_DISPLAY unset): rendering offscreen; "
            "the window is not visible. Set DISPLAY or QT_QPA_PLATFORM to show it."
        )
    return ""


@dataclass
class Terminal:
    """The live UI objects of one terminal window."""

    engine: Any
    window: Any
    shell: Any
    theme: Any
    translations: Any
    warnings: list[str] = field(default_factory=list)

    def close(self) -> None:
        """Tear down in the safe order: QML engine first, then its view-models."""
        import shiboken6

        if self.window is not None:
            self.window.removeEventFilter(self.shell.activity)
        self.shell.end_session("shutdown")
        self.translations.detach_engine(self.engine)
        if self.window is not None:
            self.window.close()
        if shiboken6.isValid(self.engine):
            shiboken6.delete(self.engine)
        self.engine = self.window = self.theme = None


def build_terminal(
    config: KioskConfig,
    registry: Any = None,
    clock: Any = None,
    load_journeys: bool = True,
) -> Terminal:
    """Create the QML window for ``config`` (a QGuiApplication must exist).

    Args:
        config: the validated configuration.
        registry: a :class:`ui.journey_host.JourneyRegistry`; default: a new one filled by
            ``ui.journeys.register`` (when ``load_journeys``).
        clock: session clock override (tests).
        load_journeys: register the installed journeys now into a default registry
            (``kiosk run`` passes False and calls ``shell.load_journeys()`` after the first
            frame).
    """
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QFont, QGuiApplication
    from PySide6.QtQml import QQmlApplicationEngine
    from PySide6.QtQuick import QQuickWindow  # noqa: F401 - root objects typed as QQuickWindow

    import ui.theme  # noqa: F401 - registers the Kiosk.Theme QML singleton
    from ui.i18n import Translations, available_languages
    from ui.journey_host import JourneyRegistry
    from ui.shell import ShellViewModel

    app = QGuiApplication.instance()
    app.setFont(QFont("Noto Sans CJK SC"))
    default_registry = registry is None
    if registry is None:
        registry = JourneyRegistry()
    translations = Translations(available_languages())
    shell = ShellViewModel(config, registry, translations, clock=clock)
    if load_journeys and default_registry:
        shell.load_journeys()
    engine = QQmlApplicationEngine()
    warnings: list[str] = []
    engine.warnings.connect(lambda ws: warnings.extend(w.toString() for w in ws))
    engine.addImportPath(str(QML_DIR))
    from ui.icons import IconProvider

    engine.addImageProvider("icon", IconProvider())  # image://icon/NAME/COLOUR
    engine.addImageProvider("teller", shell.teller_call.provider)  # the teller's video
    translations.attach_engine(engine)
    default = config.ui.default_language
    if default not in translations.languages:
        default = next(iter(translations.languages))
    translations.switch(default)
    from ui.maintenance.viewmodel import DiagnosticsViewModel

    shell.diagnostics = DiagnosticsViewModel(shell, parent=shell)  # technicians' mode
    engine.setInitialProperties({"shell": shell, "diagnostics": shell.diagnostics})
    engine.load(str(MAIN_QML))
    roots = engine.rootObjects()
    if not roots:
        raise RuntimeError("the QML window failed to load:\n" + "\n".join(warnings))
    window = roots[0]
    theme = engine.singletonInstance("Kiosk", "Theme")
    theme.setProperty("largeText", config.ui.large_text)
    shell.theme = theme
    window.installEventFilter(shell.activity)
    _hide_keyboard_shadow_input(window)

    def collect_js_garbage(session: Any, reason: str) -> None:
        # The deleted step's strings may linger in the JS heap until its next collection.
        QTimer.singleShot(0, engine, engine.collectGarbage)

    shell.session.on_end(collect_js_garbage)  # every input event reaches the window first
    window.resize(config.ui.width, config.ui.height)
    return Terminal(engine, window, shell, theme, translations, warnings)


def find_item(window: Any, name: str) -> Any:
    """An item (or Popup) by objectName, also among Repeater delegates; None when absent.

    Delegates and the keyboard's items are in the item tree but not QObject children of
    the window, so ``findChild`` alone misses them.
    """
    from PySide6.QtCore import QObject

    found = window.findChild(QObject, name)
    if found is not None:
        return found
    stack = [window.contentItem()]
    while stack:
        item = stack.pop()
        if item.objectName() == name:
            return item
        stack.extend(item.childItems())
    return None


def _hide_keyboard_shadow_input(window: Any) -> None:
    """Keep the virtual keyboard's full-screen-mode text field out of the accessibility tree.

    Qt 6.11's QQuickTextInput reports itself visible to QAccessible even inside a hidden
    InputPanel, so a screen reader would meet an unnamed edit field.  The terminal never
    uses the keyboard's full-screen mode, where that field is shown.
    """
    from PySide6.QtQml import QQmlProperty, qmlContext

    shadow = find_item(window, "shadowInput")
    if shadow is not None:
        QQmlProperty(shadow, "Accessible.ignored", qmlContext(shadow)).write(True)
