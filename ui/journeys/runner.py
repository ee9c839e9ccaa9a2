"""Off-GUI-thread execution for journeys: one worker per session for the journey's own calls.

Journey methods may block on the core bank (HTTP) or on a device, so the view-model never
calls them on the GUI thread: it hands them to a ``Worker`` (a single thread, so calls stay in
order and a double press queues behind the first), and gets the result back through a Qt
signal, which Qt delivers on the GUI thread.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger(__name__)

Done = Callable[[Any, BaseException | None], None]


class Worker(QObject):
    """A named worker thread running callables in order; results come back as signals.

    ``submit(fn, on_done)`` returns at once; ``on_done(result, error)`` runs on the thread
    that owns this QObject (the GUI thread).
    """

    _finished = Signal(object, object, object)  # on_done, result, error
    busyChanged = Signal(bool)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._queue: queue.Queue[tuple[Callable[[], Any], Done | None] | None] = queue.Queue()
        self._pending = 0
        self._lock = threading.Lock()
        self._finished.connect(self._deliver)
        self._thread = threading.Thread(target=self._loop, name=f"journey-{name}", daemon=True)
        self._thread.start()

    @property
    def busy(self) -> bool:
        """True while work is queued or running."""
        with self._lock:
            return self._pending > 0

    def submit(self, fn: Callable[[], Any], on_done: Done | None = None) -> None:
        """Run ``fn()`` on the worker thread, then ``on_done(result, error)`` on the GUI."""
        with self._lock:
            self._pending += 1
            first = self._pending == 1
        if first:
            self.busyChanged.emit(True)
        self._queue.put((fn, on_done))

    def _loop(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            fn, on_done = item
            result: Any = None
            error: BaseException | None = None
            try:
                result = fn()
            except BaseException as exc:  # reported to the GUI, never lost in a thread
                error = exc
                log.warning(
                    "%s worker: %s failed: %s",
                    self.name,
                    getattr(fn, "__name__", fn),
                    type(exc).__name__,
                )
            try:
                self._finished.emit(on_done, result, error)
            except RuntimeError:  # the QObject is gone (session ended): drop the result
                return

    @Slot(object, object, object)
    def _deliver(self, on_done: Done | None, result: Any, error: BaseException | None) -> None:
        with self._lock:
            self._pending -= 1
            idle = self._pending == 0
        if on_done is not None:
            try:
                on_done(result, error)
            except Exception:
                log.exception("%s worker: result handler failed", self.name)
        if idle:
            self.busyChanged.emit(False)

    def stop(self) -> None:
        """Let the thread end after the queued work (it is a daemon: never blocks exit)."""
        self._queue.put(None)

    def join(self, timeout: float = 5.0) -> None:
        """Wait for the thread to end (tests)."""
        self._thread.join(timeout)
