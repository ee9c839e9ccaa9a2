from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from devices.idcard.simulator import demo_card
from devices.idcard.textblock import ETHNICITIES, IdCardText, build_text_block, parse_text_block


def test_demo_card_round_trips_through_256_bytes():
    card = demo_card()
    block = build_text_block(card)
    assert len(block) == 256
    parsed = parse_text_block(block)
    assert parsed == card
    fields = parsed.as_fields()
    assert fields["sex"] == "男" and fields["ethnicity"] == "汉"
    assert fields["birth_date"] == "1990-03-07"
    assert "王小样" not in repr(parsed)


def test_field_offsets_are_fixed():
    block = build_text_block(demo_card())
    assert block[0:6].decode("utf-16-le") == "王小样"
    assert block[30:32].decode("utf-16-le") == "1"
    assert block[32:36].decode("utf-16-le") == "01"
    assert block[122:158].decode("utf-16-le") == demo_card().id_number


def test_long_term_validity_and_ethnicity_codes():
    card = IdCardText(
        "阿依古丽", "2", "05", dt.date(1960, 1, 2), "新疆乌鲁木齐市示例街",
        "650102196001020020", "乌鲁木齐市公安局", dt.date(2010, 1, 1), None,
    )  # fmt: skip
    parsed = parse_text_block(build_text_block(card))
    assert parsed.valid_to is None and parsed.as_fields()["valid_to"] == "长期"
    assert parsed.sex == "女" and parsed.ethnicity == "维吾尔"
    assert len(ETHNICITIES) == 58


def test_bad_blocks_are_rejected():
    with pytest.raises(ValueError):
        parse_text_block(b"\x00" * 100)
    bad = bytearray(build_text_block(demo_card()))
    bad[36:52] = "2019XX01".encode("utf-16-le")
    with pytest.raises(ValueError):
        parse_text_block(bytes(bad))


@given(
    name=st.text(
        alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=15
    ),
    address=st.text(
        alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=35
    ),
    code=st.sampled_from(sorted(ETHNICITIES)),
)
def test_any_card_round_trips(name, address, code):
    card = IdCardText(name, "1", code, dt.date(1980, 5, 6), address, "11010119800506001X",
                      "某市公安局", dt.date(2000, 1, 1), dt.date(2020, 1, 1))  # fmt: skip
    assert parse_text_block(build_text_block(card)) == card
