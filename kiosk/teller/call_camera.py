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
        """Open the camera and read it on its own thread."""
        with self._lock:
            if self._feed is not None:
                return
            try:
                self._feed = CameraFeed(self._factory()).start()
            except Exception:  # no camera: the teller sees a black picture, the call goes on
                log.exception("call camera could not be opened")

    def stop(self, wait: bool = True) -> None:
        """Close the camera (``wait=False``: without blocking the caller's loop)."""
        with self._lock:
            feed, self._feed = self._feed, None
        if feed is None:
            return
        if wait:
            feed.stop()
        else:
            threading.Thread(target=feed.stop, name="call-camera-stop", daemon=True).start()
