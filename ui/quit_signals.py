"""Ctrl+C (SIGINT) and SIGTERM end ``kiosk run`` cleanly instead of with a traceback.

Python runs its signal handlers only between bytecodes, and Qt's event loop runs in C++:
without help a Ctrl+C waits until some Python slot happens to run, then raises
``KeyboardInterrupt`` wherever that is, and SIGTERM kills the process before the helper
process, the sandbox and the device workers are stopped.  So the C-level handler writes the
signal's number to a socket (``signal.set_wakeup_fd``) that a ``QSocketNotifier`` watches:
the GUI thread wakes at once, runs the Python handler, and the handler only asks the event
loop to quit.  ``kiosk run`` then closes everything in its usual order.
"""

from __future__ import annotations

import logging
import signal
import socket
from types import FrameType

from PySide6.QtCore import QCoreApplication, QObject, QSocketNotifier, QTimer, Slot

log = logging.getLogger(__name__)

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class QuitOnSignals(QObject):
    """While it exists, SIGINT and SIGTERM quit ``app``'s event loop (GUI thread only)."""

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self._app = app
        #: The first signal received (``None`` while none came).
        self.received: signal.Signals | None = None
        self._reader, self._writer = socket.socketpair()
        for end in (self._reader, self._writer):
            end.setblocking(False)
        self._old_fd = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        self._old = {s: signal.signal(s, self._handle) for s in SIGNALS}
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)

    def _handle(self, signum: int, _frame: FrameType | None) -> None:
        if self.received is not None:  # a second Ctrl+C while stopping: stopping already
            log.info("%s again: the terminal is already stopping", signal.Signals(signum).name)
            return
        self.received = signal.Signals(signum)
        log.info("%s received: stopping the terminal", self.received.name)
        # Queued, so a signal that comes before app.exec() still ends the loop once it runs.
        QTimer.singleShot(0, self._app.quit)

    @Slot()
    def _drain(self) -> None:
        """Empty the wake-up socket (the Python handler has run by the time this returns)."""
        try:
            while self._reader.recv(64):
                pass
        except (BlockingIOError, InterruptedError):
            pass

    def keep_stopping(self) -> None:
        """After the loop ended: further signals are logged, not raised, while closing."""
        self._notifier.setEnabled(False)  # Python code runs now: handlers need no wake-up
        for s in SIGNALS:
            signal.signal(s, self._handle_late)

    def _handle_late(self, signum: int, _frame: FrameType | None) -> None:
        log.info("%s while closing: the terminal is already stopping", signal.Signals(signum).name)
