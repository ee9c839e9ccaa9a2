"""Build a camera from plain parameters (the caller maps its configuration onto them)."""

from __future__ import annotations

from devices.camera.base import Camera
from devices.camera.opencv_camera import OpenCVCamera
from devices.camera.simulated import SimulatedCamera


def open_camera(
    driver: str,
    source: str = "0",
    width: int = 640,
    height: int = 480,
    simulator_source: str = "",
    fps: float = 15.0,
) -> Camera:
    """Return an unopened camera: ``driver`` is ``opencv`` or ``simulator``.

    ``opencv`` uses ``source`` (a device index such as ``"0"`` or a URL);  ``simulator``
    plays ``simulator_source`` (an image, a folder of images or a video file) at ``fps``.
    """
    if driver == "opencv":
        return OpenCVCamera(source, width, height)
    if driver == "simulator":
        if not simulator_source:
            raise ValueError("the simulated camera needs a simulator_source (image, folder, video)")
        return SimulatedCamera(simulator_source, fps=fps, size=(width, height), noise=2.0)
    raise ValueError(f"unknown camera driver {driver!r} (expected 'opencv' or 'simulator')")
