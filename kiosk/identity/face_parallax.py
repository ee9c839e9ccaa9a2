"""Parallax a sheet of paper cannot show: a head's turn bends the face's vertical lines.

A picture is a sheet.  Flat, or curled one way round the face (a cylinder, a paper mask),
it is ruled by straight lines along its axis, and a straight line stays straight in the
camera however the sheet is turned, tilted or held (a perspective view maps lines to
lines).  A head is not ruled: down a line through the nose, the brow, nose tip, lips and
chin stand at different depths, so when the head turns those points move sideways by
different amounts and the line comes out bent, the nose tip furthest.

:func:`column_bend` follows a few vertical lines of the neutral face (through the nose and
beside it, brow to chin) into the turned frame with dense optical flow and measures how
far they are from straight.  It needs no landmark of the turned frame: dlib's shape model
places the landmarks of a turned curled print much as for a turned head; the pixels
follow the sheet.  A print folded down the face (two planes meeting at a crease,
face_attacks ``fold``) is not a sheet bent one way: each plane keeps its lines straight,
but the flow's error on the far, foreshortened plane bends the followed lines as much as
a head's parallax (up to 0.031 face widths on folds; live turns 0.009 and more; see
docs/face.md), so this measure does not stop it.

:func:`fold_residual` does: either side of a crease down the nose, a folded print is a
plane, and the points of a plane move by one homography; a head's cheek and temple
curve away from the camera (down the face and across it), which no homography explains.
It tracks corners of the brow, temples and cheeks (not the eyes, whose holes in a cutout
print show a face behind, nor the mouth and chin, where the flow erred) and measures what
one homography per side leaves unexplained, after unwarping the turned frame by that
homography and tracking again (the far side is foreshortened: tracked directly, its
corners err by a pixel or more).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import cv2
import numpy as np

from kiosk.identity.preprocess import grey

Landmarks = Mapping[str, Sequence[tuple[int, int]]]

# The face is measured at this width (pixels): enough texture for the flow, a few ms.
WORK_WIDTH = 100.0
# Lines followed: through the nose and at these fractions of the face width beside it.
COLUMNS = (-0.16, -0.08, 0.0, 0.08, 0.16)


def column_bend(neutral: np.ndarray, turned: np.ndarray, lm: Landmarks) -> float:
    """How far the neutral face's vertical lines are from straight in ``turned``.

    ``lm`` are the landmarks of the ``neutral`` frame.  The answer is the median, over
    the lines of :data:`COLUMNS`, of the RMS distance of a line's followed points from
    their best straight line, in face widths: camera noise and flow error on a sheet,
    about 0.01 face widths and more on a head turned 8 degrees or further.
    """
    chin = np.asarray(lm["chin"], np.float64)
    brows = np.asarray(list(lm["left_eyebrow"]) + list(lm["right_eyebrow"]), np.float64)
    fw = float(chin[:, 0].max() - chin[:, 0].min())
    if fw < 20:
        return 0.0
    nose_x = float(np.asarray(lm["nose_bridge"], np.float64)[:, 0].mean())
    top, bottom = float(brows[:, 1].mean()), float(chin[:, 1].max())
    h, w = neutral.shape[:2]
    x0, x1 = max(0, int(chin[:, 0].min() - 0.2 * fw)), min(w, int(chin[:, 0].max() + 0.2 * fw))
    y0, y1 = max(0, int(top - 0.3 * fw)), min(h, int(bottom + 0.2 * fw))
    scale = WORK_WIDTH / fw
    small = [
        cv2.resize(grey(img)[y0:y1, x0:x1], None, fx=scale, fy=scale,
                   interpolation=cv2.INTER_AREA)
        for img in (neutral, turned)
    ]  # fmt: skip
    # Pyramid deep enough for a nose moving a third of the face width at 20 degrees.
    flow = cv2.calcOpticalFlowFarneback(small[0], small[1], None, 0.5, 4, 15, 5, 5, 1.1, 0)
    fh, fw_px = flow.shape[:2]
    # Brow to just above the chin's tip (the jaw line there meets the background).
    ys = np.arange((top - y0) * scale, (bottom - 0.05 * fw - y0) * scale, 2.0)
    rows = np.clip(np.round(ys).astype(int), 0, fh - 1)
    bends = []
    for offset in COLUMNS:
        x = (nose_x + offset * fw - x0) * scale
        col = int(np.clip(round(x), 0, fw_px - 1))
        points = np.stack([x + flow[rows, col, 0], ys + flow[rows, col, 1]], axis=1)
        centred = points - points.mean(axis=0)
        # The smaller singular value is the spread across the best line (total least squares).
        spread = np.linalg.svd(centred, compute_uv=False)[1] / np.sqrt(len(points))
        bends.append(float(spread) / WORK_WIDTH)
    return float(np.median(bends))


# fold_residual: the crease of a fold is unknown; these splits are tried (degrees off
# vertical through the nose bridge, and shifts across it in face widths) and the one most
# favourable to a fold is kept.
CREASE_ANGLES = (-25.0, 0.0, 25.0)
CREASE_SHIFTS = (-0.08, 0.0, 0.08)
# Corners a side needs (fewer, in a small patch, fit any homography), and the scale of
# the local contrast the tracker sees, in face widths.
MIN_SIDE = 25
CONTRAST_SIGMA = 0.04
# A corner moving less than this (face widths) has not turned with the face.
STILL = 0.006
_LK = {"winSize": (15, 15), "maxLevel": 2,
       "criteria": (cv2.TERM_CRITERIA_EPS | cv2.TERM_CRITERIA_COUNT, 40, 0.003)}  # fmt: skip
_LK_FAR = {"winSize": (21, 21), "maxLevel": 3,
           "criteria": (cv2.TERM_CRITERIA_EPS | cv2.TERM_CRITERIA_COUNT, 30, 0.01)}  # fmt: skip


def _track(g0: np.ndarray, g1: np.ndarray, p0: np.ndarray, lk: dict, fb: float,
           initial: bool = False, start: np.ndarray | None = None
           ) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """Points of ``p0`` found in ``g1`` and back again within ``fb`` px: (kept p0, p1).

    The search starts at ``start`` when given (else at ``p0`` with ``initial``).
    """
    flags = cv2.OPTFLOW_USE_INITIAL_FLOW if initial or start is not None else 0
    guess = p0.copy() if start is None else start.astype(np.float32).reshape(-1, 1, 2)
    p1, st, _ = cv2.calcOpticalFlowPyrLK(g0, g1, p0, guess, flags=flags, **lk)
    pb, st2, _ = cv2.calcOpticalFlowPyrLK(g1, g0, p1, p0.copy(), flags=flags, **lk)
    back = np.linalg.norm((pb - p0).reshape(-1, 2), axis=1)
    ok = (st.ravel() == 1) & (st2.ravel() == 1) & (back < fb)
    return p0.reshape(-1, 2)[ok].astype(np.float64), p1.reshape(-1, 2)[ok].astype(np.float64)


def _local_contrast(g: np.ndarray, sigma: float) -> np.ndarray:
    """``g`` less its local mean, over its local spread: a change of gain leaves it alike."""
    g = g.astype(np.float32)
    d = g - cv2.GaussianBlur(g, (0, 0), sigma)
    spread = np.sqrt(cv2.GaussianBlur(d * d, (0, 0), sigma)) + 2.0
    return np.clip(128 + 40 * d / spread, 0, 255).astype(np.uint8)


def _homography_error(a: np.ndarray, b: np.ndarray) -> np.ndarray | None:
    h, _ = cv2.findHomography(a, b, 0)
    if h is None:
        return None
    return np.linalg.norm(cv2.perspectiveTransform(a.reshape(-1, 1, 2), h).reshape(-1, 2) - b,
                          axis=1)  # fmt: skip


def _side_residual(g0: np.ndarray, g1: np.ndarray, a: np.ndarray, b: np.ndarray,
                   fw: float) -> float | None:  # fmt: skip
    """What one homography leaves of a side's motion, in face widths (None: too few points)."""
    if len(a) < MIN_SIDE:
        return None
    h, _ = cv2.findHomography(a, b, cv2.RANSAC, 0.02 * fw)
    if h is None:
        return None
    # The turned frame seen through the side's homography: what is left moves little and
    # undistorted, so it is tracked to a tenth of a pixel.
    back = cv2.warpPerspective(g1, h, g0.shape[::-1], flags=cv2.WARP_INVERSE_MAP | cv2.INTER_LINEAR)
    q0, q1 = _track(g0, back, a.astype(np.float32).reshape(-1, 1, 2), _LK, 0.2, initial=True)
    if len(q0) < 0.8 * MIN_SIDE:
        return None
    err = _homography_error(q0, q1)
    if err is None:
        return None
    # The worst fifth left out: corners at the sheet's edge or an occlusion, not a surface.
    kept = np.sort(err)[: max(8, int(0.8 * len(err)))]
    return float(np.sqrt((kept**2).mean())) / fw


def fold_residual(
    neutral: np.ndarray, turned: np.ndarray, lm: Landmarks, turned_lm: Landmarks | None = None
) -> float:
    """How far the upper face, either side of a crease down the nose, is from two planes.

    ``lm`` are the landmarks of the ``neutral`` frame, ``turned_lm`` (optional) those of
    ``turned``, only to start the tracking near where the corners went.  Corners of the
    brow, temples and cheeks (down to the nose's tip, the eyes left out) are tracked into
    ``turned``; for each
    split of :data:`CREASE_ANGLES` x :data:`CREASE_SHIFTS`, each side's points are fitted
    by one homography (see :func:`_side_residual`) and the split's value is its worse
    side's (a side with too few corners followed is left out: a fold's far, foreshortened
    plane often is); the answer is the smallest over the splits, in face widths (0.0 when
    too few corners were found).  A folded print: tracking noise, at most 0.0021 on our fold
    renderings; a head turned 12-20 degrees: 0.0031 and more on the first frames a session
    judges (docs/face.md).
    """
    chin = np.asarray(lm["chin"], np.float64)
    fw = float(chin[:, 0].max() - chin[:, 0].min())
    if fw < 20:
        return 0.0
    brows = np.asarray(list(lm["left_eyebrow"]) + list(lm["right_eyebrow"]), np.float64)
    bridge = np.asarray(lm["nose_bridge"], np.float64).mean(axis=0)
    top = float(brows[:, 1].min() - 0.1 * fw)
    bottom = float(np.asarray(lm["nose_tip"], np.float64)[:, 1].max())
    left, right = float(chin[:, 0].min()), float(chin[:, 0].max())
    h, w = neutral.shape[:2]
    # A crop with room for the turn: the warps and the tracking stay cheap.
    x0, x1 = max(0, int(left - 0.3 * fw)), min(w, int(right + 0.3 * fw))
    y0, y1 = max(0, int(top - 0.3 * fw)), min(h, int(bottom + 0.3 * fw))
    g0 = np.ascontiguousarray(grey(neutral)[y0:y1, x0:x1])
    g1 = np.ascontiguousarray(grey(turned)[y0:y1, x0:x1])
    mask = np.zeros(g0.shape, np.uint8)
    mask[max(0, int(top) - y0) : int(bottom) - y0,
         int(left + 0.03 * fw) - x0 : int(right - 0.03 * fw) - x0] = 255  # fmt: skip
    for key in ("left_eye", "right_eye"):
        eye = np.asarray(lm[key], np.float64)
        cx, cy = eye.mean(axis=0) - (x0, y0)
        axes = (int(0.75 * (eye[:, 0].max() - eye[:, 0].min())), int(0.09 * fw))
        cv2.ellipse(mask, (int(cx), int(cy)), axes, 0, 0, 360, 0, -1)
    # The camera's exposure (or the room's light) may change between the two frames, and
    # the tracker assumes constant brightness: both are taken to local contrast.
    g0, g1 = _local_contrast(g0, CONTRAST_SIGMA * fw), _local_contrast(g1, CONTRAST_SIGMA * fw)
    p0 = cv2.goodFeaturesToTrack(g0, 400, 0.003, max(3, int(0.02 * fw)), mask=mask,
                                 blockSize=5)  # fmt: skip
    if p0 is None or len(p0) < 16:
        return 0.0
    start = None
    if turned_lm is not None:
        # The turned face's landmarks say roughly where each corner went (a turn moves the
        # nose by a third of the face width: started at the corner itself, LK loses many).
        src = np.concatenate([np.asarray(v, np.float64) for v in lm.values()]) - (x0, y0)
        dst = np.concatenate([np.asarray(turned_lm[k], np.float64) for k in lm]) - (x0, y0)
        rough, _ = cv2.findHomography(src, dst, 0)
        if rough is not None:
            start = cv2.perspectiveTransform(p0.astype(np.float64), rough)
    a, b = _track(g0, g1, p0, _LK_FAR, 0.3, start=start)
    # Corners that stay put are not on the face that turned (the background beside the
    # temples; our renderings leave the head's corners outside its ellipsoid still): as a
    # patch of their own they would fit a homography exactly.
    moving = np.linalg.norm(b - a, axis=1) > STILL * fw
    a, b = a[moving], b[moving]
    cx, cy = bridge[0] - x0, bridge[1] - y0
    best: float | None = None
    for angle in CREASE_ANGLES:
        c, s = np.cos(np.radians(angle)), np.sin(np.radians(angle))
        for shift in CREASE_SHIFTS:
            across = (a[:, 0] - cx - shift * fw) * c - (a[:, 1] - cy) * s
            sides = [_side_residual(g0, g1, a[sel], b[sel], fw)
                     for sel in (across > 0.05 * fw, across < -0.05 * fw)]  # fmt: skip
            known = [v for v in sides if v is not None]
            if known:
                best = max(known) if best is None else min(best, max(known))
    return 0.0 if best is None else best
