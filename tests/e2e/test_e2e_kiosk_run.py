"""The terminal exactly as `kiosk run` (and so `make run`) starts it: default configuration,
background services from ui.services, the demo card in the simulated reader, the demo
customer at the simulated camera.  A customer opens an account through the UI; the sandbox
started alongside then holds the client with an active account."""

from __future__ import annotations

from PySide6.QtTest import QTest

from devices.idcard.simulator import demo_card
from kiosk.config import KioskConfig
from kiosk.flows.identity import client_external_id
from ui.services import start_services
from ui.window import build_terminal


def test_default_terminal_opens_an_account(qapp, qtbot, tmp_path, drive):
    cfg = KioskConfig()
    cfg.storage.data_dir = str(tmp_path)
    term = build_terminal(cfg)
    term.window.show()
    QTest.qWaitForWindowExposed(term.window)
    backend = start_services(cfg, term.shell.devices)
    try:
        k = drive(term)
        k.start("open_account", language="en")
        k.wait_step("identity")
        k.tap("readCardButton")
        k.wait_step("details")
        card = demo_card()
        assert k.find("field_name_input").property("text") == card.name
        k.fill("field_mobile", "13800138000")
        k.fill("field_occupation", "Engineer")
        k.tap("nextButton")
        k.wait_step("face")
        k.tap("startFaceButton")
        k.wait_step("terms", timeout=60000)
        k.tap("consentBox")
        k.sign()
        k.tap("submitButton")
        k.wait_step("done", timeout=30000)
        account_no = k.vm.property("accountNo")
        assert account_no
        k.qtbot.waitUntil(lambda: bool(k.vm.property("receipt")), timeout=10000)
        assert k.vm.property("receipt")["printed"] is True

        core = backend.bank.core
        client = core.get_client_by_external_id(
            client_external_id(card.id_number, backend.bank.id_key)  # the bank's ID secret
        )
        [account] = core.client_accounts(client.id)
        assert (account.account_no, account.status.id) == (account_no, 300)
        k.tap("finishButton")
        k.qtbot.waitUntil(lambda: term.shell.property("screen") == "attract")
    finally:
        term.close()
        backend.close()
