"""``kiosk.devices_io.qr_scan.scan_qr``: the QR code read from camera frames, and the small
preview pictures it hands the code screen while it looks (a few a second, never more)."""

from __future__ import annotations

import io

import cv2
import numpy as np
import qrcode

from devices.camera.simulated import SimulatedCamera
from kiosk.devices_io.identity_devices import PREVIEW_EVERY_S
from kiosk.devices_io.qr_scan import scan_qr


def _qr_frame(text: str) -> np.ndarray:
    png = io.BytesIO()
    qrcode.make(text).save(png)
    qr = cv2.imdecode(np.frombuffer(png.getvalue(), np.uint8), cv2.IMREAD_COLOR)
    frame = np.full((480, 640, 3), 90, np.uint8)  # a phone held up in a room
    frame[40:440, 120:520] = cv2.resize(qr, (400, 400), interpolation=cv2.INTER_NEAREST)
    return frame


def test_previews_while_looking_then_the_code() -> None:
    room = np.random.default_rng(7).integers(0, 255, (480, 640, 3), np.uint8)
    shown: list[bytes] = []

    def camera() -> SimulatedCamera:
        return SimulatedCamera([room], fps=0, loop=True)  # as fast as it can decode

    timeout = 0.6
    assert scan_qr(camera, timeout, preview=shown.append) is None
    assert 1 <= len(shown) <= timeout / PREVIEW_EVERY_S + 1  # rate-limited, not per frame
    first = cv2.imdecode(np.frombuffer(shown[0], np.uint8), cv2.IMREAD_COLOR)
    assert first.shape[:2] == (240, 320)

    url = "http://127.0.0.1:8080/m/p/ABCDEFG2"
    frames = [room, _qr_frame(url)]
    found = scan_qr(lambda: SimulatedCamera(frames, fps=0, loop=True), 5.0,
                    preview=shown.append)  # fmt: skip
    assert found == url
