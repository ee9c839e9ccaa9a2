"""Receipt templates: every kind in both languages, masking, the document they make."""

import pytest

from devices.printer.document import Encoder
from devices.printer.render import render
from kiosk.receipts.templates import (
    KINDS,
    ReceiptDataError,
    build_receipt,
    mask_account,
    mask_id,
    mask_name,
)

ACCOUNT = "6222020200112345678"
ID_NUMBER = "11010519491231002X"

DATA = {
    "account_opened": {
        "account_no": ACCOUNT,
        "holder_name": "张三丰",
        "id_number": ID_NUMBER,
        "product": "活期储蓄",
    },
    "account_pending": {"holder_name": "张三丰"},
    "transfer_done": {
        "from_account": ACCOUNT,
        "to_account": "6217000010012349876",
        "amount": "1234.5",
        "payee_name": "李四",
    },
    "transfer_failed": {
        "from_account": ACCOUNT,
        "to_account": "6217000010012349876",
        "amount": 50,
        "reason": "余额不足",
    },
    "transfer_pending": {
        "from_account": ACCOUNT,
        "to_account": "6217000010012349876",
        "amount": "20000",
        "fee": "5",
    },
    "card_application": {
        "application_ref": "CA-2026-000123",
        "card_type": "借记卡",
        "ready_in_days": 5,
    },
    "appointment_ticket": {
        "ticket_no": "A017",
        "service": "个人业务",
        "slot": "14:30-15:00",
        "waiting": 3,
    },
    "queue_ticket": {
        "ticket_no": "A012",
        "service_name": {"zh": "现金业务", "en": "Cash and deposits"},
        "where": {"zh": "请留意叫号屏，前往柜台",
                  "en": "Watch the display; go to the counter called"},
        "ahead": 2,
        "expected_wait_s": 290.0,
        "late": True,
    },
}


def make(kind, lang):
    return build_receipt(
        kind,
        lang,
        {
            "reference": "K7-20261128-0001",
            "time": "2026-11-28 10:00:00",
            "terminal_id": "K7",
            **DATA[kind],
        },
    )


def test_masking_helpers():
    assert mask_account(ACCOUNT) == "****5678"
    assert mask_account("6222 0202 0011 2345") == "****2345"
    assert mask_account("12") == "****"
    assert mask_id(ID_NUMBER) == "*" * 14 + "002X"
    assert mask_name("张三丰") == "张**" and mask_name("Jane") == "J***"


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_every_kind_and_language_prints_masked(kind, lang):
    receipt = make(kind, lang)
    assert receipt.qr_payload == "https://e-receipt.invalid/r/K7-20261128-0001"
    for columns, chinese in ((48, True), (32, True)):
        data = b"".join(Encoder(columns, chinese).encode(receipt.to_document()))
        page = render(data, paper_width_mm=80 if columns == 48 else 58, annotate=True)
        text = page.text
        assert page.problems == []
        assert ACCOUNT not in text and ID_NUMBER not in text and "三丰" not in text
        assert ("qr", "https://e-receipt.invalid/r/K7-20261128-0001") in page.codes
        assert receipt.title.split()[0] in text and "K7-20261128-0001" in text
        assert all(
            len(line.encode("gb18030")) <= columns
            for line in page.lines
            if not line.startswith("[")
        )
    if kind.startswith("transfer") or kind == "account_opened":  # account_pending has no number yet
        assert any(v == "****5678" for _, v in receipt.fields)


def test_language_specific_wording():
    assert make("transfer_done", "zh_CN").title == "转账成功"
    assert make("transfer_failed", "en").title == "TRANSFER NOT DONE"
    assert make("transfer_pending", "en").footer[-1] == "Please do not repeat the transfer."
    assert dict(make("appointment_ticket", "zh_CN").fields)["前面等候"] == "3 人"
    assert dict(make("transfer_done", "en").fields)["Amount"] == "CNY 1,234.50"
    assert dict(make("account_opened", "en").fields)["ID no."] == "*" * 14 + "002X"


def test_duplicate_mark_and_round_trip():
    receipt = make("transfer_done", "en")
    dup = receipt.marked_duplicate()
    page = render(b"".join(Encoder().encode(dup.to_document())), picture=False)
    assert "DUPLICATE / 重打" in page.lines
    assert (
        "DUPLICATE / 重打"
        not in render(b"".join(Encoder().encode(receipt.to_document())), picture=False).lines
    )
    assert type(receipt).from_dict(dup.as_dict()) == dup


def test_bad_data_is_a_clear_error():
    with pytest.raises(ReceiptDataError, match="unknown receipt kind"):
        build_receipt("lottery", "en", {"reference": "x"})
    with pytest.raises(ReceiptDataError, match="missing receipt data: reference"):
        build_receipt("transfer_done", "en", DATA["transfer_done"])
    with pytest.raises(ReceiptDataError, match="amount is not a number"):
        build_receipt(
            "transfer_done", "en", {**DATA["transfer_done"], "amount": "lots", "reference": "r"}
        )


def test_ticket_number_printed_large():
    doc = make("appointment_ticket", "en").to_document()
    big = [el for el in doc.elements if getattr(el, "size", 1) == 2]
    assert [el.text for el in big] == ["APPOINTMENT TICKET", "A017"]
