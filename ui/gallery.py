"""A sample "journey" showing the shared components on one step (screenshots and tests).

It is not offered to customers; it shows engineers how a step screen binds a view-model
(entered values live in the view-model, personal ones in ``session.personal``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Property, QCoreApplication, Signal

from ui.journey_host import HostContext, JourneySpec, JourneyViewModel

GALLERY_QML = Path(__file__).resolve().parent / "qml" / "ComponentGallery.qml"


class GalleryViewModel(JourneyViewModel):
    """Two fields (a name and a phone number) kept in the session's personal data."""

    changed = Signal()

    def __init__(self, ctx: HostContext) -> None:
        super().__init__(ctx)
        self.set_step(GALLERY_QML, 0, 3)

    def _get(self, key: str) -> str:
        return self.ctx.session.personal.get(key, "") if self.ctx else ""

    def _set(self, key: str, value: str) -> None:
        if self.ctx and value != self._get(key):
            self.ctx.session.personal[key] = value
            self.changed.emit()

    name = Property(
        str, lambda self: self._get("name"), lambda self, v: self._set("name", v), notify=changed
    )
    phone = Property(
        str, lambda self: self._get("phone"), lambda self, v: self._set("phone", v), notify=changed
    )

    def title(self) -> str:
        """Top-bar title."""
        return QCoreApplication.translate("Gallery", "Your details")

    def help_text(self) -> str:
        """Help panel text."""
        return QCoreApplication.translate(
            "Gallery", "Touch a field to type with the keyboard on the screen."
        )


GALLERY = JourneySpec(
    id="gallery",
    title=QT_TRANSLATE_NOOP("Journeys", "Component gallery"),
    icon="open_account.svg",
    create=GalleryViewModel,
)
