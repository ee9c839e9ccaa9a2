"""Background services of the terminal: THE single place where they are wired.

``start_services(config, devices)`` runs on a background thread right after the attract
screen's first frame, so nothing here can delay it or block the GUI thread.  It is where
the terminal is built by its Qt-free composition root (kiosk.terminal: sandbox or core bank,
outbox sender, journal, devices) and published.  Device workers are published in
the :class:`DeviceDirectory`, which journeys read through ``HostContext.devices``.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal, Slot

if TYPE_CHECKING:
    from kiosk.config import KioskConfig
    from kiosk.terminal import Terminal

log = logging.getLogger(__name__)


class DeviceDirectory(QObject):
    """Name -> device worker (e.g. ``"printer"``, ``"camera"``, ``"idcard"``).

    ``publish`` may be called from any thread; ``changed`` is delivered on the GUI thread
    (queued), and the home screen then re-checks which journeys are available.
    """

    changed = Signal()
    _published = Signal(str, object)
    _starting = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._workers: dict[str, Any] = {}
        self._lock = threading.Lock()
        self._published.connect(self._on_published)
        self._starting.connect(self._on_starting)
        self.starting = False  # the back end is being started (the home screen says so)

    def set_starting(self, starting: bool) -> None:
        """Say the services are starting, or done starting (thread-safe)."""
        self._starting.emit(starting)

    @Slot(bool)
    def _on_starting(self, starting: bool) -> None:
        self.starting = starting
        self.changed.emit()

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


def start_services(config: KioskConfig, devices: DeviceDirectory, session: Any = None) -> Any:
    """Start the core-banking link, outbox sender, journal and devices (background thread).

    Runs off the GUI thread.  The journeys' back end (sandbox or configured core bank,
    outbox with its sender, journal, ID reader, cameras, printer) is published as
    ``"journeys"``; a status snapshot for ``kiosk diagnostics`` is written every few seconds
    (the terminal owns the serial ports, so diagnostics must not open them itself).
    Returns the back end (its ``close()`` stops everything).  A damaged outbox publishes a
    kiosk.out_of_service.OutOfService instead: the shell shows the out-of-service screen.
    """
    from kiosk.outbox.integrity import OutboxDamaged
    from ui.journeys import SERVICES_NAME
    from ui.journeys.backend import start_journey_backend

    try:
        backend = start_journey_backend(config)
    except OutboxDamaged as exc:  # no customer action could be kept: out of service
        from kiosk.out_of_service import PUBLISHED_NAME, out_of_service

        state = out_of_service(config, "outbox_damaged", exc)
        devices.publish(PUBLISHED_NAME, state)
        return state
    _start_operations(config, backend, session)  # before publishing: the diagnostics mode uses it
    devices.publish(SERVICES_NAME, backend)
    log.info("background services started")
    _start_status_snapshots(config, backend.terminal)
    return backend


def _start_operations(config: KioskConfig, backend: Any, session: Any) -> None:
    """Metrics, operations events, counters and status history (kiosk.operations)."""
    from kiosk.operations.service import OperationsService

    try:
        ops = OperationsService.start(
            config, backend.bank.journal,
            status_source=backend.terminal.device_statuses,
            core_url=lambda: backend.bank.core.base_url,
        )  # fmt: skip
    except Exception:  # telemetry must not keep customers from being served
        log.exception("operations (metrics, events) failed to start")
        return
    if session is not None:
        ops.recorder.attach_session(session)
    backend.operations = ops
    backend.closers.append(ops.stop)  # closers run in reverse: stopped first


def _start_status_snapshots(config: KioskConfig, terminal: Terminal, every: float = 5.0) -> None:
    from kiosk.diagnostics.runtime_state import FILE_NAME, write_state

    path = config.data_path(FILE_NAME)
    stop = threading.Event()
    terminal.closers.insert(0, stop.set)  # closers run in reverse: this one last

    def loop() -> None:
        while not stop.is_set():
            try:
                write_state(path, {
                    "corebank_url": terminal.bank.core.base_url,
                    "devices": terminal.device_statuses(),
                })  # fmt: skip
            except Exception:  # diagnostics are best effort; the terminal goes on
                log.warning("status snapshot not written", exc_info=True)
            stop.wait(every)

    threading.Thread(target=loop, name="kiosk-status-snapshot", daemon=True).start()


def start_services_in_background(
    config: KioskConfig, devices: DeviceDirectory, session: Any = None
) -> threading.Thread:
    """Run :func:`start_services` on a daemon thread; errors are logged, never raised."""

    def target() -> None:
        try:
            start_services(config, devices, session)
        except Exception:
            log.exception("background services failed to start")
        finally:
            devices.set_starting(False)

    devices.set_starting(True)

    thread = threading.Thread(target=target, name="kiosk-services", daemon=True)
    thread.start()
    return thread
