"""A whole simulated terminal for the journeys, adapted to Qt: kiosk.terminal.SimulatedRig.

Used by the end-to-end tests, the benchmark and demos.  The rig (real drivers talking to
simulators, the sandbox over real HTTP) is built by the Qt-free composition root; this
module only adds its ``JourneyServices`` (the device worker threads).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.bank_link import BankLink
from kiosk.config import KioskConfig
from kiosk.terminal import SimulatedRig
from ui.journeys.services import JourneyServices


@dataclass
class SimulatedTerminal:
    """A simulated rig and the Qt services the view-models use; change faults on it live."""

    rig: SimulatedRig
    services: JourneyServices

    @property
    def bank(self) -> BankLink:
        """The terminal's bank link."""
        return self.rig.bank

    @property
    def reader_sim(self) -> Any:
        """The SAM reader simulator (inject faults, change the card)."""
        return self.rig.reader_sim

    @property
    def printer_sim(self) -> Any:
        """The receipt printer simulator (paper out, drop the link...)."""
        return self.rig.printer_sim

    def present_stranger(self) -> None:
        """From now on someone else stands in front of the camera (face check fails)."""
        self.rig.present_stranger()

    def present_image(self, image: Any) -> None:
        """Hold an image (a phone's QR code) to the customer camera."""
        self.rig.present_image(image)

    def present_customer(self) -> None:
        """The customer's face in front of the camera again."""
        self.rig.present_customer()

    def close(self) -> None:
        """Stop the device workers, then everything the rig started."""
        self.services.stop()
        self.rig.close()


def build(
    folder: str | Path,
    card: Any,
    id_photo: Any,
    live_face: Any,
    stranger_face: Any = None,
    config: KioskConfig | None = None,
    sandbox_url: str | None = None,
    isolate: bool = True,
) -> SimulatedTerminal:
    """Start the simulated rig (``SimulatedRig.build``) and its Qt services."""
    rig = SimulatedRig.build(folder, card, id_photo, live_face, stranger_face, config,
                             sandbox_url, isolate)  # fmt: skip
    return SimulatedTerminal(rig, JourneyServices(rig.terminal))
