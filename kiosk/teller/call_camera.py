"""The customer camera as the call's video: opened only while a teller is on the call.

The face check opens the same camera in its helper process, so the call holds it only
between a teller's acceptance and the end of the call.  ``CallCamera`` is the TellerLink's
``video`` FrameSource (``None`` frames become black ones) and the window's own-preview
source; ``on_event`` follows the link's events.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

import numpy as np

from kiosk.teller import events as ev
from kiosk.teller.tracks import CameraFeed

log = logging.getLogger(__name__)


class CallCamera:
    """Latest customer-camera frame while a call is up, else ``None``."""

    def __init__(self, factory: Callable[[], Any]) -> None:
        self._factory = factory
        self._feed: CameraFeed | None = None
        self._camera: Any = None
        self._opening = False
        self._wanted = False  # a stop while the camera opens closes it once open
        self._lock = threading.Lock()

    def __call__(self) -> np.ndarray | None:
        """The latest frame (a FrameSource; called on the link's thread and the UI's loader)."""
        feed = self._feed
        return feed() if feed is not None else None

    @property
    def frames(self) -> int:
        """Frames read since the call's camera opened (0 when closed)."""
        feed = self._feed
        return feed.frames if feed is not None else 0

    def on_event(self, event: ev.TellerEvent) -> None:
        """Open on a teller's acceptance, close at the end (called on the link's thread)."""
        if event.kind == ev.ACCEPTED:
            self.start()
        elif event.kind == ev.ENDED:
            self.stop(wait=False)

    def start(self) -> None:
        """Open the camera and read it on its own thread (returns at once)."""
        with self._lock:
            self._wanted = True
            if self._opening or self._feed is not None:
                return
            self._opening = True
        threading.Thread(target=self._open, name="call-camera-open", daemon=True).start()

    def _open(self) -> None:
        camera = None
        try:
            camera = self._factory()
            camera.open()
        except Exception as exc:  # no camera: the teller sees a black picture, the call goes on
            log.warning("call camera could not be opened: %s", exc)
            camera = None
        with self._lock:
            self._opening = False
            if camera is not None and self._wanted:
                self._camera = camera
                self._feed = CameraFeed(camera, open_camera=False).start()
                return
        if camera is not None:  # the call ended while the camera opened
            camera.close()

    def stop(self, wait: bool = True) -> None:
        """Close the camera (``wait=False``: without blocking the caller's loop)."""
        with self._lock:
            self._wanted = False
            feed, camera = self._feed, self._camera
            self._feed = self._camera = None
        if feed is None:
            return

        def close() -> None:
            feed.stop()
            try:
                camera.close()
            except Exception:  # closing a camera that failed: nothing left to free
                log.debug("call camera close", exc_info=True)

        if wait:
            close()
        else:
            threading.Thread(target=close, name="call-camera-stop", daemon=True).start()
