"""Face quality gates on real sample images and honest edits of them."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from kiosk.identity import face_synthetic
from kiosk.identity.face import load_image
from kiosk.identity.face_quality import MESSAGES_EN, check_quality


@pytest.fixture(scope="module")
def fr_dir(testdata: Path) -> Path:
    return testdata / "face" / "face_recognition"


@pytest.fixture(scope="module")
def frame(fr_dir: Path) -> np.ndarray:
    return face_synthetic.frame_from_photo(load_image(fr_dir / "obama.jpg"))


def test_a_good_frame_passes(frame: np.ndarray) -> None:
    report = check_quality(frame)
    assert report.ok and report.faces == 1, report.issues


@pytest.mark.parametrize("name", ["pacman.jpg", "text_only_tesseract-test2.png"])
def test_no_face(testdata: Path, name: str) -> None:
    report = check_quality(load_image(testdata / "face" / "no_face" / name))
    assert report.codes[0] == "no_face" and report.issues[0].guidance_key == "face_quality.no_face"


def test_blurred(frame: np.ndarray) -> None:
    assert "blurred" in check_quality(cv2.GaussianBlur(frame, (0, 0), 4)).codes


def test_too_small(fr_dir: Path) -> None:
    tiny = face_synthetic.frame_from_photo(load_image(fr_dir / "obama.jpg"), face_width=70)
    assert check_quality(tiny).codes == ["too_small"]


def test_too_dark(frame: np.ndarray) -> None:
    assert "too_dark" in check_quality((frame * 0.25).astype(np.uint8)).codes


def test_two_faces_side_by_side(fr_dir: Path) -> None:
    a = face_synthetic.frame_from_photo(load_image(fr_dir / "obama.jpg"), 120, (320, 480))
    b = face_synthetic.frame_from_photo(load_image(fr_dir / "biden2.jpg"), 120, (320, 480))
    report = check_quality(np.hstack([a, b]))
    assert "multiple_faces" in report.codes and report.faces == 2


def test_looking_away(fr_dir: Path) -> None:
    # john2: Kit Harington photographed in three-quarter view.
    report = check_quality(load_image(fr_dir / "john2.jpeg"))
    assert report.codes == ["looking_away"]


def test_eyes_closed(fr_dir: Path) -> None:
    frame = face_synthetic.frame_from_photo(load_image(fr_dir / "biden2.jpg"))
    assert check_quality(frame).ok
    closed = face_synthetic.close_eyes(frame, face_synthetic._landmarks(frame), 1.0)
    assert "eyes_closed" in check_quality(closed).codes


def test_every_code_has_an_english_message() -> None:
    assert set(MESSAGES_EN) == {
        "no_face",
        "multiple_faces",
        "too_small",
        "blurred",
        "looking_away",
        "eyes_closed",
        "too_dark",
    }
