"""A headless running terminal for the operations tests: the real bank link (sandbox over
HTTP, outbox and its sender, journal on disk), the virtual printer behind the real driver,
the operations service observing them, and a known fictitious customer's journeys."""

from __future__ import annotations

import socket
import sys
import time
from pathlib import Path

from devices.printer import PrinterSimulator, open_printer
from kiosk.config import KioskConfig, MetricsConfig, StorageConfig
from kiosk.flows.transfer import TransferJourney
from kiosk.operations.service import OperationsService
from kiosk.session import Session
from kiosk.terminal import terminal_bank

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "flows"))
from flow_people import ZHANG_WEI_ID  # noqa: E402

# Everything of the fictitious customer a journey below handles: none may leave the terminal.
CUSTOMER = {"name": "张伟", "id_number": ZHANG_WEI_ID, "sex": "男", "address": "北京市朝阳区"}
PAYEE = ("000000002", "Li Na")
SECRETS_OF_CUSTOMER = [CUSTOMER["name"], ZHANG_WEI_ID, CUSTOMER["address"], PAYEE[0],
                       PAYEE[1], "Na Li", "娜 李", "52300", "1234.5"]  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Terminal:
    """The parts a test drives: bank, printer simulator, operations service, session."""

    def __init__(self, folder: Path, **cfg_overrides) -> None:
        self.cfg = KioskConfig(storage=StorageConfig(data_dir=str(folder)),
                               metrics=MetricsConfig(poll_seconds=0.5), **cfg_overrides)
        self.bank = terminal_bank(self.cfg)
        self.sim = PrinterSimulator()
        self.printer = open_printer(self.sim.start(), 9600, 48)
        self.session = Session(60, 20)
        self.ops = OperationsService.start(
            self.cfg, self.bank.journal,
            status_source=lambda: {"printer": self.printer.query_status().as_dict()},
            core_url=lambda: self.bank.core.base_url,
        )
        self.ops.recorder.attach_session(self.session)

    def wait_polled(self, timeout: float = 10.0) -> None:
        """Until the operations poller has read the printer at least once."""
        deadline = time.monotonic() + timeout
        while "printer" not in self.ops.history.current() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert "printer" in self.ops.history.current(), "the status poller never ran"

    def transfer(self, amount: str = "1234.50", cancel_at: str | None = None) -> TransferJourney:
        """One customer session with a transfer, completed or cancelled at ``cancel_at``."""
        self.session.start()
        j = TransferJourney(self.bank.deps())
        self.session.personal.update(CUSTOMER)
        j.document_read("cn-id", dict(CUSTOMER), source="chip")
        j.face_result(True, "", 0.3)
        j.choose_account(1)
        if cancel_at == "payee":
            j.cancel()
        else:
            assert j.submit_payee(*PAYEE)
            assert j.submit_amount(amount)
            j.confirm()
            assert j.step == "done"
            j.finish()
        self.session.end("finish" if cancel_at is None else "cancel")
        return j

    def close(self) -> None:
        self.ops.stop()
        self.printer.close()
        self.sim.stop()
        self.bank.close()

