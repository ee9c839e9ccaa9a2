"""Cameras: a common interface, an OpenCV driver and a simulator with faults on demand."""

from devices.camera.base import Camera, CameraError, CameraUnplugged
from devices.camera.factory import open_camera
from devices.camera.health import FrameHealth, FrameIssue
from devices.camera.opencv_camera import OpenCVCamera
from devices.camera.simulated import CameraFault, SimulatedCamera

__all__ = [
    "Camera",
    "CameraError",
    "CameraFault",
    "CameraUnplugged",
    "FrameHealth",
    "FrameIssue",
    "OpenCVCamera",
    "SimulatedCamera",
    "open_camera",
]
