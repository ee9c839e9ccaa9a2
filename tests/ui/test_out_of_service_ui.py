"""A damaged outbox puts the terminal out of service through the real QML window: the
customer sees a bilingual out-of-service screen and cannot start a session, the journal and
the log say why, the damaged file is left as it was, and the technicians' mode is reachable."""

from __future__ import annotations

import logging

from argon2 import PasswordHasher
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest

from kiosk.config import KioskConfig, MaintenanceConfig, StorageConfig, TechnicianConfig
from kiosk.journal import Journal
from kiosk.maintenance.entry import hash_pin
from ui.services import start_services
from ui.window import build_terminal, find_item

PIN = "802417"


def _long_press(win, qtbot, point: QPoint) -> None:
    QTest.mousePress(win, Qt.LeftButton, Qt.NoModifier, point)
    qtbot.wait(2300)
    QTest.mouseRelease(win, Qt.LeftButton, Qt.NoModifier, point)


def test_damaged_outbox_shows_out_of_service_and_keeps_the_technician_way_in(
    qapp, qtbot, tmp_path, caplog
):
    data = tmp_path / "data"
    data.mkdir()
    damaged = b"SQLite format 3\x00" + b"\x5a" * 4080  # a header, then garbage pages
    (data / "outbox.db").write_bytes(damaged)
    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    cfg = KioskConfig(
        storage=StorageConfig(data_dir=str(data)),
        maintenance=MaintenanceConfig(technicians=[
            TechnicianConfig(id="T01", pin_hash=hash_pin(PIN, cheap))]),
    )  # fmt: skip
    term = build_terminal(cfg)
    term.window.show()
    QTest.qWaitForWindowExposed(term.window)
    state = None
    try:
        with caplog.at_level(logging.ERROR):
            state = start_services(cfg, term.shell.devices)  # no exception: a state to show
        shell, win = term.shell, term.window
        qtbot.waitUntil(lambda: shell.property("outOfService") == "outbox_damaged", timeout=5000)

        def shown(name):
            item = find_item(win, name)
            return item is not None and item.isVisible()

        qtbot.waitUntil(lambda: shown("outOfServiceScreen"), timeout=5000)
        title = find_item(win, "outOfServiceTitle").property("text")
        message = find_item(win, "outOfServiceMessage").property("text")
        assert "暂停服务" in title and "Out of service" in title
        assert "工作人员" in message and "staff" in message
        assert not shown("attractScreen") and not shown("startButton")
        # A customer's touch starts nothing.
        QTest.mouseClick(win, Qt.LeftButton, Qt.NoModifier, QPointF(win.width() / 2,
                                                                    win.height() / 2).toPoint())
        qtbot.wait(100)
        assert shell.property("screen") == "attract" and not shell.session.active
        assert shown("outOfServiceScreen")
        # The log and the journal say why; the damaged file is untouched.
        assert any("out of service" in r.getMessage() and "outbox" in r.getMessage()
                   for r in caplog.records)  # fmt: skip
        assert (data / "outbox.db").read_bytes() == damaged
        records = [r for r in Journal(data / "journal.db").records()
                   if r["kind"] == "terminal.out_of_service"]  # fmt: skip
        assert [r["reason"] for r in records] == ["outbox_damaged"]
        # The technician's hidden corners are above the screen; the mode opens.
        vm = shell.diagnostics
        qtbot.waitUntil(lambda: vm.property("available"), timeout=5000)
        _long_press(win, qtbot, QPoint(10, 10))
        _long_press(win, qtbot, QPoint(win.width() - 10, win.height() - 10))
        qtbot.waitUntil(lambda: vm.property("stage") == "entry", timeout=5000)
        vm.submit("T01", PIN)
        qtbot.waitUntil(lambda: vm.property("stage") == "active", timeout=10000)
        assert vm.property("technician") == "T01"
    finally:
        term.close()
        if state is not None:
            state.close()
