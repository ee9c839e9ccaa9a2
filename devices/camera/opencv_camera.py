"""A real camera through OpenCV's VideoCapture: a device index (``0``) or a URL / file."""

from __future__ import annotations

import time

import cv2
import numpy as np

from devices.camera.base import Camera, CameraError, CameraUnplugged


class OpenCVCamera(Camera):
    """``source`` is an int (``/dev/videoN``) or a string (URL, GStreamer pipeline, file).

    ``read`` tries for ``timeout_s``; a camera that stops delivering is reported unplugged
    after ``max_failures`` failed reads in a row (USB cameras vanish that way).
    """

    def __init__(
        self,
        source: int | str = 0,
        width: int = 640,
        height: int = 480,
        timeout_s: float = 2.0,
        max_failures: int = 3,
    ) -> None:
        super().__init__()
        self.source = int(source) if isinstance(source, str) and source.isdigit() else source
        self.width, self.height = width, height
        self.timeout_s = timeout_s
        self.max_failures = max_failures
        self._cap: cv2.VideoCapture | None = None
        self._failures = 0

    def _open(self) -> None:
        cap = cv2.VideoCapture(self.source)
        if not cap.isOpened():
            cap.release()
            raise CameraUnplugged(f"camera {self.source!r} cannot be opened")
        if isinstance(self.source, int):
            cap.set(cv2.CAP_PROP_FRAME_WIDTH, self.width)
            cap.set(cv2.CAP_PROP_FRAME_HEIGHT, self.height)
        self._cap = cap
        self._failures = 0

    def _read(self) -> np.ndarray:
        if self._cap is None:
            raise CameraError("camera is not open")
        deadline = time.monotonic() + self.timeout_s
        while True:
            ok, frame = self._cap.read()
            if ok and frame is not None:
                self._failures = 0
                return frame
            if time.monotonic() >= deadline:
                break
            time.sleep(0.01)
        self._failures += 1
        if self._failures >= self.max_failures:
            raise CameraUnplugged(f"camera {self.source!r} stopped delivering frames")
        raise CameraError(f"no frame from camera {self.source!r} within {self.timeout_s} s")

    def _close(self) -> None:
        if self._cap is not None:
            self._cap.release()
            self._cap = None
