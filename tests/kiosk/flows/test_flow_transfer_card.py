import datetime
import threading
from decimal import Decimal

from flow_people import LI_NA_ID, ZHANG_WEI_ID

from kiosk.config import KioskConfig, LimitsConfig
from kiosk.flows.card_application import CardApplicationJourney
from kiosk.flows.steps import Outcome
from kiosk.flows.transfer import TransferJourney
from kiosk.sandbox.store import cn_id
from kiosk.terminal import local_bank


def zhang():
    return {"name": "张伟", "id_number": ZHANG_WEI_ID, "sex": "男", "address": "北京"}


def identified(journey_cls, bank, person=None, **deps):
    j = journey_cls(bank.deps(**deps))
    j.document_read("cn-id", person or zhang(), source="chip")
    assert j.step == "face"
    j.face_result(True, "", 0.3)
    return j


def balance(bank, savings_id):
    return Decimal(str(bank.core.get_savings(savings_id).summary.account_balance))


def test_transfer_posts_exactly_once_even_with_a_double_press(bank):
    j = identified(TransferJourney, bank)
    assert j.step == "choose_account"
    assert [(a.id, a.balance) for a in j.accounts] == [(1, Decimal("52300.0"))]
    assert j.choose_account(1)
    assert not j.submit_payee("000000002", "李红")  # the account holder is 李娜 ("娜 李")
    assert j.errors == {"payee_name": "payee.name_mismatch"} and j.step == "payee"
    assert not j.submit_payee("000000999", "Li Na")
    assert j.errors == {"payee_account": "payee.unknown_account"}
    assert j.submit_payee("0000 00002", "li na")
    assert j.step == "amount"
    assert not j.submit_amount("60000")
    assert j.errors == {"amount": "core.insufficient_funds"}
    assert j.submit_amount("1,234.50")
    assert j.step == "confirm"
    s = j.summary()
    assert (s["from"], s["to"], s["amount"]) == ("*****0001", "*****0002", "1234.50")
    ref = s["reference"]

    threads = [threading.Thread(target=j.confirm) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert j.step == "done" and j.confirm() == "done"
    assert balance(bank, 1) == Decimal("51065.50")
    assert balance(bank, 2) == Decimal("10034.50")
    assert bank.outbox.get(ref).state == "done"
    assert bank.daily_totals.total(1, j.deps.now().date()) == Decimal("1234.50")
    receipt = j.print_receipt()
    assert receipt["printed"] is False and receipt["qr"]
    j.finish()
    assert j.outcome is Outcome.COMPLETED
    assert bank.journal.verify().ok


def test_limits_and_teller_threshold(tmp_path):
    cfg = KioskConfig(
        limits=LimitsConfig(per_transaction=3000, per_day=4000, teller_approval_above=2500)
    )
    bank = local_bank(tmp_path / "b", cfg, max_retries=1)
    try:
        j = identified(TransferJourney, bank)
        j.choose_account(1)
        j.submit_payee("000000002", "Li Na")
        assert not j.submit_amount("3000.01")
        assert j.errors == {"amount": "limit.per_transaction"} and not j.ended
        j.submit_amount("2000")
        j.confirm()
        assert j.step == "done"

        j = identified(TransferJourney, bank)
        j.choose_account(1)
        j.submit_payee("000000002", "Li Na")
        assert not j.submit_amount("2100")
        assert j.errors == {"amount": "limit.per_day"}
        j.back()
        assert j.step == "payee" and j.data["payee"]["name"] == "Li Na"
        j.cancel()

        j = identified(TransferJourney, bank)
        j.choose_account(1)
        j.submit_payee("000000002", "Li Na")
        j.deps.now = lambda: datetime.datetime(2030, 1, 2)  # a new day starts from zero
        assert not j.submit_amount("2600")
        # Above the teller threshold: asked for a smaller amount, the journey goes on.
        assert not j.ended and j.step == "amount"
        assert j.errors == {"amount": "limit.teller_approval"}
        assert j.message.key == "limit.teller_approval"
        assert j.message.params["threshold"] == "2,500.00"
        assert j.submit_amount("2400") and j.step == "confirm"
    finally:
        bank.close()


def test_payee_attempts_end_and_not_a_client(bank):
    j = identified(TransferJourney, bank)
    j.choose_account(1)
    for _ in range(2):
        j.submit_payee("000000002", "Nobody")
        assert not j.ended
    j.submit_payee("000000002", "Nobody")
    assert j.outcome is Outcome.FAILED and j.message.key == "payee.name_mismatch"

    stranger = {"name": "王芳", "id_number": cn_id("11010119850505002")}
    j = identified(TransferJourney, bank, stranger)
    assert j.outcome is Outcome.REFUSED and j.message.key == "identify.not_a_client"


def test_core_unreachable_means_not_done(tmp_path):
    bank = local_bank(tmp_path / "b", max_retries=0)
    try:
        j = identified(TransferJourney, bank, submit_wait_seconds=1.0)
        j.choose_account(1)
        j.submit_payee("000000002", "Li Na")
        j.submit_amount("10")
        bank.sender.stop()  # nothing leaves the terminal ...
        bank.sender = None
        bank.sandbox.stop()  # ... and the core is gone
        bank.sandbox = None
        assert j.confirm() != "done"
        assert j.outcome is Outcome.FAILED and j.message.key == "core.unavailable"
        rec = bank.outbox.get(j.data["action_id"])
        assert rec.state == "failed" and rec.error_code == "cancelled.unsent"
        assert bank.daily_totals.total(1, j.deps.now().date()) == 0
    finally:
        bank.close()


def test_debit_and_credit_card_applications(bank):
    j = identified(CardApplicationJourney, bank)
    assert j.step == "choose_card"
    assert not j.choose_card("debit", None)
    assert j.errors == {"account": "card.account_required"}
    assert j.choose_card("debit", 1)
    assert not j.give_consent(False)
    assert j.give_consent(True) and j.step == "submitting"
    assert j.submit() == "done"
    debit_ref = j.data["action_id"]
    j.print_receipt()
    j.finish()

    li = {"name": "李娜", "id_number": LI_NA_ID}
    j = identified(CardApplicationJourney, bank, li)
    assert not j.choose_card("credit", None, "abc", "")
    assert set(j.errors) == {"income", "employer"}
    assert j.choose_card("credit", None, "180,000", "  深圳  测试 公司 ")
    j.give_consent(True)
    assert j.submit() == "done"
    credit_ref = j.data["action_id"]

    rows1 = bank.core.get_datatable_entries("card_application", 1)
    rows2 = bank.core.get_datatable_entries("card_application", 2)
    assert [(r["card_type"], r["savings_account_id"], r["reference"]) for r in rows1] == [
        ("debit", 1, debit_ref)
    ]
    assert [(r["card_type"], r["annual_income"], r["employer"], r["reference"]) for r in rows2] == [
        ("credit", 180000, "深圳 测试 公司", credit_ref)
    ]
