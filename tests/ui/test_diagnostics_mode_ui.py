"""The diagnostics mode through the real QML window: the hidden two-corner long press, the
entry pad with a technician's PIN, the screens over the terminal's real parts (sandbox,
outbox, journal, virtual printer behind the real driver), and the exit back to service."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from argon2 import PasswordHasher
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from devices.printer import PrinterSimulator, open_printer
from kiosk.config import KioskConfig, MaintenanceConfig, StorageConfig, TechnicianConfig
from kiosk.maintenance.entry import hash_pin
from kiosk.operations.service import OperationsService
from kiosk.terminal import terminal_bank

PIN = "802417"


@pytest.fixture
def config(tmp_path) -> KioskConfig:
    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    return KioskConfig(
        storage=StorageConfig(data_dir=str(tmp_path / "data")),
        maintenance=MaintenanceConfig(technicians=[
            TechnicianConfig(id="T01", pin_hash=hash_pin(PIN, cheap))]),
    )  # fmt: skip


@pytest.fixture
def backend(config):
    bank = terminal_bank(config)
    sim = PrinterSimulator()
    printer = open_printer(sim.start(), 9600, 48)
    ops = OperationsService.start(config, bank.journal, core_url=lambda: bank.core.base_url,
                                  status_source=lambda: {"printer":
                                                         printer.query_status().as_dict()})
    yield SimpleNamespace(
        bank=bank, operations=ops, sim=sim,
        receipts=SimpleNamespace(service=SimpleNamespace(printer=printer)),
        identity=SimpleNamespace(reader=None, camera_factory=None, isolated=None),
    )  # fmt: skip
    ops.stop()
    printer.close()
    sim.stop()
    bank.close()


def _long_press(win, qtbot, point: QPoint) -> None:
    QTest.mousePress(win, Qt.LeftButton, Qt.NoModifier, point)
    qtbot.wait(2300)
    QTest.mouseRelease(win, Qt.LeftButton, Qt.NoModifier, point)


def test_technician_enters_tests_the_printer_and_leaves(terminal, ui, qtbot, backend, tmp_path):
    vm = terminal.shell.diagnostics
    vm.attach(backend)
    win = terminal.window
    ui.tap("startButton")  # a plain tap in the corner region still reaches the screen
    ui.wait_screen("language")
    terminal.shell.end_session("cancel")
    ui.wait_screen("attract")

    _long_press(win, qtbot, QPoint(10, 10))
    assert vm.property("stage") == "hidden"  # one corner is not the gesture
    _long_press(win, qtbot, QPoint(win.width() - 10, win.height() - 10))
    qtbot.waitUntil(lambda: vm.property("stage") == "entry")

    ui.tap("technicianId")
    ui.type("T01")
    ui.tap("technicianSecret")
    ui.type("000000")
    ui.tap("entryOk")
    qtbot.waitUntil(lambda: "错误" in vm.property("message"), timeout=5000)  # zh_CN default
    ui.tap("technicianSecret")
    ui.type(PIN)
    ui.tap("entryOk")
    qtbot.waitUntil(lambda: vm.property("stage") == "active", timeout=5000)
    assert vm.property("technician") == "T01" and vm.property("outOfService")
    qtbot.waitUntil(lambda: "devices" in vm.property("results"), timeout=5000)
    rows = vm.property("results")["devices"]["rows"]
    assert rows[0]["name"] == "printer" and rows[0]["state"] == "online"

    pages = len(backend.sim.pages)
    ui.tap("tab_print_test_receipt")
    qtbot.waitUntil(lambda: "print_test_receipt" in vm.property("results"), timeout=10000)
    receipt = vm.property("results")["print_test_receipt"]
    assert receipt["printed"] and receipt["image"].startswith("data:image/png;base64,")
    assert len(backend.sim.pages) == pages + 1
    qtbot.waitUntil(lambda: ui.find("resultImage").property("paintedWidth") > 100)
    win.grabWindow().save(str(tmp_path / "diagnostics_receipt.png"))

    ui.tap("tab_export_bundle")  # this terminal has no hub: the technician is told so
    ui.tap("sendBundle")
    qtbot.waitUntil(lambda: "error" in vm.property("results").get("export_bundle", {}),
                    timeout=10000)
    assert "no hub configured" in vm.property("results")["export_bundle"]["error"]

    ui.tap("diagnosticsExit")
    qtbot.waitUntil(lambda: vm.property("stage") == "hidden", timeout=5000)
    assert not vm.property("outOfService")
    modes = [r["state"] for r in backend.bank.journal.records() if r["kind"] == "maintenance.mode"]
    assert modes == ["requested", "acknowledged", "active", "service"]
    entries = [r["result"] for r in backend.bank.journal.records()
               if r["kind"] == "maintenance.entry"]
    assert entries == ["wrong", "ok"]
    sends = [r["result"] for r in backend.bank.journal.records()
             if r["kind"] == "maintenance.action" and r.get("action") == "bundle_send"]
    assert sends == ["failed"]
    ui.tap("startButton")  # back in service: a customer can start again
    ui.wait_screen("language")


def test_a_request_waits_in_a_corner_while_the_customer_finishes(terminal, ui, qtbot, backend):
    vm = terminal.shell.diagnostics
    vm.attach(backend)
    ui.tap("startButton")
    ui.wait_screen("language")  # a customer is mid-way
    vm.cornerHeld("top_left")
    vm.cornerHeld("bottom_right")
    vm.submit("T01", PIN)
    qtbot.waitUntil(lambda: vm.property("stage") == "waiting", timeout=5000)
    box = ui.item("entryBox")
    assert box.x() > terminal.window.width() / 2  # out of the customer's way
    ui.tap("language_en")  # the customer goes on underneath
    ui.wait_screen("home")
    terminal.shell.end_session("finish")  # ... and leaves: the technician gets the terminal
    qtbot.waitUntil(lambda: vm.property("stage") == "active", timeout=5000)
    assert ui.screen() == "attract" and vm.property("outOfService")
    ui.tap("diagnosticsExit")
    qtbot.waitUntil(lambda: vm.property("stage") == "hidden", timeout=5000)
