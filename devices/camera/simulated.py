"""A simulated camera: plays an image, a folder of images, a video file or in-memory frames.

It loops at a target frame rate (``read`` sleeps like a real camera would) and injects
faults on demand, so every error path of the consumer has a test:

- ``UNPLUGGED``: ``read`` raises CameraUnplugged and the status becomes noDevice;
- ``BLACK``: all-black frames (lens covered, dead sensor);
- ``FROZEN``: the same frame over and over (stuck driver) — see devices.camera.health;
- ``SLOW``: each frame takes ``slow_s`` seconds; beyond ``timeout_s`` read raises CameraError.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path

import cv2
import numpy as np

from devices.camera.base import Camera, CameraError, CameraUnplugged

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".bmp", ".webp", ".tif", ".tiff"}
VIDEO_SUFFIXES = {".mp4", ".avi", ".mkv", ".mov", ".webm", ".mjpg"}


class CameraFault(StrEnum):
    """Faults the simulator can inject."""

    NONE = "none"
    UNPLUGGED = "unplugged"
    BLACK = "black"
    FROZEN = "frozen"
    SLOW = "slow"


def _fit(frame: np.ndarray, size: tuple[int, int] | None) -> np.ndarray:
    if size is None or (frame.shape[1], frame.shape[0]) == size:
        return frame
    return cv2.resize(frame, size, interpolation=cv2.INTER_AREA)


class SimulatedCamera(Camera):
    """Plays ``source``: an image or video path, a folder of images, or a list of BGR frames.

    ``size`` (width, height) resizes every frame; ``fps`` paces ``read`` (0: as fast as
    asked); ``loop`` restarts at the end, else the end of the source reads as unplugged.
    ``noise`` adds Gaussian sensor noise (standard deviation in grey levels) so a still
    image plays like a live view of a still scene rather than a frozen driver.
    """

    def __init__(
        self,
        source: str | Path | Sequence[np.ndarray],
        fps: float = 15.0,
        loop: bool = True,
        size: tuple[int, int] | None = None,
        timeout_s: float = 2.0,
        slow_s: float = 3.0,
        noise: float = 0.0,
        seed: int | None = None,
    ) -> None:
        super().__init__()
        self.source = source
        self.fps = fps
        self.loop = loop
        self.size = size
        self.timeout_s = timeout_s
        self.slow_s = slow_s
        self.noise = noise
        self._rng = np.random.default_rng(seed)
        self._fault = CameraFault.NONE
        self._fault_lock = threading.Lock()
        self._frames: list[np.ndarray] = []
        self._video: cv2.VideoCapture | None = None
        self._index = 0
        self._last: np.ndarray | None = None
        self._next_due = 0.0

    # -- faults ---------------------------------------------------------------------------
    def inject(self, fault: CameraFault | str) -> None:
        """Start a fault now (``CameraFault.NONE`` clears it); safe from any thread."""
        with self._fault_lock:
            self._fault = CameraFault(fault)

    @property
    def fault(self) -> CameraFault:
        """The fault in force."""
        with self._fault_lock:
            return self._fault

    # -- driver ---------------------------------------------------------------------------
    def _open(self) -> None:
        if self.fault is CameraFault.UNPLUGGED:
            raise CameraUnplugged("simulated camera unplugged")
        self._index, self._last, self._next_due = 0, None, 0.0
        src = self.source
        if not isinstance(src, (str, Path)):
            self._frames = [np.asarray(f) for f in src]
            if not self._frames:
                raise CameraError("simulated camera: no frames given")
            return
        path = Path(src)
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
            self._frames = [f for f in (cv2.imread(str(p)) for p in files) if f is not None]
            if not self._frames:
                raise CameraUnplugged(f"simulated camera: no readable images in {path}")
        elif path.suffix.lower() in VIDEO_SUFFIXES:
            cap = cv2.VideoCapture(str(path))
            if not cap.isOpened():
                raise CameraUnplugged(f"simulated camera: cannot open video {path}")
            self._video = cap
        else:
            frame = cv2.imread(str(path)) if path.is_file() else None
            if frame is None:
                raise CameraUnplugged(f"simulated camera: cannot read image {path}")
            self._frames = [frame]

    def _next_source_frame(self) -> np.ndarray:
        if self._video is not None:
            ok, frame = self._video.read()
            if not ok:
                if not self.loop:
                    raise CameraUnplugged("simulated camera: end of video")
                self._video.set(cv2.CAP_PROP_POS_FRAMES, 0)
                ok, frame = self._video.read()
                if not ok:
                    raise CameraUnplugged("simulated camera: video cannot be rewound")
            return frame
        if self._index >= len(self._frames):
            if not self.loop:
                raise CameraUnplugged("simulated camera: end of frames")
            self._index = 0
        frame = self._frames[self._index]
        self._index += 1
        return frame

    def _pace(self) -> None:
        if self.fps <= 0:
            return
        now = time.monotonic()
        if self._next_due > now:
            time.sleep(self._next_due - now)
        self._next_due = max(now, self._next_due) + 1.0 / self.fps

    def _read(self) -> np.ndarray:
        fault = self.fault
        if fault is CameraFault.UNPLUGGED:
            raise CameraUnplugged("simulated camera unplugged")
        if fault is CameraFault.SLOW:
            time.sleep(min(self.slow_s, self.timeout_s))
            if self.slow_s > self.timeout_s:
                raise CameraError(f"no frame within {self.timeout_s} s (simulated slow camera)")
        self._pace()
        if fault is CameraFault.FROZEN and self._last is not None:
            return self._last.copy()
        frame = _fit(self._next_source_frame(), self.size)
        if fault is CameraFault.BLACK:
            frame = np.zeros_like(frame)
        elif self.noise > 0:
            grain = self._rng.normal(0.0, self.noise, frame.shape).astype(np.float32)
            frame = np.clip(frame.astype(np.float32) + grain, 0, 255).astype(np.uint8)
        self._last = frame
        return frame.copy()

    def _close(self) -> None:
        if self._video is not None:
            self._video.release()
            self._video = None
        self._frames = []
        self._last = None
