"""Camera drivers: the simulator on real image/video files, faults, the OpenCV driver on files."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import cv2
import numpy as np
import pytest
from sample_data import TESTDATA

from devices.camera import (
    CameraError,
    CameraFault,
    CameraUnplugged,
    FrameHealth,
    FrameIssue,
    OpenCVCamera,
    SimulatedCamera,
    open_camera,
)
from devices.status import DeviceState


@pytest.fixture(scope="module")
def face_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of face pictures: the shared antispoof samples, else the demo customer's."""
    shared = TESTDATA / "face" / "antispoof"
    if shared.is_dir():
        return shared
    from kiosk.demo_customer import camera_frames, portrait

    folder = tmp_path_factory.mktemp("faces")  # the simulator only needs pictures to play
    for i, img in enumerate([camera_frames()[0], camera_frames()[9], portrait()], start=1):
        cv2.imwrite(str(folder / f"image_T{i}.jpg"), img)
    return folder


@pytest.fixture()
def video(tmp_path: Path) -> Path:
    path = tmp_path / "clip.avi"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 10, (160, 120))
    assert writer.isOpened()
    for i in range(6):
        frame = np.full((120, 160, 3), 40 * i, np.uint8)
        cv2.putText(frame, str(i), (60, 80), cv2.FONT_HERSHEY_SIMPLEX, 2, (0, 0, 255), 3)
        writer.write(frame)
    writer.release()
    return path


def test_plays_a_folder_in_order_and_loops(face_dir: Path) -> None:
    files = sorted(face_dir.glob("*.jpg"))
    expected = [
        cv2.resize(cv2.imread(str(f)), (320, 240), interpolation=cv2.INTER_AREA) for f in files
    ]
    cam = SimulatedCamera(face_dir, fps=0, size=(320, 240))
    with cam:
        assert cam.status.device is DeviceState.ONLINE
        got = [cam.read() for _ in range(len(files) + 1)]
    assert all(np.array_equal(g, e) for g, e in zip(got, expected, strict=False))
    assert np.array_equal(got[-1], expected[0])  # looped
    assert cam.status.device is DeviceState.OFFLINE


def test_plays_a_video_file_and_loops(video: Path) -> None:
    cam = SimulatedCamera(video, fps=0)
    with cam:
        frames = [cam.read() for _ in range(8)]
    levels = [int(f[5, 5, 0]) for f in frames]
    # MJPEG is lossy: brightness ramps 0..200 then starts again.
    assert levels[0] < 10 and abs(levels[5] - 200) < 10 and levels[6] < 10


def test_video_without_loop_ends_as_unplugged(video: Path) -> None:
    cam = SimulatedCamera(video, fps=0, loop=False)
    cam.open()
    for _ in range(6):
        cam.read()
    with pytest.raises(CameraUnplugged):
        cam.read()
    assert cam.status.device is DeviceState.NO_DEVICE


def test_paces_at_the_target_fps(face_dir: Path) -> None:
    with SimulatedCamera(face_dir / "image_T1.jpg", fps=20) as cam:
        start = time.monotonic()
        for _ in range(6):
            cam.read()
        elapsed = time.monotonic() - start
    assert elapsed >= 5 / 20 * 0.9  # the first frame is immediate, then 1/20 s apart


def test_unplugged_fault_raises_and_reports_no_device(face_dir: Path) -> None:
    events: list[tuple[str, str]] = []
    cam = SimulatedCamera(face_dir, fps=0)
    cam.status_events.subscribe(lambda old, new: events.append((old.device, new.device)))
    cam.open()
    cam.read()
    cam.inject(CameraFault.UNPLUGGED)
    with pytest.raises(CameraUnplugged):
        cam.read()
    assert cam.status.device is DeviceState.NO_DEVICE
    assert (DeviceState.ONLINE, DeviceState.NO_DEVICE) in events
    cam.inject(CameraFault.NONE)
    cam.close()
    cam.open()  # plugged back in
    assert cam.read().shape[2] == 3
    assert cam.status.device is DeviceState.ONLINE


def test_unplugged_at_open(face_dir: Path) -> None:
    cam = SimulatedCamera(face_dir, fps=0)
    cam.inject("unplugged")
    with pytest.raises(CameraUnplugged):
        cam.open()
    assert cam.status.device is DeviceState.NO_DEVICE


def test_black_and_frozen_frames_are_detected(face_dir: Path) -> None:
    health = FrameHealth(frozen_after=4)
    with SimulatedCamera(face_dir, fps=0) as cam:
        assert health.check(cam.read()) is FrameIssue.OK
        assert health.check(cam.read()) is FrameIssue.OK
        cam.inject(CameraFault.BLACK)
        black = cam.read()
        assert black.max() == 0
        assert health.check(black) is FrameIssue.BLACK
        cam.inject(CameraFault.NONE)
        health.reset()
        first = cam.read()
        cam.inject(CameraFault.FROZEN)
        issues = [health.check(first)] + [health.check(cam.read()) for _ in range(4)]
    assert issues[:3] == [FrameIssue.OK] * 3 and issues[-1] is FrameIssue.FROZEN


def test_slow_fault_times_out(face_dir: Path) -> None:
    with SimulatedCamera(face_dir, fps=0, timeout_s=0.2, slow_s=5.0) as cam:
        cam.inject(CameraFault.SLOW)
        start = time.monotonic()
        with pytest.raises(CameraError):
            cam.read()
        assert time.monotonic() - start < 1.0
        assert cam.status.device is DeviceState.HARDWARE_ERROR


def test_reads_from_a_worker_thread_while_faults_are_injected(face_dir: Path) -> None:
    cam = SimulatedCamera(face_dir, fps=100)
    cam.open()
    errors: list[Exception] = []
    count = 0

    def worker() -> None:
        nonlocal count
        while True:
            try:
                cam.read()
                count += 1
            except CameraUnplugged as exc:
                errors.append(exc)
                return

    t = threading.Thread(target=worker)
    t.start()
    time.sleep(0.15)
    cam.inject(CameraFault.UNPLUGGED)
    t.join(2)
    assert not t.is_alive() and count > 3 and len(errors) == 1


def test_opencv_driver_reads_a_video_file_and_reports_missing_device(video: Path) -> None:
    cam = OpenCVCamera(str(video), timeout_s=0.1, max_failures=1)
    with cam:
        assert cam.read().shape == (120, 160, 3)
    missing = OpenCVCamera("/nonexistent/camera.avi")
    with pytest.raises(CameraUnplugged):
        missing.open()
    assert missing.status.device is DeviceState.NO_DEVICE


def test_opencv_driver_end_of_stream_reads_as_unplugged(video: Path) -> None:
    cam = OpenCVCamera(str(video), timeout_s=0.05, max_failures=2)
    cam.open()
    for _ in range(6):
        cam.read()
    with pytest.raises(CameraError):
        cam.read()
    with pytest.raises(CameraUnplugged):
        cam.read()
    cam.close()


def test_factory(face_dir: Path) -> None:
    cam = open_camera("simulator", simulator_source=str(face_dir), width=320, height=240)
    with cam:
        assert cam.read().shape == (240, 320, 3)
    assert isinstance(open_camera("opencv", source="0"), OpenCVCamera)
    with pytest.raises(ValueError):
        open_camera("simulator")
    with pytest.raises(ValueError):
        open_camera("webcam")


def test_sensor_noise_keeps_a_still_image_from_looking_frozen(face_dir: Path) -> None:
    health = FrameHealth(frozen_after=3)
    with SimulatedCamera(face_dir / "image_T1.jpg", fps=0, noise=2.0, seed=1) as cam:
        issues = [health.check(cam.read()) for _ in range(6)]
        assert issues == [FrameIssue.OK] * 6
        cam.inject(CameraFault.FROZEN)
        issues = [health.check(cam.read()) for _ in range(3)]
    assert issues[-1] is FrameIssue.FROZEN
    with SimulatedCamera(face_dir / "image_T1.jpg", fps=0) as cam:
        health.reset()
        assert [health.check(cam.read()) for _ in range(3)][-1] is FrameIssue.FROZEN
