"""Presentation attacks and bona fide sequences for liveness, made from face photos.

Attacks (each a list of 640 x 480 BGR frames, as the simulated camera gives them):

- ``tremor``: a printed photo held by a shaking hand (shifts, small rotations, zoom).
- ``tilt``: the photo turned about its vertical axis, as a fake head turn.
- ``bend``: the photo bent back about its horizontal axis (narrows the eyes, as a fake blink).
- ``curl``: the photo curled about its vertical axis (a cylinder bulging towards the
  camera, so its middle stands out like a nose) and turned, as a fake head turn in depth.
- ``screen``: the photo on a phone screen: a moiré pattern, a glare band, tremor.
- ``cutout``: a printed photo with the eyes cut out and a person blinking behind it: the
  eyes close for real while the face stays a flat, rigid print; asked to turn, the
  attacker turns his head and the print with it, as one plane.
- ``mask``: the cutout print worn as a paper mask, curled round the attacker's face: real
  eyelids behind the holes, and a curl that turns like a head.
- ``fold`` and ``fold_diagonal``: the cutout print (real eyelids behind the holes) folded
  along a crease down the nose, vertical or 25 degrees off it, into two planes whose crease
  stands nearest the camera like a nose; asked to turn, the hand rocks it to that side and
  squeezes the fold a little deeper.  Each plane is lit by its own angle to the light: a
  shading step along the crease.
- ``replay``: a recorded clip of a live blink and turn played on a phone screen (moiré,
  glare).

Bona fide: :func:`live_blink`, :func:`live_turn` and :func:`live_session` (the actions of
a session's plan in turn) vary blink speed, turn angle and speed, lighting and head sway
(see kiosk.identity.face_synthetic for how a blink and a turn are drawn).  These are
our own renderings: they show that each cue reacts to what it is meant to see; they do
not replace a test with printed photos and screens in front of a real camera.
"""

from __future__ import annotations

import cv2
import numpy as np

from kiosk.identity import face_synthetic as fs

ATTACKS = ("tremor", "tilt", "bend", "curl", "screen", "cutout", "mask", "fold",
           "fold_diagonal", "replay")  # fmt: skip
CREASES = {"fold": 0.0, "fold_diagonal": 25.0}  # degrees off vertical
FRAMES = 45  # three seconds at 15 fps


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def _warp(frame: np.ndarray, m: np.ndarray) -> np.ndarray:
    h, w = frame.shape[:2]
    return cv2.warpPerspective(frame, m, (w, h), borderMode=cv2.BORDER_REPLICATE)


def _hand(rng: np.random.Generator, i: int, w: int, h: int, amount: float = 1.0) -> np.ndarray:
    """A hand's sway as a 3 x 3 matrix: rotation, zoom and shift around the frame centre."""
    phase = 2 * np.pi * i / 20
    angle = amount * (3 * np.sin(phase) + rng.normal(0, 0.7))
    zoom = 1 + amount * 0.03 * np.sin(phase / 2)
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, zoom)
    m[:, 2] += rng.normal(0, 3 * amount, 2)
    return np.vstack([m, [0, 0, 1]])


def _turn_plane(w: int, h: int, yaw: float) -> np.ndarray:
    """The homography of a flat picture rotated by ``yaw`` radians about its vertical axis."""
    f = 1.2 * w  # a webcam's focal length in pixels, roughly
    k = np.array([[f, 0, w / 2], [0, f, h / 2], [0, 0, 1]])
    c, s = np.cos(yaw), np.sin(yaw)
    r = np.array([[c, 0, s], [0, 1, 0], [-s, 0, c]])
    t = np.array([[1, 0, -w / 2], [0, 1, -h / 2], [0, 0, f]], dtype=np.float64)
    m = k @ r @ t
    # Keep the centre where it was.
    m = m / m[2, 2]
    centre = m @ np.array([w / 2, h / 2, 1])
    shift = np.array([[1, 0, w / 2 - centre[0] / centre[2]], [0, 1, h / 2 - centre[1] / centre[2]],
                      [0, 0, 1]])  # fmt: skip
    return shift @ m


def _bend(frame: np.ndarray, amount: float) -> np.ndarray:
    """The picture bent back about a horizontal axis: rows squeezed towards the middle."""
    h, w = frame.shape[:2]
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    cy = h / 2
    # A cylinder seen from the front: y = R sin(theta); the sheet's arc length is R theta.
    radius = h / max(amount * 2.5, 1e-3)
    src_y = cy + radius * np.arcsin(np.clip((ys - cy) / radius, -1, 1))
    return cv2.remap(frame, xs, src_y.astype(np.float32), cv2.INTER_LINEAR,
                     borderMode=cv2.BORDER_REPLICATE)  # fmt: skip


def _curl(frame: np.ndarray, radius: float, yaw: float) -> np.ndarray:
    """The picture curled round a vertical cylinder of ``radius`` px, turned by ``yaw`` radians.

    Seen from far (orthographic): a point at arc length ``u`` from the middle sits at
    ``R sin(u/R)`` across and ``R cos(u/R) - R`` in depth (the middle nearest), then turns
    about the vertical axis.  Every row moves alike: the sheet bends only one way.
    """
    h, w = frame.shape[:2]
    u = np.arange(w, dtype=np.float64) - w / 2
    phi = np.clip(u / radius, -np.pi / 2, np.pi / 2)
    across, depth = radius * np.sin(phi), radius * (np.cos(phi) - 1)
    fwd = w / 2 + across * np.cos(yaw) + depth * np.sin(yaw)
    # The side turning away folds behind: the nearer part shows.
    fwd = np.maximum.accumulate(fwd) if yaw < 0 else np.minimum.accumulate(fwd[::-1])[::-1]
    cols = np.interp(np.arange(w, dtype=np.float64), fwd, np.arange(w, dtype=np.float64))
    map_x = np.tile(cols.astype(np.float32), (h, 1))
    map_y = np.tile(np.arange(h, dtype=np.float32)[:, None], (1, w))
    return cv2.remap(frame, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def _moved_plane(w: int, h: int, rot: np.ndarray, shift: np.ndarray) -> np.ndarray:
    """The homography of the picture (facing the camera, at the focal distance) moved rigidly.

    A picture point ``X`` (camera coordinates, pixels) goes to ``rot @ X + shift``.
    """
    f = 1.2 * w  # as _turn_plane
    k = np.array([[f, 0, w / 2], [0, f, h / 2], [0, 0, 1]])
    a = np.array([[1, 0, -w / 2], [0, 1, -h / 2], [0, 0, f]], dtype=np.float64)
    m = k @ (rot @ a + np.outer(shift, [0.0, 0.0, 1.0]))
    return m / m[2, 2]


def _fold(frame: np.ndarray, crease_deg: float, fold: float, yaw: float) -> np.ndarray:
    """The picture folded along a crease through its middle and turned by ``yaw`` radians.

    The crease runs ``crease_deg`` off vertical; each half is turned back about it by
    ``fold`` radians (the crease nearest the camera, as a nose); then the whole folded sheet
    turns about the vertical axis through its middle, the crease moving to image right for
    ``yaw`` > 0 (as a head's nose, and as :func:`_curl`).  Each plane keeps every line of it
    straight; a line crossing the crease bends there only.  Each half is shaded by its
    angle to a light from the upper left of the camera.
    """
    h, w = frame.shape[:2]
    f = 1.2 * w
    a = np.radians(crease_deg)
    along = np.array([np.sin(a), np.cos(a), 0.0])  # the crease, image x right, y down
    middle = np.array([0.0, 0.0, f])
    light = np.array([-0.4, -0.3, -1.0]) / np.linalg.norm([-0.4, -0.3, -1.0])
    turn = cv2.Rodrigues(np.array([0.0, -yaw, 0.0]))[0]  # x right, y down, z away
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    across = (xs - w / 2) * np.cos(a) - (ys - h / 2) * np.sin(a)  # > 0: the right half
    out = np.zeros(frame.shape, np.float32)
    seen = np.zeros((h, w), bool)
    for side in (1, -1):
        # Turning about ``along`` by -fold takes the right half away from the camera.
        rot = turn @ cv2.Rodrigues(along * (-side * fold))[0]
        m = _moved_plane(w, h, rot, middle - rot @ middle)
        half = (across * side >= 0).astype(np.uint8)
        # The nearer half hides the other where they overlap: the right one is drawn first.
        mask = (cv2.warpPerspective(half, m, (w, h), flags=cv2.INTER_NEAREST) > 0) & ~seen
        gain = float(light @ (rot @ [0.0, 0.0, -1.0])) / float(light @ [0.0, 0.0, -1.0])
        img = _warp(frame, m).astype(np.float32) * (0.6 + 0.4 * gain)
        out[mask] = img[mask]
        seen |= mask
    # Outside the sheet: the sheet's edge repeated (as _warp's border), from the whole sheet.
    out[~seen] = _warp(frame, _moved_plane(w, h, turn, middle - turn @ middle))[~seen]
    return np.clip(out, 0, 255).astype(np.uint8)


def _screen(frame: np.ndarray, rng: np.random.Generator, i: int) -> np.ndarray:
    """A phone screen filmed: pixel-grid moiré, a glare band, a bluish tint and lower contrast."""
    h, w = frame.shape[:2]
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    period = 3.2 + 0.3 * np.sin(i / 7)
    angle = 0.2 + 0.05 * np.sin(i / 5)
    u = xs * np.cos(angle) + ys * np.sin(angle)
    v = -xs * np.sin(angle) + ys * np.cos(angle)
    moire = 1 + 0.12 * np.sin(2 * np.pi * u / period) * np.sin(2 * np.pi * v / (period * 1.1))
    glare = 70 * np.exp(-(((xs - w * (0.3 + 0.02 * i % 0.4)) / (w * 0.12)) ** 2))
    out = frame.astype(np.float32) * 0.85 + 20
    out = out * moire[..., None] + glare[..., None]
    out[..., 0] *= 1.06
    return np.clip(out, 0, 255).astype(np.uint8)


def _noise(frame: np.ndarray, rng: np.random.Generator, sigma: float = 2.5) -> np.ndarray:
    noisy = frame.astype(np.float32) + rng.normal(0, sigma, frame.shape).astype(np.float32)
    return np.clip(noisy, 0, 255).astype(np.uint8)


def _plane_yaw(i: int, start: int, side: int, peak: float = 0.45) -> float:
    """A picture turned about its vertical axis from frame ``start``: radians, to ``side``."""
    return peak * min(1.0, max(0.0, (i - start) / 8)) * side


def attack_frames(
    frame: np.ndarray, kind: str, seed: int = 0, n: int = FRAMES, turn: int = 0
) -> list[np.ndarray]:
    """``n`` camera frames of attack ``kind`` with the picture ``frame`` (see the module).

    ``turn`` is the side the attacker turns the picture to when asked to turn (+1 image
    right, which is the customer's left on an unmirrored camera; 0: by the seed's parity).
    The ``cutout`` attacker blinks first, then turns the print (his head behind it) to that
    side; ``replay`` plays a live blink and turn to that side.
    """
    if kind not in ATTACKS:
        raise ValueError(f"unknown attack {kind!r} (one of {ATTACKS})")
    rng = _rng(seed)
    h, w = frame.shape[:2]
    side = turn or (1 if seed % 2 else -1)
    out = []
    if kind in ("cutout", "mask", "fold", "fold_diagonal"):
        clip = live_blink(frame, seed, sway=False)
    elif kind == "replay":
        clip = live_session(frame, ("blink", "turn_left" if side > 0 else "turn_right"), seed)
    for i in range(n):
        hand = _hand(rng, i, w, h)
        if kind == "tremor":
            img = _warp(frame, hand)
        elif kind == "tilt":
            img = _warp(frame, hand @ _turn_plane(w, h, _plane_yaw(i, 8, side)))
        elif kind == "bend":
            amount = 0.7 * max(0.0, np.sin(np.pi * (i - 8) / 10)) if 8 <= i < 18 else 0.0
            img = _warp(_bend(frame, amount), hand)
        elif kind == "curl":
            # Wrapped round a head-sized cylinder (radius about 0.65 face widths).
            radius = w * (0.2 + 0.01 * np.sin(i / 9))
            img = _warp(_curl(frame, radius, _plane_yaw(i, 8, side)), hand)
        elif kind == "screen":
            img = _screen(_warp(frame, hand), rng, i)
        elif kind == "cutout":
            # The eyes blink for real; the print around them moves as one flat sheet, and
            # turns as one when the attacker turns his head behind it.
            turned = _turn_plane(w, h, _plane_yaw(i, len(clip) + 4, side))
            img = _warp(clip[min(i, len(clip) - 1)], hand @ turned)
        elif kind == "mask":
            yaw = _plane_yaw(i, len(clip) + 4, side)
            img = _warp(_curl(clip[min(i, len(clip) - 1)], w * 0.2, yaw), hand)
        elif kind in CREASES:
            # Folded 20-30 degrees a side from the start; rocked and squeezed after the blink.
            rock = _plane_yaw(i, len(clip) + 4, side)
            fold = np.radians(25.0) * (1 + 0.3 * abs(rock) / 0.45)
            img = _warp(_fold(clip[min(i, len(clip) - 1)], CREASES[kind], fold, rock), hand)
        else:  # replay: the clip plays on a screen held up to the camera
            img = _screen(_warp(clip[min(i, len(clip) - 1)], _hand(rng, i, w, h, 0.5)), rng, i)
        out.append(_noise(img, rng))
    return out


def _lit(img: np.ndarray, gain: float) -> np.ndarray:
    return np.clip(img.astype(np.float32) * gain, 0, 255).astype(np.uint8)


def live_blink(
    frame: np.ndarray, seed: int = 0, still: int | None = None, sway: bool = True
) -> list[np.ndarray]:
    """A bona fide blink at 15 fps: varied speed, lighting and a little head sway.

    A voluntary blink lasts about 0.2-0.5 s: the lids close over 1-2 frames, stay shut
    for 1-3, and reopen over 1-3 (reopening is the slower half); the head sways by up to
    1.5 degrees meanwhile (a turn in depth, not a flat sway).
    """
    rng = _rng(seed)
    lm = fs._landmarks(frame)
    closing = [0.5] if rng.random() < 0.5 else [0.35, 0.7]
    shut = [float(rng.uniform(0.9, 1.0)) for _ in range(int(rng.integers(1, 4)))]
    opening = [[0.5], [0.6, 0.25], [0.7, 0.4, 0.15]][int(rng.integers(0, 3))]
    still = int(rng.integers(8, 12)) if still is None else still
    amounts = [0.0] * still + closing + shut + opening + [0.0] * 8
    gain = float(rng.uniform(0.8, 1.15))
    phase = float(rng.uniform(0, 2 * np.pi))
    out = []
    for i, amount in enumerate(amounts):
        img = fs.lower_lids(frame, lm, amount) if amount > 0 else frame
        if sway:
            img = fs.turn_head(img, lm, 1.5 * np.sin(2 * np.pi * i / 25 + phase))
        light = gain * (1 + 0.04 * np.sin(i / 6))
        out.append(_noise(_lit(img, light), rng))
    return out


def live_turn(frame: np.ndarray, direction: int, seed: int = 0, still: int | None = None
              ) -> list[np.ndarray]:  # fmt: skip
    """A bona fide head turn towards ``direction`` (+1 image right), varied speed and light.

    Asked to turn slowly, a customer turns 12-20 degrees over 0.3-0.6 s (4-9 frames at
    15 fps) and holds; HOG loses a face turned much further (see face_synthetic.turn_head).
    """
    rng = _rng(seed)
    steps = int(rng.integers(4, 10))
    peak = float(rng.uniform(12.0, 20.0))
    still = int(rng.integers(8, 11)) if still is None else still
    frames = fs.turn_frames(frame, direction, seed=seed, still=still, steps=steps,
                            peak_degrees=peak)  # fmt: skip
    gain = float(rng.uniform(0.8, 1.15))
    return [_lit(f, gain) for f in frames]


def live_session(frame: np.ndarray, plan: tuple[str, ...] | list[str], seed: int = 0
                 ) -> list[np.ndarray]:  # fmt: skip
    """A bona fide customer doing each action of ``plan`` in turn (``blink``, ``turn_*``).

    Between two actions the customer reads the next instruction: 0.4-0.8 s of a still,
    open-eyed face (the session moves on when it has seen the first action).
    """
    rng = _rng(seed + 1000)
    frames: list[np.ndarray] = []
    for k, action in enumerate(plan):
        still = int(rng.integers(8, 12)) if k == 0 else int(rng.integers(6, 13))
        if action == "blink":
            part = live_blink(frame, seed + k, still=still)
            frames += part[: len(part) - 6]  # the next action follows the reaction time
        else:
            side = 1 if action == "turn_left" else -1
            frames += live_turn(frame, side, seed + k, still=still)
    return frames
