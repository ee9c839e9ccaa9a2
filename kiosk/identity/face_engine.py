"""Shared access to the dlib face models (through face_recognition): load once, lock, measure.

``face_recognition`` loads every dlib model when it is imported (about a second), so the
import happens lazily in :func:`load_models`, which a worker thread can call ahead of time.
dlib's detector and predictors are not documented as thread-safe, so every call into them
holds one lock.  All coordinates here are ``(top, right, bottom, left)`` boxes in the
pixel grid of the full-resolution RGB image the caller passed in.
"""

from __future__ import annotations

import threading
import time
from types import ModuleType

import cv2
import numpy as np

Box = tuple[int, int, int, int]  # top, right, bottom, left (face_recognition's order)

_lock = threading.RLock()
_fr: ModuleType | None = None
_load_seconds: float | None = None


def load_models() -> float:
    """Import face_recognition (loading the dlib models) once; return the load time in seconds."""
    global _fr, _load_seconds
    with _lock:
        if _fr is None:
            start = time.perf_counter()
            import face_recognition  # noqa: PLC0415 - deliberately lazy: ~1 s of model loading

            _fr = face_recognition
            _load_seconds = time.perf_counter() - start
        return float(_load_seconds or 0.0)


def _models() -> ModuleType:
    if _fr is None:
        load_models()
    assert _fr is not None
    return _fr


def to_rgb(bgr: np.ndarray) -> np.ndarray:
    """Return a contiguous 8-bit RGB copy of an OpenCV BGR (or grey / BGRA) image."""
    if bgr.ndim == 2:
        return cv2.cvtColor(bgr, cv2.COLOR_GRAY2RGB)
    if bgr.shape[2] == 4:
        return cv2.cvtColor(bgr, cv2.COLOR_BGRA2RGB)
    return np.ascontiguousarray(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB))


def detect_faces(rgb: np.ndarray, detect_side: int = 320, upsample: int = 1) -> list[Box]:
    """Find faces with dlib's HOG detector on a copy scaled so its longer side is ``detect_side``.

    Images smaller than ``detect_side`` are not enlarged (``upsample`` does that inside
    dlib).  HOG finds faces of about 80 px at its working scale, so with the defaults a
    face must be about 1/8 of the longer side of the picture.
    """
    fr = _models()
    h, w = rgb.shape[:2]
    scale = min(1.0, detect_side / max(h, w))
    small = (
        rgb
        if scale == 1.0
        else cv2.resize(rgb, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    )
    with _lock:
        boxes = fr.face_locations(small, number_of_times_to_upsample=upsample, model="hog")
    out = []
    for top, right, bottom, left in boxes:
        t, r, b, lft = (int(round(v / scale)) for v in (top, right, bottom, left))
        out.append((max(0, t), min(w, r), min(h, b), max(0, lft)))
    return sorted(out, key=lambda bx: (bx[1] - bx[3]) * (bx[2] - bx[0]), reverse=True)


def landmarks(rgb: np.ndarray, box: Box) -> dict[str, list[tuple[int, int]]]:
    """Return the 68-point landmarks of the face in ``box`` (named parts, as face_recognition)."""
    fr = _models()
    with _lock:
        found = fr.face_landmarks(rgb, [box], model="large")
    return found[0]


def encode(rgb: np.ndarray, box: Box, num_jitters: int = 1) -> np.ndarray:
    """Return the 128-d dlib embedding of the face in ``box``."""
    fr = _models()
    with _lock:
        vecs = fr.face_encodings(rgb, [box], num_jitters=num_jitters, model="small")
    return np.asarray(vecs[0], dtype=np.float64)


def box_from_points(points: np.ndarray, shape: tuple[int, ...]) -> Box:
    """A face box around landmark points (for tracking the face from one frame to the next)."""
    x0, y0 = points.min(axis=0)
    x1, y1 = points.max(axis=0)
    w = x1 - x0
    # The 68 points start at the eyebrows; dlib's boxes reach a little above them.
    top = int(max(0, y0 - 0.15 * w))
    return (top, int(min(shape[1], x1)), int(min(shape[0], y1)), int(max(0, x0)))
