"""devices.camera.acting: a simulated person who does what the screen asks."""

import numpy as np
import pytest

from devices.camera.acting import ActingCamera, ActingPerson, acting_camera


class Clock:
    """A clock the test moves (each frame read below takes 0.1 s)."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def frames(value: int, n: int) -> list[np.ndarray]:
    return [np.full((4, 4, 3), value + i, np.uint8) for i in range(n)]


def seen(cam: ActingCamera, clock: Clock, n: int) -> list[int]:
    out = []
    for _ in range(n):
        out.append(int(cam.read()[0, 0, 0]))
        clock.now += 0.1
    return out


def test_acts_when_asked_repeats_a_blink_holds_a_turn_and_turns_back() -> None:
    clock = Clock()
    clips = {"still": frames(10, 2), "blink": frames(50, 3), "turn_left": frames(100, 3)}
    cam = ActingCamera(clips, react_s=0.15, clip_fps=0, clock=clock, fps=0)
    cam.open()
    assert seen(cam, clock, 3) == [11, 10, 11]  # nothing asked: the still frames loop
    cam.act("liveness.blink")
    assert seen(cam, clock, 5) == [10, 11, 50, 51, 52]  # reads the screen, then blinks
    assert seen(cam, clock, 5) == [10, 11, 50, 51, 52]  # still asked: blinks again
    cam.act("face.turn_left")
    assert seen(cam, clock, 7) == [10, 11, 100, 101, 102, 102, 102]  # turns and holds
    cam.act("liveness.passed")
    assert seen(cam, clock, 4) == [102, 101, 100, 10]  # back to the camera
    cam.act("liveness.turn_right")  # an action it has no clip for: it stays still
    assert seen(cam, clock, 2) == [11, 10]
    cam.close()


def test_an_action_plays_in_real_time_for_a_slow_reader() -> None:
    clock = Clock()
    cam = ActingCamera({"still": frames(10, 1), "blink": frames(50, 6)}, react_s=0,
                       clip_fps=10, clock=clock, fps=0)  # fmt: skip
    cam.open()
    cam.act("liveness.blink")
    got = []
    for _ in range(4):  # a reader taking 0.25 s a frame sees every other frame or so
        got.append(int(cam.read()[0, 0, 0]))
        clock.now += 0.25
    assert got == [50, 52, 55, 50]  # and, still asked, blinks again
    cam.close()


def test_reopening_starts_still_and_a_factory_needs_still_frames() -> None:
    cam = acting_camera(frames(10, 2), {"blink": frames(50, 1)}, react_s=0, clip_fps=0, fps=0)
    cam.open()
    cam.act("liveness.blink")
    assert int(cam.read()[0, 0, 0]) == 50
    cam.close()
    cam.open()
    assert int(cam.read()[0, 0, 0]) == 11
    cam.close()
    with pytest.raises(ValueError, match="still"):
        ActingCamera({"blink": frames(50, 1)})


def test_a_person_on_a_stepped_clock_draws_each_action_afresh() -> None:
    # The benchmark's customer (kiosk.identity.face_customer): a clock stepped 1/15 s a
    # frame, clips at 15 fps (each frame once, none skipped), a new clip per action.
    clock, drawn = Clock(), []

    def clip(action: str) -> list[np.ndarray] | None:
        if action not in ("blink", "turn_left"):
            return None
        drawn.append(action)
        return frames(50 + 10 * len(drawn), 3)

    person = ActingPerson(frames(10, 1), clip, react_s=2 / 15, clip_fps=15, clock=clock)

    def look(key: str, n: int) -> list[int]:
        out = []
        for _ in range(n):
            person.act(key)
            out.append(int(person.frame()[0, 0, 0]))
            clock.now += 1 / 15
        return out

    assert look("liveness.blink", 7) == [10, 10, 60, 61, 62, 10, 10]
    assert look("liveness.blink", 3) == [70, 71, 72]  # asked again: another blink
    assert look("liveness.turn_left", 8) == [10, 10, 80, 81, 82, 82, 82, 82]  # and holds
    assert look("liveness.passed", 4) == [82, 81, 80, 10]
    assert drawn == ["blink", "blink", "turn_left"]
    with pytest.raises(ValueError, match="still"):
        ActingPerson([], clip)
