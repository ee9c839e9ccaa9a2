"""Measures on dlib's 68 facial landmarks: eye openness and head yaw.

Both are ratios chosen so that a flat picture moved in front of the camera (shifted,
rotated, scaled, tilted) keeps them nearly constant, while a real face that blinks or
turns changes them:

- eye openness: the eyelid gap (mean of the two vertical lid distances, both eyes)
  divided by the nose-bridge length.  Tilting a photo backwards shrinks both by the same
  factor; only a closing eyelid shrinks the first alone.
- yaw ratio: where the nose sits between the two sides of the jaw outline, measured
  along the line through the eyes (0.5 = frontal).  An affine view of a flat picture keeps
  ratios along a line; a turning head moves the nose (it stands out of the face) towards
  the side it turns to.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

Landmarks = Mapping[str, Sequence[tuple[int, int]]]


def _pts(lm: Landmarks, key: str) -> np.ndarray:
    return np.asarray(lm[key], dtype=np.float64)


def eye_aspect_ratio(eye: np.ndarray) -> float:
    """Soukupová & Čech's EAR of one eye's six points (about 0.3 open, under 0.15 closed)."""
    vertical = np.linalg.norm(eye[1] - eye[5]) + np.linalg.norm(eye[2] - eye[4])
    return float(vertical / (2.0 * np.linalg.norm(eye[0] - eye[3]) + 1e-9))


def mean_ear(lm: Landmarks) -> float:
    """Mean eye aspect ratio of both eyes."""
    return (eye_aspect_ratio(_pts(lm, "left_eye")) + eye_aspect_ratio(_pts(lm, "right_eye"))) / 2


def eye_ears(lm: Landmarks) -> tuple[float, float]:
    """The eye aspect ratio of each eye (image-left first as dlib names them)."""
    return eye_aspect_ratio(_pts(lm, "left_eye")), eye_aspect_ratio(_pts(lm, "right_eye"))


def eye_openness(lm: Landmarks) -> float:
    """Mean eyelid gap of both eyes divided by the nose-bridge length."""
    gaps = []
    for key in ("left_eye", "right_eye"):
        e = _pts(lm, key)
        gaps.append((np.linalg.norm(e[1] - e[5]) + np.linalg.norm(e[2] - e[4])) / 2)
    bridge = _pts(lm, "nose_bridge")
    return float(np.mean(gaps) / (np.linalg.norm(bridge[-1] - bridge[0]) + 1e-9))


def eye_axis(lm: Landmarks) -> np.ndarray:
    """Unit vector from the image-left eye's centre to the image-right eye's centre."""
    a, b = _pts(lm, "left_eye").mean(axis=0), _pts(lm, "right_eye").mean(axis=0)
    left, right = (a, b) if a[0] <= b[0] else (b, a)
    v = right - left
    return v / (np.linalg.norm(v) + 1e-9)


def yaw_ratio(lm: Landmarks) -> float:
    """Nose position between the jaw sides along the eye line (0.5 frontal, + to image right)."""
    axis = eye_axis(lm)
    chin = _pts(lm, "chin")
    nose = _pts(lm, "nose_bridge")[-1]
    left = float(chin[:3].mean(axis=0) @ axis)
    right = float(chin[-3:].mean(axis=0) @ axis)
    return (float(nose @ axis) - left) / (right - left + 1e-9)


def roll_degrees(lm: Landmarks) -> float:
    """In-plane head tilt: the angle of the eye line, in degrees."""
    axis = eye_axis(lm)
    return float(np.degrees(np.arctan2(axis[1], axis[0])))


def all_points(lm: Landmarks) -> np.ndarray:
    """Every landmark as an (N, 2) array."""
    return np.concatenate([_pts(lm, k) for k in lm])


# Face parts that a blink leaves where they are.
_RIGID_PARTS = (
    "chin",
    "left_eyebrow",
    "right_eyebrow",
    "nose_bridge",
    "nose_tip",
    "top_lip",
    "bottom_lip",
)


def rigid_shape(lm: Landmarks) -> np.ndarray:
    """The landmarks a blink does not move (jaw, brows, nose, lips), as an (N, 2) array."""
    return np.concatenate([_pts(lm, k) for k in _RIGID_PARTS])


def shape_change(base: np.ndarray, current: np.ndarray) -> float:
    """How much a face's shape changed, after removing shift, rotation and scale.

    RMS distance after the best similarity alignment (Procrustes), relative to the face's
    spread.  A real face blinking keeps this near landmark noise (~0.02); a flat picture
    tilted in front of the camera distorts it (0.05-0.10 in our streams).
    """
    a = base - base.mean(axis=0)
    b = current - current.mean(axis=0)
    u, s, vt = np.linalg.svd(b.T @ a)
    d = np.sign(np.linalg.det(u @ vt))
    u[:, -1] *= d
    s[-1] *= d
    rot = u @ vt
    scale = s.sum() / ((b**2).sum() + 1e-9)
    aligned = scale * b @ rot
    return float(
        np.sqrt(((aligned - a) ** 2).sum(axis=1).mean() / ((a**2).sum(axis=1).mean() + 1e-9))
    )


def planar_residual(base: np.ndarray, current: np.ndarray) -> float:
    """How far the landmarks moved unlike a flat picture: RMS error of the best homography.

    A photo or screen turned, tilted or swayed in front of the camera moves every landmark
    by one homography (a plane seen in perspective), so the error is landmark noise.  A
    head that turns moves the nose and mouth across the face outline, which no homography
    of the outline explains.  Relative to the face's spread, like :func:`shape_change`.
    """
    import cv2  # noqa: PLC0415 - only this measure needs OpenCV

    a = base.astype(np.float64)
    b = current.astype(np.float64)
    h, _ = cv2.findHomography(a, b, 0)
    if h is None:
        return 1.0
    proj = cv2.perspectiveTransform(a.reshape(-1, 1, 2), h).reshape(-1, 2)
    spread = np.sqrt(((b - b.mean(axis=0)) ** 2).sum(axis=1).mean()) + 1e-9
    return float(np.sqrt(((proj - b) ** 2).sum(axis=1).mean()) / spread)


def moire_score(grey_face: np.ndarray) -> float:
    """A filmed screen's pixel grid in the face: 1 none, more the clearer (limit 30 in liveness).

    A screen is a 2-D grid of pixels; filmed, it beats with the camera's grid into a
    lattice of fine periodic texture, which puts its energy in sharp spectral peaks along
    two directions.  Each bin of the spectrum at periods of 2.5-6 px is taken over the
    median of its own ring (the same period in every direction), so a face's natural
    spectrum, falling with frequency, scores about alike everywhere; the score is the
    strongest such peak lying 30 degrees or more off the strongest one: the lattice's
    second direction.  A face's strong horizontal edges (brows, hair, a photo's scan
    lines) stand out along one direction only.  Measured on our renderings: live faces
    3.3-4.9, screens 90-178 (median per stream); the plain strongest peak over the band's
    median scored live faces up to 35 (docs/face.md).  JPEG's 8-px blocks lie outside the
    band.
    """
    g = grey_face.astype(np.float32)
    if min(g.shape) < 32:
        return 1.0
    g = g - float(g.mean())
    win = np.outer(np.hanning(g.shape[0]), np.hanning(g.shape[1])).astype(np.float32)
    spec = np.abs(np.fft.fftshift(np.fft.fft2(g * win)))
    h, w = spec.shape
    yy, xx = np.mgrid[0:h, 0:w]
    fy, fx = (yy - h // 2) / h, (xx - w // 2) / w
    radius = np.sqrt(fx**2 + fy**2)  # cycles per pixel
    band = (radius >= 1 / 6) & (radius <= 1 / 2.5)
    values = spec[band]
    rings = np.round(radius[band] * min(h, w)).astype(int)
    ring_median = np.zeros(rings.max() + 1)
    for r in np.unique(rings):
        ring_median[r] = np.median(values[rings == r])
    white = values / (ring_median[rings] + 1e-9)
    angle = np.arctan2(fy, fx)[band] % np.pi
    off = np.abs(angle - angle[int(np.argmax(white))])
    off = np.minimum(off, np.pi - off)
    return float(white[off >= np.radians(30)].max())
