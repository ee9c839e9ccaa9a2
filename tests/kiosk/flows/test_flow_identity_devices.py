"""Identity device glue against the real drivers and simulators (no Qt)."""

import functools

import pytest

from devices.camera.simulated import SimulatedCamera
from devices.idcard import SamReader
from devices.idcard.simulator import Fault, SimulatedSamReader, demo_card
from kiosk.devices_io.identity_devices import DeviceProblem, IdentityDevices
from kiosk.devices_io.identity_process import IsolatedIdentity
from kiosk.identity import face_synthetic as fs
from kiosk.identity.face import load_image


@pytest.fixture
def reader():
    sim = SimulatedSamReader(demo_card())
    rd = SamReader.open(sim.start(), timeout=0.5)
    yield sim, rd
    rd.close()
    sim.stop()


@pytest.fixture(scope="module")
def faces(testdata):
    base = testdata / "face" / "face_recognition"
    ref = load_image(base / "obama.jpg")
    return {
        "ref": ref,
        "live": fs.blink_frames(fs.frame_from_photo(load_image(base / "obama2.jpg"))),
        "photo": fs.held_photo_frames(load_image(base / "obama2.jpg"), 40),
    }


def test_chip_read_and_reader_faults(reader):
    sim, rd = reader
    dev = IdentityDevices(reader=rd)
    read = dev.read_card()
    assert (read.kind, read.source, read.fields["name"]) == ("cn-id", "chip", "王小样")
    assert read.photo is None  # no WLT decoder and no tray camera: no portrait
    assert "王小样" not in repr(read)
    for fault, reason in (
        (Fault.NO_CARD, "no_card"),
        (Fault.TIMEOUT, "timeout"),
        (Fault.CHECKSUM, "reader_fault"),
    ):
        sim.inject(fault)
        with pytest.raises(DeviceProblem) as exc:
            dev.read_card()
        assert exc.value.reason == reason
        sim.clear_fault()
    with pytest.raises(DeviceProblem):
        IdentityDevices().read_card()  # no reader at all


def test_face_check_in_process_and_isolated(faces):
    seen = []
    live = functools.partial(SimulatedCamera, faces["live"], fps=0)
    dev = IdentityDevices(camera_factory=live, liveness_timeout=3, challenge="blink")
    out = dev.face_check(faces["ref"], lambda f, k, jpeg: seen.append((k, bool(jpeg))))
    assert out.passed and out.distance < 0.5
    assert ("face.blink", False) in seen and any(p for _, p in seen)

    held = functools.partial(SimulatedCamera, faces["photo"], fps=0)
    dev.camera_factory = held  # a photo held up to the camera never blinks
    assert dev.face_check(faces["ref"], lambda *a: None).reason == "liveness_failed"

    iso = IsolatedIdentity(0.5, 3, "blink")
    try:
        dev = IdentityDevices(camera_factory=live, isolated=iso)
        assert dev.face_check(faces["ref"], lambda *a: None).passed
        dev.camera_factory = functools.partial(SimulatedCamera, "/no/such/camera")
        with pytest.raises(DeviceProblem) as exc:
            dev.face_check(faces["ref"], lambda *a: None)
        assert exc.value.reason == "camera_fault"
    finally:
        iso.stop()


def test_cancel_stops_the_helpers_liveness_loop_and_the_next_check_starts(faces):
    """Cancel (or inactivity) mid-liveness reaches the helper process: its loop stops long
    before the liveness timeout, and the next customer's check runs at once."""
    import threading

    iso = IsolatedIdentity(0.5, 60, "blink")  # a held photo would keep it busy for 60 s
    try:
        iso.start()
        held = functools.partial(SimulatedCamera, faces["photo"], fps=0)
        dev = IdentityDevices(camera_factory=held, isolated=iso)
        looping = threading.Event()
        first = []

        def progress(_fraction, key, _jpeg):
            if key == "face.blink":
                looping.set()

        t = threading.Thread(target=lambda: first.append(dev.face_check(faces["ref"], progress)))
        t.start()
        assert looping.wait(120), "the liveness loop never started"
        dev.cancel()  # what the view-model does on cancel and on inactivity
        t.join(15)
        assert not t.is_alive(), "the helper's liveness loop ran on after cancel"
        assert first[0].reason == "cancelled" and not first[0].passed

        dev.camera_factory = functools.partial(SimulatedCamera, faces["live"], fps=0)
        seen = []
        second = dev.face_check(faces["ref"], lambda f, k, j: seen.append(k))
        assert second.passed, second  # the cancel of the first check did not stop this one
        assert seen[0] == "face.blink"
    finally:
        iso.stop()


def test_camera_status_comes_from_opening_it(tmp_path):
    import cv2
    import numpy as np

    from devices.camera.factory import open_camera

    picture = tmp_path / "scene.png"
    cv2.imwrite(str(picture), np.full((120, 160, 3), 128, np.uint8))
    dev = IdentityDevices(camera_factory=functools.partial(
        open_camera, "simulator", "0", 160, 120, str(picture)))  # fmt: skip
    assert dev.camera_status["device"] == "starting"  # configured is not "online"
    assert dev.probe_camera()["device"] == "online"
    assert dev.camera_status == {"device": "online", "frame": "160x120"}
    dev.camera_factory = functools.partial(open_camera, "opencv", str(tmp_path / "none"))
    assert dev.probe_camera()["device"] in ("noDevice", "hardwareError")
    assert IdentityDevices().probe_camera() == {"device": "noDevice"}
