"""The visual theme: colour tokens, type scale, spacing, and the text-size / contrast modes.

The tokens live in ``assets/theme/tokens.json`` (one place for designers).  Registered as the
QML singleton ``Kiosk.Theme`` (``import Kiosk``), so every component and journey screen binds
to it and changes at once when the customer flips the switch.  One instance per QML engine;
Python gets it with ``engine.singletonInstance("Kiosk", "Theme")``.

Modes: ``largeText`` is the customer's "Large text" button and turns on large text *and*
high contrast (elder mode); ``highContrast`` can also be set alone (standard size).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlSingleton

QML_IMPORT_NAME = "Kiosk"
QML_IMPORT_MAJOR_VERSION = 1

TOKENS_FILE = Path(__file__).resolve().parent.parent / "assets" / "theme" / "tokens.json"
TOKENS: dict[str, Any] = json.loads(TOKENS_FILE.read_text(encoding="utf-8"))
NORMAL: dict[str, str] = TOKENS["palettes"]["normal"]
HIGH_CONTRAST: dict[str, str] = TOKENS["palettes"]["highContrast"]
TYPE: dict[str, Any] = TOKENS["type"]
LARGE_SCALE = float(TYPE["largeScale"])
# The modes a screen is checked in: (name, large text, high contrast).
MODES = (("normal", False, False), ("large", True, True), ("contrast", False, True))


@QmlElement
@QmlSingleton
class Theme(QObject):
    """Fonts, colours and sizes of the current mode."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._large = False
        self._contrast = False

    def _get_large(self) -> bool:
        return self._large

    def _set_large(self, value: bool) -> None:
        if bool(value) != self._large or bool(value) != self._contrast:
            self._large = self._contrast = bool(value)
            self.changed.emit()

    largeText = Property(bool, _get_large, _set_large, notify=changed)

    def _get_contrast(self) -> bool:
        return self._contrast

    def _set_contrast(self, value: bool) -> None:
        if bool(value) != self._contrast:
            self._contrast = bool(value)
            self.changed.emit()

    highContrast = Property(bool, _get_contrast, _set_contrast, notify=changed)

    @Slot()
    def toggle(self) -> None:
        """Flip large-text / high-contrast mode."""
        self._set_large(not self._large)

    @Slot(str)
    def setMode(self, mode: str) -> None:  # noqa: N802 - QML API
        """One of :data:`MODES` by name (tests, screenshots)."""
        for name, large, contrast in MODES:
            if name == mode:
                self._large, self._contrast = large, contrast
                self.changed.emit()
                return
        raise ValueError(f"unknown theme mode {mode!r}")

    def _scale(self) -> float:
        return LARGE_SCALE if self._large else 1.0

    def _px(self, name: str) -> int:
        return round(TYPE[name] * self._scale())

    fontScale = Property(float, _scale, notify=changed)
    # Font sizes in pixels (the window is 1280x800 at about 100 dpi on a 15" terminal).
    fontSmall = Property(int, lambda self: self._px("small"), notify=changed)
    fontBody = Property(int, lambda self: self._px("body"), notify=changed)
    fontLarge = Property(int, lambda self: self._px("large"), notify=changed)
    fontTitle = Property(int, lambda self: self._px("title"), notify=changed)
    fontHero = Property(int, lambda self: self._px("hero"), notify=changed)
    lineHeight = Property(
        float,
        lambda self: TYPE["lineHeightLarge"] if self._large else TYPE["lineHeight"],
        notify=changed,
    )
    touchMin = Property(
        int, lambda self: TOKENS["touch"]["large" if self._large else "normal"], notify=changed
    )
    grid = Property(int, lambda self: TOKENS["space"]["grid"], notify=changed)
    radius = Property(int, lambda self: TOKENS["space"]["radius"], notify=changed)
    spacing = Property(int, lambda self: TOKENS["space"]["spacing"], notify=changed)
    margin = Property(int, lambda self: TOKENS["space"]["margin"], notify=changed)
    fontFamily = Property(str, lambda self: TYPE["family"], notify=changed)

    def _palette(self) -> dict[str, str]:
        return HIGH_CONTRAST if self._contrast else NORMAL

    def _colour(key: str, changed: Signal = changed) -> Property:  # noqa: N805 - class body helper
        return Property(str, lambda self: self._palette()[key], notify=changed)

    background = _colour("background")
    surface = _colour("surface")
    surfaceAlt = _colour("surfaceAlt")
    primary = _colour("primary")
    primaryPressed = _colour("primaryPressed")
    onPrimary = _colour("onPrimary")
    text = _colour("text")
    textMuted = _colour("textMuted")
    accent = _colour("accent")
    danger = _colour("danger")
    dangerFill = _colour("dangerFill")
    onDanger = _colour("onDanger")
    success = _colour("success")
    onSuccess = _colour("onSuccess")
    border = _colour("border")
    fieldBorder = _colour("fieldBorder")
    focus = _colour("focus")
    topBar = _colour("topBar")
    onTopBar = _colour("onTopBar")
    disabled = _colour("disabled")
    onDisabled = _colour("onDisabled")
    scrim = _colour("scrim")
    del _colour
