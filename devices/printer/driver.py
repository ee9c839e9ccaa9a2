"""The ESC/POS receipt printer driver over any pyserial URL.

``serial.serial_for_url`` opens ``/dev/ttyUSB0``, a pseudo-terminal path, ``socket://``,
``loop://`` or ``spy://``.  All I/O is plain blocking calls with timeouts under one lock,
so the device's worker thread (or a test) can call it; nothing here touches Qt.

A job is sent block by block (one block per document element) and the status is read
with DLE EOT before the first block, after every block and at the end, so a paper-out or
a jam in the middle of a receipt is noticed and the job reported as ``interrupted``.  An
interrupted job's remaining buffer is cleared with ``DLE DC4 8`` so the printer does not
finish the half-printed receipt by itself once paper is loaded.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import serial

from devices.printer.document import Document, Encoder
from devices.printer.status import DLE_EOT, STATUS_REQUESTS, RawStatus, decode, ready_to_print
from devices.serial_errors import LINK_ERRORS
from devices.status import DeviceState, DeviceStatus, StatusListener, StatusPublisher

log = logging.getLogger(__name__)

CLEAR_BUFFER = b"\x10\x14\x08\x01\x03\x14\x01\x06\x02\x08"  # DLE DC4 fn=8: clear buffers
RECOVER_CLEAR = b"\x10\x05\x02"  # DLE ENQ 2: recover from a recoverable error, clear buffer


@dataclass
class JobResult:
    """How a job ended: ``printed``, ``not_started`` (nothing sent) or ``interrupted``."""

    job_id: str
    state: str
    reason: str = ""
    bytes_sent: int = 0
    blocks_sent: int = 0
    status_before: DeviceStatus = field(default_factory=DeviceStatus)
    status_after: DeviceStatus = field(default_factory=DeviceStatus)

    @property
    def printed(self) -> bool:
        """Whether the whole job went out and the printer reported no fault after it."""
        return self.state == "printed"


class EscPosPrinter:
    """An ESC/POS printer on an open pyserial port.

    Args:
        port: an open ``serial.SerialBase`` (from ``serial_for_url``).
        columns: 48 for 80 mm paper, 32 for 58 mm.
        chinese_mode: the printer prints GB18030 after ``FS &``; else Chinese is rasterised.
        status_timeout: seconds to wait for each DLE EOT answer; no answer means offline.
        confirm_timeout: if set, end each job with GS ( H (process-ID response) and wait
            this long for the printer to confirm it has printed everything (Epson TM and
            compatibles); without an answer the job counts as printed only if the status
            is still good.
    """

    def __init__(
        self,
        port: serial.SerialBase,
        columns: int = 48,
        chinese_mode: bool = True,
        status_timeout: float = 0.5,
        confirm_timeout: float | None = None,
    ) -> None:
        self.port = port
        self.confirm_timeout = confirm_timeout
        self._pid = 0
        self.columns = columns
        self.chinese_mode = chinese_mode
        self.status_timeout = status_timeout
        self.encoder = Encoder(columns, chinese_mode)
        self.publisher = StatusPublisher()
        self._lock = threading.RLock()
        self._monitor: threading.Thread | None = None
        self._stop = threading.Event()

    # ---- status ---------------------------------------------------------------------------
    @property
    def status(self) -> DeviceStatus:
        """The last status read (``unknown`` until the printer has answered)."""
        return self.publisher.status

    def subscribe(self, listener: StatusListener) -> Callable[[], None]:
        """Call ``listener(old, new)`` on every status change; return an unsubscribe."""
        return self.publisher.subscribe(listener)

    def _ask(self, n: int) -> bytes:
        self.port.write(DLE_EOT + bytes([n]))
        self.port.flush()
        deadline = time.monotonic() + self.status_timeout
        while time.monotonic() < deadline:
            self.port.timeout = max(0.001, deadline - time.monotonic())
            answer = self.port.read(1)
            if not answer:
                break
            if answer[0] & 0x93 == 0x12:
                return answer
            # A stray byte (an echo, line noise): keep reading until the deadline.
        return b""

    def query_status(self) -> DeviceStatus:
        """Ask DLE EOT 1-4, publish and return the mapped status."""
        with self._lock:
            answers: dict[int, bytes] = {}
            try:
                self.port.reset_input_buffer()
                for n in STATUS_REQUESTS:
                    answers[n] = self._ask(n)
                    if n == 1 and not answers[n]:
                        break  # silent printer: do not wait four timeouts
            except LINK_ERRORS as exc:
                log.warning("printer status read failed: %s", exc)
                answers = {}
            status = decode(RawStatus.from_answers(answers))
            if self.publisher.publish(status):
                log.info("printer status %s", status.as_dict(), extra={"fields": status.as_dict()})
            return status

    def start_monitor(self, interval: float = 2.0) -> None:
        """Poll the status every ``interval`` s in a thread, so changes become events."""
        if self._monitor and self._monitor.is_alive():
            return
        self._stop.clear()

        def loop() -> None:
            self.encoder.load_library()  # the terminal's first receipt then has it at hand
            while not self._stop.wait(interval):
                self.query_status()

        self._monitor = threading.Thread(target=loop, name="printer-status", daemon=True)
        self._monitor.start()

    def stop_monitor(self) -> None:
        """Stop the status poller (returns when it has stopped)."""
        self._stop.set()
        if self._monitor:
            self._monitor.join(timeout=5)
            self._monitor = None

    # ---- printing -------------------------------------------------------------------------
    def write_raw(self, data: bytes) -> None:
        """Send bytes as they are (diagnostics, tests)."""
        with self._lock:
            self.port.write(data)
            self.port.flush()

    def print_document(self, doc: Document, job_id: str, check_status: bool = True) -> JobResult:
        """Encode and print ``doc``; see :meth:`print_blocks`."""
        return self.print_blocks(self.encoder.encode(doc), job_id, check_status)

    def print_blocks(
        self, blocks: list[bytes], job_id: str, check_status: bool = True
    ) -> JobResult:
        """Send ``blocks``; with ``check_status`` read the status before, between and after.

        Never raises for a printer fault: the result says what happened.
        """
        with self._lock:
            result = JobResult(job_id, "not_started")
            if check_status:
                result.status_before = self.query_status()
                ok, reason = ready_to_print(result.status_before)
                if not ok:
                    result.reason = reason
                    result.status_after = result.status_before
                    return result
            try:
                for block in blocks:
                    self.port.write(block)
                    self.port.flush()
                    result.bytes_sent += len(block)
                    result.blocks_sent += 1
                    if check_status:
                        status = self.query_status()
                        ok, reason = ready_to_print(status)
                        if not ok:
                            return self._interrupted(result, reason, status)
            except LINK_ERRORS as exc:
                return self._io_failed(result, exc)
            try:
                if check_status and self.confirm_timeout:
                    confirmed = self._confirm_processed(self.confirm_timeout)
                    status = self.query_status()
                    ok, reason = ready_to_print(status)
                    if not confirmed and not ok:
                        return self._interrupted(result, reason, status)
                    if not confirmed:
                        result.reason = "unconfirmed"  # printer ignores GS ( H; status is fine
            except LINK_ERRORS as exc:
                return self._io_failed(result, exc)
            result.state = "printed"
            result.status_after = self.status
            return result

    def _confirm_processed(self, timeout: float) -> bool:
        """Send GS ( H fn 48 and wait for the printer's process-ID response.

        The printer answers ``37 22 d1..d4 00`` only once everything before the request has
        been printed, so a job is known to be on paper, not merely in the printer's buffer.
        """
        self._pid = (self._pid + 1) % 4096
        # Digits 2 and 6 are avoided: 0x32 / 0x36 look like a DLE EOT answer byte.
        digits = "01345789"
        pid, n = "", self._pid
        for _ in range(4):
            pid, n = digits[n % 8] + pid, n // 8
        expected = b"\x37\x22" + pid.encode() + b"\x00"
        self.port.reset_input_buffer()
        self.port.write(b"\x1d(H\x06\x00\x30\x30" + pid.encode())
        self.port.flush()
        got = b""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.port.timeout = max(0.001, min(0.1, deadline - time.monotonic()))
            got += self.port.read(len(expected))
            if expected in got:
                return True
        return False

    def _io_failed(self, result: JobResult, exc: Exception) -> JobResult:
        log.warning("printer I/O failed in job %s: %s", result.job_id, exc)
        status = DeviceStatus(
            DeviceState.OFFLINE, {"paper": "unknown", "cover": "unknown", "errors": ["ioError"]}
        )
        self.publisher.publish(status)
        return self._interrupted(result, "ioError", status)

    def _interrupted(self, result: JobResult, reason: str, status: DeviceStatus) -> JobResult:
        result.state = "interrupted" if result.bytes_sent else "not_started"
        result.reason = reason
        result.status_after = status
        try:
            self.port.write(CLEAR_BUFFER)  # real-time: the printer drops the rest of the job
            self.port.flush()
        except LINK_ERRORS:
            return result
        if reason not in ("ioError", "noResponse"):
            # One more status round trip: its answer comes after the clear was handled, so
            # nothing of this job can print once the caller sees the result.
            self.query_status()
        log.warning("print job %s %s: %s", result.job_id, result.state, reason)
        return result

    def close(self) -> None:
        """Stop polling and close the port."""
        self.stop_monitor()
        with self._lock:
            self.port.close()


def open_printer(
    url: str,
    baudrate: int = 9600,
    columns: int = 48,
    chinese_mode: bool = True,
    status_timeout: float = 0.5,
    confirm_timeout: float | None = None,
) -> EscPosPrinter:
    """Open the printer at ``url`` (device path, pty path, socket://, loop://, spy://).

    Raises:
        serial.SerialException: the port cannot be opened.
    """
    port = serial.serial_for_url(url, baudrate=baudrate, timeout=status_timeout, write_timeout=10)
    return EscPosPrinter(
        port,
        columns=columns,
        chinese_mode=chinese_mode,
        status_timeout=status_timeout,
        confirm_timeout=confirm_timeout,
    )
