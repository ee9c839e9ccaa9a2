"""Liveness: photos held to the camera fail, synthesized live sequences pass.

The live-like sequences are made from real photos by kiosk.identity.face_synthetic (eyelids
painted shut, the middle of the face pushed sideways); docs/face.md says what they do and
do not prove.  Frames are fed with timestamps at 15 fps, so the tests do not wait.
"""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from kiosk.identity import face_synthetic as fs
from kiosk.identity.face import FaceVerifier, load_image
from kiosk.identity.liveness import Challenge, LivenessSession, LivenessState

FPS = 15.0


def run(frames: list[np.ndarray], challenge: str, timeout_s: float = 3.0, **kw) -> LivenessSession:
    """Feed frames (then the last one again) until the session ends."""
    session = LivenessSession(challenge, timeout_s=timeout_s, **kw)
    i = 0
    while session.final is None:
        session.feed(frames[min(i, len(frames) - 1)], i / FPS)
        i += 1
    return session


@pytest.fixture(scope="module")
def fr_dir(testdata: Path) -> Path:
    return testdata / "face" / "face_recognition"


@pytest.fixture(scope="module")
def frames(fr_dir: Path) -> dict[str, np.ndarray]:
    names = {
        "obama": "obama.jpg",
        "biden2": "biden2.jpg",
        "rose": "rose_leslie_img1.jpg",
        "obama3": "obama3.jpg",
    }
    return {k: fs.frame_from_photo(load_image(fr_dir / v)) for k, v in names.items()}


@pytest.mark.parametrize("name", ["biden2", "rose", "obama3"])
def test_synthesized_blink_passes(frames, name: str) -> None:
    s = run(fs.blink_frames(frames[name]), "blink")
    assert s.final is not None and s.final.state is LivenessState.PASSED, s.final


@pytest.mark.parametrize("name", ["obama", "biden2"])
@pytest.mark.parametrize("challenge,direction", [("turn_left", 1), ("turn_right", -1)])
def test_synthesized_head_turn_passes(frames, name: str, challenge: str, direction: int) -> None:
    s = run(fs.turn_frames(frames[name], direction), challenge)
    assert s.final.state is LivenessState.PASSED, s.final
    assert s.final.detail == challenge


def test_mirrored_camera_swaps_left_and_right(frames) -> None:
    s = run(fs.turn_frames(frames["obama"], -1), "turn_left", mirrored=True)
    assert s.final.state is LivenessState.PASSED


def test_turning_the_wrong_way_fails(frames) -> None:
    s = run(fs.turn_frames(frames["obama"], 1), "turn_right")
    assert s.final.state is LivenessState.FAILED and s.final.detail == "wrong_action"


def test_turning_when_asked_to_blink_fails(frames) -> None:
    s = run(fs.turn_frames(frames["biden2"], 1), "blink")
    assert s.final.state is LivenessState.FAILED and s.final.detail == "wrong_action"


def test_a_still_face_times_out(frames) -> None:
    still = fs.blink_frames(frames["biden2"], still=20, after=0)[:20]
    s = run(still, "blink", timeout_s=1.0)
    assert s.final.state is LivenessState.TIMEOUT and s.final.guidance_key == "liveness.timeout"


@pytest.mark.parametrize("name", ["image_F1.jpg", "image_F2.jpg", "image_T1.jpg"])
def test_antispoof_pictures_held_to_the_camera_fail(testdata: Path, name: str) -> None:
    # F1 printed photo, F2 phone screen, T1 a live capture -- all three as still pictures
    # held up and moved by hand: none may pass any challenge.
    photo = load_image(testdata / "face" / "antispoof" / name)
    stream = fs.held_photo_frames(photo, int(3.0 * FPS) + 2, seed=7)
    for challenge in Challenge:
        s = run(stream, challenge, timeout_s=3.0)
        assert s.final.state is not LivenessState.PASSED, (name, challenge, s.final)


def test_person_swapped_mid_challenge_fails(frames) -> None:
    # Obama faces the camera, then Biden blinks.
    seq = fs.blink_frames(frames["obama"], still=7, after=0)[:7] + fs.blink_frames(frames["biden2"])
    s = run(seq, "blink", identity_every=3)
    assert s.final.state is LivenessState.FAILED and s.final.detail == "different_person"


def test_liveness_face_must_be_the_id_photo(frames, fr_dir: Path) -> None:
    verifier = FaceVerifier(0.5)
    verifier.encode_reference(load_image(fr_dir / "obama2.jpg"))
    s = run(fs.blink_frames(frames["biden2"]), "blink", verifier=verifier)
    assert s.final.detail == "different_person"
    verifier.encode_reference(load_image(fr_dir / "biden.jpg"))
    s = run(fs.blink_frames(frames["biden2"]), "blink", verifier=verifier)
    assert s.final.state is LivenessState.PASSED and s.last_distance is not None
    assert s.neutral_distance is not None and s.neutral_distance <= 0.5


def test_random_challenge_and_guidance(frames) -> None:
    # A terminal's session: a blink, then a turn to a random side (test_liveness_plan.py).
    seen = {LivenessSession(rng=random.Random(i)).plan for i in range(20)}
    assert seen == {(Challenge.BLINK, turn) for turn in (Challenge.TURN_LEFT, Challenge.TURN_RIGHT)}
    s = LivenessSession("turn_left", timeout_s=5)
    first = s.feed(frames["obama"], 0.0)
    assert first.state is LivenessState.WAITING and first.guidance_key == "liveness.hold_still"
    blank = s.feed(np.zeros((480, 640, 3), np.uint8), 0.1)
    assert blank.guidance_key == "liveness.no_face"
    for i in range(6):
        p = s.feed(frames["obama"], 0.2 + i / FPS)
    assert p.guidance_key == "liveness.turn_left"
    s.clear()


def test_simulated_camera_on_a_worker_thread_drives_a_session(frames) -> None:
    """The camera driver and the session together, on wall-clock time, off the main thread."""
    import threading
    import time

    from devices.camera import CameraFault, CameraUnplugged, SimulatedCamera

    cam = SimulatedCamera(fs.blink_frames(frames["biden2"]), fps=30, loop=True)
    session = LivenessSession("blink", timeout_s=20)
    outcome: list[object] = []

    def worker() -> None:
        with cam:
            while session.final is None:
                session.feed(cam.read(), time.monotonic())
            outcome.append(session.final)
            cam.inject(CameraFault.UNPLUGGED)
            try:
                cam.read()
            except CameraUnplugged as exc:
                outcome.append(exc)

    t = threading.Thread(target=worker)
    t.start()
    t.join(60)
    assert not t.is_alive()
    assert outcome[0].state is LivenessState.PASSED, outcome
    assert isinstance(outcome[1], CameraUnplugged)
