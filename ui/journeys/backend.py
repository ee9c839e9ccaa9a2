"""The journeys' run-time back end, built from the configuration off the GUI thread.

The shell's ``start_services`` (background thread) calls::

    from ui.journeys.backend import start_journey_backend
    devices.publish("journeys", start_journey_backend(config, bank=None))

``JourneyBackend`` is plain Python (no QObject), so it may be built on any thread; the first
journey started wraps it in a ``JourneyServices`` on the GUI thread (worker threads are
QObjects and must belong to the GUI thread).  Pass ``bank`` when the services already run a
core-banking client, outbox sender and journal, so there is one sender per outbox.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass, field
from typing import Any

from kiosk.config import KioskConfig
from kiosk.flows.identity_devices import IdentityDevices
from kiosk.flows.identity_process import IsolatedIdentity
from kiosk.flows.receipting import ReceiptsAdapter
from kiosk.flows.wiring import BankLink

log = logging.getLogger(__name__)


@dataclass
class JourneyBackend:
    """Bank link, identity devices and receipts for the journeys (no Qt inside)."""

    bank: BankLink
    identity: IdentityDevices
    receipts: Any
    speech_engine: str
    closers: list[Any] = field(default_factory=list)
    qt_services: Any = None  # the JourneyServices wrapper, made on the GUI thread

    def close(self) -> None:
        """Stop what this back end started."""
        if self.qt_services is not None:
            self.qt_services.stop()
        for close in reversed(self.closers):
            try:
                close()
            except Exception:
                log.exception("closing a journey device failed")


def _demo_customer() -> tuple[Any, Any]:
    """The demo terminal's customer: a card on the tray and a face that blinks at the camera.

    With the simulated camera and no ``camera.simulator_source``, ``kiosk run`` needs
    someone to stand in front of it: ``kiosk.demo_customer`` draws one (no sample data, no
    dlib in this process).  Returns (tray camera, customer camera factory).
    """
    from devices.camera.simulated import SimulatedCamera
    from kiosk.demo_customer import demo_customer

    customer = demo_customer()
    tray = SimulatedCamera([customer.tray_image], fps=0, loop=True)
    return tray, functools.partial(SimulatedCamera, customer.camera_frames, fps=0, loop=True)


def start_journey_backend(config: KioskConfig, bank: BankLink | None = None) -> JourneyBackend:
    """Open the journeys' devices and bank link from ``config`` (blocking: background thread)."""
    from devices.camera.factory import open_camera
    from devices.idcard import open_reader
    from kiosk.receipts.setup import open_configured_printer

    closers: list[Any] = []
    if bank is None:
        bank = BankLink.for_terminal(config)
        closers.append(bank.close)
    reader = None
    try:
        ic = config.idcard
        reader = open_reader(ic.driver, ic.url, ic.baudrate, ic.timeout)
        if reader is not None:
            closers.append(reader.close)
    except Exception:  # no reader: the journeys offer the document scan instead
        log.exception("ID card reader could not be opened")
    cam = config.camera
    camera_factory = None
    scanner = None
    challenge = None
    if cam.driver == "opencv" or cam.simulator_source:
        camera_factory = functools.partial(open_camera, cam.driver, cam.source, cam.width,
                                           cam.height, cam.simulator_source)  # fmt: skip
    elif cam.driver == "simulator":
        scanner, camera_factory = _demo_customer()
        challenge = "blink"  # the synthetic customer can blink, not turn their head
    isolated = IsolatedIdentity(config.face.threshold, config.face.liveness_timeout, challenge)
    isolated.start()
    closers.append(isolated.stop)
    identity = IdentityDevices(reader=reader, scanner=scanner, camera_factory=camera_factory,
                               face_threshold=config.face.threshold,
                               liveness_timeout=config.face.liveness_timeout,
                               challenge=challenge, isolated=isolated)  # fmt: skip
    receipts = None
    try:
        setup = open_configured_printer(config, bank.journal.append, monitor=True)
        closers.append(setup.close)
        receipts = ReceiptsAdapter(setup.service, config.branch.name, config.branch.terminal_id)
    except Exception:  # no printer: every receipt becomes the e-receipt QR
        log.exception("receipt printer could not be opened")
    return JourneyBackend(bank, identity, receipts, config.ui.speech_engine, closers)
