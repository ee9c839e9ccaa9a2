"""Transfer and card application through the UI, and the main failure paths."""

from decimal import Decimal

from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest

from kiosk.devices_io.demo import card_text
from kiosk.sandbox.server import start_sandbox
from kiosk.sandbox.store import cn_id

ZHANG_WEI = card_text("张伟", cn_id("11010519800101001"))  # sandbox demo client, 52,300.00


def balance(bank, savings_id):
    return Decimal(str(bank.core.get_savings(savings_id).summary.account_balance))


def identify(k, journey):
    k.start(journey)
    k.wait_step("identity")
    k.tap("readCardButton")
    k.wait_step("face")
    k.tap("startFaceButton")


def to_confirm(k, amount="100"):
    identify(k, "transfer")
    k.wait_step("choose_account", timeout=30000)
    k.tap("account_0")
    k.wait_step("payee")
    k.fill("field_payee_account", "000000002")
    k.fill("field_payee_name", "Li Na")
    k.tap("nextButton")
    k.wait_step("amount")
    k.fill("field_amount", amount)
    k.tap("nextButton")
    k.wait_step("confirm")


def test_transfer_double_press_posts_once(make_kiosk):
    k = make_kiosk(ZHANG_WEI)
    bank = k.sim.bank
    to_confirm(k, "1234.5")
    assert k.find("confirmAmount").property("text") == "1,234.50 元"  # as Chinese writes money
    assert k.find("confirmFrom").property("text") == "*****0001"
    button = k.item("confirmButton")
    pt = button.mapToScene(QPointF(button.width() / 2, button.height() / 2)).toPoint()
    QTest.mouseClick(k.win, Qt.LeftButton, Qt.NoModifier, pt)
    QTest.mouseClick(k.win, Qt.LeftButton, Qt.NoModifier, pt)  # the impatient second press
    k.wait_step("done")
    k.qtbot.waitUntil(lambda: bool(k.vm.property("receipt")), timeout=10000)
    assert balance(bank, 1) == Decimal("51065.50")
    assert balance(bank, 2) == Decimal("10034.50")
    assert bank.outbox.counts().get("done") == 1
    assert k.vm.property("receipt")["printed"] is True
    k.tap("finishButton")
    k.qtbot.waitUntil(lambda: k.t.shell.property("screen") == "attract")


def test_insufficient_funds_at_the_core_and_printer_out(make_kiosk):
    k = make_kiosk(ZHANG_WEI)
    bank = k.sim.bank
    to_confirm(k, "10000")
    bank.core.withdrawal(1, 45000)  # the balance changed since it was shown
    k.tap("confirmButton")
    k.wait_step("ended")
    assert k.vm.property("outcome") == "failed"
    assert k.find("endedMessage").property("text") == "余额不足。"
    assert balance(bank, 2) == Decimal("8800")
    k.tap("finishButton")
    k.qtbot.waitUntil(lambda: k.t.shell.property("screen") == "attract")

    k.sim.printer_sim.faults.paper = "out"
    to_confirm(k, "10")
    k.tap("confirmButton")
    k.wait_step("done")
    k.qtbot.waitUntil(lambda: bool(k.vm.property("receipt")), timeout=10000)
    receipt = k.vm.property("receipt")
    assert receipt["printed"] is False and receipt["qr"]
    qr = k.item("eReceiptQr")
    k.qtbot.waitUntil(lambda: qr.property("implicitWidth") > 0)  # the QR code is on screen
    assert balance(bank, 2) == Decimal("8810")


def test_core_unreachable_then_back_posts_exactly_once(make_kiosk):
    k = make_kiosk(ZHANG_WEI)
    bank = k.sim.bank
    to_confirm(k, "20")
    port = bank.sandbox.port
    bank.sandbox.stop()
    # The core is gone, and with it every open connection (the stopped sandbox would keep
    # serving the client's kept-alive sockets from its handler threads).
    bank.core.t.session.close()
    k.tap("confirmButton")
    k.qtbot.waitUntil(
        lambda: k.find("pendingText") is not None or k.find("endedMessage") is not None,
        timeout=30000,
    )
    if k.vm.property("ended"):  # certainly never sent: cancelled, customer told "not done"
        assert k.find("endedMessage").property("text").startswith("暂时无法连接银行")
        expected = Decimal("8800")
    else:  # may have reached the core: pending, the outbox keeps sending with the same key
        assert "参考号" in k.find("pendingText").property("text")
        expected = Decimal("8820")
    bank.sandbox = start_sandbox(bank.outbox.path.parent / "sandbox.db", "127.0.0.1", port)
    k.qtbot.waitUntil(
        lambda: (
            bank.outbox.counts().get("queued", 0) == 0
            and bank.outbox.counts().get("in_flight", 0) == 0
        ),
        timeout=30000,
    )
    assert balance(bank, 2) == expected


def test_face_check_fails_three_times_then_staff(make_kiosk, stranger):
    k = make_kiosk(ZHANG_WEI)
    k.sim.present_stranger()
    identify(k, "transfer")
    for _ in range(2):
        k.qtbot.waitUntil(lambda: k.vm.property("messageKey") == "face.retry", timeout=30000)
        k.wait_step("face")
        k.tap("startFaceButton")
    k.wait_step("ended", timeout=30000)
    assert k.vm.property("outcome") == "staff"
    assert "工作人员" in k.find("endedMessage").property("text")


def test_debit_card_application(make_kiosk):
    k = make_kiosk(ZHANG_WEI)
    identify(k, "card_application")
    k.wait_step("choose_card", timeout=30000)
    k.tap("debitButton")
    k.tap("cardAccount_0")
    k.tap("nextButton")
    k.wait_step("consent")
    k.tap("consentBox")
    k.tap("submitButton")
    k.wait_step("done")
    reference = k.vm.property("reference")
    assert k.find("resultReference").property("text").endswith(reference)
    rows = k.sim.bank.core.get_datatable_entries("card_application", 1)
    assert [(r["card_type"], r["savings_account_id"], r["reference"]) for r in rows] == [
        ("debit", 1, reference)
    ]
    k.qtbot.waitUntil(lambda: bool(k.vm.property("receipt")), timeout=10000)
    assert reference in k.sim.printer_sim.page_texts()[-1]


def test_credit_card_application_keeps_input_on_errors(make_kiosk):
    k = make_kiosk(ZHANG_WEI)
    identify(k, "card_application")
    k.wait_step("choose_card", timeout=30000)
    k.tap("creditButton")
    k.fill("field_income", "0")
    k.tap("nextButton")
    k.qtbot.waitUntil(lambda: set(k.vm.property("errors")) == {"income", "employer"})
    assert k.find("field_income_input").property("text") == "0"
    k.fill("field_income", "240000")
    k.fill("field_employer", "示例科技有限公司")
    k.tap("nextButton")
    k.wait_step("consent")
    k.tap("submitButton")  # no consent ticked: refused, stays
    k.qtbot.waitUntil(lambda: "consent" in k.vm.property("errors"))
    k.tap("consentBox")
    k.tap("submitButton")
    k.wait_step("done")
    rows = k.sim.bank.core.get_datatable_entries("card_application", 1)
    assert [(r["card_type"], r["annual_income"], r["employer"]) for r in rows] == [
        ("credit", 240000, "示例科技有限公司")
    ]
