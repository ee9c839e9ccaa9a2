from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from kiosk.identity import idnumber

# The example from the cn_idcard SOURCES notes and GB 11643's own worked example.
KNOWN_VALID = ["11010519491231002X", "110101199003072156", "440106200303034796"]


def test_known_numbers():
    for n in KNOWN_VALID:
        assert idnumber.is_valid(n), n
    assert idnumber.check_char("11010519491231002") == "X"
    assert not idnumber.is_valid("110105194912310021")  # wrong check digit
    assert not idnumber.is_valid("110105194913310028")  # month 13
    assert not idnumber.is_valid("11010519491231002")  # too short
    assert idnumber.sex_from_number("11010519491231002X") == "女"
    assert idnumber.birth_date("11010519491231002X") == dt.date(1949, 12, 31)


def _number(region: int, born: dt.date, seq: int) -> str:
    first17 = f"{region:06d}{born:%Y%m%d}{seq:03d}"
    return first17 + idnumber.check_char(first17)


numbers = st.builds(
    _number,
    st.integers(110000, 659999),
    st.dates(dt.date(1900, 1, 1), dt.date(2020, 12, 31)),
    st.integers(0, 999),
)


@given(numbers)
def test_generated_numbers_are_valid_and_survive_letter_confusions(number):
    assert idnumber.is_valid(number)
    assert idnumber.correct_id_number(number) == number
    ocr = number.replace("0", "O").replace("1", "l").replace("5", "S")
    assert idnumber.correct_id_number(ocr) == number


@given(numbers, st.integers(0, 16), st.data())
def test_single_digit_error_is_never_silently_accepted_as_another_wrong_number(number, pos, data):
    wrong_digit = data.draw(st.sampled_from([d for d in "0123456789" if d != number[pos]]))
    corrupted = number[:pos] + wrong_digit + number[pos + 1 :]
    assert not idnumber.is_valid(corrupted)  # MOD 11-2 catches every single substitution
    fixed = idnumber.correct_id_number(corrupted)
    assert fixed is None or idnumber.is_valid(fixed)


def test_lookalike_digit_is_repaired_when_unambiguous():
    number = "440106200303034796"
    # 8 read for 3 at a position where only the true digit restores the check.
    fixed = [idnumber.correct_id_number(number[:i] + "8" + number[i + 1 :]) for i in (10, 12)]
    assert number in fixed


def test_find_in_free_text():
    text = "公民身份号码 1440106200303034796 "
    cands = idnumber.find_id_numbers(text)
    assert "440106200303034796" in cands
    assert idnumber.find_id_numbers("no number here 12345") == []
