"""What the journeys need at run time, and the device worker threads that own the devices.

``JourneyServices`` bundles the core-banking link (kiosk.flows.wiring.BankLink), the
identity devices and the receipt printer, and owns one worker thread per device ("idcard",
"scanner", "camera"): every device call runs on its device's thread, results come back to
the GUI thread as Qt signals.  The shell's background services create one and publish it in
the DeviceDirectory as ``"journeys"`` (see docs/journeys.md); tests and the benchmark build
their own around the sandbox and the simulators.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject

from kiosk.flows.identity_devices import IdentityDevices
from kiosk.flows.ports import FlowDeps
from kiosk.flows.wiring import BankLink
from ui.journeys.runner import Worker

log = logging.getLogger(__name__)

Done = Callable[[Any, BaseException | None], None]


class IdentityWorkers(QObject):
    """Runs IdentityDevices calls on the owning device's worker thread."""

    def __init__(self, devices: IdentityDevices, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.devices = devices
        self.workers = {name: Worker(name, self) for name in ("idcard", "scanner", "camera")}
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

    def cancel(self) -> None:
        """Stop a face check in progress."""
        self.devices.cancel()

    def stop(self) -> None:
        """End the worker threads (terminal shutdown)."""
        for worker in self.workers.values():
            worker.stop()


class JourneyServices(QObject):
    """Everything a journey view-model talks to.

    Args:
        bank: the core-banking link (client, outbox + sender, journal, limits...).
        identity: the identity devices.
        receipts: a receipts port (kiosk.flows.receipting), or None for e-receipts only.
        speech_engine: QTextToSpeech engine name ("mock" in tests, "speechd" on a terminal).
    """

    def __init__(
        self,
        bank: BankLink,
        identity: IdentityDevices,
        receipts: Any = None,
        speech_engine: str = "mock",
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.bank = bank
        self.identity = IdentityWorkers(identity, self)
        self.receipts = receipts
        self.speech_engine = speech_engine

    def deps(self, language: str) -> FlowDeps:
        """A new journey's dependencies."""
        return self.bank.deps(language, receipts=self.receipts)

    def stop(self) -> None:
        """Stop the device workers."""
        self.identity.stop()
