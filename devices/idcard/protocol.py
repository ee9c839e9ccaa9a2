"""The SAM_A 'business terminal' UART frame protocol (GA/T 467) of Chinese ID card readers.

A frame is ``AA AA AA 96 69`` + a 2-byte big-endian length of what follows + the payload
+ a 1-byte checksum, the XOR of the length bytes and the payload.  Host to reader the
payload is ``CMD PARA [data]``; reader to host it is ``SW1 SW2 SW3 [data]``, SW3 being the
status (0x90 success, 0x9F card found, 0x80 no card...).
"""

from __future__ import annotations

import functools
import operator
from dataclasses import dataclass
from enum import Enum

from devices.idcard.errors import FrameError

PREAMBLE = bytes.fromhex("AAAAAA9669")
TEXT_LEN = 256
PHOTO_LEN = 1024
#: Smallest length field of a reader frame: SW1 SW2 SW3 and the checksum.
MIN_RESPONSE_LENGTH = 4
#: Smallest length field of a host frame: CMD PARA and the checksum.
MIN_HOST_LENGTH = 3


class Command(Enum):
    """Host commands as (CMD, PARA)."""

    RESET_SAM = (0x10, 0xFF)
    SAM_STATUS = (0x11, 0xFF)
    READ_SAM_ID = (0x12, 0xFF)
    FIND_CARD = (0x20, 0x01)
    SELECT_CARD = (0x20, 0x02)
    READ_TEXT_PHOTO = (0x30, 0x01)
    READ_NEW_ADDRESS = (0x30, 0x03)
    READ_TEXT_PHOTO_FINGERPRINT = (0x30, 0x10)
    SET_BAUD_115200 = (0x60, 0x00)
    SET_BAUD_9600 = (0x60, 0x04)


class Sw3:
    """Status codes (SW3) the SAM returns."""

    SUCCESS = 0x90
    FIND_OK = 0x9F
    HOST_CHECKSUM = 0x10
    HOST_LENGTH = 0x11
    BAD_COMMAND = 0x21
    UNKNOWN = 0x24
    READ_FAILED = 0x41
    SAM_SELFTEST = 0x60
    NO_CARD = 0x80
    SELECT_FAILED = 0x81
    NO_CONTENT = 0x91


SW3_TEXT = {
    0x90: "success", 0x9F: "card found", 0x10: "checksum error in host frame",
    0x11: "length error in host frame", 0x21: "bad command or parameter",
    0x24: "unrecognised error", 0x31: "card failed to authenticate reader",
    0x32: "reader failed to authenticate card", 0x33: "information verification error",
    0x40: "wrong card type", 0x41: "read card failed", 0x47: "get-random failed",
    0x60: "SAM self-test failed", 0x66: "SAM not authorised", 0x80: "no card found",
    0x81: "select card failed", 0x91: "no content for this item",
}  # fmt: skip


def checksum(body: bytes) -> int:
    """XOR of every byte (length field and payload)."""
    return functools.reduce(operator.xor, body, 0)


def _frame(payload: bytes) -> bytes:
    length = (len(payload) + 1).to_bytes(2, "big")
    body = length + payload
    return PREAMBLE + body + bytes([checksum(body)])


def build_command(command: Command, data: bytes = b"") -> bytes:
    """Return the host frame for ``command``."""
    cmd, para = command.value
    return _frame(bytes([cmd, para]) + data)


def build_response(sw3: int, data: bytes = b"", sw1: int = 0, sw2: int = 0) -> bytes:
    """Return a reader frame (used by the simulator and in tests)."""
    return _frame(bytes([sw1, sw2, sw3]) + data)


@dataclass(frozen=True)
class Response:
    """A decoded reader frame."""

    sw1: int
    sw2: int
    sw3: int
    data: bytes

    @property
    def ok(self) -> bool:
        """Whether SW3 says success (0x90) or card found (0x9F)."""
        return self.sw3 in (Sw3.SUCCESS, Sw3.FIND_OK)


@dataclass(frozen=True)
class HostFrame:
    """A decoded host frame (as the simulator sees it)."""

    cmd: int
    para: int
    data: bytes

    def command(self) -> Command | None:
        """The known command, or None for an unknown CMD/PARA."""
        for c in Command:
            if c.value == (self.cmd, self.para):
                return c
        return None


def split_body(frame: bytes) -> tuple[bytes, bool]:
    """Return (payload, checksum_ok) of a complete frame; ``FrameError`` if malformed."""
    if not frame.startswith(PREAMBLE) or len(frame) < len(PREAMBLE) + 3:
        raise FrameError("not a SAM frame")
    length = int.from_bytes(frame[5:7], "big")
    if length < 1:
        raise FrameError("frame length field 0: no room for its checksum")
    if len(frame) != 7 + length:
        raise FrameError(f"frame length {len(frame)} does not match length field {length}")
    body = frame[5:-1]
    return frame[7:-1], checksum(body) == frame[-1]


def parse_response(frame: bytes) -> tuple[Response, bool]:
    """Decode a complete reader frame; return it and whether its checksum holds."""
    payload, ok = split_body(frame)
    if len(payload) < 3:
        raise FrameError(f"reader frame length field {len(payload) + 1} is shorter than its "
                         f"status words and checksum ({MIN_RESPONSE_LENGTH})")  # fmt: skip
    return Response(payload[0], payload[1], payload[2], bytes(payload[3:])), ok


def parse_host_frame(frame: bytes) -> tuple[HostFrame, bool]:
    """Decode a complete host frame; return it and whether its checksum holds."""
    payload, ok = split_body(frame)
    if len(payload) < 2:
        raise FrameError("host frame shorter than CMD PARA")
    return HostFrame(payload[0], payload[1], bytes(payload[2:])), ok


def split_read_data(data: bytes) -> tuple[bytes, bytes, bytes]:
    """Split a read-card response's data into (text, photo, fingerprint) blocks.

    The data starts with the text and photo lengths (2 bytes each, big-endian), and with
    the fingerprint command a third length, then the blocks in that order.
    """
    if len(data) < 4:
        raise FrameError("read response too short for its length fields")
    text_len = int.from_bytes(data[0:2], "big")
    photo_len = int.from_bytes(data[2:4], "big")
    offset, fp_len = 4, 0
    if len(data) > 4 + text_len + photo_len:
        fp_len = int.from_bytes(data[4:6], "big")
        offset = 6
    end_text = offset + text_len
    end_photo = end_text + photo_len
    if len(data) < end_photo + fp_len:
        raise FrameError("read response shorter than its announced blocks")
    return data[offset:end_text], data[end_text:end_photo], data[end_photo : end_photo + fp_len]


def build_read_data(text: bytes, photo: bytes) -> bytes:
    """Inverse of :func:`split_read_data` without fingerprint (simulator)."""
    return len(text).to_bytes(2, "big") + len(photo).to_bytes(2, "big") + text + photo
