"""The terminal's own liveness plan on the drawn demo customer, who does what the screen asks.

``IdentityDevices.face_check`` with no fixed challenge draws a blink, then a turn to a
random side; the drawn customer (kiosk.demo_customer.camera_clips through
devices.camera.acting.ActingCamera) blinks and turns when told, as ``kiosk run`` shows him.
No sample data needed; real dlib models, about 2-4 s a check on a quiet machine (8 s per
action, the terminal's default, so a loaded machine does not time out).
"""

import functools

import pytest

from devices.camera.acting import ActingCamera
from kiosk.demo_customer import camera_clips, portrait
from kiosk.devices_io.identity_devices import IdentityDevices


@pytest.fixture(scope="module")
def clips():
    return camera_clips()


@pytest.mark.parametrize("plan", [None, "blink+turn_left", "blink+turn_right"])
def test_the_drawn_customer_passes_the_terminal_plan(clips, plan) -> None:
    camera = functools.partial(ActingCamera, clips, fps=0, noise=1.0)
    dev = IdentityDevices(camera_factory=camera, liveness_timeout=8, challenge=plan)
    seen: list[tuple[float, str]] = []
    out = dev.face_check(portrait(), lambda f, key, _jpeg: seen.append((f, key)))
    assert out.passed and out.distance is not None and out.distance < 0.5, (out, seen)
    keys = [k for _, k in seen]
    turn = next(k for k in keys if k.startswith("face.turn_"))
    if plan is not None:
        assert turn == "face." + plan.split("+")[1]
    first = keys.index(turn)
    assert "face.blink" in keys[:first]
    # Each action has its own time: the bar starts again when the turn is asked.
    assert seen[first][0] == 0.0 < seen[first - 1][0]


def test_a_customer_who_turns_the_other_way_fails(clips) -> None:
    # Asked for a right turn, he turns left: the plan's random side is what stops a clip.
    wrong = {**clips, "turn_right": clips["turn_left"]}
    camera = functools.partial(ActingCamera, wrong, fps=0, noise=1.0)
    dev = IdentityDevices(camera_factory=camera, liveness_timeout=8, challenge="blink+turn_right")
    assert dev.face_check(portrait(), lambda *a: None).reason == "liveness_failed"
