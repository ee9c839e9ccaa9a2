import datetime as dt
from decimal import Decimal

import pytest

from kiosk.config import LimitsConfig
from kiosk.flows import validation as v
from kiosk.flows.identity import (
    FaceCheckCounter,
    client_external_id,
    person_from_document,
)
from kiosk.flows.limits import check_limits
from kiosk.stores.daily_totals import DailyTotals

VALID_ID = "11010519491231002X"


def test_mobile_numbers():
    assert v.mobile_number("138 0013 8000") == "+8613800138000"
    assert v.mobile_number("+86 13800138000") == "+8613800138000"
    for bad in ("12800138000", "1380013800", "abc", "", "+1 2025550100"):
        with pytest.raises(v.FieldInvalid) as exc:
            v.mobile_number(bad)
        assert exc.value.key == "mobile.invalid"


def test_amounts():
    assert v.amount("1,500.5") == Decimal("1500.50")
    assert v.amount("￥20") == Decimal("20.00")
    for bad, key in (
        ("0", "amount.invalid"),
        ("-3", "amount.invalid"),
        ("x", "amount.invalid"),
        ("1.234", "amount.too_many_decimals"),
        ("nan", "amount.invalid"),
    ):
        with pytest.raises(v.FieldInvalid) as exc:
            v.amount(bad)
        assert exc.value.key == key


def test_names_and_accounts():
    assert v.names_match("zhang  wei", "Zhang Wei")
    assert v.names_match("张伟", "张 伟")
    assert not v.names_match("张伟", "张卫")
    assert not v.names_match("", "")
    # A Chinese holder ("娜 李", Fineract's "firstname lastname") typed in Hanzi or pinyin.
    for typed in ("李娜", "Li Na", "li na", "Na Li", "LiNa"):
        assert v.names_match(typed, "娜 李"), typed
    assert not v.names_match("Li Hong", "娜 李")
    assert not v.names_match("李红", "娜 李")
    assert v.names_match("Zhang Wei", "伟 张")
    assert v.account_number("0000 0007") == "00000007"
    with pytest.raises(v.FieldInvalid):
        v.account_number("12a45")


def test_person_from_chip_locks_document_fields():
    p = person_from_document(
        "cn-id",
        {
            "name": "张三丰",
            "sex": "男",
            "birth_date": dt.date(1949, 12, 31),
            "address": "北京市",
            "id_number": VALID_ID.lower(),
            "valid_to": "长期",
        },
        source="chip",
    )
    assert p is not None and p.valid and not p.expired
    assert (p.surname, p.given_names, p.full_name) == ("张", "三丰", "张三丰")
    form = p.form()
    assert form["name"] == {"value": "张三丰", "editable": False}
    assert form["id_number"]["editable"] is False
    assert form["address"] == {"value": "北京市", "editable": True}
    assert form["mobile"]["editable"] and form["occupation"]["editable"]
    for secret in ("张", "三丰", "北京", VALID_ID, "1949"):
        assert secret not in repr(p)


def test_account_repr_hides_the_number():
    from kiosk.flows.lookup import Account, mask

    acc = Account(7, "000012345678", "Savings", Decimal("12.50"), "CNY", True)
    assert "12345678" not in repr(acc) and "12.50" not in repr(acc)
    assert acc.masked() == mask(acc.account_no) == "********5678"


def test_person_invalid_expired_and_unreadable():
    bad = person_from_document(
        "cn-id-front", {"name": "李四", "id_number": "110105194912310021"}, source="ocr"
    )
    assert bad is not None and not bad.valid
    old = person_from_document(
        "cn-id", {"name": "李四", "id_number": VALID_ID, "valid_to": "2001-01-01"}, source="chip"
    )
    assert old is not None and old.expired
    assert person_from_document("cn-id", {"name": ""}, source="ocr") is None
    assert person_from_document("pacman", {}, source="ocr") is None


def test_person_from_mrz():
    p = person_from_document(
        "mrz",
        {
            "number": "L898902C3",
            "surname": "ERIKSSON",
            "names": "ANNA<MARIA",
            "date_of_birth": "740812",
            "expiration_date": "991231",
            "nationality": "UTO",
            "sex": "F",
        },
        source="ocr",
        valid=True,
    )
    assert p is not None
    assert p.full_name == "Anna Maria Eriksson"
    assert p.birth_date == "1974-08-12"
    assert p.expired  # 1999


def test_external_id_is_salted_and_stable():
    a = client_external_id(VALID_ID, "salt-1")
    assert a == client_external_id(VALID_ID.lower(), "salt-1")
    assert a != client_external_id(VALID_ID, "salt-2")
    assert VALID_ID not in a and len(a) <= 100


def test_face_counter():
    c = FaceCheckCounter(limit=3)
    assert c.record(False, "no_match") and c.remaining == 2
    assert c.record(False) and not c.record(False)
    assert c.remaining == 0


def test_limits(tmp_path):
    limits = LimitsConfig(per_transaction=5000, per_day=8000, teller_approval_above=3000)
    assert check_limits(limits, Decimal("100"), Decimal(0)) is None
    assert check_limits(limits, Decimal("6000"), Decimal(0)) == "limit.per_transaction"
    assert check_limits(limits, Decimal("2000"), Decimal("7000")) == "limit.per_day"
    assert check_limits(limits, Decimal("3000.01"), Decimal(0)) == "limit.teller_approval"

    totals = DailyTotals(tmp_path / "totals.db")
    day = dt.date(2026, 11, 28)
    totals.add("a1", 5, day, Decimal("10.50"))
    totals.add("a1", 5, day, Decimal("10.50"))  # same action counted once
    totals.add("a2", 5, day, Decimal("1"))
    totals.add("a3", 6, day, Decimal("99"))
    totals.add("a4", 5, day + dt.timedelta(days=1), Decimal("99"))
    assert totals.total(5, day) == Decimal("11.50")
    totals.remove("a2")
    # a restart (new object, same file) keeps the totals
    assert DailyTotals(tmp_path / "totals.db").total(5, day) == Decimal("10.50")
