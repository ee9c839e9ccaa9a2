"""A whole simulated terminal for the journeys: real drivers talking to simulators.

Used by the end-to-end tests, the benchmark and demos.  Every device is the real driver on
the real protocol against a simulator: the SAM reader over a pseudo-terminal to
``SimulatedSamReader``, the ESC/POS printer over a pseudo-terminal to ``PrinterSimulator``
(through ``ReceiptService``), cameras as ``SimulatedCamera`` playing frames.  The customer in
front of the camera is made from a face photo with ``kiosk.identity.face_synthetic`` (a
blink, since a still photo must not pass liveness); the card on the tray is a flat card
front with the ID photo in the portrait box.  The bank is the sandbox over real HTTP.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from kiosk.config import KioskConfig
from kiosk.flows.identity_devices import IdentityDevices
from kiosk.flows.identity_process import IsolatedIdentity
from kiosk.flows.receipting import ReceiptsAdapter
from kiosk.flows.wiring import BankLink
from ui.journeys.services import JourneyServices


def card_front(photo: np.ndarray, width: int = 856, height: int = 540) -> np.ndarray:
    """A flat, plain card front with ``photo`` in the portrait box (what the tray camera sees)."""
    import cv2

    from devices.idcard.photo import PHOTO_BOX

    card = np.full((height, width, 3), 235, np.uint8)
    x0, y0, x1, y1 = (int(f * s) for f, s in zip(PHOTO_BOX, (width, height) * 2, strict=True))
    card[y0:y1, x0:x1] = cv2.resize(photo, (x1 - x0, y1 - y0), interpolation=cv2.INTER_AREA)
    return card


def specimen_scene(seed: int, face_photo: np.ndarray) -> tuple[Any, np.ndarray]:
    """A synthetic ID card front with a real face in its portrait box, photographed.

    The card is devices.idcard.specimen's (fictitious person); returns (person, scene), the
    scene being what the document camera sees on the tray.
    """
    import random

    from devices.idcard import specimen

    rng = random.Random(seed)
    person = specimen.make_person(rng)
    front = specimen.render_front(person, rng)
    h, w = front.shape[:2]
    flat = card_front(face_photo, w, h)
    from devices.idcard.photo import PHOTO_BOX

    x0, y0, x1, y1 = (int(f * s) for f, s in zip(PHOTO_BOX, (w, h) * 2, strict=True))
    front[y0:y1, x0:x1] = flat[y0:y1, x0:x1]
    scene, _settings = specimen.photograph(front, rng)
    return person, scene


def card_text(name: str, id_number: str, address: str = "北京市东城区示例路1号") -> Any:
    """A card's typed text for the reader simulator (fictitious person)."""
    from devices.idcard.textblock import IdCardText

    born = dt.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    return IdCardText(
        name=name,
        sex_code="1" if int(id_number[16]) % 2 else "2",
        ethnicity_code="01",
        birth_date=born,
        address=address,
        id_number=id_number,
        issuing_authority="北京市公安局东城分局",
        valid_from=dt.date(2016, 5, 20),
        valid_to=dt.date(2036, 5, 20),
    )


@dataclass
class SimulatedTerminal:
    """The simulators and drivers behind one JourneyServices; change faults on them live."""

    services: JourneyServices
    bank: BankLink
    reader_sim: Any
    reader: Any
    printer_sim: Any
    printer: Any
    receipt_service: Any
    customer_frames: list[np.ndarray] = field(repr=False, default_factory=list)
    stranger_frames: list[np.ndarray] = field(repr=False, default_factory=list)

    def present_stranger(self) -> None:
        """From now on someone else stands in front of the camera (face check fails)."""
        self.customer_frames[:] = self.stranger_frames

    def close(self) -> None:
        """Stop everything this terminal started."""
        self.services.stop()
        isolated = self.services.identity.devices.isolated
        if isolated is not None:
            isolated.stop()
        self.receipt_service.close()
        self.printer.close()
        self.printer_sim.stop()
        self.reader.close()
        self.reader_sim.stop()
        self.bank.close()


def build(
    folder: str | Path,
    card: Any,
    id_photo: np.ndarray,
    live_face: np.ndarray,
    stranger_face: np.ndarray | None = None,
    config: KioskConfig | None = None,
    sandbox_url: str | None = None,
    isolate: bool = True,
) -> SimulatedTerminal:
    """Start the sandbox, the reader and printer simulators and wire the journeys to them."""
    from devices.camera.simulated import SimulatedCamera
    from devices.idcard import SamReader
    from devices.idcard.simulator import SimulatedSamReader
    from devices.printer import PrinterSimulator, open_printer
    from kiosk.identity import face_synthetic
    from kiosk.receipts.service import ReceiptService

    cfg = config or KioskConfig()
    folder = Path(folder)
    bank = BankLink.local(folder, cfg, sandbox_url=sandbox_url, max_retries=1)
    reader_sim = SimulatedSamReader(card)
    reader = SamReader.open(reader_sim.start(), cfg.idcard.baudrate, cfg.idcard.timeout)
    printer_sim = PrinterSimulator("pty")
    printer = open_printer(printer_sim.start(), 115200, 48, True, status_timeout=0.3)
    receipt_service = ReceiptService(printer, bank.journal.append, folder / "reprints.json")
    frames = face_synthetic.blink_frames(face_synthetic.frame_from_photo(live_face))
    stranger = (
        face_synthetic.blink_frames(face_synthetic.frame_from_photo(stranger_face))
        if stranger_face is not None
        else []
    )
    tray = SimulatedCamera([card_front(id_photo)], fps=0, loop=True)
    liveness_timeout = min(cfg.face.liveness_timeout, 3.0)
    # The synthetic customer can blink; turns are tested in kiosk.identity's own tests.
    isolated = IsolatedIdentity(cfg.face.threshold, liveness_timeout, "blink") if isolate else None
    if isolated is not None:
        isolated.start()
    identity = IdentityDevices(
        reader=reader,
        scanner=tray,
        camera_factory=functools.partial(SimulatedCamera, frames, fps=0, loop=True),
        face_threshold=cfg.face.threshold,
        liveness_timeout=liveness_timeout,
        challenge="blink",
        isolated=isolated,
    )
    receipts = ReceiptsAdapter(receipt_service, cfg.branch.name, cfg.branch.terminal_id)
    services = JourneyServices(bank, identity, receipts, cfg.ui.speech_engine)
    return SimulatedTerminal(
        services, bank, reader_sim, reader, printer_sim, printer, receipt_service, frames, stranger
    )
