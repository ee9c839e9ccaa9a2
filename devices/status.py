"""Device status vocabulary, after XFS4IoT (CEN CWA 17852) Common.Status.

Every driver reports its state with these values, so diagnostics, the journal and the UI
speak one language for every device class.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class DeviceState(StrEnum):
    """XFS4IoT ``common.device``."""

    ONLINE = "online"
    OFFLINE = "offline"
    POWER_OFF = "powerOff"
    NO_DEVICE = "noDevice"
    HARDWARE_ERROR = "hardwareError"
    USER_ERROR = "userError"
    DEVICE_BUSY = "deviceBusy"
    STARTING = "starting"
    UNKNOWN = "unknown"  # not yet answered: never assume


@dataclass(frozen=True)
class DeviceStatus:
    """A snapshot of one device's status; ``details`` holds class-specific fields."""

    device: DeviceState = DeviceState.UNKNOWN
    details: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-friendly dict."""
        return {"device": str(self.device), **self.details}


StatusListener = Callable[[DeviceStatus, DeviceStatus], None]


class StatusPublisher:
    """Holds a device's last status and tells subscribers when it changes (unsolicited event)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._status = DeviceStatus()
        self._listeners: list[StatusListener] = []

    @property
    def status(self) -> DeviceStatus:
        """The last known status."""
        with self._lock:
            return self._status

    def subscribe(self, listener: StatusListener) -> Callable[[], None]:
        """Call ``listener(old, new)`` on every change; return an unsubscribe function."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def publish(self, new: DeviceStatus) -> bool:
        """Record ``new``; notify listeners if it differs. Return whether it changed."""
        with self._lock:
            old, self._status = self._status, new
            listeners = list(self._listeners) if old != new else []
        for listener in listeners:
            listener(old, new)
        return bool(listeners) or old != new
