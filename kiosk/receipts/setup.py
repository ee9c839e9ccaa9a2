"""Open the receipt printer the configuration names (real port or the simulator).

The device layer takes plain parameters only; this is where the terminal's typed
configuration is turned into them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from devices.printer import EscPosPrinter, PrinterSimulator, open_printer
from kiosk.config import KioskConfig
from kiosk.receipts.service import ReceiptService


@dataclass
class PrinterSetup:
    """The opened printer, its simulator (when ``driver = "simulator"``) and the service."""

    printer: EscPosPrinter
    service: ReceiptService
    simulator: PrinterSimulator | None = None

    def close(self) -> None:
        """Close the service, the port and the simulator."""
        self.service.close()
        self.printer.close()
        if self.simulator:
            self.simulator.stop()


def open_configured_printer(
    config: KioskConfig, record: Callable[..., None] | None = None, monitor: bool = True,
    sealer: Any = None,
) -> PrinterSetup:
    """Open ``config.printer`` (starting the simulator if asked) and a ``ReceiptService``.

    ``sealer`` (kiosk.security.sealing.Sealer) seals the pending reprints on disk.

    Raises:
        serial.SerialException: the configured port cannot be opened.
    """
    cfg = config.printer
    simulator = None
    url = cfg.url
    if cfg.driver == "simulator":
        simulator = PrinterSimulator("pty", paper_width_mm=cfg.paper_width_mm)
        url = simulator.start()
    try:
        printer = open_printer(
            url,
            cfg.baudrate,
            cfg.columns,
            cfg.chinese_mode,
            status_timeout=cfg.status_timeout,
            confirm_timeout=cfg.confirm_timeout or None,
        )
    except Exception:
        if simulator:
            simulator.stop()
        raise
    pending = config.data_path("pending-reprints.json", cfg.pending_reprints)
    service = ReceiptService(printer, record, pending, auto_reprint=monitor, sealer=sealer)
    if monitor:
        printer.start_monitor(cfg.monitor_seconds)
    return PrinterSetup(printer, service, simulator)
