"""Lockdown of a real terminal: full screen, no pointer, no way out from a keyboard or a touch.

cage gives the terminal the whole screen with no desktop behind it and (without ``-s``) no VT
switching; this module is the terminal's own half.  :class:`KeyFilter` sits on the
application, so it sees every input event before any window or item does, and swallows the
chords that leave a kiosk elsewhere (Alt+F4, Alt+Tab, Ctrl+Alt+Backspace, Ctrl+Alt+Fn, the
Super/Meta keys, Esc, F11, the Menu key) and every context menu (right-click, the Menu key,
a touch long-press, which Qt delivers as a ``ContextMenu`` event).  Ordinary typing from a
plugged keyboard still reaches the forms.  The technician's way out is the diagnostics mode,
never a key chord.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import threading

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QMouseEvent

log = logging.getLogger(__name__)

K = Qt.Key
M = Qt.KeyboardModifier
_KEY_EVENTS = (QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride)
_MOUSE_EVENTS = (
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseButtonDblClick,
)
# Keys swallowed whatever the modifiers.
ALWAYS = {K.Key_Escape, K.Key_F11, K.Key_Meta, K.Key_Super_L, K.Key_Super_R, K.Key_Menu,
          K.Key_Hyper_L, K.Key_Hyper_R, K.Key_ApplicationLeft, K.Key_ApplicationRight,
          K.Key_LaunchMedia, K.Key_Launch0, K.Key_Explorer, K.Key_PowerOff, K.Key_Sleep,
          K.Key_Suspend, K.Key_Hibernate, K.Key_WakeUp, K.Key_LogOff}  # fmt: skip
_FUNCTION_KEYS = {getattr(K, f"Key_F{n}") for n in range(1, 13)}


def is_escape_chord(key: int, mods: Qt.KeyboardModifier) -> bool:
    """True for a key (with its modifiers) that could leave the terminal's screen."""
    key = K(key)
    if key in ALWAYS or mods & M.MetaModifier:
        return True
    alt, ctrl = bool(mods & M.AltModifier), bool(mods & M.ControlModifier)
    if alt and key in (K.Key_F4, K.Key_Tab, K.Key_Backtab, K.Key_Escape, K.Key_Space):
        return True
    if ctrl and alt and (key in (K.Key_Backspace, K.Key_Delete) or key in _FUNCTION_KEYS):
        return True
    return ctrl and key in (K.Key_Q, K.Key_W)  # quit / close window in many toolkits


class KeyFilter(QObject):
    """Application-wide event filter; ``swallowed`` counts what it kept from the UI."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.swallowed = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Return True (swallow) for an escape chord, a right button or a context menu."""
        kind = event.type()
        if kind in _KEY_EVENTS and isinstance(event, QKeyEvent):
            if is_escape_chord(event.key(), event.modifiers()):
                return self._swallow(event)
        elif kind in _MOUSE_EVENTS and isinstance(event, QMouseEvent):
            if event.button() == Qt.MouseButton.RightButton:
                return self._swallow(event)
        elif kind == QEvent.Type.ContextMenu:
            return self._swallow(event)
        return False

    def _swallow(self, event: QEvent) -> bool:
        self.swallowed += 1
        event.accept()
        return True


def inhibit_blanking(platform: str) -> None:
    """Keep the screen on while in service (screen saver and power saving off).

    cage runs no idle manager, so a Wayland terminal never blanks; under X11 the server's own
    screen saver and DPMS are switched off with ``xset`` (off the GUI thread).
    """
    if platform != "xcb" or not shutil.which("xset"):
        return

    def run() -> None:
        r = subprocess.run(["xset", "s", "off", "s", "noblank", "-dpms"], capture_output=True)
        if r.returncode:
            log.warning("xset could not switch blanking off: %s", r.stderr.decode().strip())

    threading.Thread(target=run, name="no-blanking", daemon=True).start()


def lock_down(app: QGuiApplication, window: object, fullscreen: bool) -> KeyFilter:
    """Install the key filter on ``app``; in full screen also hide the pointer and frame."""
    keys = KeyFilter(app)
    app.installEventFilter(keys)
    if fullscreen:
        app.setOverrideCursor(Qt.CursorShape.BlankCursor)  # a touch terminal shows no pointer
        window.setFlag(Qt.WindowType.FramelessWindowHint, True)
        inhibit_blanking(app.platformName())
    return keys
