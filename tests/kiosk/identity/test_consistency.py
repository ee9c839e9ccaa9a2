"""Consistency rules (kiosk.identity.consistency) on field dicts, chip data and OCR reads."""

from __future__ import annotations

import datetime as _dt

import pytest

from devices.idcard import specimen
from devices.idcard.simulator import demo_card
from kiosk.identity import consistency
from kiosk.identity.documents import read_document

TODAY = _dt.date(2026, 12, 1)
FRONT = {
    "name": "潘苑艳", "sex": "女", "ethnicity": "回", "birth_date": "1987-09-25",
    "address": "湖北省武汉市武昌区胜利街245号", "id_number": "420106198709253389",
}  # fmt: skip
BACK = {
    "issuing_authority": "武汉市公安局武昌分局",
    "valid_from": "2021-02-14",
    "valid_to": "2041-02-14",
}


def _fields(problems: list[str]) -> list[str]:
    return [p.partition(":")[0] for p in problems]


def test_a_consistent_card_has_no_problem():
    assert consistency.check_cn_id({**FRONT, **BACK}, TODAY) == []
    assert consistency.check_cn_id(FRONT, TODAY) == []
    assert consistency.check_cn_id(BACK, TODAY) == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"sex": "男"}, "sex"),
        ({"birth_date": "1987-09-26"}, "birth_date"),
        ({"birth_date": "2030-01-01"}, "birth_date"),
        ({"id_number": "420106198709253388"}, "id_number"),
        ({"issuing_authority": "武汉市人民政府"}, "issuing_authority"),
        ({"valid_to": "2040-02-14"}, "valid_to"),  # 19 years is no period a card has
        ({"valid_to": "2041-02-15"}, "valid_to"),  # the end keeps the start's day
        ({"valid_to": "2021-01-01"}, "valid_to"),
        ({"valid_to": "2031-02-14"}, "valid_to"),  # ten years is for 16-25; she was 33
        ({"valid_to": "长期"}, "valid_to"),  # long-term is for 46 and over
        ({"valid_from": "2027-01-01", "valid_to": "2047-01-01"}, "valid_from"),
        ({"valid_to": "2031-13-01"}, "valid_to"),
    ],
)
def test_each_contradiction_names_its_field(change, field):
    problems = consistency.check_cn_id({**FRONT, **BACK, **change}, TODAY)
    assert field in _fields(problems), problems
    assert not all(consistency.is_expiry(p) for p in problems)


def test_an_expired_card_is_reported_as_expiry_not_as_a_contradiction():
    problems = consistency.check_cn_id({**BACK, "valid_from": "2001-02-14",
                                        "valid_to": "2021-02-14"}, TODAY)  # fmt: skip
    assert _fields(problems) == ["valid_to"] and consistency.is_expiry(problems[0])


def test_chip_data_uses_the_same_rules():
    fields = demo_card().as_fields()
    assert consistency.check_cn_id(fields) == []
    flipped = {**fields, "sex": "男" if fields["sex"] == "女" else "女"}
    assert _fields(consistency.check_cn_id(flipped)) == ["sex"]


def test_mrz_rules():
    good = {"date_of_birth": "740812", "expiration_date": "320415", "sex": "F",
            "number": "L898902C3"}  # fmt: skip
    assert consistency.check_mrz(good, {"number": True}, TODAY) == []
    # 121212 on a passport that expired in 2011 is 1912, not 2012: no contradiction.
    old = {**good, "date_of_birth": "121212", "expiration_date": "110629"}
    assert _fields(consistency.check_mrz(old, {}, TODAY)) == ["expiration_date"]
    assert consistency.is_expiry(consistency.check_mrz(old, {}, TODAY)[0])
    bad = consistency.check_mrz({**good, "date_of_birth": "741312", "sex": "6"},
                                {"number": False}, TODAY)  # fmt: skip
    assert set(_fields(bad)) == {"number", "date_of_birth", "sex"}


def test_mrz_against_the_visual_zone():
    mrz = {"number": "L898902C3", "date_of_birth": "740812", "expiration_date": "120415"}
    viz = ["PASSPORT P UTO", "L898902C3", "ERIKSSON", "12 AUG/AOUT 1974", "16 APR/AVR 2007",
           "15 APR/AVR 2012"]  # fmt: skip
    assert consistency.check_mrz_against_visual(mrz, viz) == []
    noisy = ["L898902G3", "12 AUG 1974", "15 APR 2012"]  # one character off: OCR noise
    assert consistency.check_mrz_against_visual(mrz, noisy) == []
    forged = ["L123456C9", "12 AUG 1980", "16.04.2007", "15.04.2012"]
    assert _fields(consistency.check_mrz_against_visual(mrz, forged)) == ["number", "date_of_birth"]


def _flip_sex(p: specimen.Person) -> dict[str, object]:
    return {"sex": "女" if p.sex == "男" else "男"}


def _other_birthday(p: specimen.Person) -> dict[str, object]:
    return {"birth_date": p.birth_date + _dt.timedelta(days=400)}


def _bad_period(p: specimen.Person) -> dict[str, object]:
    return {"valid_from": _dt.date(2015, 3, 3), "valid_to": _dt.date(2022, 3, 3)}


@pytest.mark.parametrize(
    ("seed", "alter", "side", "field"),
    [(501, _flip_sex, "front", "sex"), (502, _other_birthday, "front", "birth_date"),
     (503, _bad_period, "back", "valid_to")],
)  # fmt: skip
def test_ocr_of_a_card_that_contradicts_itself(seed, alter, side, field):
    card = specimen.generate(seed, alter)
    result = read_document(getattr(card, side), kind="cn-id")
    assert result.kind == f"cn-id-{side}"
    assert result.valid is False
    assert field in _fields(result.problems), result.problems


def test_ocr_of_a_consistent_card_reports_no_problem():
    card = specimen.generate(504)
    result = read_document(card.front, kind="cn-id")
    assert result.valid and result.problems == []


def test_the_visual_zone_catches_what_no_check_digit_sees():
    # G and 6 have ICAO values 16 and 6: the check digit passes either way.
    mrz = {"number": "6935265266", "date_of_birth": "420513", "expiration_date": "320617",
           "surname": "JNES", "names": "JACK"}  # fmt: skip
    viz = ["G935265266", "JONES", "JACK", "13.05.1942", "18.06.2022", "17.06.2032"]
    assert _fields(consistency.check_mrz_against_visual(mrz, viz)) == ["number", "surname"]
    right = {**mrz, "number": "G935265266", "surname": "JONES"}
    assert consistency.check_mrz_against_visual(right, viz) == []
    # Printed with diacritics, transliterated in the MRZ (ICAO 9303-3): no contradiction.
    for surname in ("MUELLER", "MULLER"):
        assert consistency.check_mrz_against_visual({"surname": surname}, ["MÜLLER"]) == []
    # A letter read as a digit in a month name still gives the date.
    assert consistency.visual_dates(["040CT1949", "13,05.1942"]) == {"491004", "420513"}
