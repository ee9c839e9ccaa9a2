"""What the journeys need at run time, and the device worker threads that own the devices.

``JourneyServices`` adapts a kiosk.terminal.Terminal (bank link, identity devices, receipt
printer, journeys) to Qt: it owns one worker thread per device ("idcard", "scanner",
"camera"), every device call runs on its device's thread, and results come back to the GUI
thread as Qt signals.  The shell's background services publish the terminal in the
DeviceDirectory as ``"journeys"`` (see docs/journeys.md); tests and the benchmark build a
``kiosk.terminal.SimulatedRig`` around the sandbox and the simulators.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject

from kiosk.devices_io.identity_devices import IdentityDevices
from kiosk.flows.steps import Journey
from kiosk.terminal import Terminal
from ui.journeys.runner import Worker
from ui.journeys.speech import engine_for

log = logging.getLogger(__name__)

Done = Callable[[Any, BaseException | None], None]


class IdentityWorkers(QObject):
    """Runs IdentityDevices calls on the owning device's worker thread."""

    def __init__(self, devices: IdentityDevices, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.devices = devices
        self.workers = {name: Worker(name, self) for name in ("idcard", "scanner", "camera")}
        self._qr_stop = threading.Event()
        # The camera's real state for the status snapshot, found by its own worker.
        self.workers["camera"].submit(devices.probe_camera)

    def read_card_async(self, _owner: QObject, on_done: Done) -> None:
        """Chip read on the reader's thread."""
        self.workers["idcard"].submit(self.devices.read_card, on_done)

    def scan_document_async(self, _owner: QObject, on_done: Done) -> None:
        """Scan + OCR on the scanner's thread."""
        self.workers["scanner"].submit(self.devices.scan_document, on_done)

    def face_check_async(
        self,
        _owner: QObject,
        reference: Any,
        progress: Callable[[float, str, bytes], None],
        on_done: Done,
    ) -> None:
        """Liveness + comparison on the camera's thread; ``progress`` may be a signal's emit."""
        self.workers["camera"].submit(lambda: self.devices.face_check(reference, progress), on_done)

    def scan_qr_async(self, _owner: QObject, on_done: Done, timeout_s: float = 20.0,
                      preview: Callable[[bytes], None] | None = None) -> None:
        """Decode QR codes from the customer camera's frames on the camera's thread.

        ``preview`` (a signal's emit: it is called on the camera's thread) gets small JPEGs
        of what the camera sees.
        """
        from kiosk.devices_io.qr_scan import scan_qr
        from kiosk.forms.codes import from_text

        self._qr_stop = threading.Event()
        stop = self._qr_stop
        self.workers["camera"].submit(
            lambda: scan_qr(self.devices.camera_factory, timeout_s, stop,
                            accept=lambda text: from_text(text) is not None,
                            preview=preview), on_done)  # fmt: skip

    def stop_qr(self) -> None:
        """Stop looking for a QR code (the code was typed, or the session ends)."""
        self._qr_stop.set()

    def cancel(self) -> None:
        """Stop a face check or a QR scan in progress."""
        self._qr_stop.set()
        self.devices.cancel()

    def stop(self) -> None:
        """End the worker threads (terminal shutdown)."""
        for worker in self.workers.values():
            worker.stop()


class JourneyServices(QObject):
    """Everything a journey view-model talks to: the terminal and its device workers.

    Args:
        terminal: the Qt-free terminal (kiosk.terminal.Terminal).
    """

    def __init__(self, terminal: Terminal, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.terminal = terminal
        self.identity = IdentityWorkers(terminal.identity, self)
        self.receipts = terminal.receipts
        self.speech_engine = engine_for(terminal.config)  # "auto": speechd on a terminal

    def start_journey(self, journey_id: str, language: str) -> Journey:
        """A new journey for one session."""
        return self.terminal.start_journey(journey_id, language)

    def stop(self) -> None:
        """Stop the device workers."""
        self.identity.stop()
