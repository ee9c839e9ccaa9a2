"""Icons in any colour: ``image://icon/NAME/RRGGBB`` draws ``assets/icons/NAME.svg``.

The icons are one-colour line drawings; the provider swaps their colour for the one the
button or tile needs (white on a filled button, the primary colour on an outlined one, yellow
in high contrast), so one file serves every palette.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtQuick import QQuickImageProvider
from PySide6.QtSvg import QSvgRenderer

ICONS_DIR = Path(__file__).resolve().parent.parent / "assets" / "icons"
_COLOUR = re.compile(r'(stroke|fill)="#[0-9a-fA-F]{3,8}"')
_SAFE = re.compile(r"^[a-z0-9_-]+$")


@lru_cache(maxsize=32)
def _svg(name: str) -> str:
    return (ICONS_DIR / f"{name}.svg").read_text(encoding="utf-8")


def coloured_svg(name: str, colour: str) -> bytes:
    """The icon's SVG text with every stroke and fill colour set to ``colour``."""
    if not _SAFE.match(name):
        raise ValueError(f"bad icon name {name!r}")
    if not re.fullmatch(r"#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?", colour):
        raise ValueError(f"bad icon colour {colour!r}")
    return _COLOUR.sub(lambda m: f'{m.group(1)}="{colour}"', _svg(name)).encode()


class IconProvider(QQuickImageProvider):
    """``image://icon/NAME/RRGGBB`` (no "#": it would start a URL fragment)."""

    def __init__(self) -> None:
        super().__init__(QQuickImageProvider.ImageType.Image)

    def requestImage(self, image_id: str, size: QSize, requested: QSize) -> QImage:  # noqa: N802
        """Render the icon at the requested size (48 px when none is asked)."""
        name, _, colour = image_id.partition("/")
        colour = "#" + (colour.lstrip("#") or "000000")
        w = requested.width() if requested.width() > 0 else 48
        h = requested.height() if requested.height() > 0 else w
        image = QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        try:
            renderer = QSvgRenderer(QByteArray(coloured_svg(name, colour)))
            renderer.setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
        except (OSError, ValueError):
            return image  # an unknown icon draws nothing rather than breaking the screen
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        if size is not None:
            size.setWidth(w)
            size.setHeight(h)
        return image
