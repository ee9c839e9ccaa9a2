"""The visual theme: colours, font sizes and the large-text / high-contrast switch.

Registered as the QML singleton ``Kiosk.Theme`` (``import Kiosk``), so every component and
journey screen binds to it and changes at once when the customer flips the switch.  One
instance per QML engine; Python gets it with ``engine.singletonInstance("Kiosk", "Theme")``.
"""

from __future__ import annotations

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlSingleton

QML_IMPORT_NAME = "Kiosk"
QML_IMPORT_MAJOR_VERSION = 1

# Calm bank palette: deep teal-blue primary on warm white; high contrast is black/white/yellow.
NORMAL = {
    "background": "#f5f7f8",
    "surface": "#ffffff",
    "surfaceAlt": "#e8eef1",
    "primary": "#0b5c7a",
    "primaryPressed": "#08465d",
    "onPrimary": "#ffffff",
    "text": "#1c2a33",
    "textMuted": "#566873",
    "accent": "#c8a24a",
    "danger": "#b3261e",
    "border": "#c9d4da",
    "focus": "#f0a202",
    "topBar": "#0b5c7a",
    "onTopBar": "#ffffff",
}
HIGH_CONTRAST = {
    "background": "#000000",
    "surface": "#000000",
    "surfaceAlt": "#1a1a1a",
    "primary": "#ffff00",
    "primaryPressed": "#d4d400",
    "onPrimary": "#000000",
    "text": "#ffffff",
    "textMuted": "#ffffff",
    "accent": "#ffff00",
    "danger": "#c40000",
    "border": "#ffffff",
    "focus": "#00ffff",
    "topBar": "#000000",
    "onTopBar": "#ffff00",
}
LARGE_SCALE = 1.35


@QmlElement
@QmlSingleton
class Theme(QObject):
    """Fonts and colours; ``largeText`` turns on large text and high contrast together."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._large = False

    def _get_large(self) -> bool:
        return self._large

    def _set_large(self, value: bool) -> None:
        if bool(value) != self._large:
            self._large = bool(value)
            self.changed.emit()

    largeText = Property(bool, _get_large, _set_large, notify=changed)

    @Slot()
    def toggle(self) -> None:
        """Flip large-text / high-contrast mode."""
        self._set_large(not self._large)

    def _scale(self) -> float:
        return LARGE_SCALE if self._large else 1.0

    fontScale = Property(float, _scale, notify=changed)

    # Font sizes in pixels (the window is 1280x800 at about 100 dpi on a 15" terminal).
    fontSmall = Property(int, lambda self: round(18 * self._scale()), notify=changed)
    fontBody = Property(int, lambda self: round(22 * self._scale()), notify=changed)
    fontLarge = Property(int, lambda self: round(28 * self._scale()), notify=changed)
    fontTitle = Property(int, lambda self: round(36 * self._scale()), notify=changed)
    fontHero = Property(int, lambda self: round(56 * self._scale()), notify=changed)
    touchMin = Property(int, lambda self: 72 if self._large else 64, notify=changed)
    radius = Property(int, lambda self: 12, notify=changed)
    spacing = Property(int, lambda self: 16, notify=changed)
    fontFamily = Property(str, lambda self: "Noto Sans CJK SC", notify=changed)

    def _palette(self) -> dict[str, str]:
        return HIGH_CONTRAST if self._large else NORMAL

    background = Property(str, lambda self: self._palette()["background"], notify=changed)
    surface = Property(str, lambda self: self._palette()["surface"], notify=changed)
    surfaceAlt = Property(str, lambda self: self._palette()["surfaceAlt"], notify=changed)
    primary = Property(str, lambda self: self._palette()["primary"], notify=changed)
    primaryPressed = Property(str, lambda self: self._palette()["primaryPressed"], notify=changed)
    onPrimary = Property(str, lambda self: self._palette()["onPrimary"], notify=changed)
    text = Property(str, lambda self: self._palette()["text"], notify=changed)
    textMuted = Property(str, lambda self: self._palette()["textMuted"], notify=changed)
    accent = Property(str, lambda self: self._palette()["accent"], notify=changed)
    danger = Property(str, lambda self: self._palette()["danger"], notify=changed)
    border = Property(str, lambda self: self._palette()["border"], notify=changed)
    focus = Property(str, lambda self: self._palette()["focus"], notify=changed)
    topBar = Property(str, lambda self: self._palette()["topBar"], notify=changed)
    onTopBar = Property(str, lambda self: self._palette()["onTopBar"], notify=changed)
