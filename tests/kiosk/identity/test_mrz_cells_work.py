"""The glyph cells' shortcuts give what the plain computation gives (issue 16, speed).

Each line is drawn with Debian's OCR-B font at an MRZ pitch, foreshortened and blurred
as in a photograph; the cell edges are then computed the fast way (as the reader does)
and the plain way, written out here, and must agree.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from kiosk.identity import mrz_glyphs

pytestmark = pytest.mark.skipif(
    not mrz_glyphs.available(), reason="the OCR-B font (Debian fonts-ocr-b) is not installed"
)

LINES = [
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
    "IDLIEID98754015<<<<<<<<<<<<<<<",
]


def _line(text: str, pitch: float, far: float) -> tuple[np.ndarray, float, float]:
    """``text`` at ``pitch`` px, its far end ``far`` times smaller, blurred; crop and x span."""
    margin = 60
    font = ImageFont.truetype(mrz_glyphs.font_path(), round(pitch / 0.723))
    width = int(pitch * len(text)) + 2 * margin
    height = int(pitch * 3.3)
    img = Image.new("L", (width, height), 215)
    draw = ImageDraw.Draw(img)
    for j, ch in enumerate(text):
        draw.text((margin + j * pitch, pitch), ch, font=font, fill=30)
    page = np.asarray(img)
    h, w = page.shape
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    dst = np.float32([[0, 0], [w * far, h * (1 - far) / 2], [w * far, h * (1 + far) / 2], [0, h]])
    page = cv2.warpPerspective(page, cv2.getPerspectiveTransform(src, dst), (w, h),
                               borderMode=cv2.BORDER_REPLICATE)  # fmt: skip
    return cv2.GaussianBlur(page, (0, 0), 1.0), margin - 4, w * far - margin + 4


CASES = [(text, pitch, far) for text in LINES for pitch, far in ((24.0, 0.97), (15.0, 1.0))]


def _plain_cell_edges(ink: np.ndarray, x0: float, x1: float, n: int) -> np.ndarray:
    """The edges as first written: one gamma after another."""
    pitch = (x1 - x0) / (n - 1 + mrz_glyphs._INK_WIDTH)
    first = x0 - mrz_glyphs._INK_LEFT * pitch
    last = x1 + (1 - mrz_glyphs._INK_LEFT - mrz_glyphs._INK_WIDTH) * pitch
    profile = ink.sum(axis=0).astype(np.float64)
    k = max(1, int(pitch * 0.15))
    profile = np.convolve(profile, np.ones(k) / k, mode="same")
    u = np.arange(n + 1) / n
    best, edges = None, first + (last - first) * u
    for g in mrz_glyphs._GAMMAS:
        trial = first + (last - first) * u * (1 + g) / (1 + g * u)
        inner = np.clip(trial[1:-1].round().astype(int), 0, len(profile) - 1)
        score = float(profile[inner].sum())
        if best is None or score < best - 1e-9 or (abs(score - best) < 1e-9 and g == 0):
            best, edges = score, trial
    return edges[:-1]


@pytest.mark.parametrize(("text", "pitch", "far"), CASES)
def test_cell_edges_are_those_of_the_plain_search(text, pitch, far):
    crop, start, end = _line(text, pitch, far)
    g = mrz_glyphs.measure(crop, start, end)
    assert g is not None
    n = len(text)
    compared = 0
    for x0, x1 in g.extents(n):
        for shift in (-3, 0, 3):  # edges off the gaps too, where ties between gammas happen
            fast = mrz_glyphs._cell_edges(g.ink, x0 + shift, x1, n)
            assert np.array_equal(fast, _plain_cell_edges(g.ink, x0 + shift, x1, n))
            compared += 1
    assert compared


def test_cell_edges_of_a_strip_without_ink_are_the_even_ones():
    # Every gamma scores 0 there: the tie goes to even spacing (gamma 0), as in the plain loop.
    ink = np.zeros((30, 900), np.float32)
    fast = mrz_glyphs._cell_edges(ink, 60.0, 840.0, 44)
    assert np.array_equal(fast, _plain_cell_edges(ink, 60.0, 840.0, 44))
    assert np.allclose(np.diff(fast), np.diff(fast)[0])
