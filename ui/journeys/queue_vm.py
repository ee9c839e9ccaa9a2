"""The view-model of appointment check-in and take-a-ticket (kiosk.flows.checkin/take_ticket).

On the ``scan`` step it keeps a camera scan running on the camera's worker (zxing-cpp in
kiosk.queue.qr_scan; never the GUI thread) and starts another when one ends without a code;
typing a code first stops the scan (an Event, no lock), so the typed code is not queued
behind it.  The ticket screen is ``queue/Ticket.qml`` for both journeys.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Property, QTimer, Signal, Slot

from kiosk.flows.take_ticket import SERVICES
from ui.journeys.viewmodel import QML_ROOT, FlowViewModel

SCAN_SLICE_S = 20.0  # one scan (camera open); the next starts at once while the step shows


class QueueViewModel(FlowViewModel):
    """Shows a queue journey: scanning, typing a code or choosing a service, the ticket."""

    scanningChanged = Signal()
    choicesChanged = Signal()  # the language changed: the services' names

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._scanning = False
        super().__init__(*args, **kwargs)

    def _qml_for(self, step: str) -> Path:
        if step == "done" and not self._view.ended:
            return QML_ROOT / "queue" / "Ticket.qml"
        return super()._qml_for(step)

    def _show(self) -> None:
        super()._show()
        if self._view.step == "scan" and not self._view.ended and not self._scanning:
            QTimer.singleShot(0, self._scan)

    def _scan(self) -> None:
        journey = self.journey
        if self._scanning or self._view.ended or self._view.step != "scan":
            return
        if getattr(journey.deps, "qr_camera", None) is None:
            return  # no camera: the code is typed
        self._scanning = True
        self.scanningChanged.emit()
        # The camera's own worker owns the device (as for the face check); the journey's
        # worker stays free for a typed code.
        camera = self.services.identity.workers["camera"]
        camera.submit(lambda: journey.scan_camera(SCAN_SLICE_S), self._scanned)

    def _scanned(self, _found: Any, _error: BaseException | None) -> None:
        self._scanning = False
        self.scanningChanged.emit()
        self._after_call(None, _error)  # shows the next step, or scans again on this one

    scanning = Property(bool, lambda self: self._scanning, notify=scanningChanged)

    def _service_choices(self) -> list[dict[str, str]]:
        zh = self.lang.startswith("zh")
        return [{"code": code, "name": names[0] if zh else names[1]}
                for code, names in SERVICES.items()]

    serviceChoices = Property("QVariantList", _service_choices, notify=choicesChanged)

    def retranslate(self) -> None:
        """The services' names follow the language too."""
        super().retranslate()
        self.choicesChanged.emit()

    @Slot(str)
    def enterCode(self, code: str) -> None:  # noqa: N802 - QML API
        """The typed booking code: stop the camera scan, then check it in."""
        self.journey.stop_scan()
        self._call(self.journey.enter_code, code)

    @Slot(str)
    def chooseService(self, service: str) -> None:  # noqa: N802 - QML API
        """Take a ticket for ``service``."""
        self._call(self.journey.choose_service, service)

    def _stop(self, timed_out: bool) -> None:
        stop = getattr(self.journey, "stop_scan", None)
        if stop is not None:
            stop()
        super()._stop(timed_out)
