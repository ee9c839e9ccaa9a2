"""The glyph cells' shortcuts give what the plain computation gives (issue 16, speed).

Each line is drawn with Debian's OCR-B font at an MRZ pitch, foreshortened and blurred
as in a photograph; the cell edges, the cell scores and the ink map are then computed
the fast way (as the reader does) and the plain way, written out here, and must agree.
One test straightens the detector's boxes of tuning documents (never held-out seeds);
the last drops boxes on one line from random sets of line pieces.
"""

from __future__ import annotations

import hashlib

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from kiosk.identity import mrz_cells, mrz_glyphs, mrz_reader
from kiosk.identity.mrz_cells import read_cells
from kiosk.identity.preprocess import order_corners
from kiosk.identity.synthetic import mrz_documents as corpus

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


@pytest.mark.parametrize(("text", "pitch", "far"), CASES)
def test_a_line_read_classifies_each_cell_once_with_the_plain_scores(text, pitch, far, monkeypatch):
    crop, start, end = _line(text, pitch, far)
    g = mrz_glyphs.measure(crop, start, end)
    assert g is not None
    calls: list[tuple[tuple, float]] = []
    plain = mrz_glyphs._classify

    def counted(ink, starts, pitch, top, bottom, shear=0.0):  # noqa: ANN001, ANN202
        calls.extend(((pitch, top, bottom, shear), s) for s in np.asarray(starts).tolist())
        return plain(ink, starts, pitch, top, bottom, shear)

    spans: list[tuple[tuple, mrz_glyphs.LineCells]] = []
    span = mrz_glyphs._read_span

    def recorded(geometry, n, x0, x1, every=1, stretch=1.0, shear=0.0):  # noqa: ANN001, ANN202
        res = span(geometry, n, x0, x1, every, stretch, shear)
        spans.append(((n, x0, x1, every, stretch, shear), res))
        return res

    monkeypatch.setattr(mrz_glyphs, "_classify", counted)
    monkeypatch.setattr(mrz_glyphs, "_read_span", recorded)
    n = len(text)
    # The reader's order: the sampled fit per extent, then the read (which samples again).
    mrz_glyphs.sample_fit(g, n)
    cells = mrz_glyphs.read_line(g, n)
    assert cells is not None and cells.best().replace("O", "0") == text.replace("O", "0")
    assert len(calls) == len(set(calls)), "a cell was classified twice"
    monkeypatch.setattr(mrz_glyphs, "_classify", plain)
    # Every hypothesis scored as if alone: its cells classified together, from scratch.
    assert len(spans) > 1
    for (n_, x0, x1, every, stretch, shear), res in spans:
        if res is None:
            continue
        p = (x1 - x0) / (n_ - 1 + mrz_glyphs._INK_WIDTH)
        height = p / mrz_glyphs.PITCH_PER_BAND * stretch
        top = mrz_glyphs._fit_band(g.ink, x0, x1, height, (g.top + g.bottom) / 2)
        bottom = top + int(round(height))
        strip = g.ink[max(0, top - int(height) // 4) : bottom + int(height) // 4]
        starts = mrz_glyphs._cell_edges(strip, x0, x1, n_)[::every]
        alone = plain(g.ink, starts, p, top, bottom, shear)
        np.testing.assert_allclose(res.scores, alone.scores, rtol=0, atol=1e-5)
        assert np.array_equal(res.scores.argmax(axis=1), alone.scores.argmax(axis=1))
        assert res.ink == pytest.approx(alone.ink, abs=1e-12)


def test_cell_edges_of_a_strip_without_ink_are_the_even_ones():
    # Every gamma scores 0 there: the tie goes to even spacing (gamma 0), as in the plain loop.
    ink = np.zeros((30, 900), np.float32)
    fast = mrz_glyphs._cell_edges(ink, 60.0, 840.0, 44)
    assert np.array_equal(fast, _plain_cell_edges(ink, 60.0, 840.0, 44))
    assert np.allclose(np.diff(fast), np.diff(fast)[0])


@pytest.mark.parametrize("seed", [503, 878])
def test_a_box_straightened_makes_each_crop_s_ink_map_once(seed, monkeypatch):
    # The slope of a line is followed in the ink map its measure made of the same crop.
    doc = corpus.generate(seed)
    img = mrz_reader.working_copy(doc.image)
    boxes = mrz_reader.cell_boxes(mrz_reader._line_boxes(img))
    plain = mrz_glyphs.ink_map
    crops: list[bytes] = []

    def recorded(crop):  # noqa: ANN001, ANN202
        crops.append(hashlib.sha1(crop.tobytes() + bytes(str(crop.shape), "ascii")).digest())
        return plain(crop)

    monkeypatch.setattr(mrz_glyphs, "ink_map", recorded)
    assert boxes
    for box in [*boxes, *boxes.short]:
        crops.clear()
        turned, g = mrz_cells._straightened(img, box)
        assert crops, "no crop measured"
        assert len(crops) == len(set(crops)), "one crop's ink map made twice"
    monkeypatch.setattr(mrz_glyphs, "ink_map", plain)
    assert read_cells(img, boxes).lines == doc.lines


def _plain_ink_map(crop: np.ndarray) -> np.ndarray:
    """The ink map as first written: the closing taken in float."""
    g = crop if crop.ndim == 2 else cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
    g = g.astype(np.float32)
    k = max(3, int(g.shape[0] * 0.6) | 1)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (k, k))
    background = cv2.morphologyEx(g, cv2.MORPH_CLOSE, kernel)
    ink = 1 - g / np.maximum(background, 1)
    peak = float(np.percentile(ink, 99.5))
    return np.clip(ink / max(peak, 0.05), 0, 1)


@pytest.mark.parametrize(("text", "pitch", "far"), CASES)
def test_the_ink_map_is_the_float_one(text, pitch, far):
    crop, _, _ = _line(text, pitch, far)
    rng = np.random.default_rng(len(text))
    # Uneven light and glare across the line, in colour and in grey.
    light = np.linspace(0.55, 1.0, crop.shape[1])[None, :] * rng.uniform(0.9, 1.0, crop.shape)
    grey = np.clip(crop * light + 40 * (rng.random(crop.shape) > 0.995), 0, 255).astype(np.uint8)
    colour = cv2.merge([grey, np.roll(grey, 1, axis=0), np.roll(grey, 2, axis=1)])
    for picture in (grey, colour, grey.astype(np.float32)):
        assert np.array_equal(mrz_glyphs.ink_map(picture), _plain_ink_map(picture))


def _plain_same_line(a: np.ndarray, b: np.ndarray) -> bool:
    """The pairwise test as first written: ``b``'s middle on ``a``'s axis."""
    tl, tr, _, bl = order_corners(a)
    w = max(float(np.linalg.norm(tr - tl)), 1.0)
    h = max(float(np.linalg.norm(bl - tl)), 1.0)
    u, v = (tr - tl) / w, (bl - tl) / h
    rel = b.mean(axis=0) - (tl + bl) / 2
    along, across = float(rel @ u), float(rel @ v)
    return -0.1 * w <= along <= 1.1 * w and abs(across) < 0.35 * h


def test_boxes_on_one_line_are_dropped_as_by_the_pairwise_test():
    rng = np.random.default_rng(7)
    for _ in range(40):
        # Pieces of a few tilted lines, some boxed whole, some in overlapping parts.
        boxes = []
        for row in range(int(rng.integers(2, 6))):
            y, angle = 100 + 38 * row + rng.normal(0, 6), rng.normal(0, 0.03)
            for _ in range(int(rng.integers(1, 4))):
                x0 = rng.uniform(0, 500)
                w, h = rng.uniform(60, 900), rng.uniform(18, 30)
                d = np.array([np.cos(angle), np.sin(angle)])
                n = np.array([-d[1], d[0]])
                tl = np.array([x0, y + x0 * d[1]])
                boxes.append(np.array([tl, tl + w * d, tl + w * d + h * n, tl + h * n], np.float32))
        plain: list[np.ndarray] = []
        for box in sorted(boxes, key=lambda b: -mrz_cells._length(b)):
            if not any(_plain_same_line(box, other) for other in plain):
                plain.append(box)
        plain.sort(key=lambda b: float(b[:, 1].mean()))
        kept = [box for box, _ in mrz_cells._dedup((b, None) for b in boxes)]
        assert len(kept) == len(plain) and all(a is b for a, b in zip(kept, plain, strict=True))


def _cell_read(read: mrz_cells.CellRead) -> tuple:
    d = read.decoded
    assert d is not None
    return (read.lines, d.confident, d.fit, sorted(d.ambiguous), sorted(d.unclear),
            d.result and d.result.checks, [b.tobytes() for b in read.boxes], read.fits)  # fmt: skip


def test_a_doubted_read_cuts_each_box_once_and_reads_as_before(monkeypatch):
    # Tuning seed 526 (TD3): the long boxes leave doubt, so the partners and the short
    # lines are searched too; the short-line search goes over the long boxes again.
    doc = corpus.generate(526)
    img = mrz_reader.working_copy(doc.image)
    boxes = mrz_reader.cell_boxes(mrz_reader.mrz_line_boxes(img))
    assert boxes.short, "the document no longer goes on to the short lines"
    plain_turned, plain_fit = mrz_cells._turned, mrz_glyphs.sample_fit
    plain_measure = mrz_cells._measure
    turned: list[bytes] = []
    measured: list[bytes] = []  # by coordinates: a geometry measured anew has a new id
    fitted: list[tuple[int, int]] = []

    def counted_measure(image, box):  # noqa: ANN001, ANN202
        measured.append(box.tobytes())
        return plain_measure(image, box)

    def counted_turned(image, box):  # noqa: ANN001, ANN202
        turned.append(box.tobytes())
        return plain_turned(image, box)

    def counted_fit(geometry, n):  # noqa: ANN001, ANN202
        fitted.append((id(geometry), n))
        return plain_fit(geometry, n)

    monkeypatch.setattr(mrz_cells, "_turned", counted_turned)
    monkeypatch.setattr(mrz_glyphs, "sample_fit", counted_fit)
    monkeypatch.setattr(mrz_cells, "_measure", counted_measure)
    shared = read_cells(img, boxes)
    assert len(turned) == len(set(turned)), "a box turned and measured twice"
    assert measured and len(measured) == len(set(measured)), "a shifted box measured twice"
    assert len(fitted) == len(set(fitted)), "a line's fit computed twice"
    n_turned, n_fitted = len(turned), len(fitted)
    monkeypatch.setattr(mrz_cells, "SHARE_LINES", False)
    monkeypatch.setattr(mrz_cells, "LAZY_FITS", False)
    turned.clear()
    fitted.clear()
    plain = read_cells(img, boxes)
    assert len(turned) > n_turned and len(fitted) > n_fitted  # the searches as before
    assert _cell_read(shared) == _cell_read(plain)


def test_a_group_s_fits_stop_at_its_first_line_that_cannot_be_mrz():
    class Line:
        def __init__(self, fit: float, known: bool = False) -> None:
            self.value, self.asked = fit, 0
            self.fits = {44: fit} if known else {}

        def fit(self, n: int) -> float:
            self.asked += 1
            return self.value

    good, poor, last = Line(0.9), Line(0.3), Line(0.95)
    assert mrz_cells._group_fits([good, poor, last], 44) is None
    assert (good.asked, poor.asked, last.asked) == (1, 1, 0)
    # A fit already known to fail: no other line is fitted.
    fresh, known = Line(0.9), Line(0.3, known=True)
    assert mrz_cells._group_fits([fresh, known], 44) is None and fresh.asked == 0
    both = [Line(0.9), Line(0.8)]
    assert mrz_cells._group_fits(both, 36) == [0.9, 0.8]


def test_a_td1_s_third_line_is_looked_for_below_its_second_only(monkeypatch):
    # Tuning seed 561 (TD1): a lone line's partner below is found, then the third line
    # below that partner; what lies above the partner is the lone line itself.
    doc = corpus.generate(561)
    img = mrz_reader.working_copy(doc.image)
    boxes = mrz_reader.cell_boxes(mrz_reader.mrz_line_boxes(img))
    plain = mrz_cells._neighbours
    sides: list[tuple[int, ...]] = []

    def recorded(cut, line, n, sides_=(-1, 1)):  # noqa: ANN001, ANN202
        sides.append(tuple(sides_))
        return plain(cut, line, n, sides_)

    monkeypatch.setattr(mrz_cells, "_neighbours", recorded)
    below_only = read_cells(img, boxes)
    assert (1,) in sides, "the third line was not looked for"
    monkeypatch.setattr(mrz_cells, "THIRD_BELOW", False)
    sides.clear()
    both = read_cells(img, boxes)
    assert (1,) not in sides
    assert _cell_read(below_only) == _cell_read(both)
