"""Quality gates for a face picture, each with a machine code and a customer guidance key.

The UI translates ``guidance_key``; :data:`MESSAGES_EN` holds English defaults.  Gates run
cheapest first and a frame can fail several at once (the first issue is the one to show).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from kiosk.identity import face_engine, face_geometry

MESSAGES_EN = {
    "no_face": "We cannot see a face. Please look at the camera.",
    "multiple_faces": "Only one person in front of the camera, please.",
    "too_small": "Please come a little closer to the camera.",
    "blurred": "The picture is blurred. Please hold still.",
    "looking_away": "Please look straight at the camera.",
    "eyes_closed": "Please keep your eyes open.",
    "too_dark": "It is too dark. Please face the light.",
}


@dataclass(frozen=True)
class QualityIssue:
    """One failed gate: ``code`` for programs, ``guidance_key`` for the UI's translations."""

    code: str
    guidance_key: str
    message: str
    value: float | None = None


@dataclass(frozen=True)
class QualityReport:
    """All issues of one frame (empty: good to use) and what was measured."""

    issues: list[QualityIssue] = field(default_factory=list)
    faces: int = 0
    box: face_engine.Box | None = None
    measures: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Whether every gate passed."""
        return not self.issues

    @property
    def codes(self) -> list[str]:
        """The codes of the failed gates."""
        return [i.code for i in self.issues]


def _issue(code: str, value: float | None = None) -> QualityIssue:
    return QualityIssue(code, f"face_quality.{code}", MESSAGES_EN[code], value)


@dataclass(frozen=True)
class QualityThresholds:
    """Where each gate trips (chosen on the sample faces; see docs/face.md)."""

    min_face_fraction: float = 0.18  # face width / shorter image side
    min_sharpness: float = 60.0  # variance of the Laplacian on the face scaled to 160 px
    max_yaw_offset: float = 0.17  # |yaw ratio - 0.5|
    max_roll_degrees: float = 20.0
    min_ear: float = 0.15
    min_brightness: float = 60.0  # mean grey level of the face


def check_quality(
    frame: np.ndarray, thresholds: QualityThresholds | None = None, detect_side: int = 320
) -> QualityReport:
    """Run every gate on a BGR frame."""
    th = thresholds or QualityThresholds()
    rgb = face_engine.to_rgb(frame)
    boxes = face_engine.detect_faces(rgb, detect_side)
    if not boxes and max(rgb.shape[:2]) > detect_side:
        boxes = face_engine.detect_faces(rgb, detect_side * 2)
    if not boxes:
        grey = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY) if frame.ndim == 3 else frame
        issues = [_issue("no_face")]
        if float(grey.mean()) < th.min_brightness / 2:
            issues.append(_issue("too_dark", float(grey.mean())))
        return QualityReport(issues, 0)
    issues: list[QualityIssue] = []
    if len(boxes) > 1:
        issues.append(_issue("multiple_faces", float(len(boxes))))
    top, right, bottom, left = box = boxes[0]
    face = cv2.cvtColor(frame[top:bottom, left:right], cv2.COLOR_BGR2GRAY)
    width_fraction = (right - left) / min(frame.shape[:2])
    brightness = float(face.mean())
    face160 = cv2.resize(face, (160, max(1, round(160 * face.shape[0] / face.shape[1]))))
    sharpness = float(cv2.Laplacian(face160, cv2.CV_64F).var())
    lm = face_engine.landmarks(rgb, box)
    yaw = face_geometry.yaw_ratio(lm)
    roll = face_geometry.roll_degrees(lm)
    ear = face_geometry.mean_ear(lm)
    measures = {
        "face_fraction": round(width_fraction, 3),
        "brightness": round(brightness, 1),
        "sharpness": round(sharpness, 1),
        "yaw_ratio": round(yaw, 3),
        "roll": round(roll, 1),
        "ear": round(ear, 3),
    }
    if width_fraction < th.min_face_fraction:
        issues.append(_issue("too_small", width_fraction))
    if brightness < th.min_brightness:
        issues.append(_issue("too_dark", brightness))
    if sharpness < th.min_sharpness:
        issues.append(_issue("blurred", sharpness))
    if abs(yaw - 0.5) > th.max_yaw_offset or abs(roll) > th.max_roll_degrees:
        issues.append(_issue("looking_away", yaw))
    if ear < th.min_ear:
        issues.append(_issue("eyes_closed", ear))
    return QualityReport(issues, len(boxes), box, measures)
