"""The camera interface every driver implements: open, read a BGR frame, close, status.

Drivers are plain blocking Python, owned by one worker thread; ``read`` returns within the
driver's timeout or raises.  Status uses the XFS4IoT vocabulary of devices/status.py and is
published on every change (``camera.status_events.subscribe``).
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod

import numpy as np

from devices.status import DeviceState, DeviceStatus, StatusPublisher


class CameraError(Exception):
    """The camera failed to deliver a frame."""


class CameraUnplugged(CameraError):
    """The camera is gone (unplugged, or the stream ended and cannot be reopened)."""


class Camera(ABC):
    """A source of BGR ``uint8`` frames."""

    def __init__(self) -> None:
        self.status_events = StatusPublisher()
        self._io_lock = threading.Lock()
        self.frames_read = 0

    @property
    def status(self) -> DeviceStatus:
        """The last published status."""
        return self.status_events.status

    def _set_state(self, state: DeviceState, **details: object) -> None:
        self.status_events.publish(DeviceStatus(state, dict(details)))

    def open(self) -> None:
        """Open the device; raise CameraUnplugged when it is not there."""
        with self._io_lock:
            self._set_state(DeviceState.STARTING)
            try:
                self._open()
            except CameraUnplugged:
                self._set_state(DeviceState.NO_DEVICE)
                raise
            except CameraError as exc:
                self._set_state(DeviceState.HARDWARE_ERROR, error=str(exc))
                raise
            self._set_state(DeviceState.ONLINE)

    def read(self) -> np.ndarray:
        """Return the next frame (BGR, HxWx3 uint8); raise CameraError / CameraUnplugged."""
        with self._io_lock:
            try:
                frame = self._read()
            except CameraUnplugged:
                self._set_state(DeviceState.NO_DEVICE)
                raise
            except CameraError as exc:
                self._set_state(DeviceState.HARDWARE_ERROR, error=str(exc))
                raise
            self.frames_read += 1
            return frame

    def close(self) -> None:
        """Release the device (idempotent)."""
        with self._io_lock:
            self._close()
            self._set_state(DeviceState.OFFLINE)

    def __enter__(self) -> Camera:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @abstractmethod
    def _open(self) -> None: ...

    @abstractmethod
    def _read(self) -> np.ndarray: ...

    @abstractmethod
    def _close(self) -> None: ...
