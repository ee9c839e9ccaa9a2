"""Read a QR code from the customer camera's frames (zxing-cpp), on the caller's thread.

The caller is a journey worker, never the GUI thread: ``scan_qr`` opens the camera, decodes
frame after frame and returns the first QR code's text, or None when ``timeout_s`` passes
or ``cancelled`` is set.  ``preview``, if given, receives a small JPEG of a frame a few times
a second (the screen shows the customer what the camera sees, to aim the phone); nothing of
the frames is kept.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import zxingcpp

from kiosk.devices_io.identity_devices import PREVIEW_EVERY_S, DeviceProblem, preview_jpeg


def decode_qr(frame: Any) -> str | None:
    """The text of the first QR code in ``frame`` (a BGR or grey numpy image), or None."""
    for result in zxingcpp.read_barcodes(frame, formats=zxingcpp.BarcodeFormat.QRCode):
        if result.valid and result.text:
            return str(result.text)
    return None


def scan_qr(camera_factory: Callable[[], Any] | None, timeout_s: float = 20.0,
            cancelled: threading.Event | None = None,
            accept: Callable[[str], bool] = lambda _text: True,
            preview: Callable[[bytes], None] | None = None) -> str | None:
    """Decode frames from a fresh camera until a QR code ``accept`` takes is seen."""
    from devices.camera.base import CameraError

    if camera_factory is None:
        raise DeviceProblem("camera_fault", "camera")
    camera = camera_factory()
    deadline = time.monotonic() + timeout_s
    last_preview = float("-inf")
    try:
        camera.open()
        while time.monotonic() < deadline and not (cancelled is not None and cancelled.is_set()):
            frame = camera.read()
            text = decode_qr(frame)
            if text is not None and accept(text):
                return text
            now = time.monotonic()
            if preview is not None and now - last_preview >= PREVIEW_EVERY_S:
                last_preview = now
                preview(preview_jpeg(frame))
        return None
    except CameraError as exc:
        raise DeviceProblem("camera_fault", "camera") from exc
    finally:
        camera.close()
