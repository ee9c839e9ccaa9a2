"""Background services of the terminal: THE single place where they are wired.

``start_services(config, devices)`` runs on a background thread right after the attract
screen's first frame, so nothing here can delay it or block the GUI thread.  It is where
the core-banking sandbox, the outbox sender, the journal and the device workers are started
(the lead wires them; today it only records that it ran).  Device workers are published in
the :class:`DeviceDirectory`, which journeys read through ``HostContext.devices``.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal, Slot

if TYPE_CHECKING:
    from kiosk.config import KioskConfig

log = logging.getLogger(__name__)


class DeviceDirectory(QObject):
    """Name -> device worker (e.g. ``"printer"``, ``"camera"``, ``"idcard"``).

    ``publish`` may be called from any thread; ``changed`` is delivered on the GUI thread
    (queued), and the home screen then re-checks which journeys are available.
    """

    changed = Signal()
    _published = Signal(str, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._workers: dict[str, Any] = {}
        self._lock = threading.Lock()
        self._published.connect(self._on_published)

    def publish(self, name: str, worker: Any) -> None:
        """Make ``worker`` available under ``name`` (thread-safe)."""
        self._published.emit(name, worker)

    @Slot(str, object)
    def _on_published(self, name: str, worker: Any) -> None:
        with self._lock:
            self._workers[name] = worker
        self.changed.emit()

    def get(self, name: str) -> Any | None:
        """The worker published as ``name``, or None while it is not (yet) there."""
        with self._lock:
            return self._workers.get(name)

    def has(self, name: str) -> bool:
        """True when a worker is published as ``name``."""
        return self.get(name) is not None

    def names(self) -> list[str]:
        """Names of the published workers."""
        with self._lock:
            return sorted(self._workers)


def start_services(config: KioskConfig, devices: DeviceDirectory) -> None:
    """Start the sandbox, outbox sender, journal and device workers (background thread).

    LEAD: wire the services here.  Rules: this runs off the GUI thread; publish each device
    worker with ``devices.publish(name, worker)`` once it is ready; never import dlib,
    Tesseract or onnxruntime at module level of anything imported before the first frame.
    """
    log.info("background services started (none wired yet)")


def start_services_in_background(config: KioskConfig, devices: DeviceDirectory) -> threading.Thread:
    """Run :func:`start_services` on a daemon thread; errors are logged, never raised."""

    def target() -> None:
        try:
            start_services(config, devices)
        except Exception:
            log.exception("background services failed to start")

    thread = threading.Thread(target=target, name="kiosk-services", daemon=True)
    thread.start()
    return thread
