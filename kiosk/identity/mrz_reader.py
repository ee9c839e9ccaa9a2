"""Read the MRZ of a passport, ID card or visa image.

Line finding uses RapidOCR's PP-OCR text detector (about 0.2 s for a whole page here and
far more robust than morphology on photographed documents); only the long, thin boxes that
can be MRZ lines are cut out and recognised, by the chosen engine, then repaired with
:mod:`kiosk.identity.mrz`.  Without RapidOCR installed, an OpenCV band finder is used.
"""

from __future__ import annotations

import cv2
import numpy as np

from kiosk.identity import mrz
from kiosk.identity.engines import OcrEngine, RapidOcrEngine, get_engine
from kiosk.identity.preprocess import find_mrz_bands, grey, order_corners, scale_to_width

MRZ_CHARSET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"
_MIN_ASPECT = 9.0  # an MRZ line of 30 OCR-B characters is ~18 times wider than tall
# Crop margins (fraction of line height) tried in turn until the check digits pass.
_PADS = (0.05, 0.0, 0.12)
_MAX_LINES = 3
_DETECT_WIDTH = 960  # line finding needs no more; crops come from the full image
_DETECT_MIN_SIDE: int | None = 736


def _crop_box(img: np.ndarray, box: np.ndarray, pad: float = 0.05) -> np.ndarray:
    """Cut a (possibly slanted) 4-point text box out straight, with a margin."""
    tl, tr, br, bl = order_corners(box)
    w = float(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl)))
    h = float(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr)))
    ph, pw = h * pad, h * pad
    ux = (tr - tl) / max(w, 1)
    uy = (bl - tl) / max(h, 1)
    src = np.array(
        [
            tl - ux * pw - uy * ph,
            tr + ux * pw - uy * ph,
            br + ux * pw + uy * ph,
            bl - ux * pw + uy * ph,
        ],
        np.float32,
    )
    out_w, out_h = int(w + 2 * pw), int(h + 2 * ph)
    dst = np.array([[0, 0], [out_w - 1, 0], [out_w - 1, out_h - 1], [0, out_h - 1]], np.float32)
    m = cv2.getPerspectiveTransform(src, dst)
    return cv2.warpPerspective(
        img, m, (out_w, out_h), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE
    )


def _line_boxes(img: np.ndarray) -> list[np.ndarray]:
    """The MRZ candidate boxes, top to bottom, in ``img`` coordinates.

    Detection runs on a copy at most ``_DETECT_WIDTH`` wide (it only has to find lines);
    the crops are then cut from the full-resolution image.
    """
    detector = get_engine("rapidocr")
    assert isinstance(detector, RapidOcrEngine)
    small, factor = img, 1.0
    if img.shape[1] > _DETECT_WIDTH:
        small, factor = scale_to_width(img, _DETECT_WIDTH)
    long_boxes = []
    for b in detector.detect(small, _DETECT_MIN_SIDE):
        tl, tr, br, bl = order_corners(b)
        w = np.linalg.norm(tr - tl)
        h = max(np.linalg.norm(bl - tl), 1.0)
        if w / h >= _MIN_ASPECT:
            long_boxes.append((float(w), b / factor))
    if not long_boxes:
        return []
    # The MRZ is the bottom block of lines of (nearly) equal width: keep the lowest boxes
    # at least half as wide as the widest (a TD1 has 3 lines, the others 2; one spare).
    widest = max(w for w, _ in long_boxes)
    boxes = [b for w, b in long_boxes if w >= 0.5 * widest]
    boxes.sort(key=lambda b: float(b[:, 1].mean()))
    return boxes[-_MAX_LINES:]


def _prepare_crop(crop: np.ndarray, engine: OcrEngine) -> np.ndarray:
    if engine.name == "tesseract":
        g = grey(crop)
        # Tesseract reads OCR-B best at ~30-40 px cap height on a clean white background.
        target_h = 48
        f = target_h / max(g.shape[0], 1)
        g = cv2.resize(g, None, fx=f, fy=f, interpolation=cv2.INTER_CUBIC)
        g = cv2.threshold(g, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[1]
        return cv2.copyMakeBorder(g, 10, 10, 10, 10, cv2.BORDER_CONSTANT, value=255)
    return crop


def _pick(texts: list[str]) -> list[str]:
    """The last 2 or 3 consecutive MRZ-looking lines with similar lengths."""
    cand = [mrz.clean_line(t) for t in texts if mrz.looks_like_mrz(t)]
    if len(cand) >= 3 and all(26 <= len(c) <= 33 for c in cand[-3:]):
        return cand[-3:]
    return cand[-2:] if len(cand) >= 2 else cand


def _working_copy(image: np.ndarray) -> np.ndarray:
    if image.shape[1] > 1400:  # detection cost grows with size; MRZ text stays legible
        return scale_to_width(image, 1400)[0]
    return image


def probe_mrz(image: np.ndarray) -> list[np.ndarray] | None:
    """The MRZ line boxes if the image plainly has an MRZ (2+ lines 16+ times wider than tall).

    One detector pass (~0.15 s); ID card lines are at most ~11 times wider than tall, so a
    card never passes.  Pass the result to :func:`read_mrz` to avoid detecting twice.
    """
    boxes = _line_boxes(_working_copy(image))
    return boxes if count_mrz_like(boxes) >= 2 else None


def count_mrz_like(boxes: list[np.ndarray]) -> int:
    """How many boxes are 16+ times wider than tall (MRZ lines; no ID card line is)."""
    count = 0
    for b in boxes:
        tl, tr, _, bl = order_corners(b)
        count += bool(np.linalg.norm(tr - tl) / max(np.linalg.norm(bl - tl), 1.0) >= 16)
    return count


def read_mrz(
    image: np.ndarray, engine: OcrEngine | None = None, boxes: list[np.ndarray] | None = None
) -> tuple[mrz.MrzResult | None, float]:
    """Return the repaired MRZ (or None) and a confidence 0-1 for a BGR image.

    ``boxes`` are line boxes from :func:`probe_mrz` on the same image, if already found.
    """
    engine = engine or get_engine("rapidocr")
    img = _working_copy(image)
    if boxes is None:
        try:
            boxes = _line_boxes(img)
        except ImportError:
            boxes = []
    attempts = [[_crop_box(img, b, pad) for b in boxes] for pad in _PADS] if boxes else []
    if not attempts:
        attempts = [find_mrz_bands(img)]
    best: tuple[mrz.MrzResult, float] | None = None
    for crops in attempts:
        if not crops:
            continue
        lines = engine.read_crops([_prepare_crop(c, engine) for c in crops], charset=MRZ_CHARSET)
        picked = _pick([t.text for t in lines])
        result = mrz.repair(picked) if len(picked) >= 2 else None
        if result is None:
            continue
        confs = [t.confidence for t in lines if mrz.clean_line(t.text) in picked]
        conf = float(np.mean(confs)) if confs else 0.0
        if result.valid:
            return result, conf
        if best is None:
            best = (result, conf * 0.5)
    return best if best else (None, 0.0)
