"""A virtual ESC/POS printer on a pseudo-terminal or a TCP port, with fault injection.

It parses the byte stream with the same tokenizer as the renderer, answers ``DLE EOT``
real-time status requests from its simulated sensors, and keeps the receipts it
printed (one page per cut), decoded by :mod:`devices.printer.render`.  The real driver
talks to it through the pty path or the ``socket://`` URL that :meth:`start` returns.

Like a real printer, while paper is out, the cover open or the cutter jammed it stops
printing and holds what it receives in its buffer; once the fault clears it prints the
held data, unless the host cleared the buffer with ``DLE DC4 8`` or ``DLE ENQ 2``.
"""

from __future__ import annotations

import os
import select
import socket
import threading
import time
import tty
from collections import deque
from dataclasses import dataclass

from devices.printer.render import Rendering, render
from devices.printer.stream import PREFIXES, Incomplete, command_length, tokenize

#: Receipts (and torn receipts) the simulator keeps for inspection; older ones are dropped.
KEEP_PAGES = 50
#: Pages that keep their drawn picture (the demo shows the last one).  A 1-bit PIL picture
#: of a receipt is about a megabyte outside Python's heap: 50 of them grew a soak's RSS by
#: tens of MB while tracemalloc saw nothing.  Older pages keep their text and codes.
KEEP_PICTURES = 2
#: Bytes of ``received`` kept (the most recent).
KEEP_RECEIVED = 1 << 20


@dataclass
class Faults:
    """Simulated sensor state and misbehaviour; change it while the printer runs."""

    paper: str = "full"  # full | low | out
    cover_open: bool = False
    cutter_jam: bool = False
    unrecoverable: bool = False
    silent: bool = False  # offline / unplugged: no answers, prints nothing
    answer_delay: float = 0.0  # slow printer: seconds before each status answer
    unanswered: frozenset[int] = frozenset()  # DLE EOT n this model does not implement
    paper_out_after: int | None = None  # paper runs out after this many more bytes
    jam_after: int | None = None  # cutter jams after this many more bytes


class PrinterSimulator:
    """Virtual printer. ``transport`` is ``pty`` or ``tcp``; ``start()`` gives the URL."""

    def __init__(
        self, transport: str = "pty", paper_width_mm: int = 80, line_baudrate: int | None = None
    ) -> None:
        self.transport = transport
        # A pty moves bytes as fast as the kernel can; with ``line_baudrate`` the simulator
        # takes 10 bit times per byte it reads, so the host feels a real serial line.
        self.line_baudrate = line_baudrate
        self.supports_process_id = True  # answers GS ( H fn 48 once what came before printed
        # None: data prints the moment it arrives.  A number: the mechanism prints that many
        # bytes per second from a receive buffer while status requests are answered at once,
        # as on a real printer (a fault can then strike after the host has sent everything).
        self.print_speed: float | None = None
        self.queue: deque[bytes] = deque()
        self._cleared = 0  # counts buffer clears (DLE DC4 8 / DLE ENQ 2)
        self.paper_width_mm = paper_width_mm
        self.faults = Faults()
        # Bounded, so a terminal running for weeks on the simulator does not grow: the last
        # KEEP_RECEIVED bytes, the last KEEP_PAGES receipts and torn receipts.
        self.received = bytearray()  # the bytes that arrived, in order (the last ones)
        self.pages: list[Rendering] = []  # receipts printed, one per cut (the last ones)
        self.torn: list[Rendering] = []  # partial receipts left when the roll ran out
        self.printed = bytearray()  # bytes printed since the last cut
        self.held = bytearray()  # bytes received while unable to print
        self.status_requests = 0
        self._buf = bytearray()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._fds: tuple[int, int] | None = None
        self._server: socket.socket | None = None
        self._client: socket.socket | None = None
        self.url = ""

    # ---- lifecycle --------------------------------------------------------------------------
    def start(self) -> str:
        """Open the pty or TCP port, start serving; return the URL/path for the driver."""
        if self.transport == "pty":
            master, slave = os.openpty()
            tty.setraw(slave)  # no echo, no CR/LF translation: a clean 8-bit line
            self._fds = (master, slave)
            self.url = os.ttyname(slave)
        else:
            self._server = socket.create_server(("127.0.0.1", 0))
            self.url = f"socket://127.0.0.1:{self._server.getsockname()[1]}"
        self._stop.clear()
        self._thread = threading.Thread(target=self._serve, name="printer-sim", daemon=True)
        self._thread.start()
        self._mech = threading.Thread(target=self._mechanism, name="printer-sim-mech", daemon=True)
        self._mech.start()
        return self.url

    def stop(self) -> None:
        """Stop serving and close everything."""
        self._stop.set()
        for thread in (self._thread, getattr(self, "_mech", None)):
            if thread:
                thread.join(timeout=5)
        for closable in (self._client, self._server):
            if closable:
                closable.close()
        if self._fds:
            for fd in self._fds:
                os.close(fd)
        self._fds, self._client, self._server = None, None, None

    def __enter__(self) -> PrinterSimulator:
        """Start; the URL is in :attr:`url`."""
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        """Stop."""
        self.stop()

    # ---- fault helpers ----------------------------------------------------------------------
    def load_paper(self) -> None:
        """Paper back in and faults cleared: held data (if any) is printed now."""
        with self._lock:
            self.faults.paper = "full"
            self.faults.cover_open = False
            self.faults.cutter_jam = False
            self._resume()

    def _can_print(self) -> bool:
        f = self.faults
        return not (f.paper == "out" or f.cover_open or f.cutter_jam or f.unrecoverable or f.silent)

    def _resume(self) -> None:
        if self._can_print() and self.held:
            held, self.held = bytes(self.held), bytearray()
            for tok in tokenize(held):
                self._printable(tok.raw)

    # ---- serving ----------------------------------------------------------------------------
    def _serve(self) -> None:
        while not self._stop.is_set():
            fd = self._read_fd()
            if fd is None:
                continue
            ready, _, _ = select.select([fd], [], [], 0.05)
            if not ready:
                continue
            try:
                data = os.read(fd, 4096) if self._fds else self._client.recv(4096)  # type: ignore[union-attr]
            except OSError:
                data = b""
            if not data:
                if self._client:  # TCP client went away: wait for the next
                    self._client.close()
                    self._client = None
                else:
                    time.sleep(0.01)  # pty with no reader attached
                continue
            if self.line_baudrate:
                time.sleep(len(data) * 10 / self.line_baudrate)
            with self._lock:
                self.received += data
                if len(self.received) > KEEP_RECEIVED:
                    del self.received[: len(self.received) - KEEP_RECEIVED]
                self._buf += data
                self._process()

    def _read_fd(self) -> int | None:
        if self._fds:
            return self._fds[0]
        if self._client is None and self._server is not None:
            ready, _, _ = select.select([self._server], [], [], 0.05)
            if ready:
                self._client, _ = self._server.accept()
            return None
        return self._client.fileno() if self._client else None

    def _send(self, data: bytes) -> None:
        if self._fds:
            os.write(self._fds[0], data)
        elif self._client:
            self._client.sendall(data)

    def _process(self) -> None:
        i = 0
        buf = self._buf
        while i < len(buf):
            if buf[i] in PREFIXES:
                try:
                    length = command_length(bytes(buf), i)
                except Incomplete:
                    break
                except KeyError:
                    length = 2
                cmd = bytes(buf[i : i + length])
                if not self._realtime(cmd):
                    self._accept(cmd)
                i += length
            else:
                j = i
                while j < len(buf) and buf[j] not in PREFIXES:
                    j += 1
                self._accept(bytes(buf[i:j]))
                i = j
        del self._buf[:i]

    def _accept(self, data: bytes) -> None:
        if self.print_speed:
            self.queue.append(data)  # the mechanism thread prints it at paper speed
        else:
            self._printable(data)

    def _mechanism(self) -> None:
        """Print queued data at ``print_speed`` bytes/s, so the host sees a buffer fill."""
        while not self._stop.is_set():
            with self._lock:
                data = self.queue.popleft() if self.queue else None
                generation = self._cleared
            if data is None:
                time.sleep(0.005)
                continue
            time.sleep(len(data) / self.print_speed)  # type: ignore[operator]
            with self._lock:
                if generation == self._cleared:  # not dropped by a buffer clear meanwhile
                    self._printable(data)

    def _realtime(self, cmd: bytes) -> bool:
        """Handle DLE real-time commands; return whether ``cmd`` was one."""
        if cmd[:2] == b"\x10\x04" and len(cmd) == 3:
            self.status_requests += 1
            if self.faults.silent or cmd[2] in self.faults.unanswered:
                return True
            if self.faults.answer_delay:
                self._lock.release()  # let the test change faults while we are slow
                try:
                    time.sleep(self.faults.answer_delay)
                finally:
                    self._lock.acquire()
            self._send(bytes([self.status_byte(cmd[2])]))
            return True
        if cmd[:3] == b"\x10\x14\x08" or cmd == b"\x10\x05\x02":
            self.held.clear()
            self.queue.clear()
            self._cleared += 1
            if cmd == b"\x10\x05\x02":
                self.faults.cutter_jam = False
            return True
        return cmd[:1] == b"\x10"

    def status_byte(self, n: int) -> int:
        """The DLE EOT ``n`` answer for the current simulated state."""
        f = self.faults
        value = 0x12
        if n == 1 and not self._can_print():
            value |= 0x08  # offline
        elif n == 2:
            value |= (0x04 if f.cover_open else 0) | (0x20 if f.paper == "out" else 0)
            value |= 0x40 if (f.cutter_jam or f.unrecoverable) else 0
        elif n == 3:
            value |= (0x08 if f.cutter_jam else 0) | (0x20 if f.unrecoverable else 0)
        elif n == 4:
            value |= {"low": 0x0C, "out": 0x6C}.get(f.paper, 0)
        return value

    def _printable(self, data: bytes) -> None:
        if self.faults.silent:
            return
        if not self._can_print() or self.held:
            self.held += data
            return
        self._consume_printable(data)

    def _consume_printable(self, data: bytes) -> None:
        f = self.faults
        for limit_name, fault in (("paper_out_after", "paper"), ("jam_after", "cutter_jam")):
            limit = getattr(f, limit_name)
            if limit is not None and len(data) >= limit:
                # The fault strikes part-way: the first ``limit`` bytes print, the rest waits.
                setattr(f, limit_name, None)
                setattr(f, fault, "out" if fault == "paper" else True)
                self._consume_printable(data[:limit])
                self.held += data[limit:]
                if fault == "paper" and self.printed:  # the roll's end leaves with it
                    self.torn.append(
                        render(
                            bytes(self.printed), paper_width_mm=self.paper_width_mm, annotate=True
                        )
                    )
                    self.printed.clear()
                    _keep_last(self.torn)
                return
            if limit is not None:
                setattr(f, limit_name, limit - len(data))
        if data[:3] == b"\x1d(H" and data[5:7] == b"00":  # process-ID response request
            if self.supports_process_id:
                self._send(b"\x37\x22" + data[7:11] + b"\x00")
            return
        self.printed += data
        if data[:2] == b"\x1dV":  # a cut ends the page
            self.pages.append(
                render(bytes(self.printed), paper_width_mm=self.paper_width_mm, annotate=True)
            )
            _keep_last(self.pages)
            _keep_last(self.torn)
            self.printed.clear()

    def page_texts(self) -> list[str]:
        """Each printed page as text (with [QR: ...] and [CUT] annotations)."""
        with self._lock:
            return [p.text for p in self.pages]


def _keep_last(pages: list[Rendering]) -> None:
    """Keep the last ``KEEP_PAGES`` pages, and the pictures of the last ``KEEP_PICTURES``."""
    del pages[:-KEEP_PAGES]
    for page in pages[:-KEEP_PICTURES]:
        page.picture = None
