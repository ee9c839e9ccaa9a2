"""A simulated SAM_A ID-card reader answering real frames on a pseudo-terminal or socket.

It is a device like any other: :class:`devices.idcard.reader.SamReader` talks to it through
``serial.serial_for_url`` exactly as to hardware, so the driver's framing, checksum and
parsing code is what runs.  It carries a fictitious demo person's card and injects faults
on demand (OctoPrint's virtual printer is the model): no card, a corrupted checksum, silence
(timeout), a frame cut in half, or the cable pulled.
"""

from __future__ import annotations

import datetime as _dt
import logging
import os
import select
import socket
import threading
import tty
from enum import StrEnum

from devices.idcard import protocol as p
from devices.idcard.textblock import IdCardText, build_text_block

log = logging.getLogger(__name__)


class Fault(StrEnum):
    """Faults the simulator can inject."""

    NONE = "none"
    NO_CARD = "no_card"  # card taken away: find-card answers 0x80
    CHECKSUM = "checksum"  # answers with a wrong checksum byte
    TIMEOUT = "timeout"  # reads the command and stays silent
    PARTIAL = "partial"  # sends the first half of its answer only
    UNPLUGGED = "unplugged"  # closes the link: the port disappears


def _mod11_check(first17: str) -> str:
    total = sum(int(c) * pow(2, 17 - i, 11) for i, c in enumerate(first17))
    return "10X98765432"[total % 11]


def demo_card() -> IdCardText:
    """A fictitious person (not a real record) with a valid GB 11643 number."""
    first17 = "11010119900307215"
    return IdCardText(
        name="王小样",
        sex_code="1",
        ethnicity_code="01",
        birth_date=_dt.date(1990, 3, 7),
        address="北京市东城区示例路1号样本小区2号楼301室",
        id_number=first17 + _mod11_check(first17),
        issuing_authority="北京市公安局东城分局",
        valid_from=_dt.date(2016, 5, 20),
        valid_to=_dt.date(2036, 5, 20),
    )


class _Link:
    """One end of the serial line the simulator owns."""

    def __init__(self, transport: str) -> None:
        self.transport = transport
        self._master: int | None = None
        self._slave: int | None = None
        self._server: socket.socket | None = None
        self._conn: socket.socket | None = None
        if transport == "pty":
            self._master, self._slave = os.openpty()
            tty.setraw(self._master)
            tty.setraw(self._slave)
            self.url = os.ttyname(self._slave)
        elif transport == "socket":
            self._server = socket.create_server(("127.0.0.1", 0))
            self.url = f"socket://127.0.0.1:{self._server.getsockname()[1]}"
        else:
            raise ValueError(f"unknown transport {transport!r} (pty, socket)")

    def _fd(self) -> int | socket.socket | None:
        if self._master is not None:
            return self._master
        server = self._server
        if self._conn is None and server is not None:
            try:
                ready, _, _ = select.select([server], [], [], 0.05)
                if ready:
                    self._conn, _ = server.accept()
            except (OSError, ValueError):  # closed under us: unplugged or stopped
                return None
        return self._conn

    def read(self, timeout: float) -> bytes | None:
        """Bytes available within ``timeout`` (b'' if none); None once the link is closed."""
        fd = self._fd()
        if fd is None:
            return b"" if self._server is not None else None
        try:
            ready, _, _ = select.select([fd], [], [], timeout)
            if not ready:
                return b""
            if isinstance(fd, socket.socket):
                data = fd.recv(4096)
                if not data:  # the driver closed its end: wait for a new connection
                    fd.close()
                    self._conn = None
                return data
            return os.read(fd, 4096)
        except (OSError, ValueError):
            return None

    def write(self, data: bytes) -> None:
        """Send ``data`` to the driver."""
        fd = self._fd()
        try:
            if isinstance(fd, socket.socket):
                fd.sendall(data)
            elif fd is not None:
                os.write(fd, data)
        except OSError:
            pass

    def close(self) -> None:
        """Close everything: the driver sees the device vanish."""
        for fd in (self._master, self._slave):
            if fd is not None:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self._master = self._slave = None
        for s in (self._conn, self._server):
            if s is not None:
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                s.close()
        self._conn = self._server = None


class SimulatedSamReader:
    """The simulated reader; ``start()`` returns the URL to give ``SamReader.open``."""

    def __init__(
        self, card: IdCardText | None = None, photo_wlt: bytes | None = None, transport: str = "pty"
    ) -> None:
        self.card = card or demo_card()
        self.photo_wlt = photo_wlt if photo_wlt is not None else bytes(p.PHOTO_LEN)
        self.transport = transport
        self.card_present = True
        self._fault = Fault.NONE
        self._fault_once = False
        self._lock = threading.Lock()
        self._link: _Link | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self.commands_seen: list[p.Command | None] = []

    # ------------------------------------------------------------------ control

    def start(self) -> str:
        """Open the link and answer frames in a daemon thread; return the port URL."""
        self._link = _Link(self.transport)
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="idcard-simulator", daemon=True)
        self._thread.start()
        return self._link.url

    @property
    def url(self) -> str:
        """The port URL (after ``start``)."""
        if self._link is None:
            raise RuntimeError("simulator not started")
        return self._link.url

    def inject(self, fault: Fault | str, once: bool = False) -> None:
        """Inject ``fault`` from the next command on (``once``: for one answer only)."""
        with self._lock:
            self._fault = Fault(fault)
            self._fault_once = once
        if self._fault is Fault.UNPLUGGED and self._link is not None:
            self._link.close()

    def clear_fault(self) -> None:
        """Back to normal operation."""
        self.inject(Fault.NONE)

    def stop(self) -> None:
        """Stop answering and close the link."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
        if self._link is not None:
            self._link.close()

    def __enter__(self) -> SimulatedSamReader:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ------------------------------------------------------------------ loop

    def _take_fault(self) -> Fault:
        with self._lock:
            fault = self._fault
            if self._fault_once and fault is not Fault.UNPLUGGED:
                self._fault = Fault.NONE
            return fault

    def _run(self) -> None:
        buf = b""
        while not self._stop.is_set() and self._link is not None:
            chunk = self._link.read(0.05)
            if chunk is None:
                return  # unplugged
            buf += chunk
            while True:
                start = buf.find(p.PREAMBLE)
                if start < 0:
                    buf = buf[-(len(p.PREAMBLE) - 1) :]
                    break
                buf = buf[start:]
                if len(buf) < 7:
                    break
                total = 7 + int.from_bytes(buf[5:7], "big")
                if len(buf) < total:
                    break
                frame, buf = buf[:total], buf[total:]
                self._answer(frame)

    def _answer(self, frame: bytes) -> None:
        try:
            host, ok = p.parse_host_frame(frame)
        except ValueError:
            reply = p.build_response(p.Sw3.HOST_LENGTH)
            ok = True
            host = None
        if host is not None:
            self.commands_seen.append(host.command())
            reply = self._reply(host) if ok else p.build_response(p.Sw3.HOST_CHECKSUM)
        fault = self._take_fault()
        if self._link is None:
            return
        if fault is Fault.TIMEOUT:
            return
        if fault is Fault.CHECKSUM:
            reply = reply[:-1] + bytes([reply[-1] ^ 0x5A])
        elif fault is Fault.PARTIAL:
            reply = reply[: max(8, len(reply) // 2)]
        self._link.write(reply)

    def _reply(self, host: p.HostFrame) -> bytes:
        command = host.command()
        present = self.card_present and self._fault is not Fault.NO_CARD
        if command in (p.Command.RESET_SAM, p.Command.SAM_STATUS):
            return p.build_response(p.Sw3.SUCCESS)
        if command is p.Command.READ_SAM_ID:
            return p.build_response(p.Sw3.SUCCESS, bytes.fromhex("0501000020241128") + bytes(8))
        if command is p.Command.FIND_CARD:
            return (
                p.build_response(p.Sw3.FIND_OK, bytes(4))
                if present
                else p.build_response(p.Sw3.NO_CARD)
            )
        if command is p.Command.SELECT_CARD:
            return (
                p.build_response(p.Sw3.SUCCESS, bytes(8))
                if present
                else p.build_response(p.Sw3.SELECT_FAILED)
            )
        if command is p.Command.READ_TEXT_PHOTO:
            if not present:
                return p.build_response(p.Sw3.READ_FAILED)
            data = p.build_read_data(build_text_block(self.card), self.photo_wlt)
            return p.build_response(p.Sw3.SUCCESS, data)
        return p.build_response(p.Sw3.BAD_COMMAND)
