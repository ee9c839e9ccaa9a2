"""Presentation attacks from kiosk.identity.face_attacks against the liveness session.

A small fixed subset of the attack corpus that bench/identity_face.py sweeps in full
(APCER per attack type, BPCER): each case fails without the cue it names.  Real dlib
models, frames fed with 15 fps timestamps (about 45 s of CPU in all; 50 s wall on a quiet
machine, more at load on the two shared cores).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from kiosk.identity import face_attacks as fa
from kiosk.identity import face_engine, face_geometry, face_parallax
from kiosk.identity import face_synthetic as fs
from kiosk.identity.face import load_image
from kiosk.identity.liveness import FOLD_LIMIT, LivenessSession, LivenessState

FPS = 15.0


def run(
    frames: list[np.ndarray], challenge: str, timeout_s: float = 3.0, **options: float
) -> LivenessSession:
    session = LivenessSession(challenge, timeout_s=timeout_s, **options)
    i = 0
    while session.final is None:
        session.feed(frames[min(i, len(frames) - 1)], i / FPS)
        i += 1
    return session


@pytest.fixture(scope="module")
def frame(testdata: Path) -> np.ndarray:
    return fs.frame_from_photo(load_image(testdata / "face" / "face_recognition" / "obama3.jpg"))


def test_a_photo_on_a_screen_fails_on_its_texture(frame) -> None:
    s = run(fa.attack_frames(frame, "screen", seed=1, n=24), "blink")
    assert s.final.state is LivenessState.FAILED and s.final.detail == "screen", s.final


def test_a_blink_clip_replayed_on_a_screen_fails(frame) -> None:
    # The clip holds a real-looking blink: only the screen cue can stop it.
    s = run(fa.attack_frames(frame, "replay", seed=1, n=24), "blink")
    assert s.final.state is not LivenessState.PASSED, s.final


def test_a_turned_photo_is_flat_a_turned_head_is_not(frame) -> None:
    live = fa.live_turn(frame, 1, seed=0)
    tilted = fa.attack_frames(frame, "tilt", seed=1, n=30)
    base = face_geometry.rigid_shape(fs._landmarks(live[0]))
    turned = face_geometry.rigid_shape(fs._landmarks(live[-1]))
    flat0 = face_geometry.rigid_shape(fs._landmarks(tilted[0]))
    flat1 = face_geometry.rigid_shape(fs._landmarks(tilted[-1]))
    limit = LivenessSession("blink").planar_limit
    assert face_geometry.planar_residual(base, turned) > limit
    assert face_geometry.planar_residual(flat0, flat1) < limit
    s = run(tilted, "turn_left")
    assert s.final.state is not LivenessState.PASSED, s.final
    s = run(live, "turn_left")
    assert s.final.state is LivenessState.PASSED, s.final


def test_a_live_blink_with_sway_and_light_changes_passes(frame) -> None:
    s = run(fa.live_blink(frame, seed=2), "blink")
    assert s.final.state is LivenessState.PASSED, s.final


def test_a_bent_photo_does_not_pass_as_a_blink(frame) -> None:
    s = run(fa.attack_frames(frame, "bend", seed=1, n=24), "blink")
    assert s.final.state is not LivenessState.PASSED, s.final


def test_unknown_attack_is_refused(frame) -> None:
    with pytest.raises(ValueError, match="unknown attack"):
        fa.attack_frames(frame, "hologram")  # ("mask" became an attack: a curled cutout)


def test_a_curled_print_turned_keeps_its_lines_straight(frame) -> None:
    # Wrapped round a head-sized cylinder and turned, the print moves dlib's landmarks like
    # a head (the depth cue passes); its vertical lines stay straight (face_parallax).
    s = run(fa.attack_frames(frame, "curl", seed=1, n=47, turn=-1), "turn_right")
    assert s.final.state is not LivenessState.PASSED, s.final
    assert s.cues["turn_planar"] >= s.planar_limit
    assert s.cues["turn_bend"] < s.bend_limit


def test_a_head_turn_bends_the_face_lines_a_curled_sheet_does_not(frame) -> None:
    live = fa.live_turn(frame, -1, seed=1)
    curled = fa.attack_frames(frame, "mask", seed=1, n=60, turn=-1)
    limit = LivenessSession("blink").bend_limit
    head = face_parallax.column_bend(live[0], live[-1], fs._landmarks(live[0]))
    # The mask is turned fully from frame 37 (its blink clip, then 8 frames of turning).
    sheet = face_parallax.column_bend(curled[0], curled[45], fs._landmarks(curled[0]))
    assert head > limit > sheet, (head, sheet)


def test_a_screen_is_told_by_its_lattice_not_by_a_face_s_edges(testdata: Path, frame) -> None:
    # rose_leslie_img1's live frames scored up to 35 on the plain strongest peak over the
    # band's median (the limit is 30): their strong horizontal edges, one direction only.
    rose = fs.frame_from_photo(
        load_image(testdata / "face" / "face_recognition" / "rose_leslie_img1.jpg")
    )
    limit = LivenessSession("blink").moire_limit

    def scores(frames: list[np.ndarray]) -> list[float]:
        out = []
        for f in frames:
            box = face_engine.detect_faces(face_engine.to_rgb(f), 320)[0]
            top, right, bottom, left = box
            out.append(face_geometry.moire_score(f[top:bottom, left:right].mean(axis=2)))
        return out

    live = scores(fa.live_blink(rose, seed=1)[::3])
    screen = scores(fa.attack_frames(frame, "screen", seed=1, n=12))
    assert max(live) < limit / 3, live
    assert sorted(screen)[len(screen) // 2] > 2 * limit, screen


# The plan of each side a folded print is turned to (image right is the customer's left).
_FOLD_PLANS = {1: "blink+turn_left", -1: "blink+turn_right"}


@pytest.fixture(scope="module")
def folded(testdata: Path) -> dict[str, list[np.ndarray]]:
    """Obama's folded print turned to either side, by plan.

    Which side fools the depth and line cues moves with the build's float arithmetic
    (this machine's libraries: the left turn's bend cue 0.0041, the right's 0.0126 over
    its 0.01 limit; session 7's: the left passed), so both sides are tried, as an
    attacker would.
    """
    photo = fs.frame_from_photo(load_image(testdata / "face" / "face_recognition" / "obama.jpg"))
    return {
        plan: fa.attack_frames(photo, "fold", seed=1, n=92, turn=turn)
        for turn, plan in _FOLD_PLANS.items()
    }


@pytest.mark.xfail(strict=True, reason="the fold cue is off by default (docs/face.md, session 7)")
def test_a_folded_cutout_print_does_not_pass_a_plan(folded) -> None:
    # Two planes meeting at a crease down the nose: real eyelids blink behind the holes,
    # and the fold turns like a head (the depth and line cues pass).
    for plan, frames in folded.items():
        s = run(frames, plan)
        assert s.final.state is not LivenessState.PASSED, (plan, s.final, s.cues)


def test_the_fold_cue_stops_a_folded_print_the_depth_and_line_cues_pass(folded) -> None:
    # Each plane moves by one homography, which a head's curved cheeks and temples do not.
    fooled = []  # the sides whose turn the depth and line cues took for a head's
    for plan, frames in folded.items():
        s = run(frames, plan, fold_limit=FOLD_LIMIT)
        assert s.final.state is not LivenessState.PASSED, (plan, s.final, s.cues)
        if (
            s.cues.get("turn_planar", 0) >= s.planar_limit
            and s.cues.get("turn_bend", 0) >= s.bend_limit
        ):
            fooled.append(plan)
            assert s.cues["turn_fold"] < FOLD_LIMIT, (plan, s.cues)
    # Without a side that fools the other cues this test would prove nothing of the fold cue.
    assert fooled, "neither side of the fold passed the depth and line cues: pick another print"


def test_a_head_turn_is_not_two_planes_a_fold_is(frame) -> None:
    live = fa.live_turn(frame, -1, seed=2)
    session = run(live, "turn_right", fold_limit=FOLD_LIMIT)
    assert session.final.state is LivenessState.PASSED, (session.final, session.cues)
    assert session.cues["turn_fold"] >= FOLD_LIMIT, session.cues
    folded = fa.attack_frames(frame, "fold_diagonal", seed=1, n=60, turn=-1)
    # Turned fully from frame 37 (its blink clip, then 8 frames of rocking).
    sheet = face_parallax.fold_residual(folded[0], folded[45], fs._landmarks(folded[0]))
    assert sheet < FOLD_LIMIT, sheet
