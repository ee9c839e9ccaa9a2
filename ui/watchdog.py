"""systemd's notify protocol from the GUI thread: READY=1, STATUS= lines and watchdog beats.

The heartbeat is a ``QTimer`` on the GUI thread's event loop, so a frozen UI stops the beats
and systemd (``WatchdogSec=``) restarts the terminal, not only a dead process.  The protocol is
one datagram per message to the AF_UNIX socket named by ``NOTIFY_SOCKET`` (an ``@`` prefix is
the abstract namespace); the socket is non-blocking, so a full receive queue drops a beat
instead of stalling the GUI thread.  Outside systemd (no ``NOTIFY_SOCKET``) nothing is sent.

The terminal takes ``NOTIFY_SOCKET`` out of its environment as soon as it starts
(:meth:`Notifier.take_from_environment`, before Qt exists): otherwise a child -- the D-Bus
session bus Qt autolaunches, speech-dispatcher, helper processes -- inherits it and its own
READY=1 would tell systemd the terminal is up before its first frame.

``WATCHDOG_PID`` is not checked: under cage, systemd's main process is cage and the terminal
is its child (``NotifyAccess=all``), so the PID never matches and would silence the beats.

Test hook: ``KIOSK_TEST_FREEZE_GUI="AFTER:SECONDS"`` makes the GUI thread sleep SECONDS,
AFTER seconds after the first frame (tests and ``bench/boot.py`` freeze the UI on purpose).
"""

from __future__ import annotations

import logging
import os
import socket
import time
from typing import Any

log = logging.getLogger(__name__)

FREEZE_ENV = "KIOSK_TEST_FREEZE_GUI"


def _address(env: dict[str, str]) -> str | None:
    path = env.get("NOTIFY_SOCKET", "")
    if not path:
        return None
    return "\0" + path[1:] if path.startswith("@") else path


class Notifier:
    """Sends notify messages to systemd (or whatever listens on ``NOTIFY_SOCKET``)."""

    def __init__(self, environ: dict[str, str] | None = None) -> None:
        env = dict(os.environ if environ is None else environ)
        self.address = _address(env)
        self._sock: socket.socket | None = None
        if self.address:
            self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC)
            self._sock.setblocking(False)
        usec = env.get("WATCHDOG_USEC", "")
        #: Seconds between two beats systemd requires (None: no watchdog configured).
        self.watchdog_seconds = int(usec) / 1e6 if usec.isdigit() and int(usec) > 0 else None

    @classmethod
    def take_from_environment(cls) -> Notifier:
        """A notifier for this process's ``NOTIFY_SOCKET``, removed from ``os.environ``."""
        env = {k: os.environ.pop(k) for k in ("NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID")
               if k in os.environ}  # fmt: skip
        return cls(env)

    @property
    def enabled(self) -> bool:
        """True when there is a socket to send to."""
        return self._sock is not None

    def send(self, *lines: str) -> bool:
        """Send one message of ``KEY=value`` lines; False when not sent (never raises)."""
        if self._sock is None or self.address is None:
            return False
        try:
            self._sock.sendto("\n".join(lines).encode("utf-8"), self.address)
            return True
        except OSError as exc:  # receiver gone or queue full: systemd restarts us if it matters
            log.debug("sd_notify %r not sent: %s", lines, exc)
            return False

    def close(self) -> None:
        """Close the socket."""
        if self._sock is not None:
            self._sock.close()
            self._sock = None


def terminal_status(shell: Any) -> str:
    """The ``STATUS=`` text for the shell's current state (what ``systemctl status`` shows)."""
    screen = shell.property("screen") or "?"
    journey = shell.property("journeyId") or ""
    text = f"screen {screen}"
    if journey:
        text += f", journey {journey}"
    return text + (", customer in session" if shell.property("sessionActive") else "")


class GuiWatchdog:
    """Feeds the notify protocol from the GUI thread (create it on that thread)."""

    def __init__(self, shell: Any, notifier: Notifier | None = None) -> None:
        from PySide6.QtCore import QObject, Qt, QTimer

        self.notifier = notifier or Notifier()
        self.shell = shell
        self._owner = QObject()
        self._timer = QTimer(self._owner)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self.beat)
        self._ready = False
        self._status = ""
        if self.notifier.watchdog_seconds:
            # Half the deadline, as systemd recommends: one late beat is no restart.  Beats
            # start now, not at READY: systemd arms the watchdog when the process starts.
            self._timer.setInterval(max(50, int(self.notifier.watchdog_seconds * 500)))
            self._timer.start()
            self.beat()
        shell.screenChanged.connect(self.report_status)
        shell.journeyChanged.connect(self.report_status)
        shell.sessionChanged.connect(self.report_status)

    def ready(self) -> None:
        """The first frame is on screen: READY=1 with the status, arm the test freeze."""
        if self._ready:
            return
        self._ready = True
        self._status = terminal_status(self.shell)
        self.notifier.send("READY=1", f"STATUS={self._status}")
        self._arm_test_freeze()

    def beat(self) -> None:
        """One heartbeat (runs on the GUI thread's event loop)."""
        self.notifier.send("WATCHDOG=1")

    def report_status(self) -> None:
        """Send ``STATUS=`` when the terminal's state changed."""
        if not self._ready:
            return
        status = terminal_status(self.shell)
        if status != self._status:
            self._status = status
            self.notifier.send(f"STATUS={status}")

    def stopping(self) -> None:
        """The terminal is shutting down on purpose."""
        self._timer.stop()
        self.notifier.send("STOPPING=1", "STATUS=stopping")
        self.notifier.close()

    def _arm_test_freeze(self) -> None:
        spec = os.environ.get(FREEZE_ENV, "")
        if not spec:
            return
        from PySide6.QtCore import QTimer

        after, _, seconds = spec.partition(":")
        duration = float(seconds or 3600)

        def freeze() -> None:
            log.warning("%s: freezing the GUI thread for %.1f s (test hook)", FREEZE_ENV, duration)
            print(f"KIOSK_GUI_FROZEN {time.monotonic():.6f}", flush=True)
            time.sleep(duration)

        QTimer.singleShot(int(float(after or 0) * 1000), self._owner, freeze)
