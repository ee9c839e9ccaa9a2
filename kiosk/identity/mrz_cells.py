"""Locate and read the MRZ from detected line boxes with the glyph cells alone.

The text detector has boxed every line once.  Each long box is cut out straight with a
wide margin, its character band and inked extent measured (:func:`mrz_glyphs.measure`),
and its characters read cell by cell for the width its extent suggests.  OCR-B lines fit
the glyphs far better than any other text (~0.9 against ~0.5), so the MRZ is the run of
2-3 adjacent well-fitting lines of one width; the grammar and the check digits
(:mod:`kiosk.identity.mrz_decode`) choose between runs and formats.  No neural
recognition at all: a document costs its detection plus a few tens of milliseconds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import cv2
import numpy as np

from kiosk.identity import mrz_glyphs
from kiosk.identity.mrz_decode import Decoded, decode
from kiosk.identity.preprocess import order_corners

_WIDTHS = (30, 36, 44)
_MIN_FIT = 0.62  # a line fits OCR-B glyphs at least this well to be an MRZ candidate
_PAD_LEFT = 1.5  # margins in line heights: the box may miss trailing fillers on the right
_PAD_RIGHT = 5.0
_PAD_Y = 0.55
_MAX_GROUPS = 3  # groups decoded, best sampled fit first


@dataclass
class CellRead:
    """The best MRZ the cells gave, and where its lines are."""

    decoded: Decoded | None = None
    boxes: list[np.ndarray] = field(default_factory=list)
    fits: list[float] = field(default_factory=list)

    @property
    def lines(self) -> list[str] | None:
        """The decoded lines (even when a check digit fails), or None."""
        if self.decoded is None or self.decoded.result is None:
            return None
        return list(self.decoded.result.lines)


def cut_straight(
    img: np.ndarray, box: np.ndarray, left: float, right: float, vertical: float,
    scale: float = 1.0, interpolation: int = cv2.INTER_LINEAR,
) -> np.ndarray:  # fmt: skip
    """A (possibly slanted) 4-point box cut out straight, with margins in image pixels.

    ``left`` and ``right`` extend it along the line, ``vertical`` above and below; the
    crop is ``scale`` times the box's size.
    """
    tl, tr, br, bl = order_corners(box)
    w = float(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl)))
    h = max(float(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr))), 1.0)
    ux, uy = (tr - tl) / max(w, 1), (bl - tl) / h
    src = np.array([tl - ux * left - uy * vertical, tr + ux * right - uy * vertical,
                    br + ux * right + uy * vertical, bl - ux * left + uy * vertical],
                   np.float32)  # fmt: skip
    out_w = max(int((w + left + right) * scale), 2)
    out_h = max(int((h + 2 * vertical) * scale), 2)
    dst = np.array([[0, 0], [out_w - 1, 0], [out_w - 1, out_h - 1], [0, out_h - 1]], np.float32)
    m = cv2.getPerspectiveTransform(src, dst)
    return cv2.warpPerspective(img, m, (out_w, out_h), flags=interpolation,
                               borderMode=cv2.BORDER_REPLICATE)  # fmt: skip


def crop_line(img: np.ndarray, box: np.ndarray) -> tuple[np.ndarray, float, float]:
    """The line straightened with a wide margin; returns the crop and the box's x span."""
    tl, tr, br, bl = order_corners(box)
    w = float(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl)))
    h = max(float(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr))), 1.0)
    pl, pr, ph = h * _PAD_LEFT, h * _PAD_RIGHT, h * _PAD_Y
    # Upscale small lines so a cell keeps ~16+ pixels of height (glyph detail).
    scale = max(1.0, 22.0 / h)
    crop = cut_straight(img, box, pl, pr, ph, scale)
    return crop, pl * scale, (pl + w) * scale


def _scale(box: np.ndarray) -> float:
    """Crop pixels per image pixel of :func:`crop_line` for ``box``."""
    tl, _, _, bl = order_corners(box)
    return max(1.0, 22.0 / max(float(np.linalg.norm(bl - tl)), 1.0))


def _measure(img: np.ndarray, box: np.ndarray) -> mrz_glyphs.LineGeometry | None:
    crop, start, end = crop_line(img, box)
    return mrz_glyphs.measure(crop, start, end)


def _straightened(
    img: np.ndarray, box: np.ndarray, reach: Callable | None = None
) -> tuple[np.ndarray, mrz_glyphs.LineGeometry | None]:
    """The box turned to follow its line's ink, and the line measured in it.

    At low resolution the detector boxes a tilted line in level pieces that cut across
    it (and join the wrong pieces); the line's own ink says how it runs: the row of most
    ink in each stretch of the box, fitted by a straight line.
    """
    return _run_out(img, *_turned(img, box), reach)


def _turned(
    img: np.ndarray, box: np.ndarray
) -> tuple[np.ndarray, mrz_glyphs.LineGeometry | None, int]:
    """:func:`_straightened` before the run-out: the box, its line and its crop's width."""
    crop, start, end = crop_line(img, box)
    g = mrz_glyphs.measure(crop, start, end)
    # The slope is followed in the ink map measure made of the same crop.
    slope, row = _ink_slope(mrz_glyphs.ink_map(crop) if g is None else g.ink, start, end)
    if abs(slope) < _MIN_SLOPE:
        return box, g, crop.shape[1]
    tl, tr, br, bl = order_corners(box)
    w = float(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl)))
    h = max(float(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr))), 1.0)
    ux, uy = (tr - tl) / max(w, 1), (bl - tl) / h
    scale = _scale(box)
    origin = tl - ux * h * _PAD_LEFT - uy * h * _PAD_Y

    def point(x: float) -> np.ndarray:  # a crop point on the fitted line, in the image
        return origin + (ux * x + uy * (row + slope * (x - start))) / scale

    a, b = point(start), point(end)
    d = (b - a) / max(float(np.linalg.norm(b - a)), 1.0)
    n = np.array([-d[1], d[0]], np.float32) * (h / 2)
    if float(n @ uy) < 0:
        n = -n
    turned = np.array([a - n, b - n, b + n, a + n], np.float32)
    crop, start, end = crop_line(img, turned)
    return turned, mrz_glyphs.measure(crop, start, end), crop.shape[1]


def _run_out(
    img: np.ndarray, box: np.ndarray, g: mrz_glyphs.LineGeometry | None, width: int,
    reach: Callable | None = None,
) -> tuple[np.ndarray, mrz_glyphs.LineGeometry | None]:  # fmt: skip
    """The box lengthened once when its line's ink runs on to the crop's right edge.

    The detector often boxes only the first piece of a long line and leaves the rest
    in pieces too short to be candidates; the crop's margin then cuts the line.  It is
    lengthened by ``_RUN_OUT`` line heights, or by what ``reach(box, g)`` says.
    """
    if g is None or not g.runs or g.runs[-1][1] < width - g.band:
        return box, g
    tl, tr, br, bl = order_corners(box)
    h = max(float(np.linalg.norm(bl - tl)), 1.0)
    length = h * _RUN_OUT if reach is None else reach(box, g)
    grow = (tr - tl) / max(float(np.linalg.norm(tr - tl)), 1.0) * length
    longer = np.array([tl, tr + grow, br + grow, bl], np.float32)
    crop, start, _ = crop_line(img, longer)
    # The line's end is still looked for past the first box's middle, not the longer one's.
    end = start + float(np.linalg.norm(tr - tl)) * _scale(box)
    more = mrz_glyphs.measure(crop, start, end)
    # Other ink further on (words beyond the page) must not move the line's band.
    if more is None or max(abs(more.top - g.top), abs(more.bottom - g.bottom)) > 0.2 * g.band:
        return box, g
    return longer, more


_RUN_OUT = 10.0  # line heights added: an MRZ line is 15-30 heights long


def _full_length(box: np.ndarray, g: mrz_glyphs.LineGeometry) -> float:
    """Image pixels to add to ``box`` for it to hold a 44-character line at its band."""
    tl, tr, _, _ = order_corners(box)
    band = g.band / _scale(box)
    full = (_WIDTHS[-1] + 1) * mrz_glyphs.PITCH_PER_BAND * band
    return max(0.0, full - float(np.linalg.norm(tr - tl)))


_MIN_SLOPE = 0.012  # rows per column (0.7 degrees): less is left as the detector boxed it
_SLOPE_STRETCHES = 8


def _ink_slope(ink: np.ndarray, start: float, end: float) -> tuple[float, float]:
    """The slope (rows per column) and the row at ``start`` of the line in a crop's ``ink``.

    The line is followed stretch by stretch from the box's middle (where a level box
    cut round a tilted line holds it) outwards, each stretch's peak looked for near the
    last one's: the neighbouring lines in the crop's margins are never jumped to.
    """
    h = ink.shape[0]
    x0, x1 = int(start), min(int(end), ink.shape[1])
    if x1 - x0 < 4 * h:
        return 0.0, h / 2
    k = max(3, int(h * 0.15) | 1)
    edges = np.linspace(x0, x1, _SLOPE_STRETCHES + 1).astype(int)
    profiles = [np.convolve(ink[:, a:b].mean(axis=1), np.ones(k) / k, mode="same")
                for a, b in zip(edges[:-1], edges[1:], strict=True)]  # fmt: skip
    mid = _SLOPE_STRETCHES // 2
    reach = max(2, int(0.15 * h))
    rows: dict[int, int] = {}
    lo, hi = int(h * mrz_glyphs._BOX_TOP), int(h * (1 - mrz_glyphs._BOX_TOP))
    rows[mid] = lo + int(profiles[mid][lo:hi].argmax())
    for order in (range(mid - 1, -1, -1), range(mid + 1, _SLOPE_STRETCHES)):
        last = rows[mid]
        for i in order:
            a, b = max(0, last - reach), min(h, last + reach + 1)
            rows[i] = last = a + int(profiles[i][a:b].argmax())
    xs = np.array([(edges[i] + edges[i + 1]) / 2 for i in sorted(rows)])
    ys = np.array([_middle(profiles[i], rows[i]) for i in sorted(rows)], float)
    strength = np.array([profiles[i][rows[i]] for i in sorted(rows)])
    keep = strength > 0.3 * strength.max()
    if keep.sum() < 3:
        return 0.0, h / 2
    slope, icpt = np.polyfit(xs[keep], ys[keep], 1)
    return float(slope), float(slope * start + icpt)


def _neighbours(cut: _Cutter, line: _Line, n: int, sides: tuple[int, ...] = (-1, 1)) -> list[_Line]:
    """Lines one line pitch above (side -1) and below (1) a well-read line, where no box was.

    The detector sometimes boxes an MRZ line together with text beside it, or not at all;
    the MRZ's other lines are then where ICAO 9303 puts them: 1.3-2.1 band heights away.
    """
    tl, tr, br, bl = order_corners(line.box)
    down = (bl - tl) / max(float(np.linalg.norm(bl - tl)), 1.0)
    band = line.geometry.band / _scale(line.box)
    out = []
    for sign in sides:
        best: _Line | None = None
        for k in _SPACINGS:
            shift = down * sign * k * band
            trial = cut.measured((order_corners(line.box) + shift).astype(np.float32))
            if trial is None:
                continue
            if best is None or trial.fit(n) > best.fit(n):
                best = trial
        if best is not None and best.fit(n) >= _MIN_FIT:
            out.append(best)
    return out


_SPACINGS = (1.35, 1.5, 1.65, 1.8, 1.95)


@dataclass
class _Line:
    box: np.ndarray
    geometry: mrz_glyphs.LineGeometry
    reads: dict[int, mrz_glyphs.LineCells]
    fits: dict[int, float] = field(default_factory=dict)

    def fit(self, n: int) -> float:
        """The sampled fit (cheap): enough to tell MRZ lines from other text."""
        if n not in self.fits:
            self.fits[n] = mrz_glyphs.sample_fit(self.geometry, n)
        return self.fits[n]

    def read(self, n: int) -> mrz_glyphs.LineCells | None:
        if n not in self.reads:
            cells = mrz_glyphs.read_line(self.geometry, n, _MIN_FIT - 0.05)
            if cells is None:
                return None
            self.reads[n] = cells
        return self.reads[n]


# Whether one read's boxes are cut and measured once (:class:`_Cutter`); False: every
# search cuts its own (the code before session 8, for bench/identity_stages.py --compare).
SHARE_LINES = True


class _Cutter:
    """The lines of one picture, each box cut, turned and measured once per read.

    The search for short lines straightens every long box again (with a longer run-out
    that only matters where the line's ink reaches the crop's edge), and the search for
    partners measures the same shifted boxes once per width; each got its own line, so
    its fits and cells were computed again too.  A box is turned and measured once per
    exact coordinates; a line is kept per box and geometry object.
    """

    def __init__(self, img: np.ndarray) -> None:
        self.img = img
        self._turned: dict[tuple, tuple] = {}
        self._lines: dict[tuple[int, int], _Line] = {}
        self._measured: dict[tuple, _Line | None] = {}

    def straightened(
        self, box: np.ndarray, reach: Callable | None = None
    ) -> tuple[np.ndarray, mrz_glyphs.LineGeometry | None]:
        """:func:`_straightened` of ``box``; the turn and measure shared by every reach."""
        if not SHARE_LINES:
            return _straightened(self.img, box, reach)
        key = _key(box)
        if key not in self._turned:
            self._turned[key] = _turned(self.img, box)
        return _run_out(self.img, *self._turned[key], reach)

    def line(self, box: np.ndarray, g: mrz_glyphs.LineGeometry) -> _Line:
        """The one line of a straightened box (its fits and reads kept across searches)."""
        if not SHARE_LINES:
            return _Line(box, g, {})
        key = (id(box), id(g))  # both held by the stored _Line: the ids stay theirs
        if key not in self._lines:
            self._lines[key] = _Line(box, g, {})
        return self._lines[key]

    def measured(self, box: np.ndarray) -> _Line | None:
        """The line in ``box`` as the detector would have boxed it (no turn, no run-out)."""
        key = _key(box)
        if key not in self._measured or not SHARE_LINES:
            g = _measure(self.img, box)
            self._measured[key] = None if g is None else _Line(box, g, {})
        return self._measured[key]


def _key(box: np.ndarray) -> tuple:
    return box.dtype.str, box.shape, box.tobytes()


def _likely_widths(g: mrz_glyphs.LineGeometry) -> list[int]:
    return [n for n in _WIDTHS if g.extents(n)]


def _adjacent(a: _Line, b: _Line) -> bool:
    """Whether ``b`` can be the MRZ line right below ``a`` (like height, close, aligned)."""
    ta, _, _, la = order_corners(a.box)
    tb, _, _, lb = order_corners(b.box)
    ha, hb = float(np.linalg.norm(la - ta)), float(np.linalg.norm(lb - tb))
    h = max(min(ha, hb), 1.0)
    gap = float(b.box[:, 1].mean() - a.box[:, 1].mean())
    return 0.6 * h <= gap <= 3.2 * max(ha, hb) and abs(float(ta[0] - tb[0])) < 4.0 * h


def _formats(lines: list[_Line], n: int) -> list[str]:
    """The formats a group can be: by its line count, width and document-type letter."""
    if len(lines) == 3:
        return ["TD1"] if n == 30 else []
    if n == 30:
        return []
    first = lines[0].read(n)
    visa = first is not None and first.best()[:1] == "V"
    if n == 44:
        return ["MRVA"] if visa else ["TD3"]
    return ["MRVB"] if visa else ["TD2"]


def _rank(d: Decoded) -> tuple:
    res = d.result
    passing = sum(res.checks.values()) if res else 0
    return (d.confident, bool(res and res.valid), passing - len(d.ambiguous), d.fit)


def _extended(boxes: list[np.ndarray]) -> list[np.ndarray]:
    """Boxes lengthened to a longer neighbour line that starts right above or below them.

    Every line of an MRZ has the same length, but the detector often boxes only the
    start of a name line (the fillers after the name are faint to it), or splits it.
    """
    quads = [order_corners(b) for b in boxes]
    out = []
    for i, q in enumerate(quads):
        tl, tr, br, bl = q
        length = float(np.linalg.norm(tr - tl))
        h = max(float(np.linalg.norm(bl - tl)), 1.0)
        u = (tr - tl) / max(length, 1.0)
        target = length
        for j, o in enumerate(quads):
            if j == i:
                continue
            other = float(np.linalg.norm(o[1] - o[0]))
            offset = o[0] - tl
            along = float(offset @ u)  # left edges one above the other
            across = abs(float(offset[0] * u[1] - offset[1] * u[0]))
            if abs(along) < 1.5 * h and 0.6 * h <= across <= 3.2 * h and other > target:
                target = other
        if target > 1.15 * length:
            grow = u * (target - length)
            q = np.array([tl, tr + grow, br + grow, bl], np.float32)
        out.append(q)
    return out


def read_cells(img: np.ndarray, boxes: list[np.ndarray]) -> CellRead:
    """The best MRZ of the candidate ``boxes`` (top to bottom) of ``img`` read by cells.

    ``boxes`` may carry ``short``: boxes too short to be MRZ lines as boxed, looked at
    only when the long ones give no confident read (see :func:`_short_lines`).
    """
    short = list(getattr(boxes, "short", []))
    if not mrz_glyphs.available() or not (boxes or short):
        return CellRead()
    cut = _Cutter(img)
    lines: list[_Line] = []
    for box, g in _dedup(cut.straightened(b) for b in _extended(boxes)):
        if g is not None and _likely_widths(g):
            lines.append(cut.line(box, g))
    best = _decode_best(_runs(lines)[:_MAX_GROUPS])
    if best.decoded is not None and best.decoded.confident:
        return best
    # A line that fits OCR-B well but has no partner: look for its partners by position.
    found = []
    for line in lines:
        for n in _likely_widths(line.geometry):
            if line.fit(n) < _LONE_FIT:
                continue
            above, below = [], []
            for other in _neighbours(cut, line, n):
                (above if other.box[:, 1].mean() < line.box[:, 1].mean() else below).append(other)
            if n == 30:
                groups = [above + [line] + below] if above and below else []
                if below:
                    # A TD1's third line lies below its second (the side above is `line`).
                    more = _neighbours(cut, below[0], n, (1,) if THIRD_BELOW else (-1, 1))
                    groups += [
                        [line, below[0], m]
                        for m in more
                        if m.box[:, 1].mean() > below[0].box[:, 1].mean()
                    ]
            else:
                groups = [above + [line]] if above else []
                groups += [[line] + below] if below else []
            found += [(float(np.mean([x.fit(n) for x in g])), g, n) for g in groups
                      if len(g) == (3 if n == 30 else 2)]  # fmt: skip
    if found:
        found.sort(key=lambda c: -c[0])
        best = _better(best, _decode_best(found[:_MAX_GROUPS]))
    if short and not (best.decoded is not None and best.decoded.confident):
        # Every box run out (the long ones too: their first run-out may stop short).
        more = _short_lines(cut, [*boxes, *short])
        if more:
            best = _better(best, _decode_best(_runs(more)[:_MAX_GROUPS]))
    return best


def _better(best: CellRead, other: CellRead) -> CellRead:
    if best.decoded is None or (
        other.decoded is not None and _rank(other.decoded) > _rank(best.decoded)
    ):
        return other
    return best


def _runs(lines: list[_Line]) -> list[tuple[float, list[_Line], int]]:
    """Every run of 2-3 adjacent lines at every width they may hold, best sampled fit first."""
    candidates: list[tuple[float, list[_Line], int]] = []
    for i in range(len(lines)):
        for size in (3, 2):
            group = [lines[i]]
            while len(group) < size and i + len(group) < len(lines):
                nxt = lines[i + len(group)]
                if not _adjacent(group[-1], nxt):
                    break
                group.append(nxt)
            if len(group) != size:
                continue
            widths = {30} if size == 3 else {36, 44}
            likely = set().union(*(_likely_widths(line.geometry) for line in group))
            for n in sorted(widths & likely or widths):
                if (fits := _group_fits(group, n)) is not None:
                    candidates.append((float(np.mean(fits)), group, n))
    candidates.sort(key=lambda c: -c[0])
    return candidates


# Whether the search for a TD1's third line below a lone line's partner looks below it
# only (False: above too, where the lone line itself is; what it found there was dropped:
# the code before session 8, five shifted boxes measured and fitted for nothing).
THIRD_BELOW = True

# Whether a group's fits stop at its first line below _MIN_FIT (False: every line's fit
# is computed, the code before session 8; for bench/identity_stages.py --compare).
LAZY_FITS = True


def _group_fits(group: list[_Line], n: int) -> list[float] | None:
    """The sampled fits of ``group``'s lines at width ``n``, or None if one is below ``_MIN_FIT``.

    The group is then no candidate and the other lines' fits are not needed; a fit
    already known to fail is looked at first.
    """
    if not LAZY_FITS:
        fits = [line.fit(n) for line in group]
        return fits if min(fits) >= _MIN_FIT else None
    if any(line.fits.get(n, 1.0) < _MIN_FIT for line in group):
        return None
    fits = []
    for line in group:
        if (fit := line.fit(n)) < _MIN_FIT:
            return None
        fits.append(fit)
    return fits


def _short_lines(cut: _Cutter, boxes: list[np.ndarray]) -> list[_Line]:
    """Lines whose box holds only their start, run out along their ink to MRZ length.

    On small or blurred pages the detector often boxes only the first few characters of
    an MRZ line and never the rest (the filler run is faint to it).  The line's length
    is known from its band: up to 44 characters at OCR-B's pitch.
    """
    lines = _dedup(cut.straightened(b, _full_length) for b in boxes)
    return [cut.line(box, g) for box, g in lines if g is not None and _likely_widths(g)]


def _middle(profile: np.ndarray, peak: int) -> float:
    """The middle of the inked rows round ``peak`` (a line's profile is a plateau)."""
    on = profile >= 0.5 * profile[peak]
    top = bottom = peak
    while top > 0 and on[top - 1]:
        top -= 1
    while bottom < len(on) - 1 and on[bottom + 1]:
        bottom += 1
    return (top + bottom) / 2


_LONE_FIT = 0.88


def _dedup(
    lines: Iterable[tuple[np.ndarray, mrz_glyphs.LineGeometry | None]],
) -> list[tuple[np.ndarray, mrz_glyphs.LineGeometry | None]]:
    """Straightened boxes, top to bottom, without a second box on the same line.

    Pieces of one tilted line become boxes on that line: only the longest is kept (the
    others would sit between its neighbours and break the run of adjacent lines).
    """
    out: list[tuple[np.ndarray, mrz_glyphs.LineGeometry | None]] = []
    middles: list[np.ndarray] = []  # of the boxes kept
    for box, g in sorted(lines, key=lambda t: -_length(t[0])):
        on_axis = _on_axis(box)
        if not any(on_axis(m) for m in middles):
            out.append((box, g))
            middles.append(box.mean(axis=0))
    out.sort(key=lambda t: float(t[0][:, 1].mean()))
    return out


def _length(box: np.ndarray) -> float:
    tl, tr, _, _ = order_corners(box)
    return float(np.linalg.norm(tr - tl))


def _on_axis(a: np.ndarray) -> Callable[[np.ndarray], bool]:
    """Whether a point (a box's middle) lies on box ``a``'s axis, within a third of its height.

    The axis is found once and tried against every box kept so far.
    """
    tl, tr, br, bl = order_corners(a)
    w = max(float(np.linalg.norm(tr - tl)), 1.0)
    h = max(float(np.linalg.norm(bl - tl)), 1.0)
    u, v = (tr - tl) / w, (bl - tl) / h
    left = (tl + bl) / 2

    def on(point: np.ndarray) -> bool:
        rel = point - left
        along, across = float(rel @ u), float(rel @ v)
        return -0.1 * w <= along <= 1.1 * w and abs(across) < 0.35 * h

    return on


def _decode_best(candidates: list[tuple[float, list[_Line], int]]) -> CellRead:
    """The best decoded group of ``candidates`` (stops at the first confident one)."""
    best: CellRead = CellRead()
    best_rank: tuple | None = None
    for _, group, n in candidates:
        cells = [line.read(n) for line in group]
        if any(c is None for c in cells):
            continue
        for fmt in _formats(group, n):
            d = decode(cells, fmt)  # type: ignore[arg-type]
            rank = _rank(d)
            if best_rank is None or rank > best_rank:
                best_rank = rank
                best = CellRead(d, [line.box for line in group], [c.fit for c in cells])
            if d.confident:
                return best
    return best
