"""Driver for SAM_A ID-card readers on a serial port (plain blocking Python, thread-safe).

The port comes from ``serial.serial_for_url``, so a real ``/dev/ttyUSB1``, a pseudo-terminal
of the simulator, ``socket://host:port`` or ``loop://`` all work.  Every transaction holds a
lock, flushes stale input, writes one command frame and reads exactly one answer frame.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

import serial

from devices.idcard import protocol as p
from devices.idcard.errors import (
    CardReadError,
    ChecksumError,
    FrameError,
    NoCard,
    PartialFrame,
    ReaderError,
    ReaderTimeout,
    ReaderUnplugged,
)
from devices.idcard.textblock import IdCardText, parse_text_block
from devices.serial_errors import LINK_ERRORS
from devices.status import DeviceState, DeviceStatus, StatusPublisher

log = logging.getLogger(__name__)
_MAX_NOISE = 4096  # bytes skipped while looking for a preamble before giving up


@dataclass(frozen=True)
class CardRecord:
    """What the chip gave: the typed text and the raw WLT-compressed photo (and fingerprint)."""

    text: IdCardText
    photo_wlt: bytes
    fingerprint: bytes = b""

    def __repr__(self) -> str:
        return f"CardRecord(<redacted>, photo_wlt={len(self.photo_wlt)} bytes)"


class SamReader:
    """A SAM_A reader on an open serial port."""

    def __init__(self, port: serial.SerialBase, timeout: float = 2.0) -> None:
        self._port = port
        self.timeout = timeout
        self._lock = threading.Lock()
        self.status_publisher = StatusPublisher()

    @classmethod
    def open(cls, url: str, baudrate: int = 115200, timeout: float = 2.0) -> SamReader:
        """Open ``url`` (device path or pyserial URL); ReaderUnplugged if it cannot be."""
        try:
            port = serial.serial_for_url(url, baudrate=baudrate, timeout=timeout)
        except (*LINK_ERRORS, ValueError) as exc:
            raise ReaderUnplugged(f"cannot open ID card reader at {url}: {exc}") from exc
        reader = cls(port, timeout)
        reader._publish(DeviceState.STARTING, "unknown")
        return reader

    # ------------------------------------------------------------------ status

    @property
    def status(self) -> DeviceStatus:
        """The last known XFS4IoT-style status (``media``: present/notPresent/unknown)."""
        return self.status_publisher.status

    def _publish(self, state: DeviceState, media: str | None = None, fault: str = "") -> None:
        media = media or self.status.details.get("media", "unknown")
        details = {"media": media, **({"fault": fault} if fault else {})}
        self.status_publisher.publish(DeviceStatus(state, details))

    # ------------------------------------------------------------------ framing

    def _read_exact(self, n: int, deadline: float) -> bytes:
        buf = b""
        while len(buf) < n:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            self._port.timeout = remaining
            chunk = self._port.read(n - len(buf))
            if not chunk:
                break
            buf += chunk
        return buf

    def _read_frame(self) -> bytes:
        deadline = time.monotonic() + self.timeout
        window = b""
        skipped = 0
        while window != p.PREAMBLE:
            byte = self._read_exact(1, deadline)
            if not byte:
                if window or skipped:
                    raise PartialFrame("reader stopped before a complete frame header")
                raise ReaderTimeout(f"ID card reader did not answer within {self.timeout:.1f} s")
            window = (window + byte)[-len(p.PREAMBLE) :]
            skipped += 1
            if skipped > _MAX_NOISE:
                raise PartialFrame("no frame preamble in the reader's output")
        length_bytes = self._read_exact(2, deadline)
        if len(length_bytes) < 2:
            raise PartialFrame("reader frame cut off in its length field")
        length = int.from_bytes(length_bytes, "big")
        if length < p.MIN_RESPONSE_LENGTH:  # not even SW1 SW2 SW3 and a checksum
            raise FrameError(f"reader frame length field {length} is below "
                             f"{p.MIN_RESPONSE_LENGTH} (status words and checksum)")  # fmt: skip
        rest = self._read_exact(length, deadline)
        if len(rest) < length:
            raise PartialFrame(f"reader frame cut off: {len(rest)} of {length} bytes")
        return p.PREAMBLE + length_bytes + rest

    def transact(self, command: p.Command, data: bytes = b"") -> p.Response:
        """Send one command and return the reader's decoded answer (status not yet judged)."""
        with self._lock:
            try:
                self._port.reset_input_buffer()
                self._port.write(p.build_command(command, data))
                self._port.flush()
                frame = self._read_frame()
            except LINK_ERRORS as exc:
                self._publish(DeviceState.NO_DEVICE, "unknown")
                raise ReaderUnplugged(f"ID card reader link lost: {exc}") from exc
            except ReaderTimeout:
                self._publish(DeviceState.OFFLINE)
                raise
            except PartialFrame:
                self._publish(DeviceState.HARDWARE_ERROR)
                raise
            except FrameError as exc:
                self._publish(DeviceState.HARDWARE_ERROR, fault=f"protocol: {exc}")
                raise
        try:
            response, checksum_ok = p.parse_response(frame)
        except FrameError as exc:
            self._publish(DeviceState.HARDWARE_ERROR, fault=f"protocol: {exc}")
            raise
        if not checksum_ok:
            self._publish(DeviceState.HARDWARE_ERROR)
            raise ChecksumError(f"bad checksum in the reader's answer to {command.name}")
        return response

    def _expect_ok(self, command: p.Command, response: p.Response) -> p.Response:
        sw3 = response.sw3
        if response.ok:
            return response
        text = p.SW3_TEXT.get(sw3, "unknown status")
        message = f"{command.name}: reader status 0x{sw3:02X} ({text})"
        if sw3 == p.Sw3.HOST_CHECKSUM:
            raise ChecksumError(message)
        if sw3 in (p.Sw3.NO_CARD, p.Sw3.SELECT_FAILED):
            self._publish(DeviceState.ONLINE, "notPresent")
            raise NoCard(message, sw3)
        if sw3 == p.Sw3.SAM_SELFTEST:
            self._publish(DeviceState.HARDWARE_ERROR)
            raise ReaderError(message, sw3)
        if 0x30 <= sw3 <= 0x4F:
            raise CardReadError(message, sw3)
        raise ReaderError(message, sw3)

    def _command(self, command: p.Command) -> p.Response:
        response = self._expect_ok(command, self.transact(command))
        self._publish(DeviceState.ONLINE)
        return response

    # ------------------------------------------------------------------ operations

    def reset(self) -> None:
        """Reset the SAM module."""
        self._command(p.Command.RESET_SAM)

    def sam_status(self) -> bool:
        """Ask the SAM whether it is ready; True when it is (errors raise)."""
        self._command(p.Command.SAM_STATUS)
        return True

    def sam_id(self) -> str:
        """The SAM's identifier as hex (for diagnostics)."""
        return self._command(p.Command.READ_SAM_ID).data.hex().upper()

    def find_card(self) -> bytes:
        """Look for a card; return its 4-byte IIN data, NoCard if there is none."""
        data = self._command(p.Command.FIND_CARD).data
        self._publish(DeviceState.ONLINE, "present")
        return data

    def select_card(self) -> bytes:
        """Select the found card; return its 8-byte serial data."""
        return self._command(p.Command.SELECT_CARD).data

    def read_card(self) -> CardRecord:
        """Read text and photo of the selected card."""
        response = self._command(p.Command.READ_TEXT_PHOTO)
        try:
            text, photo, fingerprint = p.split_read_data(response.data)
            parsed = parse_text_block(text)
        except ValueError as exc:
            raise CardReadError(f"card data not understood: {exc}") from exc
        return CardRecord(parsed, photo, fingerprint)

    def read(self) -> CardRecord:
        """Find, select and read the card on the reader (NoCard when there is none)."""
        self.find_card()
        self.select_card()
        record = self.read_card()
        log.info("id card read", extra={"photo_bytes": len(record.photo_wlt)})
        return record

    def card_present(self) -> bool:
        """Whether a card lies on the reader (one find-card round trip)."""
        try:
            self.find_card()
        except NoCard:
            return False
        return True

    def close(self) -> None:
        """Close the port; status becomes offline."""
        with self._lock:
            try:
                self._port.close()
            except LINK_ERRORS:
                pass
        self._publish(DeviceState.OFFLINE, "unknown")

    def __enter__(self) -> SamReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
