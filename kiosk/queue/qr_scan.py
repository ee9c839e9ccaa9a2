"""Read a booking's QR code from a camera with zxing-cpp (blocking: a worker thread, never Qt's).

The camera is opened for the scan only and closed after it, so the face check and a video
call find it free.  Frames are converted to grey before decoding (zxing-cpp's fastest input).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)


def decode(frame: Any) -> str | None:
    """The text of the first QR code in a BGR or grey frame, or None."""
    import cv2
    import zxingcpp

    grey = frame if frame.ndim == 2 else cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    for result in zxingcpp.read_barcodes(grey, formats=zxingcpp.BarcodeFormat.QRCode):
        if result.text:
            return str(result.text)
    return None


def scan(camera_factory: Callable[[], Any], timeout_s: float,
         stop: threading.Event | None = None, per_second: float = 12.0) -> str | None:
    """Open a camera, read frames until one holds a QR code; None on timeout or ``stop``.

    At most ``per_second`` frames are decoded: enough for a code held up by hand, and a
    camera that delivers faster (or a simulator with no pacing) does not eat a core.
    """
    camera = camera_factory()
    deadline = time.monotonic() + timeout_s
    stop = stop or threading.Event()
    try:
        camera.open()
        while time.monotonic() < deadline and not stop.is_set():
            started = time.monotonic()
            text = decode(camera.read())
            if text:
                return text
            stop.wait(max(0.0, 1.0 / per_second - (time.monotonic() - started)))
        return None
    finally:
        try:
            camera.close()
        except Exception:  # closing a faulted camera: nothing more to do
            log.debug("camera close after the QR scan failed", exc_info=True)
