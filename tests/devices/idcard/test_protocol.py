"""SAM frame protocol against the published frames in testdata/cn_idcard."""

from __future__ import annotations

import json

import pytest

from devices.idcard import protocol as p

_NAMES = {
    "reset_sam": p.Command.RESET_SAM,
    "sam_status": p.Command.SAM_STATUS,
    "read_sam_id": p.Command.READ_SAM_ID,
    "find_card": p.Command.FIND_CARD,
    "select_card": p.Command.SELECT_CARD,
    "read_text_photo": p.Command.READ_TEXT_PHOTO,
    "read_new_address": p.Command.READ_NEW_ADDRESS,
    "read_text_photo_fingerprint": p.Command.READ_TEXT_PHOTO_FINGERPRINT,
    "set_baud_115200": p.Command.SET_BAUD_115200,
    "set_baud_9600": p.Command.SET_BAUD_9600,
}


@pytest.fixture(scope="module")
def frames(testdata):
    return json.loads((testdata / "cn_idcard" / "protocol_frames.json").read_text(encoding="utf-8"))


def test_every_documented_command_frame_is_built_byte_exact(frames):
    seen = 0
    for label, hexframe in frames["commands"].items():
        command = _NAMES[label.split(" ")[0]]
        assert p.build_command(command).hex().upper() == hexframe, label
        seen += 1
    assert seen == len(_NAMES)


def test_documented_host_frames_parse_with_valid_checksum(frames):
    for entry in frames["documented_in_repos"].values():
        host, ok = p.parse_host_frame(bytes.fromhex(entry["frame"]))
        assert ok
        assert host.command() is not None


@pytest.mark.parametrize(
    ("label", "sw3", "data_len"),
    [
        ("find_card_ok (SW 00 00 9F + 4 bytes)", 0x9F, 4),
        ("find_card_fail (SW 00 00 80)", 0x80, 0),
        ("select_card_ok (SW 00 00 90 + 8 bytes)", 0x90, 8),
    ],
)
def test_documented_responses_parse_and_rebuild(frames, label, sw3, data_len):
    raw = bytes.fromhex(frames["responses_documented"][label]["frame"])
    response, ok = p.parse_response(raw)
    assert ok and response.sw3 == sw3 and len(response.data) == data_len
    assert p.build_response(sw3, response.data) == raw


def test_read_response_layout_matches_documented_header(frames):
    from devices.idcard.simulator import demo_card
    from devices.idcard.textblock import build_text_block

    data = p.build_read_data(build_text_block(demo_card()), bytes(p.PHOTO_LEN))
    frame = p.build_response(p.Sw3.SUCCESS, data)
    layout = frames["read_response_layout"]
    assert len(frame) == layout["total_len_bytes"]
    header = bytes.fromhex(layout["header_14_bytes"].split("(")[0].replace(" ", ""))
    assert frame[:14] == header
    text, photo, fp = p.split_read_data(p.parse_response(frame)[0].data)
    assert len(text) == 256 and len(photo) == 1024 and fp == b""


def test_corrupted_checksum_and_bad_length_are_detected():
    frame = bytearray(p.build_command(p.Command.FIND_CARD))
    frame[-1] ^= 1
    assert p.parse_host_frame(bytes(frame))[1] is False
    with pytest.raises(ValueError):
        p.parse_response(bytes(frame[:-2]))
