"""The Qt side of the running terminal: a kiosk.terminal.Terminal, adapted off the GUI thread.

The shell's ``start_services`` (background thread) calls::

    from ui.journeys.backend import start_journey_backend
    devices.publish("journeys", start_journey_backend(config))

The terminal itself (bank link, devices, identity helper, receipts, journeys) is built by
the Qt-free composition root, ``kiosk.terminal.Terminal.from_config``; this module wires
nothing.  The first journey started wraps it in a ``JourneyServices`` on the GUI thread
(worker threads are QObjects and must belong to the GUI thread).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kiosk.bank_link import BankLink
from kiosk.config import KioskConfig
from kiosk.devices_io.identity_devices import IdentityDevices
from kiosk.terminal import Terminal

if TYPE_CHECKING:
    from ui.journeys.services import JourneyServices

log = logging.getLogger(__name__)


@dataclass
class JourneyBackend:
    """A running ``Terminal`` and, once the GUI thread made it, its ``JourneyServices``."""

    terminal: Terminal
    qt_services: JourneyServices | None = None
    operations: Any = None  # kiosk.operations.service.OperationsService, once started

    @property
    def bank(self) -> BankLink:
        """The terminal's bank link."""
        return self.terminal.bank

    @property
    def identity(self) -> IdentityDevices:
        """The terminal's identity devices."""
        return self.terminal.identity

    @property
    def receipts(self) -> Any:
        """The terminal's receipts port."""
        return self.terminal.receipts

    @property
    def closers(self) -> list[Callable[[], None]]:
        """What closing the terminal stops (reverse order)."""
        return self.terminal.closers

    def services(self) -> JourneyServices:
        """The Qt services of this terminal, made on first use (call on the GUI thread)."""
        if self.qt_services is None:
            from ui.journeys.services import JourneyServices

            self.qt_services = JourneyServices(self.terminal)
        return self.qt_services

    def close(self) -> None:
        """Stop the Qt workers, then the terminal."""
        if self.qt_services is not None:
            self.qt_services.stop()
        self.terminal.close()


def start_journey_backend(config: KioskConfig, bank: BankLink | None = None) -> JourneyBackend:
    """Build the terminal from ``config`` (blocking: background thread)."""
    return JourneyBackend(Terminal.from_config(config, bank))
