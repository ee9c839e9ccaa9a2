"""Customer references: shape, check digit, uniqueness, and reading one back."""

from __future__ import annotations

import datetime as dt
import re

from kiosk.reference import check_digit, is_valid, new_reference, normalise


def test_shape_is_short_digits_in_groups_with_a_check_digit():
    # A terminal id no other test uses: references only ever grow per terminal, so one
    # made earlier today by another test (at a later date than this one) would win.
    ref = new_reference("D1", dt.datetime(2026, 12, 1, 10, 30, 5))
    assert re.fullmatch(r"D1-\d{4}-\d{4}-\d{3}", ref), ref
    digits = ref.replace("D1-", "").replace("-", "")
    assert is_valid(digits)
    assert digits.startswith("6335")  # year 2026, day 335: staff can tell when it was made


def test_every_single_wrong_digit_and_most_swaps_are_caught():
    digits = new_reference("K7").replace("K7-", "").replace("-", "")
    for i in range(len(digits)):
        for d in "0123456789":
            if d != digits[i]:
                assert not is_valid(digits[:i] + d + digits[i + 1 :])
    swaps_caught = sum(
        not is_valid(digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :])
        for i in range(len(digits) - 1)
        if digits[i] != digits[i + 1]
    )
    assert swaps_caught >= 1


def test_never_the_same_twice_in_one_process_even_in_one_second():
    moment = dt.datetime(2027, 3, 4, 5, 6, 7)
    refs = {new_reference("K9", moment) for _ in range(500)}
    assert len(refs) == 500


def test_read_back_as_typed_or_spoken():
    ref = new_reference("K7")
    spoken = ref.lower().replace("-", " ")
    assert normalise(spoken) == ref
    assert normalise(ref.replace("-", "")) == ref
    wrong = ref[:-1] + str((int(ref[-1]) + 1) % 10)
    assert normalise(wrong) is None
    assert normalise("K7-A-3usqnvttmohdpxix") is None


def test_check_digit_known_value():
    # ISO 7064 MOD 11,10 of "0794", worked by hand: p = 9, 1, 9, 6, so (11 - 6) % 10 = 5.
    assert check_digit("0794") == "5"


def test_the_journal_takes_a_reference_but_still_refuses_account_numbers(tmp_path):
    import pytest

    from kiosk.journal import Journal, PersonalDataError

    journal = Journal(tmp_path / "j.db")
    ref = new_reference("K7")
    journal.append("receipt_printed", reference=ref, job_id=f"{ref}-3")
    with pytest.raises(PersonalDataError):
        journal.append("receipt_printed", reference="6222-0212-3456-789")  # no check, no id
    wrong = ref[:-1] + str((int(ref[-1]) + 1) % 10)
    with pytest.raises(PersonalDataError):
        journal.append("receipt_printed", reference=wrong)  # not one of ours
