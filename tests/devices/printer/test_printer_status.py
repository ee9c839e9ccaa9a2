"""DLE EOT 1-4 answers mapped to the XFS4IoT vocabulary, bit by bit."""

import json

import pytest

from devices.printer.status import RawStatus, decode, is_valid_status, ready_to_print
from devices.status import DeviceState

OK = RawStatus(0x12, 0x12, 0x12, 0x12)


def status(printer=0x12, offline=0x12, error=0x12, paper=0x12):
    return decode(RawStatus(printer, offline, error, paper))


def test_all_clear_is_online_with_paper():
    s = decode(OK)
    assert s.device == DeviceState.ONLINE
    assert (
        s.details["paper"] == "full"
        and s.details["cover"] == "closed"
        and s.details["errors"] == []
    )
    assert ready_to_print(s) == (True, "")


def test_no_answer_is_offline_and_paper_unknown():
    s = decode(RawStatus())
    assert s.device == DeviceState.OFFLINE
    assert s.details["paper"] == "unknown" and s.details["cover"] == "unknown"
    assert ready_to_print(s) == (False, "noResponse")


def test_printer_answered_but_no_paper_sensor_answer_never_assumes_paper():
    s = decode(RawStatus(0x12, 0x12, 0x12, None))
    assert s.details["paper"] == "unknown"
    assert ready_to_print(s) == (False, "paperUnknown")


@pytest.mark.parametrize(
    ("byte", "valid"),
    [
        (0x12, True),
        (0x7E, True),
        (0x1E, True),
        (0x00, False),
        (0x80, False),
        (0x02, False),
        (0x10, False),
        (0x13, False),
        (0x92, False),
    ],
)
def test_fixed_bits_validity(byte, valid):
    assert is_valid_status(byte) is valid


def test_shared_vectors_validity_and_paper(testdata):
    vec = json.loads((testdata / "escpos" / "expected.json").read_text())[
        "python-escpos_status_bytes"
    ]
    for hexbyte in vec["valid"]:
        assert RawStatus.from_answers({1: bytes.fromhex(hexbyte)}).printer is not None
    for hexbyte in vec["invalid"]:
        assert RawStatus.from_answers({1: bytes.fromhex(hexbyte)}).printer is None
    # python-escpos: 0x12 -> 2 (adequate), 0x1e -> 1 (near end)
    assert status(paper=0x12).details["paper"] == "full"
    assert status(paper=0x1E).details["paper"] == "low"


def test_n1_bits():
    assert status(printer=0x12 | 0x04).details["drawer_pin3_high"] is True
    assert status(printer=0x12 | 0x08).device == DeviceState.OFFLINE
    assert status(printer=0x12 | 0x20).details["waiting_online_recovery"] is True
    assert status(printer=0x12 | 0x40).details["feed_button_pressed"] is True


def test_n2_bits():
    s = status(offline=0x12 | 0x04)
    assert s.details["cover"] == "open" and s.device == DeviceState.OFFLINE
    assert ready_to_print(s) == (False, "coverOpen")
    assert status(offline=0x12 | 0x08).details["feeding_by_button"] is True
    s = status(offline=0x12 | 0x20)
    assert s.details["paper"] == "out" and ready_to_print(s) == (False, "paperOut")
    assert "errorOccurred" in status(offline=0x12 | 0x40).details["errors"]


def test_n3_bits():
    s = status(error=0x12 | 0x04)
    assert s.device == DeviceState.HARDWARE_ERROR and "mechanicalError" in s.details["errors"]
    s = status(error=0x12 | 0x08)
    assert s.device == DeviceState.HARDWARE_ERROR and s.details["paper"] == "jammed"
    assert ready_to_print(s) == (False, "paperJammed")
    s = status(error=0x12 | 0x20)
    assert s.device == DeviceState.HARDWARE_ERROR and "unrecoverableError" in s.details["errors"]
    s = status(error=0x12 | 0x40)
    assert "autoRecoverableError" in s.details["errors"] and s.device == DeviceState.ONLINE


@pytest.mark.parametrize(
    ("byte", "paper"),
    [
        (0x12, "full"),
        (0x12 | 0x04, "low"),
        (0x12 | 0x08, "low"),
        (0x12 | 0x0C, "low"),
        (0x12 | 0x20, "out"),
        (0x12 | 0x40, "out"),
        (0x12 | 0x6C, "out"),
    ],
)
def test_n4_paper_sensor(byte, paper):
    s = status(paper=byte)
    assert s.details["paper"] == paper
    assert ready_to_print(s)[0] is (paper != "out")
