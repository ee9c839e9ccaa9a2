"""Synthetic camera sequences made from real face photos: blinks, head turns, held-up photos.

Used by the tests, the benchmark and the simulated camera of the demo, where no person is
in front of a camera.  What they are, honestly:

- :func:`blink_frames`: the eyelids are painted shut (the skin just above each eye slid
  down over it, a lash line drawn) and opened again over a few frames.
- :func:`lower_lids`: the upper lids lowered over the eyes (skin filled in, a lash line at
  the lid's edge): the bona fide blinks of kiosk.identity.face_attacks.
- :func:`turn_frames`: the head turned in depth (:func:`turn_head`: an ellipsoid head with
  the nose standing out, 15 degrees at the end by default); :func:`turn_face` (the middle
  of the face pushed sideways, a weaker turn) is kept for small sways.
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


def _lid_curve(corner0: np.ndarray, q1: np.ndarray, q2: np.ndarray, corner3: np.ndarray,
               t: np.ndarray) -> np.ndarray:  # fmt: skip
    """Points along an eyelid from one corner to the other, through its two inner landmarks."""
    pts = np.array([corner0, q1, q2, corner3], np.float32)
    knots = np.array([0, 1 / 3, 2 / 3, 1], np.float32)
    return np.stack([np.interp(t, knots, pts[:, 0]), np.interp(t, knots, pts[:, 1])], axis=1)


def lower_lids(bgr: np.ndarray, lm: dict, amount: float = 1.0) -> np.ndarray:
    """The upper eyelids lowered over ``amount`` of each eye (0 open .. 1 shut), as in a blink.

    The lid is the surrounding skin filled in over the eye (OpenCV's inpainting), so iris
    and white vanish under it; its edge, with the lashes, comes down from the upper lid's
    landmarks towards the lower lid's (to 3/4 of the way when shut: a shut eye's lid line
    sits low).  dlib's points follow this edge on our sample faces; :func:`close_eyes`
    (skin slid down) is kept for the drawn demo face, whose eye outlines are known.
    """
    if amount <= 0:
        return bgr.copy()
    h, w = bgr.shape[:2]
    out = bgr.astype(np.float32)
    t = np.linspace(0, 1, 24, dtype=np.float32)
    for key in ("left_eye", "right_eye"):
        p = np.asarray(lm[key], np.float32)
        ew = float(np.linalg.norm(p[3] - p[0]))
        centre = p.mean(axis=0)
        hole = np.zeros((h, w), np.uint8)
        cv2.fillPoly(hole, [((p - centre) * np.float32([1.2, 1.9]) + centre).astype(np.int32)], 255)
        skin = cv2.inpaint(bgr, hole, max(3.0, ew * 0.15), cv2.INPAINT_TELEA).astype(np.float32)
        upper = _lid_curve(p[0], p[1], p[2], p[3], t)
        lower = _lid_curve(p[0], p[5], p[4], p[3], t)
        edge = upper.copy()
        edge[:, 1] += amount * (lower[:, 1] - upper[:, 1]) * 0.75
        margin = 0.12 * ew
        reach = (p[3] - p[0]) * 0.1  # past the corners, so no white shows there
        top = upper - np.float32([0, 3 * margin])
        cover = edge + np.float32([0, amount * margin * 0.5])
        top[0] -= reach
        top[-1] += reach
        cover[0] -= reach
        cover[-1] += reach
        mask = np.zeros((h, w), np.float32)
        cv2.fillPoly(mask, [np.round(np.concatenate([top, cover[::-1]])).astype(np.int32)], 1.0)
        soft = cv2.GaussianBlur(mask, (0, 0), max(0.8, ew * 0.04))[..., None]
        out = out * (1 - soft) + skin * soft
        thick = max(1, int(round(ew * 0.05)))
        cv2.polylines(out, [np.round(edge).astype(np.int32)], False, (40, 35, 35), thick,
                      cv2.LINE_AA)  # fmt: skip
    return np.clip(out, 0, 255).astype(np.uint8)


def turn_head(bgr: np.ndarray, lm: dict, degrees: float) -> np.ndarray:
    """The head turned by ``degrees`` about its vertical axis (+ = nose towards image right).

    The head is modelled as an ellipsoid around the face with the nose standing out of it
    (depth 0.75 face widths at the middle, the nose 0.22 more); each row's pixels move by
    their depth times sin(angle), the far side folding behind the near one.  The face
    outline, being near the axis, moves little; the nose and mouth move most, as when a
    head turns.  HOG stops finding faces beyond about 20 degrees, as on real turned heads.
    """
    h, w = bgr.shape[:2]
    chin = np.asarray(lm["chin"], np.float32)
    fw = float(chin[:, 0].max() - chin[:, 0].min())
    nose = np.asarray(lm["nose_tip"], np.float32).mean(axis=0)
    cx = float(np.asarray(lm["nose_bridge"], np.float32)[:, 0].mean())
    brows = np.asarray(list(lm["left_eyebrow"]) + list(lm["right_eyebrow"]), np.float32)
    top, bottom = float(brows[:, 1].min()), float(chin[:, 1].max())
    cy = (top + bottom) / 2 - 0.1 * fw
    a, b = 0.55 * fw, 0.5 * (bottom - top) + 0.25 * fw
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    r2 = ((xs - cx) / a) ** 2 + ((ys - cy) / b) ** 2
    z = 0.75 * fw * np.sqrt(np.clip(1 - r2, 0, 1))
    nose_x = (xs - nose[0]) ** 2 / (2 * (0.09 * fw) ** 2)
    nose_y = (ys - (nose[1] - 0.12 * fw)) ** 2 / (2 * (0.2 * fw) ** 2)
    z += 0.22 * fw * np.exp(-(nose_x + nose_y))
    z = cv2.GaussianBlur(z, (0, 0), 0.04 * fw)
    inside = cv2.GaussianBlur((r2 < 1).astype(np.float32), (0, 0), 0.05 * fw)
    th = np.radians(degrees)
    fwd = xs + inside * ((xs - cx) * (np.cos(th) - 1) + z * np.sin(th))
    # Where the far side passes behind the near side, the near side is what shows.
    if degrees < 0:
        fwd = np.maximum.accumulate(fwd, axis=1)
    else:
        fwd = np.minimum.accumulate(fwd[:, ::-1], axis=1)[:, ::-1]
    col = np.arange(w, dtype=np.float32)
    map_x = np.stack([np.interp(col, fwd[y], col) for y in range(h)]).astype(np.float32)
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
    peak_degrees: float = 15.0,
) -> list[np.ndarray]:
    """Frontal for ``still`` frames, then a turn to ``direction`` (+1 image right) and hold."""
    rng = np.random.default_rng(seed)
    lm = _landmarks(frame)
    turning = [turn_head(frame, lm, direction * peak_degrees * (i + 1) / steps)
               for i in range(steps)]  # fmt: skip
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


def acting_clips(frame: np.ndarray, seed: int = 0, peak_degrees: float = 15.0
                 ) -> dict[str, list[np.ndarray]]:  # fmt: skip
    """What a customer made from ``frame`` does when asked (devices.camera.acting).

    ``blink`` (:func:`blink_frames`' closure and two open frames) and ``turn_left`` /
    ``turn_right`` (:func:`turn_frames`' turn, ending held at ``peak_degrees``); the
    customer's left is image right on an unmirrored camera.
    """
    lm = _landmarks(frame)
    rng = np.random.default_rng(seed)
    blink = [close_eyes(frame, lm, a) for a in (0.5, 1.0, 1.0, 0.5)] + [frame] * 2
    clips = {"blink": [_noise(f, rng) for f in blink]}
    for action, side in (("turn_left", 1), ("turn_right", -1)):
        clips[action] = [_noise(turn_head(frame, lm, side * peak_degrees * (i + 1) / 5), rng)
                         for i in range(5)]  # fmt: skip
    return clips


def blinking_customer(photo_path: str) -> tuple[np.ndarray, list[np.ndarray]]:
    """The demo terminal's customer from a face photo: (the photo, camera frames of a blink).

    Needs dlib's landmarks; the terminal runs it in a short-lived child process, so the
    models never take memory in the GUI process.
    """
    from kiosk.identity.face import load_image

    photo = load_image(photo_path)
    return photo, blink_frames(frame_from_photo(photo))
