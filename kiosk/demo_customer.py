"""The demo terminal's customer, made by the project itself: a face, its blink, two cards.

``kiosk run`` with the simulated camera needs someone in front of it.  No sample photo is
used: the face is drawn here (a shaded height map of a head with painted eyes, brows, nose,
mouth and hair; nobody's likeness, CC0 like the rest of this file's output, see
assets/demo/README.md), in a few milliseconds, without dlib.  dlib's HOG detector finds it,
its 68 landmarks sit on the drawn features, and its 128-d embedding of the camera frame is
close to that of the card's portrait (the same drawing), so the face check and the blink
challenge run their real code on it.

What the terminal's simulated devices show:

- the SAM reader's tray holds ``devices.idcard.simulator.demo_card()`` (王小样, not yet a
  client: open an account);
- the document camera sees a rendered ID card (``devices.idcard.specimen``, photographed on
  a table) of 张伟, the sandbox's seeded client with money in ``DEMO-S-0001`` (transfer, card
  application), with the drawn face in its portrait box.  The chip's own photo is
  WLT-compressed with no decoder shipped, so the chip path compares against this portrait;
- the customer camera plays the drawn face, still, then blinking (the eyelids painted shut
  with :func:`kiosk.identity.face_synthetic.close_eyes` over the known eye outlines), or,
  with :func:`camera_clips`, a customer who blinks and turns his head to either side as
  the screen asks (devices.camera.acting), so the terminal's own liveness plan runs.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from functools import cache

import cv2
import numpy as np

PORTRAIT_SIZE = (480, 600)  # width, height: an ID photo's proportions
FRAME_SIZE = (640, 480)  # the simulated customer camera's frames
FACE_IN_FRAME = 0.32  # the head's width over the frame's (the landmarks are steadiest here)
HEAD_B = 0.30  # half the head's height over the portrait's
NOISE = 1.0  # sensor noise (grey levels): no two frames alike, as from a real camera
SKIN_GRAIN = 3.0  # fixed fine texture of the filmed face (grey levels), see _camera_view
CARD_SEED = 7  # the card's fonts, background, angle and noise (any seed reads right)

# (x, y, half width, half height) of each eye in the portrait, as fractions of its size.
_EYES = ((0.385, 0.444, 0.054, 0.0184), (0.615, 0.444, 0.054, 0.0184))
# The sandbox's first seeded client (kiosk/sandbox/store.py DEMO_CUSTOMERS; a test checks
# they agree).  Not imported: product code does not depend on the sandbox.
HOLDER_NAME = "张伟"
HOLDER_ID_NUMBER = "110105198001010016"


@dataclass(frozen=True)
class DemoCustomer:
    """What the simulated devices show: the document tray's image and the live camera."""

    holder: object  # devices.idcard.specimen.Person on the scanned card (fictitious)
    portrait: np.ndarray = field(repr=False)  # BGR, PORTRAIT_SIZE
    tray_image: np.ndarray = field(repr=False)  # BGR, the card photographed on the tray
    camera_frames: list[np.ndarray] = field(repr=False)  # BGR, FRAME_SIZE, still then a blink


def _bump(xs: np.ndarray, ys: np.ndarray, cx: float, cy: float, sx: float, sy: float
          ) -> np.ndarray:  # fmt: skip
    return np.exp(-(((xs - cx) / sx) ** 2 + ((ys - cy) / sy) ** 2) / 2)


def _shaded_head(w: int, h: int) -> np.ndarray:
    """Background, shoulders and a lit, shaded head (float BGR)."""
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    cx, cy, a, b = w / 2, h * 0.48, w * 0.27, h * HEAD_B
    r2 = ((xs - cx) / a) ** 2 + ((ys - cy) / b) ** 2
    height = np.sqrt(np.clip(1 - r2, 0, 1)) * a  # an ellipsoid, then the features' relief
    height += 0.22 * a * _bump(xs, ys, cx, cy + b * 0.12, a * 0.09, b * 0.22)  # nose ridge
    height += 0.10 * a * _bump(xs, ys, cx, cy + b * 0.30, a * 0.16, b * 0.06)  # nose tip
    for side in (-1, 1):
        ex, ey = cx + side * w * 0.115, cy - b * 0.12
        height -= 0.12 * a * _bump(xs, ys, ex, ey, a * 0.24, a * 0.16)  # eye socket
        height += 0.06 * a * _bump(xs, ys, ex, ey - b * 0.16, a * 0.3, a * 0.1)  # brow ridge
        height += 0.05 * a * _bump(xs, ys, cx + side * a * 0.55, cy + b * 0.12, a * 0.2,
                                   b * 0.12)  # cheek  # fmt: skip
    height -= 0.03 * a * _bump(xs, ys, cx, cy + b * 0.52, a * 0.25, b * 0.05)  # mouth
    height += 0.05 * a * _bump(xs, ys, cx, cy + b * 0.8, a * 0.25, b * 0.12)  # chin
    gy, gx = np.gradient(cv2.GaussianBlur(height, (0, 0), 2))
    normal = np.dstack([-gx, -gy, np.ones_like(height)])
    normal /= np.linalg.norm(normal, axis=2, keepdims=True)
    light = np.array([-0.35, -0.45, 0.82], np.float32)
    shade = np.clip(normal @ (light / np.linalg.norm(light)), 0, 1) * 0.75 + 0.3
    skin = np.array([140, 170, 215], np.float32)
    img = np.ones((h, w, 3), np.float32) * np.array([225, 215, 200], np.float32)
    img[(np.abs(xs - cx) < a * 0.55) & (ys > cy + b * 0.6)] = skin * 0.8  # neck
    img[ys > cy + b * 1.25 + 0.25 * np.abs(xs - cx) ** 1.2 / (w * 0.02)] = (70, 60, 50)
    inside = cv2.GaussianBlur((r2 < 1).astype(np.float32), (0, 0), 1.5)[..., None]
    return img * (1 - inside) + skin * shade[..., None] * inside


def _blend(img: np.ndarray, mask: np.ndarray, colour: tuple[int, int, int], blur: float
           ) -> np.ndarray:  # fmt: skip
    soft = cv2.GaussianBlur(mask.astype(np.float32) / 255, (0, 0), blur)[..., None]
    return img * (1 - soft) + np.array(colour, np.float32) * soft


@cache
def _portrait() -> np.ndarray:
    w, h = PORTRAIT_SIZE
    cx, cy, a, b = w / 2, h * 0.48, w * 0.27, h * HEAD_B
    img = _shaded_head(w, h)
    hair = np.zeros((h, w), np.uint8)
    cv2.ellipse(hair, (int(cx), int(cy - b * 0.2)), (int(a * 1.08), int(b * 0.95)), 0, 180, 360,
                255, -1)  # fmt: skip
    face = np.zeros((h, w), np.uint8)
    cv2.ellipse(face, (int(cx), int(cy - b * 0.35)), (int(a * 0.95), int(b * 0.42)), 0, 0, 180,
                255, -1)  # fmt: skip
    hair[(face > 0) & (np.arange(h)[:, None] > cy - b * 0.62)] = 0
    img = _blend(img, hair, (30, 35, 40), 3)
    lips = np.zeros((h, w), np.uint8)
    my = int(cy + b * 0.52)
    cv2.ellipse(lips, (int(cx), my), (int(a * 0.33), int(a * 0.1)), 0, 0, 360, 255, -1)
    img = np.clip(_blend(img, lips, (90, 90, 175), 2), 0, 255).astype(np.uint8)
    cv2.line(img, (int(cx - a * 0.32), my), (int(cx + a * 0.32), my), (50, 50, 100), 2,
             cv2.LINE_AA)  # fmt: skip
    for side in (-1, 1):
        cv2.ellipse(img, (int(cx + side * a * 0.08), int(cy + b * 0.30) + 6), (7, 4), 0, 0, 360,
                    (60, 70, 100), -1, cv2.LINE_AA)  # nostrils  # fmt: skip
    for fx, fy, fw, fh in _EYES:
        ex, ey, ew, eh = int(fx * w), int(fy * h), int(fw * w), int(fh * h)
        eye = np.zeros((h, w), np.uint8)
        cv2.ellipse(eye, (ex, ey), (ew, eh), 0, 0, 360, 255, -1)
        iris = img.copy()
        iris[eye > 0] = (235, 240, 245)
        cv2.circle(iris, (ex, ey), int(a * 0.075), (40, 60, 90), -1)
        cv2.circle(iris, (ex, ey), int(a * 0.035), (10, 10, 10), -1)
        cv2.circle(iris, (ex - 3, ey - 3), 2, (255, 255, 255), -1)
        img[eye > 0] = iris[eye > 0]
        cv2.ellipse(img, (ex, ey), (ew, eh), 0, 180, 360, (40, 35, 35), 3, cv2.LINE_AA)
        cv2.ellipse(img, (ex, ey), (ew, eh), 0, 0, 180, (90, 100, 130), 1, cv2.LINE_AA)
        cv2.ellipse(img, (ex, int(ey - a * 0.2)), (int(a * 0.24), int(a * 0.07)), 0, 200, 340,
                    (35, 35, 40), 7, cv2.LINE_AA)  # brow  # fmt: skip
    return cv2.GaussianBlur(img, (0, 0), 1.0)


def portrait() -> np.ndarray:
    """The drawn face as an ID photo (BGR, ``PORTRAIT_SIZE``); a fresh copy each call."""
    return _portrait().copy()


def _eye_outlines(scale: float, offset: tuple[float, float]) -> dict[str, list[tuple]]:
    """The six points of each eye in dlib's order (corner, top, top, corner, bottom, bottom)."""
    w, h = PORTRAIT_SIZE
    out = {}
    for key, (fx, fy, fw, fh) in zip(("left_eye", "right_eye"), _EYES, strict=True):
        ex, ey, ew, eh = fx * w, fy * h, fw * w, fh * h
        pts = [(ex - ew, ey), (ex - ew / 3, ey - eh), (ex + ew / 3, ey - eh), (ex + ew, ey),
               (ex + ew / 3, ey + eh), (ex - ew / 3, ey + eh)]  # fmt: skip
        out[key] = [(x * scale + offset[0], y * scale + offset[1]) for x, y in pts]
    return out


def _head_outline(scale: float, offset: tuple[float, float]) -> dict[str, list[tuple]]:
    """Jaw, nose and brows of the drawing where dlib puts them (what a turn is drawn from)."""
    w, h = PORTRAIT_SIZE
    cx, cy, a, b = w / 2, h * 0.48, w * 0.27, h * HEAD_B
    phi = np.linspace(0, np.pi, 17)
    brow_y = _EYES[0][1] * h - a * 0.27
    parts = {
        "chin": list(zip(cx - a * np.cos(phi), cy + b * np.sin(phi), strict=True)),
        "nose_bridge": [(cx, y) for y in np.linspace(_EYES[0][1] * h, cy + b * 0.23, 4)],
        "nose_tip": [(cx + d, cy + b * 0.32) for d in (-20, -10, 0, 10, 20)],
        "left_eyebrow": [(_EYES[0][0] * w + d, brow_y) for d in (-30, -15, 0, 15, 30)],
        "right_eyebrow": [(_EYES[1][0] * w + d, brow_y) for d in (-30, -15, 0, 15, 30)],
    }
    return {k: [(x * scale + offset[0], y * scale + offset[1]) for x, y in v]
            for k, v in parts.items()}  # fmt: skip


def _camera_view() -> tuple[np.ndarray, float, tuple[float, float]]:
    """The drawn face as the customer camera frames it: (frame, scale, offset)."""
    fw, fh = FRAME_SIZE
    face_w = PORTRAIT_SIZE[0] * 0.54  # the head's width in the portrait
    scale = FACE_IN_FRAME * fw / face_w
    pw, ph = int(PORTRAIT_SIZE[0] * scale), int(PORTRAIT_SIZE[1] * scale)
    offset = ((fw - pw) / 2, (fh - ph) / 2 + ph * 0.05)
    m = np.float32([[scale, 0, offset[0]], [0, scale, offset[1]]])
    frame = cv2.warpAffine(_portrait(), m, FRAME_SIZE, flags=cv2.INTER_AREA,
                           borderMode=cv2.BORDER_REPLICATE)  # fmt: skip
    # The fine grain of skin and lens every camera picture has (fixed: it belongs to the
    # scene, not the sensor).  Without it the drawing's smooth shading leaves so little
    # fine texture that any edge (a lash line) stands out of it like a screen's pixel grid
    # (face_geometry.moire_score 22-42 against 7-12 for photos; with it 12-19; the
    # ring-whitened lattice score since session 6: 3.1-3.9).
    grain = cv2.GaussianBlur(np.random.default_rng(1).normal(0, 1, frame.shape[:2]), (0, 0), 0.6)
    frame = frame + (grain * (SKIN_GRAIN / (grain.std() + 1e-9)))[..., None]
    return np.clip(frame, 0, 255).astype(np.uint8), scale, offset


def _noisy(frames: list[np.ndarray], rng: np.random.Generator) -> list[np.ndarray]:
    # Sensor noise, so no two frames are identical (a frozen camera is a fault).
    return [np.clip(f + rng.normal(0, NOISE, f.shape), 0, 255).astype(np.uint8) for f in frames]


def camera_frames(seed: int = 0, still: int = 8, after: int = 6) -> list[np.ndarray]:
    """The customer at the camera: open eyes, a blink (half, shut, shut, half), open again."""
    from kiosk.identity.face_synthetic import close_eyes

    frame, scale, offset = _camera_view()
    eyes = _eye_outlines(scale, offset)
    blink = [close_eyes(frame, eyes, amount) for amount in (0.5, 1.0, 1.0, 0.5)]
    return _noisy([frame] * still + blink + [frame] * after, np.random.default_rng(seed))


def camera_clips(seed: int = 0, turn_degrees: float = 16.0, steps: int = 5
                 ) -> dict[str, list[np.ndarray]]:  # fmt: skip
    """What the customer does when asked, for devices.camera.acting.ActingCamera.

    ``still`` (looking at the camera), ``blink`` (half, shut, shut, half, open) and a turn
    of the head to each side over ``steps`` frames to ``turn_degrees``
    (:func:`kiosk.identity.face_synthetic.turn_head`, drawn from the known outline; 8
    degrees already moves dlib's yaw ratio by 0.1 on this face).  The customer's left is
    image right on the unmirrored camera.  About 0.5 s, no dlib.
    """
    from kiosk.identity.face_synthetic import close_eyes, turn_head

    rng = np.random.default_rng(seed)
    frame, scale, offset = _camera_view()
    eyes = _eye_outlines(scale, offset)
    head = _head_outline(scale, offset)
    blink = [close_eyes(frame, eyes, amount) for amount in (0.5, 1.0, 1.0, 0.5)] + [frame] * 2
    clips = {"still": _noisy([frame] * 4, rng), "blink": _noisy(blink, rng)}
    for action, side in (("turn_left", 1), ("turn_right", -1)):
        turning = [turn_head(frame, head, side * turn_degrees * (i + 1) / steps)
                   for i in range(steps)]  # fmt: skip
        clips[action] = _noisy(turning, rng)
    return clips


def card_holder() -> object:
    """张伟, the sandbox's first seeded client, as his ID card shows him (fictitious)."""
    from devices.idcard.specimen import Person

    id_number = HOLDER_ID_NUMBER
    born = dt.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    return Person(name=HOLDER_NAME, sex="男" if int(id_number[16]) % 2 else "女",
                  ethnicity="汉", birth_date=born, address="北京市朝阳区示例路8号样本小区3栋201室",
                  id_number=id_number, issuing_authority="北京市公安局朝阳分局",
                  valid_from=dt.date(2018, 6, 1), valid_to=dt.date(2038, 6, 1))  # fmt: skip


def tray_image(holder: object | None = None, seed: int = CARD_SEED) -> np.ndarray:
    """The holder's ID card front with the drawn face, photographed on the tray (BGR)."""
    from devices.idcard import specimen
    from devices.idcard.photo import PHOTO_BOX

    rng = random.Random(seed)
    front = specimen.render_front(holder or card_holder(), rng)
    h, w = front.shape[:2]
    x0, y0, x1, y1 = (int(f * s) for f, s in zip(PHOTO_BOX, (w, h) * 2, strict=True))
    # The portrait box's own background behind the head, as on a real card photo.
    front[y0:y1, x0:x1] = cv2.resize(_portrait(), (x1 - x0, y1 - y0), interpolation=cv2.INTER_AREA)
    scene, _settings = specimen.photograph(front, rng, max_rotation=4.0)
    return scene


def demo_customer() -> DemoCustomer:
    """Everything the simulated devices need for the demo customer (about 0.1 s, no dlib)."""
    holder = card_holder()
    return DemoCustomer(holder, portrait(), tray_image(holder), camera_frames())
