"""Media the terminal sends: its camera (or frames fed to it) and a microphone (a tone in tests).

A camera is read by its own worker thread (``CameraFeed``), never by the asyncio loop, and the
video track sends the latest frame at its pace; a missing frame sends black, not a stall.
"""

from __future__ import annotations

import asyncio
import fractions
import math
import threading
import time
from collections.abc import Callable

import av
import numpy as np
from aiortc import AudioStreamTrack, VideoStreamTrack

from devices.camera.base import Camera, CameraError

FrameSource = Callable[[], "np.ndarray | None"]


class CameraFeed:
    """Reads a camera on its own thread and keeps the latest BGR frame."""

    def __init__(self, camera: Camera, open_camera: bool = True) -> None:
        self._camera = camera
        self._open = open_camera
        self._latest: np.ndarray | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="teller-camera", daemon=True)
        self.frames = 0

    def start(self) -> CameraFeed:
        """Start reading."""
        self._thread.start()
        return self

    def _run(self) -> None:
        if self._open:
            self._camera.open()
        try:
            while not self._stop.is_set():
                try:
                    self._latest = self._camera.read()
                    self.frames += 1
                except CameraError:
                    time.sleep(0.2)  # the camera's status says why; keep trying
        finally:
            if self._open:
                self._camera.close()

    def __call__(self) -> np.ndarray | None:
        """The latest frame (a FrameSource)."""
        return self._latest

    def stop(self) -> None:
        """Stop reading and close the camera."""
        self._stop.set()
        self._thread.join(5)


class FrameTrack(VideoStreamTrack):
    """Video from a FrameSource, paced by aiortc's 30 fps clock."""

    def __init__(self, source: FrameSource, size: tuple[int, int] = (640, 480)) -> None:
        super().__init__()
        self._source = source
        self._black = np.zeros((size[1], size[0], 3), np.uint8)
        self.frames_sent = 0

    async def recv(self) -> av.VideoFrame:
        """The next frame."""
        pts, time_base = await self.next_timestamp()
        image = self._source()
        frame = av.VideoFrame.from_ndarray(image if image is not None else self._black,
                                           format="bgr24")
        frame.pts, frame.time_base = pts, time_base
        self.frames_sent += 1
        return frame


class ToneTrack(AudioStreamTrack):
    """A sine tone (the microphone of tests and demos): 48 kHz mono, 20 ms frames."""

    RATE = 48000
    SAMPLES = 960

    def __init__(self, hz: float = 440.0, level: float = 0.2) -> None:
        super().__init__()
        self._hz, self._level = hz, level
        self._n = 0
        self._start: float | None = None

    async def recv(self) -> av.AudioFrame:
        """The next 20 ms of tone, paced in real time."""
        if self._start is None:
            self._start = time.monotonic()
        due = self._start + self._n / self.RATE
        delay = due - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        t = (np.arange(self.SAMPLES) + self._n) / self.RATE
        pcm = (np.sin(2 * math.pi * self._hz * t) * self._level * 32767).astype(np.int16)
        frame = av.AudioFrame.from_ndarray(pcm.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate = self.RATE
        frame.pts = self._n
        frame.time_base = fractions.Fraction(1, self.RATE)
        self._n += self.SAMPLES
        return frame


def moving_pattern(size: tuple[int, int] = (320, 240)) -> FrameSource:
    """A FrameSource of a moving bar (a stand-in camera for demos and benchmarks)."""
    w, h = size
    start = time.monotonic()

    def source() -> np.ndarray:
        frame = np.full((h, w, 3), 40, np.uint8)
        x = int((time.monotonic() - start) * 120) % w
        frame[:, max(0, x - 10) : x + 10] = (0, 200, 255)
        return frame

    return source
