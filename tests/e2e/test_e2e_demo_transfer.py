"""The demo as `kiosk run` starts it, with nothing from ../shared: the demo customer scans
the card on the tray (OCR of the rendered card), passes the face check with a blink, and
transfers money from the seeded account; the sandbox started alongside then shows it."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtTest import QTest

from kiosk.config import KioskConfig
from ui.services import start_services
from ui.window import build_terminal


def test_demo_customer_transfers_by_scanning_the_card(qapp, qtbot, tmp_path, drive):
    cfg = KioskConfig()
    cfg.storage.data_dir = str(tmp_path)
    cfg.session.idle_seconds = 600
    term = build_terminal(cfg)
    term.window.show()
    QTest.qWaitForWindowExposed(term.window)
    backend = start_services(cfg, term.shell.devices)
    core = backend.bank.core
    before = Decimal(str(core.get_savings_by_external_id("DEMO-S-0001").summary.account_balance))
    try:
        k = drive(term)
        k.start("transfer", language="en")
        k.wait_step("identity")
        k.tap("scanButton")
        k.wait_step("face", timeout=60000)
        k.tap("startFaceButton")
        k.wait_step("choose_account", timeout=60000)
        k.tap("account_0")
        k.wait_step("payee")
        k.fill("field_payee_account", "000000002")
        k.fill("field_payee_name", "Li Na")
        k.tap("nextButton")
        k.wait_step("amount")
        k.fill("field_amount", "88")
        k.tap("nextButton")
        k.wait_step("confirm")
        k.tap("confirmButton")
        k.wait_step("done", timeout=30000)
        after = core.get_savings_by_external_id("DEMO-S-0001").summary.account_balance
        assert before - Decimal(str(after)) == Decimal("88")
        k.tap("finishButton")
        k.qtbot.waitUntil(lambda: term.shell.property("screen") == "attract")
    finally:
        term.close()
        backend.close()
