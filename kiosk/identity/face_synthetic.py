"""Synthetic camera sequences made from real face photos: blinks, head turns, held-up photos.

Used by the tests, the benchmark and the simulated camera of the demo, where no person is
in front of a camera.  What they are, honestly:

- :func:`blink_frames`: the eyelids are painted shut (the skin just above each eye slid
  down over it, a lash line drawn) and opened again over a few frames.
- :func:`turn_frames`: the middle of the face (nose, mouth, inner eyes) is pushed sideways
  by a smooth displacement field while the face outline stays, which is how the landmarks
  of a turning head move (the nose is nearer the camera than the cheeks).
- :func:`held_photo_frames`: a flat picture moved by a hand: small shifts, rotations,
  scale changes, a tilt (perspective), light changes and sensor noise.

They prove that the liveness logic reacts to the landmark changes a live face produces and
not to a flat picture moving; they cannot prove that dlib's landmarks follow a real eyelid
or a real head in every light (see docs/face.md).
"""

from __future__ import annotations

import cv2
import numpy as np

from kiosk.identity import face_engine

FRAME_SIZE = (640, 480)


def frame_from_photo(
    bgr: np.ndarray, face_width: int = 200, size: tuple[int, int] = FRAME_SIZE
) -> np.ndarray:
    """Place the photo's largest face, ``face_width`` px wide, in the middle of a camera frame."""
    rgb = face_engine.to_rgb(bgr)
    boxes = face_engine.detect_faces(rgb, 640)
    if not boxes:
        raise ValueError("no face in the photo")
    top, right, bottom, left = boxes[0]
    scale = face_width / max(1, right - left)
    cx, cy = (left + right) / 2 * scale, (top + bottom) / 2 * scale
    M = np.float32([[scale, 0, size[0] / 2 - cx], [0, scale, size[1] / 2 - cy]])
    return cv2.warpAffine(
        bgr,
        M,
        size,
        flags=cv2.INTER_AREA,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=(128, 128, 128),
    )


def _landmarks(bgr: np.ndarray) -> dict:
    rgb = face_engine.to_rgb(bgr)
    boxes = face_engine.detect_faces(rgb, 640)
    if not boxes:
        raise ValueError("no face in the frame")
    return face_engine.landmarks(rgb, boxes[0])


def _noise(frame: np.ndarray, rng: np.random.Generator, sigma: float = 2.0) -> np.ndarray:
    noisy = frame.astype(np.float32) + rng.normal(0, sigma, frame.shape).astype(np.float32)
    return np.clip(noisy, 0, 255).astype(np.uint8)


def close_eyes(bgr: np.ndarray, lm: dict, amount: float = 1.0) -> np.ndarray:
    """Paint the eyelids shut (``amount`` 0 open .. 1 closed)."""
    h, w = bgr.shape[:2]
    out = bgr.astype(np.float32)
    for key in ("left_eye", "right_eye"):
        p = np.asarray(lm[key], np.float32)
        ew = float(np.linalg.norm(p[3] - p[0]))
        gap = float(((p[5, 1] - p[1, 1]) + (p[4, 1] - p[2, 1])) / 2) + 1.0
        # The upper lid is the skin just above the eye, slid down over it.
        lid = cv2.warpAffine(
            bgr, np.float32([[1, 0, 0], [0, 1, gap * 1.3]]), (w, h), borderMode=cv2.BORDER_REPLICATE
        ).astype(np.float32)
        centre = p.mean(axis=0)
        region = (p - centre) * np.float32([1.25, 1.9]) + centre
        mask = np.zeros((h, w), np.float32)
        cv2.fillPoly(mask, [region.astype(np.int32)], 1.0)
        mask = cv2.GaussianBlur(mask, (0, 0), max(1.0, ew * 0.07))[..., None] * amount
        out = out * (1 - mask) + lid * mask
        if amount >= 0.99:
            lash = np.array([p[0], p[5] * 0.6 + p[1] * 0.4, p[4] * 0.6 + p[2] * 0.4, p[3]])
            thick = max(1, int(round(ew * 0.07)))
            cv2.polylines(out, [lash.astype(np.int32)], False, (35, 30, 30), thick, cv2.LINE_AA)
    return np.clip(out, 0, 255).astype(np.uint8)


def turn_face(bgr: np.ndarray, lm: dict, amount: float) -> np.ndarray:
    """Push the middle of the face sideways by ``amount`` face widths (+ = towards image right)."""
    h, w = bgr.shape[:2]
    chin = np.asarray(lm["chin"], np.float32)
    face_w = float(chin[:, 0].max() - chin[:, 0].min())
    cx, cy = np.asarray(lm["nose_tip"], np.float32).mean(axis=0)
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    sigma = face_w * 0.35
    bump = np.exp(-((xs - cx) ** 2 / (2 * sigma**2) + (ys - cy) ** 2 / (2 * (1.6 * sigma) ** 2)))
    map_x = (xs - amount * face_w * bump).astype(np.float32)
    return cv2.remap(bgr, map_x, ys, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def blink_frames(
    frame: np.ndarray, seed: int = 0, still: int = 8, after: int = 6
) -> list[np.ndarray]:
    """Open eyes for ``still`` frames, a blink (half, shut, shut, half), then open again."""
    rng = np.random.default_rng(seed)
    lm = _landmarks(frame)
    closing = [close_eyes(frame, lm, a) for a in (0.5, 1.0, 1.0, 0.5)]
    seq = [frame] * still + closing + [frame] * after
    return [_noise(f, rng) for f in seq]


def turn_frames(
    frame: np.ndarray,
    direction: int,
    seed: int = 0,
    still: int = 8,
    steps: int = 6,
    peak: float = 0.3,
) -> list[np.ndarray]:
    """Frontal for ``still`` frames, then a turn to ``direction`` (+1 image right) and hold."""
    rng = np.random.default_rng(seed)
    lm = _landmarks(frame)
    turning = [turn_face(frame, lm, direction * peak * (i + 1) / steps) for i in range(steps)]
    seq = [frame] * still + turning + [turning[-1]] * 3
    return [_noise(f, rng) for f in seq]


def held_photo_frames(
    photo: np.ndarray,
    n: int,
    seed: int = 0,
    size: tuple[int, int] = FRAME_SIZE,
    face_width: int = 200,
) -> list[np.ndarray]:
    """A flat picture held up to the camera: it sways, tilts and catches the light.

    The picture is held so that its face is ``face_width`` px wide, as an attacker would
    to fill the on-screen face guide.
    """
    rng = np.random.default_rng(seed)
    canvas = frame_from_photo(photo, face_width, size)
    w, h = size
    frames = []
    for i in range(n):
        phase = 2 * np.pi * i / max(8, n / 2)
        angle = 6 * np.sin(phase) + rng.normal(0, 1)
        zoom = 1 + 0.06 * np.sin(phase / 2)
        M = cv2.getRotationMatrix2D((w / 2, h / 2), angle, zoom)
        M[:, 2] += rng.normal(0, 4, 2)
        moved = cv2.warpAffine(canvas, M, size, borderMode=cv2.BORDER_REPLICATE)
        # Tilting the picture about its vertical, then horizontal, axis.
        k = 0.12 * np.sin(phase)
        v = 0.08 * np.cos(phase)
        src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
        dst = np.float32(
            [
                [w * max(0, v), h * max(0, k)],
                [w - w * max(0, v), h * max(0, -k)],
                [w - w * max(0, -v), h - h * max(0, -k)],
                [w * max(0, -v), h - h * max(0, k)],
            ]
        )
        tilted = cv2.warpPerspective(
            moved, cv2.getPerspectiveTransform(src, dst), size, borderMode=cv2.BORDER_REPLICATE
        )
        light = 1 + 0.15 * np.sin(phase * 1.3)
        frames.append(
            _noise(np.clip(tilted.astype(np.float32) * light, 0, 255).astype(np.uint8), rng, 3)
        )
    return frames


def blinking_customer(photo_path: str) -> tuple[np.ndarray, list[np.ndarray]]:
    """The demo terminal's customer from a face photo: (the photo, camera frames of a blink).

    Needs dlib's landmarks; the terminal runs it in a short-lived child process, so the
    models never take memory in the GUI process.
    """
    from kiosk.identity.face import load_image

    photo = load_image(photo_path)
    return photo, blink_frames(frame_from_photo(photo))
