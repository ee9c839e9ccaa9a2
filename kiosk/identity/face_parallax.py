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
