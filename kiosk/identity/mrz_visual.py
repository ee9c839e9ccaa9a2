"""The visual zone of an MRZ document: the printed lines above the MRZ, read for cross-checks.

The detector has already boxed every text line of the picture while looking for the MRZ
(:class:`kiosk.identity.mrz_reader.MrzRead` keeps them), so reading the visual zone costs
only the recognition of the short lines above the MRZ, within its width: no second
detection.  What the lines say is compared with the MRZ by
:func:`kiosk.identity.consistency.check_mrz_against_visual`.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from kiosk.identity.engines import RapidOcrEngine, get_engine
from kiosk.identity.mrz_reader import MrzRead

# A data page is at most ~0.75 times as tall as its MRZ is wide (TD3 88 x 125 mm, the MRZ
# ~112 mm); ID-1 cards ~0.6.  Further up is another page or the desk.
_PAGE_HEIGHT = 0.8
_MAX_LINES = 32
# Lines read between checks when reading only until the MRZ is confirmed.  Lines are
# recognised one at a time anyway (engines._rec): checking after each reads the fewest.
# 52 tuning and visible documents gave the same verdicts as with 6, visual zone CPU -7 %.
_STEP = 1


def _centre(box: np.ndarray) -> tuple[float, float]:
    c = box.mean(axis=0)
    return float(c[0]), float(c[1])


def visual_zone_boxes(read: MrzRead) -> list[np.ndarray]:
    """The detected boxes above the MRZ and within its width (the document's printed text)."""
    if not read.mrz_boxes or not read.page_boxes:
        return []
    mrz_pts = np.vstack(read.mrz_boxes)
    x0, x1 = float(mrz_pts[:, 0].min()), float(mrz_pts[:, 0].max())
    top = float(mrz_pts[:, 1].min())
    width = x1 - x0
    line_h = float(np.median([np.ptp(b[:, 1]) for b in read.mrz_boxes]))
    kept = []
    for box in read.page_boxes:
        cx, cy = _centre(box)
        if not (x0 - 0.05 * width <= cx <= x1 + 0.05 * width):
            continue
        if not (top - _PAGE_HEIGHT * width <= cy <= top - 0.3 * line_h):
            continue
        kept.append(box)
    kept.sort(key=lambda b: -_centre(b)[1])  # nearest the MRZ first
    return kept[:_MAX_LINES]


def visual_zone_texts(
    read: MrzRead, enough: Callable[[list[str]], bool] | None = None
) -> list[str]:
    """The text lines printed above the MRZ (empty when they cannot be read).

    Read with RapidOCR, whose detector found the boxes, whatever engine read the MRZ.
    With ``enough``, the lines are read one at a time, from the top of the zone, until
    ``enough(texts so far)`` holds: a settled MRZ needs only its names and number found.
    """
    boxes = visual_zone_boxes(read)
    if read.image is None or not boxes:
        return []
    engine = get_engine("rapidocr")
    assert isinstance(engine, RapidOcrEngine)
    step = _STEP if enough is not None else len(boxes)
    if enough is not None:  # the number and names are printed in the zone's upper part
        boxes = boxes[::-1]
    texts: list[str] = []
    for start in range(0, len(boxes), step):
        texts += [t.text for t in engine.recognise(read.image, boxes[start : start + step])]
        if enough is not None and enough(texts):
            break
    return texts
