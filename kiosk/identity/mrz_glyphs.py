"""Read an MRZ line cell by cell: fixed pitch, OCR-B glyph templates (ICAO 9303-3).

An MRZ is printed in OCR-B at a fixed pitch, every line exactly 30, 36 or 44 characters
long, fillers included (a filler is ink too).  So once a line is cut out straight, its
ink runs from the first character to the last, the pitch follows from that extent and the
character count, and every character sits in its own cell.  Each cell is compared with
the 37 OCR-B glyphs (normalised cross-correlation, a few pixels of shift, three blur
levels): the result is a score per character per position, which
:mod:`kiosk.identity.mrz_decode` turns into lines under the MRZ grammar.

A general text recogniser reads the same crop as a sequence and drops or doubles
characters of a blurred line (a filler run one short moves every later field); cells
cannot: a misread stays a misread of one character, where the check digits can see it.
It is also ~50 times faster (no neural network: a few matrix products).

The glyphs come from Debian's ``fonts-ocr-b`` (packaging/debian-packages.txt); without
that font :func:`available` is False and the reader falls back to the recogniser alone.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<"
FONT_PATHS = ("/usr/share/fonts/opentype/ocr-b/OCRB.otf",)
# Normalised cell: one pitch wide, the character band (digit top to baseline) high, with a
# margin each side in which the glyph may be found (segmentation is never exact).
CELL_W, CELL_H = 20, 24
MARGIN_X, MARGIN_Y = 3, 3
_RENDER = 200  # font size the templates are drawn at before being shrunk
_BLURS = (0.0, 1.0, 2.0, 3.0)  # in normalised cell pixels: sharp to much blurred
# Where a glyph's ink sits in its cell, as a fraction of the pitch (OCR-B: ~0.15-0.83).
_INK_LEFT = 0.15
_INK_WIDTH = 0.68
_BOX_TOP = 0.24  # the detector's box starts this far down the crop (mrz_cells.crop_line)


def font_path() -> str | None:
    """The OCR-B font file, or None when it is not installed."""
    return next((p for p in FONT_PATHS if Path(p).exists()), None)


def available() -> bool:
    """Whether the glyph templates can be made (the OCR-B font is installed)."""
    return font_path() is not None


@functools.cache
def _templates() -> np.ndarray:
    """Zero-mean, unit-norm ink templates, shape (blurs * 37, CELL_H * CELL_W)."""
    from PIL import Image, ImageDraw, ImageFont

    path = font_path()
    if path is None:
        raise RuntimeError("the OCR-B font (Debian fonts-ocr-b) is not installed")
    font = ImageFont.truetype(path, _RENDER)
    advance = font.getlength("0")
    # The band: from the top of the digits (the tallest glyphs) to the baseline.
    probe = Image.new("L", (int(advance * 2), _RENDER * 2), 0)
    ImageDraw.Draw(probe).text((0, 0), "08H", font=font, fill=255)
    rows = np.nonzero(np.asarray(probe).max(axis=1) > 128)[0]
    top, bottom = int(rows.min()), int(rows.max()) + 1
    out = []
    for sigma in _BLURS:
        for ch in ALPHABET:
            img = Image.new("L", (int(round(advance)), bottom - top), 0)
            ImageDraw.Draw(img).text((0, -top), ch, font=font, fill=255)
            ink = cv2.resize(np.asarray(img, np.float32) / 255, (CELL_W, CELL_H),
                             interpolation=cv2.INTER_AREA)  # fmt: skip
            if sigma:
                ink = cv2.GaussianBlur(ink, (0, 0), sigma)
            out.append(_normalise(ink.ravel()))
    return np.stack(out).astype(np.float32)


def _normalise(v: np.ndarray) -> np.ndarray:
    v = v - v.mean()
    return v / max(float(np.linalg.norm(v)), 1e-6)


@dataclass
class LineCells:
    """One line read cell by cell: ``scores[k, c]`` is how well cell k looks like ALPHABET[c]."""

    scores: np.ndarray  # (n, 37) best correlation over shifts and blurs, -1..1
    ink: float  # mean glyph contrast: ~0 for an empty strip
    contrast: np.ndarray | None = None  # (n,) each cell's peak ink, whose mean is ``ink``

    def best(self) -> str:
        """The highest-scoring character per cell (no grammar)."""
        return "".join(ALPHABET[i] for i in self.scores.argmax(axis=1))

    @property
    def fit(self) -> float:
        """Mean best score: ~0.8-0.95 for an OCR-B line, lower for other text."""
        return float(self.scores.max(axis=1).mean())


def ink_map(crop: np.ndarray) -> np.ndarray:
    """Ink strength 0-1 of a BGR or grey line crop: glare and uneven light divided out."""
    grey = crop if crop.ndim == 2 else cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
    if grey.dtype != np.uint8:
        grey = grey.astype(np.float32)
    k = max(3, int(grey.shape[0] * 0.6) | 1)
    # A closing only takes maxima and minima: on the 8-bit picture (faster) it gives
    # exactly the values it gives in float.
    background = cv2.morphologyEx(grey, cv2.MORPH_CLOSE, cv2.getStructuringElement(
        cv2.MORPH_RECT, (k, k))).astype(np.float32)  # fmt: skip
    g = grey.astype(np.float32)
    ink = 1 - g / np.maximum(background, 1)
    peak = float(np.percentile(ink, 99.5))
    return np.clip(ink / max(peak, 0.05), 0, 1)


def _band(ink: np.ndarray) -> tuple[int, int] | None:
    """The rows of the character band, looked for inside the detector's box.

    The crop has a margin above and below where parts of the neighbouring MRZ lines
    show, and MRZ lines are close (4.2 mm apart, 2.4-3.2 mm tall): only the box's rows (the
    crop's middle) are searched, for the run of inked rows nearest its centre.
    """
    h = ink.shape[0]
    lo, hi = int(h * _BOX_TOP), int(np.ceil(h * (1 - _BOX_TOP)))
    profile = ink[lo:hi].mean(axis=1)
    if profile.size == 0 or profile.max() < 0.02:
        return None
    on = profile > 0.3 * profile.max()
    runs = []
    start = None
    for i, flag in enumerate([*on, False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            runs.append((start, i))
            start = None
    centre = len(profile) / 2

    def distance(run: tuple[int, int]) -> float:
        a, b = run
        return 0.0 if a <= centre < b else min(abs(a - centre), abs(b - centre))

    top, bottom = min(runs, key=lambda r: (distance(r), -(r[1] - r[0])))
    return top + lo, bottom + lo


def _runs(ink: np.ndarray, gap: float) -> list[tuple[int, int]]:
    """Runs of inked columns, joined over gaps of at most ``gap`` columns."""
    xs = np.nonzero(ink.max(axis=0) > 0.35)[0]
    if xs.size == 0:
        return []
    breaks = np.nonzero(np.diff(xs) > gap + 1)[0]
    starts = np.concatenate([[xs[0]], xs[breaks + 1]])
    ends = np.concatenate([xs[breaks], [xs[-1]]]) + 1
    return [(int(a), int(b)) for a, b in zip(starts, ends, strict=True)]


def _fit_band(ink: np.ndarray, x0: int, x1: int, height: float, near: float) -> int:
    """The top row of the ``height``-row window holding most ink near row ``near``."""
    profile = ink[:, x0:x1].mean(axis=1)
    hgt = max(int(round(height)), 1)
    sums = np.convolve(profile, np.ones(hgt), mode="valid")  # sums[t] = rows t..t+hgt
    tops = np.arange(len(sums))
    # Prefer the window centred nearest the measured band (the neighbours are inked too).
    score = sums - 0.02 * sums.max() * np.abs(tops + hgt / 2 - near) / hgt
    return int(tops[int(score.argmax())]) if sums.size else 0


_GAMMAS = np.linspace(-0.25, 0.25, 51)


def _cell_edges(ink: np.ndarray, x0: float, x1: float, n: int) -> np.ndarray:
    """Left edges of the ``n`` cells between the line's first and last inked columns.

    A slanted or tilted page foreshortens the pitch along the line (a projective map),
    so the edges are spread between the two fixed ends by ``u (1 + g) / (1 + g u)``,
    with the ``g`` that puts the cell boundaries where the columns hold least ink: the
    gaps between OCR-B glyphs.  Fitting glyph centroids instead has a stable wrong
    answer half a pitch off.
    """
    pitch = (x1 - x0) / (n - 1 + _INK_WIDTH)
    first = x0 - _INK_LEFT * pitch
    last = x1 + (1 - _INK_LEFT - _INK_WIDTH) * pitch  # right edge of the last cell
    profile = ink.sum(axis=0).astype(np.float64)
    k = max(1, int(pitch * 0.15))
    profile = np.convolve(profile, np.ones(k) / k, mode="same")
    u = np.arange(n + 1) / n
    # Every gamma's edges at once (one row each); the choice below is the plain loop's.
    g = _GAMMAS[:, None]
    trials = first + (last - first) * u * (1 + g) / (1 + g * u)
    inner = np.clip(trials[:, 1:-1].round().astype(int), 0, len(profile) - 1)
    scores = profile[inner].sum(axis=1).tolist()
    best, pick = None, 0
    for i, (gamma, score) in enumerate(zip(_GAMMAS.tolist(), scores, strict=True)):
        if best is None or score < best - 1e-9 or (abs(score - best) < 1e-9 and gamma == 0):
            best, pick = score, i
    return trials[pick, :-1]


@dataclass
class LineGeometry:
    """Where a line's characters are in its crop: the band's rows and the inked extent."""

    ink: np.ndarray
    top: int
    bottom: int
    runs: list[tuple[int, int]]  # inked column runs, split at gaps wider than any in an MRZ
    centre: float  # the detector box's middle column
    start_hint: float
    # Cells already classified, by (pitch, top, bottom, shear) then left edge: a line's
    # hypotheses (extents, samples of every third cell, full reads) share many cells.
    cells: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def band(self) -> int:
        """Character band height in pixels."""
        return self.bottom - self.top

    def extents(self, n: int) -> list[tuple[int, int]]:
        """Spans of runs that can hold ``n`` characters at a pitch the band allows.

        Each starts near the detector box's left end and reaches past the box's middle;
        the span that truly is the line is the one whose cells fit best (read_line).
        """
        out = []
        for i, (a, _) in enumerate(self.runs):
            # The box may start early (text beyond the page's edge joined to the line).
            if not -2.5 * self.band <= a - self.start_hint <= 8 * self.band:
                continue
            for _, b in self.runs[i:]:
                if b < self.centre:
                    continue
                pitch = (b - a) / (n - 1 + _INK_WIDTH)
                ratio = pitch / (PITCH_PER_BAND * self.band)
                if 0.6 <= ratio <= 1.5:
                    out.append((abs(np.log(ratio)), a, b))
        return [(a, b) for _, a, b in sorted(out)[:_MAX_EXTENTS]]


PITCH_PER_BAND = 0.94  # OCR-B: advance 0.723 em, digit top to baseline 0.77 em
_MAX_EXTENTS = 6


def measure(
    crop: np.ndarray, start_hint: float = 0.0, end_hint: float | None = None
) -> LineGeometry | None:
    """Find the line in a straight crop (BGR or grey); None if there is no inked band.

    ``start_hint``, ``end_hint``: where the detector thinks the line starts and ends (the
    crop holds a margin, other ink and perhaps trailing fillers the box missed).
    """
    ink = ink_map(crop)
    band = _band(ink)
    if band is None:
        return None
    top, bottom = band
    band_h = bottom - top
    if band_h < 4:
        return None
    strip = ink[max(0, top - band_h // 4) : bottom + band_h // 4]
    # Inside an MRZ line no gap reaches half a band (fillers are ink); the document's
    # margin before other text is wider.
    runs = _runs(strip, 0.8 * band_h)
    if not runs:
        return None
    end = crop.shape[1] if end_hint is None else end_hint
    return LineGeometry(ink, top, bottom, runs, (start_hint + end) / 2, start_hint)


def sample_fit(geometry: LineGeometry, n: int) -> float:
    """How well the line fits ``n`` OCR-B cells, judged on every third cell (cheap)."""
    fits = [_fit_of(_read_span(geometry, n, x0, x1, _SAMPLE)) for x0, x1 in geometry.extents(n)]
    return max(fits, default=0.0)


def read_line(geometry: LineGeometry, n: int, min_fit: float = 0.0) -> LineCells | None:
    """Read ``n`` characters from a measured line; None if they cannot fit it.

    The pitch follows from the extent and ``n``; the band's height from the pitch (OCR-B's
    proportions), which is steadier than the inked rows of a blurred line.  Of the
    plausible extents, the one whose cells fit the glyphs best is kept: judged on every
    third cell first, and read in full only when that sample fits at least ``min_fit``.
    """
    samples = []
    for x0, x1 in geometry.extents(n):
        sample = _read_span(geometry, n, x0, x1, _SAMPLE)
        if sample is not None:
            samples.append((sample.fit, x0, x1))
    if not samples:
        return None
    top = max(f for f, _, _ in samples)
    if top < min_fit:
        return LineCells(np.full((n, len(ALPHABET)), top, np.float32), 0.0)
    kept = sorted((t for t in samples if t[0] >= min_fit), reverse=True)
    fit, x0, x1 = kept[0]
    kept = [t for t in kept[:2] if t[0] >= fit - _RIVAL_FIT]
    if len(kept) > 1:  # rival extents: judged on every cell
        full = [(c.fit, a, b) for _, a, b in kept if (c := _read_span(geometry, n, a, b))]
        fit, x0, x1 = max(full)
    # A tilted page scales across and along the line differently and shears its glyphs:
    # the shape that fits the sample best is read in full.
    shape = (1.0, 0.0)
    if fit < _GOOD_FIT:  # stretch first, then shear at the best stretch
        for trial in [(h, 0.0) for h in _STRETCHES] + [None]:
            for t in [(shape[0], sh) for sh in _SHEARS] if trial is None else [trial]:
                f = _fit_of(_read_span(geometry, n, x0, x1, _SAMPLE, *t))
                if f > fit:
                    fit, shape = f, t
    return _read_span(geometry, n, x0, x1, 1, *shape)


_SAMPLE = 3
_GOOD_FIT = 0.94  # a sample fitting this well needs no shape search
_RIVAL_FIT = 0.05  # extents whose samples fit this close are read in full to choose
_STRETCHES = (0.88, 0.94, 1.06, 1.12)
_SHEARS = (-0.1, 0.1)


def _fit_of(cells: LineCells | None) -> float:
    return cells.fit if cells is not None else -1.0


def _read_span(
    g: LineGeometry, n: int, x0: int, x1: int, every: int = 1,
    stretch: float = 1.0, shear: float = 0.0,
) -> LineCells | None:  # fmt: skip
    pitch = (x1 - x0) / (n - 1 + _INK_WIDTH)
    if pitch < 3:
        return None
    height = pitch / PITCH_PER_BAND * stretch
    top = _fit_band(g.ink, x0, x1, height, (g.top + g.bottom) / 2)
    bottom = top + int(round(height))
    strip = g.ink[max(0, top - int(height) // 4) : bottom + int(height) // 4]
    starts = _cell_edges(strip, x0, x1, n)
    return _classify_once(g, starts[::every], pitch, top, bottom, shear)


def _classify_once(
    g: LineGeometry, starts: np.ndarray, pitch: float, top: int, bottom: int, shear: float
) -> LineCells:
    """:func:`_classify` of ``g``'s ink, each cell computed once per line and cell shape."""
    done = g.cells.setdefault((pitch, top, bottom, shear), {})
    edges = starts.tolist()
    todo = [s for s in dict.fromkeys(edges) if s not in done]
    if todo:
        new = _classify(g.ink, np.array(todo), pitch, top, bottom, shear)
        assert new.contrast is not None
        done.update(zip(todo, zip(new.scores, new.contrast.tolist(), strict=True), strict=True))
    rows = [done[s] for s in edges]
    contrast = [c for _, c in rows]
    return LineCells(np.stack([r for r, _ in rows]), float(np.mean(contrast)), np.array(contrast))


_FLAT_NORM = 1e-2  # a glyph's ink patch has a centred norm of several units


def _classify(
    ink: np.ndarray, starts: np.ndarray, pitch: float, top: int, bottom: int, shear: float = 0.0
) -> LineCells:
    sx = pitch / CELL_W
    sy = (bottom - top) / CELL_H
    # x leans by ``shear`` per row around the band's middle (a sheared page).
    lean = shear * sy
    mid = MARGIN_Y + CELL_H / 2
    win_w, win_h = CELL_W + 2 * MARGIN_X, CELL_H + 2 * MARGIN_Y
    windows = []
    contrast = []
    for s in starts:
        # Map the cell plus its margin onto a (win_h, win_w) window by an affine warp.
        m = np.array([[sx, lean, s - MARGIN_X * sx - lean * mid],
                      [0, sy, top - MARGIN_Y * sy]], np.float32)  # fmt: skip
        win = cv2.warpAffine(ink, m, (win_w, win_h), flags=cv2.INTER_AREA | cv2.WARP_INVERSE_MAP,
                             borderMode=cv2.BORDER_CONSTANT, borderValue=0)  # fmt: skip
        windows.append(win)
        contrast.append(float(win.max()))
    stack = np.stack(windows)  # (n, win_h, win_w)
    # Every shift of the cell inside its window, copied once: (n, shifts, D), shifts in
    # row-major (dy, dx) order.
    view = np.lib.stride_tricks.sliding_window_view(stack, (CELL_H, CELL_W), axis=(1, 2))
    n, d = len(starts), CELL_H * CELL_W
    patches = view.reshape(n, -1, d)
    k = patches.shape[1]
    # The templates are zero-mean: a patch's product with them needs no centring, only
    # the division by its centred norm (from its sum and sum of squares).  Half the time
    # of centring and normalising every patch first.
    sums = patches.sum(axis=2)
    squares = np.einsum("nkd,nkd->nk", patches, patches)
    norms = np.sqrt(np.maximum(squares - sums * sums / d, 0.0))
    corr = (patches.reshape(n * k, d) @ _templates().T).reshape(n, k, -1)
    # A patch without contrast (a flat margin, the border replicated past the image)
    # matches nothing: dividing by its ~0 norm would give it any score, even above 1.
    flat = norms < _FLAT_NORM
    corr /= np.maximum(norms, _FLAT_NORM)[:, :, None]
    corr[flat] = 0.0
    best = corr.max(axis=1).reshape(n, len(_BLURS), len(ALPHABET)).max(axis=1)
    return LineCells(best, float(np.mean(contrast)), np.array(contrast))
