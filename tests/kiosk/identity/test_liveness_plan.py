"""A terminal's liveness session: a blink, then a head turn to a random side.

The cut-out-eyes print (kiosk.identity.face_attacks ``cutout``) blinks for real, so only
the closing turn stops it: the print turns as one plane.  The curled print turns like a
head but cannot blink.  Real dlib models, frames fed
with 15 fps timestamps (about 25 s in all on a quiet machine).
"""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from kiosk.identity import face_attacks as fa
from kiosk.identity import face_synthetic as fs
from kiosk.identity.face import load_image
from kiosk.identity.face_customer import GuidedCustomer
from kiosk.identity.liveness import (
    TURNS,
    Challenge,
    LivenessSession,
    LivenessState,
    challenge_plan,
)

FPS = 15.0


def run(
    frames: list[np.ndarray], challenge: str, timeout_s: float = 3.0
) -> tuple[LivenessSession, list[tuple[str, str]], float]:
    """Feed frames (then the last one again) until the session ends: session, guidance, end time."""
    session = LivenessSession(challenge, timeout_s=timeout_s)
    seen: list[tuple[str, str]] = []
    i = 0
    while session.final is None:
        step = session.feed(frames[min(i, len(frames) - 1)], i / FPS)
        seen.append((step.guidance_key, step.detail))
        i += 1
    return session, seen, (i - 1) / FPS


@pytest.fixture(scope="module")
def frame(testdata: Path) -> np.ndarray:
    return fs.frame_from_photo(load_image(testdata / "face" / "face_recognition" / "obama3.jpg"))


def test_a_terminal_asks_for_a_blink_then_a_random_turn_and_given_plans_are_kept() -> None:
    plans = {challenge_plan(None, random.Random(i)) for i in range(50)}
    assert plans == {
        (Challenge.BLINK, Challenge.TURN_LEFT),
        (Challenge.BLINK, Challenge.TURN_RIGHT),
    }
    rng = random.Random(0)
    assert challenge_plan("blink", rng) == (Challenge.BLINK,)
    assert challenge_plan("blink+turn_left", rng) == (Challenge.BLINK, Challenge.TURN_LEFT)
    assert challenge_plan(["turn_right"], rng) == (Challenge.TURN_RIGHT,)
    for bad in ("wink", "blink+", []):
        with pytest.raises(ValueError):
            challenge_plan(bad, rng)
    assert LivenessSession("blink+turn_right").challenge is Challenge.BLINK


def test_a_live_customer_blinks_then_turns(frame) -> None:
    s, seen, _ = run(fa.live_session(frame, ("blink", "turn_left"), seed=0), "blink+turn_left")
    assert s.final.state is LivenessState.PASSED and s.final.detail == "blink+turn_left", s.final
    keys = [k for k, _ in seen]
    # Asked to blink, then (once the blink was seen) to turn.
    assert ("liveness.turn_left", "next_action") in seen
    assert keys.index("liveness.blink") < keys.index("liveness.turn_left")
    assert s.cues["blink_open_ratio"] < s.cues["blink_limit_ratio"]
    assert s.cues["turn_yaw"] >= s.turn_delta and s.cues["turn_planar"] >= s.planar_limit


@pytest.mark.parametrize("plan,side", [("blink+turn_left", 1), ("blink+turn_right", -1)])
def test_a_cutout_print_blinks_but_fails_the_closing_turn(frame, plan: str, side: int) -> None:
    # Real eyelids behind the print's holes: the blink is seen; the print turns flat.
    stream = fa.attack_frames(frame, "cutout", seed=1, n=92, turn=side)
    s, seen, _ = run(stream, plan)
    assert s.final.state is not LivenessState.PASSED, s.final
    assert s.challenge in TURNS and ("liveness." + s.challenge, "next_action") in seen, seen
    assert s.final.detail in ("flat_picture", "no_action_in_time"), s.final
    assert s.cues.get("turn_planar", 0.0) < s.planar_limit


def test_a_paper_mask_blinks_and_turns_like_a_head_but_stays_a_sheet(frame) -> None:
    # Real eyelids behind the holes pass the blink; curled round the face, the print turns
    # with a head's depth cue (this one passed before face_parallax); its lines stay straight.
    stream = fa.attack_frames(frame, "mask", seed=1, n=92, turn=-1)
    s, seen, _ = run(stream, "blink+turn_right")
    assert s.final.state is not LivenessState.PASSED, s.final
    assert ("liveness.turn_right", "next_action") in seen
    assert s.cues["turn_planar"] >= s.planar_limit and s.cues["turn_bend"] < s.bend_limit


def test_a_curled_print_turns_like_a_head_but_cannot_blink(frame) -> None:
    # A terminal's session asks for the blink first, which no print gives.
    s, _, _ = run(fa.attack_frames(frame, "curl", seed=1, n=47, turn=-1), "blink+turn_right")
    assert s.final.state is not LivenessState.PASSED and s.challenge is Challenge.BLINK, s.final
    # It turns while the blink is asked (wrong_action), or waits for a blink in vain.
    assert s.final.detail in ("wrong_action", "no_action_in_time"), s.final


def test_each_action_has_its_own_time(frame) -> None:
    blink = fa.live_blink(frame, seed=3)  # blinks, then keeps looking ahead: no turn
    s, seen, ended = run(blink, "blink+turn_right", timeout_s=1.5)
    assert ("liveness.turn_right", "next_action") in seen
    assert s.final.state is LivenessState.TIMEOUT and s.challenge is Challenge.TURN_RIGHT
    assert ended > 1.5  # the blink's time did not count against the turn


def test_a_customer_who_reads_the_screen_passes_and_holds_the_turn(frame) -> None:
    # The bench's bona fide model (face_customer.GuidedCustomer): acts on the guidance.
    customer = GuidedCustomer(frame, seed=0)
    s = LivenessSession("blink+turn_left", timeout_s=3.0)
    key, i = "liveness.hold_still", 0
    while s.final is None:
        key = s.feed(customer.frame(key), i / FPS).guidance_key
        i += 1
    assert s.final.state is LivenessState.PASSED, (s.final, s.cues)
    # Still asked to turn (the session missed it): he ends his turn and holds it.
    later = [customer.frame("liveness.turn_left") for _ in range(30)]
    assert later[-1] is later[-2]
