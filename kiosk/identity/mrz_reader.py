"""Read the MRZ of a passport, ID card or visa image.

1. *Find lines*: RapidOCR's PP-OCR text detector (far more robust than morphology on
   photographed documents) boxes every text line; boxes on one row are joined (the
   detector splits a line at long filler runs) and the long, thin ones are kept.
1a. *Read by glyph cells first* (:mod:`kiosk.identity.mrz_cells`): the long lines are
   read cell by cell against OCR-B glyphs and decoded under the grammar; when every
   check digit passes without a rival reading and every other cell is clear, that is
   the result (``by_cells``), no recogniser runs.  Otherwise the steps below run, and a
   valid result they give is checked against the cells' reading when the cells fit
   OCR-B well (two valid readings that differ are not trusted).
2. *Locate the MRZ by its grammar, not its position*: every long line is recognised once,
   then groups of 2-3 adjacent lines of equal height are scored by what an MRZ is (line
   lengths 30/36/44, the MRZ alphabet, fillers) and repaired; a group whose check digits
   pass wins over text around the document (a sheet of text, decoy lines full of '<').
3. *Several hypotheses*: the chosen lines are cut again with other margins and a glare-
   flattened copy; the readings are voted character by character (after fitting each
   line to the format's width) and each reading is repaired with :mod:`kiosk.identity.mrz`.
4. *A confidence that means something*: the result is the repaired reading most
   hypotheses agree on; its confidence is the recogniser's score times the share of
   hypotheses that agree.  Fields no check digit protects (names, codes) must be read
   alike by at least two hypotheses, else the read is reported as uncertain.

Without RapidOCR installed, an OpenCV band finder gives the crops.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import cv2
import numpy as np

from kiosk.identity import mrz
from kiosk.identity.engines import OcrEngine, RapidOcrEngine, TextLine, get_engine
from kiosk.identity.mrz_align import align, mrz_segment, score_lines
from kiosk.identity.mrz_cells import CellRead, cut_straight, read_cells
from kiosk.identity.preprocess import find_mrz_bands, grey, order_corners, scale_to_width

MRZ_CHARSET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"
_MIN_ASPECT = 9.0  # an MRZ line of 30 OCR-B characters is ~18 times wider than tall
# A 44-character line is at most ~40 times wider than its box is tall: longer boxes are rows
# of ordinary text (a sheet under the document) and cost the recogniser most.
_MAX_ASPECT = 48.0
_MAX_CANDIDATES = 12  # long lines recognised to find the MRZ among other text
# Crop variants after the first reading: (margin as a fraction of line height, flatten glare).
_HYPOTHESES = ((0.0, False), (0.12, False), (0.05, True))
_FIRST_PAD = 0.05
_DETECT_WIDTH = 960  # line finding needs no more; crops come from the full image
_DETECT_MIN_SIDE: int | None = 736
_WIDTHS = {30: 3, 36: 2, 44: 2}  # line width -> lines of the format
# When no group of the candidates on the glyph cells' rows is valid, the first pass reads
# only the candidates up to this many places above or below one of them (None: every
# candidate): a group of 2-3 lines holding a located line lies within 2.  On tuning seeds
# 500-599 every valid read of that second round paired a located line with its neighbour
# (546, 558); reading every candidate (~0.1 s of CPU a wide line) gave no other and cost
# up to 1.1 s on documents that end unread (524).
NEAR_LOCATED: int | None = 2


@dataclass
class MrzRead:
    """The outcome of :func:`read_mrz_full`: the repaired MRZ and how far to trust it."""

    result: mrz.MrzResult | None
    confidence: float = 0.0
    hypotheses: int = 0
    agreeing: int = 0
    problems: list[str] = field(default_factory=list)
    # Where the chosen MRZ lines are and every text box the detector found, in the
    # coordinates of ``image`` (for reading the visual zone without detecting again).
    mrz_boxes: list[np.ndarray] = field(default_factory=list)
    page_boxes: list[np.ndarray] = field(default_factory=list)
    image: np.ndarray | None = field(default=None, repr=False)
    # True when the OCR-B glyph cells alone gave the result: every check digit passed
    # without a rival reading and every unprotected cell was clear (no recogniser ran).
    by_cells: bool = False


class LineBoxes(list):
    """MRZ candidate boxes (a list) that also carry every box of the same detection."""

    every: list[np.ndarray]


def _crop_box(img: np.ndarray, box: np.ndarray, pad: float = 0.05) -> np.ndarray:
    """Cut a (possibly slanted) 4-point text box out straight, with a margin."""
    tl, tr, br, bl = order_corners(box)
    h = float(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr)))
    return cut_straight(img, box, h * pad, h * pad, h * pad, 1.0, cv2.INTER_CUBIC)


def box_size(box: np.ndarray) -> tuple[float, float]:
    """A box's length along its line and its height (at least 1), in pixels."""
    tl, tr, _, bl = order_corners(box)
    return float(np.linalg.norm(tr - tl)), max(float(np.linalg.norm(bl - tl)), 1.0)


def _join_rows(boxes: list[np.ndarray], max_gap: float = 4.0) -> list[np.ndarray]:
    """Join boxes that continue each other along a line (one split at a filler run).

    A box continues another when its left edge starts within ``max_gap`` line heights of
    the other's right edge, at the height the other's slant predicts, and is as tall.
    """
    ordered = sorted((order_corners(b) for b in boxes), key=lambda q: float(q[0, 0]))
    used = [False] * len(ordered)
    out: list[np.ndarray] = []
    for i, q in enumerate(ordered):
        if used[i]:
            continue
        pts = [q]
        tl, tr, br, bl = q
        h = max(float(np.linalg.norm(bl - tl)), 1.0)
        slope = float((tr - tl)[1] / max(abs(float((tr - tl)[0])), 1.0))
        end = (tr + br) / 2
        for j in range(i + 1, len(ordered)):
            if used[j]:
                continue
            c = ordered[j]
            start = (c[0] + c[3]) / 2
            ch = max(float(np.linalg.norm(c[3] - c[0])), 1.0)
            dx = float(start[0] - end[0])
            if not -0.5 * h < dx < max_gap * h or not 0.7 < ch / h < 1.4:
                continue
            if abs(float(start[1]) - (float(end[1]) + slope * dx)) > 0.35 * h:
                continue
            # Joined, they must still be one line: a piece at another slant (words beyond
            # the document's edge beside a tilted MRZ) would make a box two lines tall.
            if _rect_height([*pts, c]) > _JOIN_MAX_GROWTH * max(h, ch):
                continue
            used[j] = True
            pts.append(c)
            end = (c[1] + c[2]) / 2
        if len(pts) > 1:
            rect = cv2.minAreaRect(np.vstack(pts).astype(np.float32))
            q = order_corners(cv2.boxPoints(rect).astype(np.float32))
        out.append(q)
    return out


_JOIN_MAX_GROWTH = 1.3


def _rect_height(quads: list[np.ndarray]) -> float:
    """The smaller side of the rotated rectangle holding ``quads``."""
    (_, _), (w, h), _ = cv2.minAreaRect(np.vstack(quads).astype(np.float32))
    return float(min(w, h))


def _line_boxes(img: np.ndarray) -> list[np.ndarray]:
    """Long thin text boxes (MRZ candidates), top to bottom, in ``img`` coordinates.

    Detection runs on a copy at most ``_DETECT_WIDTH`` wide (it only has to find lines);
    the crops are then cut from the full-resolution image.
    """
    detector = get_engine("rapidocr")
    assert isinstance(detector, RapidOcrEngine)
    small, factor = img, 1.0
    if img.shape[1] > _DETECT_WIDTH:
        small, factor = scale_to_width(img, _DETECT_WIDTH)
    raw = detector.detect(small, _DETECT_MIN_SIDE)
    found = _join_rows(raw)
    out = LineBoxes()
    out.every = [b / factor for b in raw]
    long_boxes = []
    for b in found:
        w, h = box_size(b)
        if _MIN_ASPECT <= w / h <= _MAX_ASPECT:
            long_boxes.append((w, b / factor))
    if not long_boxes:
        return out
    widest = max(w for w, _ in long_boxes)
    boxes = [b for w, b in long_boxes if w >= 0.3 * widest]
    boxes.sort(key=lambda b: float(b[:, 1].mean()))
    out.extend(boxes[-_MAX_CANDIDATES:])
    return out


_CELL_JOIN_GAP = 1.5  # an MRZ line's pieces are a filler apart, other text further
_CELL_MIN_ASPECT = 12.0
_CELL_SHORT_ASPECT = 5.0  # ~6 characters: the start of a line boxed alone


class CellBoxes(list):
    """Line boxes for the glyph cells (a list), with the boxes too short to be lines."""

    short: list[np.ndarray]


def cell_boxes(boxes: list[np.ndarray]) -> list[np.ndarray]:
    """Line boxes for the glyph-cell reader, top to bottom, from the raw detection.

    Pieces are joined only across short gaps: text beyond the document's edge at the
    same height must not become part of an MRZ line (the crop's own margin recovers the
    trailing fillers a box misses).  Boxes 5-12 times wider than tall go to ``short``:
    the reader runs them out along their ink when the long ones give no confident read.
    """
    raw = getattr(boxes, "every", None) or boxes
    joined = _join_rows(list(raw), _CELL_JOIN_GAP)
    aspect = {id(b): (lambda wh: wh[0] / wh[1])(box_size(b)) for b in joined}
    kept = CellBoxes(b for b in joined if aspect[id(b)] >= _CELL_MIN_ASPECT)
    kept.sort(key=lambda b: float(b[:, 1].mean()))
    short = [b for b in joined if _CELL_SHORT_ASPECT <= aspect[id(b)] < _CELL_MIN_ASPECT]
    kept.short = sorted(short, key=lambda b: float(b[:, 1].mean()))
    return kept


def _flatten_glare(crop: np.ndarray) -> np.ndarray:
    """Divide out the background (glare, uneven light) and stretch the contrast."""
    g = grey(crop).astype(np.float32)
    k = max(3, int(g.shape[0] * 0.8) | 1)
    background = cv2.morphologyEx(g, cv2.MORPH_CLOSE, cv2.getStructuringElement(
        cv2.MORPH_RECT, (k, k)))  # fmt: skip
    flat = np.clip(g / np.maximum(background, 1) * 235, 0, 255).astype(np.uint8)
    flat = cv2.normalize(flat, None, 0, 255, cv2.NORM_MINMAX)
    return cv2.cvtColor(flat, cv2.COLOR_GRAY2BGR)


def _prepare_crop(crop: np.ndarray, engine: OcrEngine) -> np.ndarray:
    if engine.name == "tesseract":
        g = grey(crop)
        # Tesseract reads OCR-B best at ~30-40 px cap height on a clean white background.
        f = 48 / max(g.shape[0], 1)
        g = cv2.resize(g, None, fx=f, fy=f, interpolation=cv2.INTER_CUBIC)
        g = cv2.threshold(g, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[1]
        return cv2.copyMakeBorder(g, 10, 10, 10, 10, cv2.BORDER_CONSTANT, value=255)
    return crop


def working_copy(image: np.ndarray) -> np.ndarray:
    """The picture the reader works on (the coordinates of every box it gives)."""
    if image.shape[1] > 1400:  # detection cost grows with size; MRZ text stays legible
        return scale_to_width(image, 1400)[0]
    return image


def count_mrz_like(boxes: list[np.ndarray]) -> int:
    """How many boxes are 16+ times wider than tall (MRZ lines; no ID card line is)."""
    return sum(bool(w / h >= 16) for w, h in (box_size(b) for b in boxes))


def mrz_line_boxes(image: np.ndarray) -> list[np.ndarray]:
    """The MRZ candidate boxes of ``image`` (one detector pass, ~0.3 s of CPU).

    Exactly what :func:`read_mrz_full` would find itself: pass them to it (``boxes``)
    so that a document is detected once, whatever else was tried in between.
    """
    try:
        return _line_boxes(working_copy(image))
    except ImportError:  # no RapidOCR: read_mrz_full falls back to the band finder
        return []


def plainly_mrz(boxes: list[np.ndarray]) -> bool:
    """Whether the boxes hold 2+ lines 16+ times wider than tall (no ID card line is)."""
    return count_mrz_like(boxes) >= 2


# ----------------------------------------------------------------- locating the MRZ


def _mrz_score(text: str) -> float:
    """How much a recognised line looks like an MRZ line (0 none, ~1 certainly)."""
    raw = text.replace(" ", "")
    clean = mrz_segment(text)
    if len(clean) < 20:
        return 0.0
    alphabet = len(clean) / max(len(raw), 1)
    near = min(abs(len(clean) - w) for w in _WIDTHS) / 8
    fillers = min(clean.count("<") + clean.count("K") / 2, 6) / 6
    digits = min(sum(c.isdigit() for c in clean), 6) / 6
    # Words glued to the line (background text) lower the alphabet share but not below
    # half: the MRZ run inside still counts.
    return max(0.0, max(alphabet, 0.5) - near) * (0.5 + 0.3 * fillers + 0.2 * digits)


def _next_line(lines: list[tuple[np.ndarray, TextLine]], i: int) -> int | None:
    """The line right below line ``i`` that can be the next MRZ line (like size, aligned)."""
    w, h = box_size(lines[i][0])
    y = float(lines[i][0][:, 1].mean())
    for k in range(i + 1, len(lines)):
        wk, hk = box_size(lines[k][0])
        gap = float(lines[k][0][:, 1].mean()) - y
        if gap > 2.6 * max(h, hk):
            return None
        # Fillers at a line's end are often left out of its box: widths may differ, but
        # the lines start one above the other.
        left = abs(float(lines[k][0][:, 0].min()) - float(lines[i][0][:, 0].min()))
        # A box holding words beside the MRZ line starts elsewhere: judge by the text.
        glued = _glued(lines[i][1].text) or _glued(lines[k][1].text)
        if (
            gap >= 0.6 * min(h, hk)
            and max(h, hk) <= 1.6 * min(h, hk)
            and 0.4 < wk / w < 2.5
            and (left < 2.5 * max(h, hk) or glued)
        ):
            return k
    return None


def _glued(text: str) -> bool:
    """Whether a recognised line holds more than its MRZ run (words glued to it)."""
    return len(mrz_segment(text)) < 0.85 * len(text.replace(" ", ""))


def _groups(lines: list[tuple[np.ndarray, TextLine]]) -> list[list[int]]:
    """Index groups of 2-3 vertically adjacent lines of like size, best first."""
    scored: list[tuple[float, list[int]]] = []
    for i in range(len(lines)):
        chain = [i]
        while len(chain) < 3 and (k := _next_line(lines, chain[-1])) is not None:
            chain.append(k)
        for idx in (chain, chain[:2]) if len(chain) == 3 else (chain,):
            n = len(idx)
            if n < 2:
                continue
            lengths = [len(mrz_segment(lines[k][1].text)) for k in idx]
            width = min(_WIDTHS, key=lambda w: abs(w - max(lengths)))
            if _WIDTHS[width] != n:
                continue
            score = sum(_mrz_score(lines[k][1].text) for k in idx) / n
            aligned = align([lines[k][1].text for k in idx])
            if score > 0.3 and aligned is not None:
                # The grammar (check digits above all) ranks the groups that look alike.
                scored.append((score + score_lines(aligned) / 20, idx))
    scored.sort(key=lambda t: -t[0])
    return [idx for _, idx in scored]


def _recognise(engine: OcrEngine, crops: list[np.ndarray]) -> list[TextLine]:
    return engine.read_crops([_prepare_crop(c, engine) for c in crops], charset=MRZ_CHARSET)


# ------------------------------------------------------------------ voting, results


def _fit_lines(texts: list[str]) -> list[str] | None:
    """The MRZ lines of one reading, aligned to their format's width by the grammar."""
    return align(texts)


def _repair(texts: list[str]) -> mrz.MrzResult | None:
    """Align one reading to its format, then repair it (None if it is no MRZ)."""
    aligned = align(texts)
    return mrz.repair(aligned) if aligned is not None else None


def _vote(readings: list[tuple[list[str], float]]) -> list[str] | None:
    """Character-by-character majority of fitted readings (weights: recogniser scores)."""
    fitted = [(f, s) for f, s in ((_fit_lines(r), s) for r, s in readings) if f]
    if not fitted:
        return None
    shape = Counter(tuple(len(x) for x in f) for f, _ in fitted).most_common(1)[0][0]
    fitted = [(f, s) for f, s in fitted if tuple(len(x) for x in f) == shape]
    out = []
    for li, width in enumerate(shape):
        chars = []
        for pos in range(width):
            tally: Counter[str] = Counter()
            for f, s in fitted:
                tally[f[li][pos]] += s
            chars.append(tally.most_common(1)[0][0])
        out.append("".join(chars))
    return out


def _unprotected(result: mrz.MrzResult) -> str:
    """The fields no check digit protects: document type, states, names, sex."""
    f = result.fields
    return "|".join(
        f.get(k, "") for k in ("document_type", "country", "nationality", "surname", "names")
    )


def _decide(readings: list[tuple[list[str], float]]) -> MrzRead:
    """The repaired reading most hypotheses support, with its confidence and doubts."""
    entries: list[tuple[mrz.MrzResult, float, bool]] = []  # (result, score, is the vote)
    voted = _vote(readings) if len(readings) >= 2 else None
    if voted and (res := mrz.repair(voted)) is not None:
        entries.append((res, max(s for _, s in readings), True))
    for texts, score in readings:
        if (res := _repair(texts)) is not None:
            entries.append((res, score, False))
    if not entries:
        return MrzRead(None, hypotheses=len(readings))
    pool = [e for e in entries if e[0].valid] or entries
    # Hypotheses are compared on what the check digits protect; the name line is chosen
    # on its own (it is outside every check digit but TD1's line 1 part).
    support = Counter(_protected(r) for r, _, vote in pool if not vote)
    best = max(pool, key=lambda e: (support[_protected(e[0])], e[2], e[1]))[0]
    agreeing = support[_protected(best)]
    best = _with_best_name(best, [(r, s) for r, s, vote in entries if not vote])
    mean_score = float(np.mean([s for _, s in readings]))
    confidence = mean_score * max(agreeing, 0.5) / len(readings)
    problems: list[str] = []
    # Readings that each pass every check digit yet differ under them cannot all be
    # right, whatever the majority (a misread passes a check digit one time in ten).
    if best.valid and len({_checked(r) for r, _, vote in entries if r.valid and not vote}) > 1:
        problems.append("lines: two readings pass every check digit but differ")
    if best.valid:
        names = Counter(_unprotected(r) for r, _, vote in entries if not vote)
        if names[_unprotected(best)] < 2:
            problems.append("names: the readings of the name and code fields disagree")
    else:
        confidence *= 0.5
    return MrzRead(best, round(confidence, 3), len(readings), agreeing, problems)


def _name_line(result: mrz.MrzResult) -> int:
    return 2 if result.mrz_type == "TD1" else 0


def _protected(result: mrz.MrzResult) -> tuple[str, ...]:
    """The lines without the name field: what the check digits (and codes) cover."""
    lines = list(result.lines)
    k = _name_line(result)
    lines[k] = ""
    return (result.mrz_type, *lines)


def _checked(result: mrz.MrzResult) -> tuple[str, ...]:
    """The fields a check digit covers: two valid readings differing here cannot both be right.

    Nationality, sex and the code are outside every check digit: readings differing there
    are weighed by the names-and-codes vote in :func:`_decide`, not made rivals.
    """
    covered = ["number", "date_of_birth", "expiration_date", "personal_number"]
    if "check_composite" in result.fields:  # TD1, TD2: the optional data too
        covered += ["optional1", "optional2"]
    return (result.mrz_type, *(result.fields.get(k, "") for k in covered))


def _with_best_name(
    best: mrz.MrzResult, entries: list[tuple[mrz.MrzResult, float]]
) -> mrz.MrzResult:
    """``best`` with the name line most readings share, else the one with most letters.

    The recogniser drops characters of a blurred line far more often than it invents
    them, so among readings that all differ the fullest one is the likeliest.
    """
    k = _name_line(best)
    names = [(r.lines[k], s) for r, s in entries if r.mrz_type == best.mrz_type]
    if not names:
        return best
    counts = Counter(n for n, _ in names)
    line = max(names, key=lambda ns: (counts[ns[0]] >= 2, counts[ns[0]],
                                      sum(c != "<" for c in ns[0]), ns[1]))[0]  # fmt: skip
    if line == best.lines[k]:
        return best
    lines = list(best.lines)
    lines[k] = line
    return mrz.parse_lines(lines) or best


def read_mrz_full(
    image: np.ndarray,
    engine: OcrEngine | None = None,
    boxes: list[np.ndarray] | None = None,
    on_doubt: Callable[[], None] | None = None,
) -> MrzRead:
    """Locate, read and vote the MRZ of a BGR image (see the module docstring).

    ``boxes`` are candidate line boxes from :func:`mrz_line_boxes` on the same image.
    ``on_doubt`` is called once the glyph cells leave doubt, before the recogniser runs.
    """
    engine = engine or get_engine("rapidocr")
    img = working_copy(image)
    if boxes is None:
        boxes = mrz_line_boxes(img)
    if not boxes:
        bands = find_mrz_bands(img)
        lines = _recognise(engine, bands) if bands else []
        texts = [t.text for t in lines if mrz.looks_like_mrz(t.text)]
        if len(texts) < 2:
            return MrzRead(None)
        return _decide([(texts[-3:] if len(texts) >= 3 else texts[-2:], 0.5)])
    cells = read_cells(img, cell_boxes(boxes))
    every = list(getattr(boxes, "every", []))
    if cells.decoded is not None and cells.decoded.confident:
        return _cell_outcome(cells, img, every)  # the check digits and every cell agree
    if on_doubt is not None:
        on_doubt()
    # The first pass reads the candidates on the rows the cells located, then (when no
    # group of them is valid) their neighbours (NEAR_LOCATED): wide lines of text around
    # a document cost the recogniser ~0.1 s each.  A crop is padded as among all
    # candidates, so it reads alike either way, and each group's outcome is kept for the
    # second round.
    crops = [_prepare_crop(_crop_box(img, b, _FIRST_PAD), engine) for b in boxes]
    first: dict[int, TextLine] = {}
    outcomes: dict[tuple[int, ...], MrzRead] = {}
    located = _on_cell_rows(boxes, cells)
    everything = list(range(len(boxes)))
    rounds = [everything]
    if 0 < len(located) < len(boxes):
        near = everything
        if NEAR_LOCATED is not None:  # groups holding a located line, no others
            near = sorted({j for k in located for j in range(k - NEAR_LOCATED,
                           k + NEAR_LOCATED + 1) if 0 <= j < len(boxes)})  # fmt: skip
        rounds = [located, near]  # near holds a neighbour of a located line: it is larger
    for subset in rounds:
        todo = [k for k in subset if k not in first]
        first.update(zip(todo, engine.read_crops_of(crops, todo, MRZ_CHARSET), strict=True))
        lines = [(boxes[k], first[k]) for k in subset]
        best: MrzRead | None = None
        for local in _groups(lines)[:4]:
            idx = tuple(subset[k] for k in local)
            if idx not in outcomes:
                outcomes[idx] = _hypotheses(engine, img, [(boxes[k], first[k]) for k in idx])
            outcome = outcomes[idx]
            outcome.page_boxes = every
            if outcome.result is not None and outcome.result.valid:
                return _with_cells(outcome, cells, img, every)
            if best is None or (outcome.result is not None and best.result is None):
                best = outcome
    return _with_cells(best or MrzRead(None), cells, img, every)


def _on_cell_rows(boxes: list[np.ndarray], cells: CellRead) -> list[int]:
    """Indices of the candidate ``boxes`` on the rows where the glyph cells found lines."""
    rows = [(float(c[:, 1].mean()), box_size(c)[1], float(c[:, 0].min()), float(c[:, 0].max()))
            for c in cells.boxes]  # fmt: skip
    out = []
    for k, b in enumerate(boxes):
        y, h = float(b[:, 1].mean()), box_size(b)[1]
        x0, x1 = float(b[:, 0].min()), float(b[:, 0].max())
        if any(abs(y - cy) < 0.5 * max(h, ch) and x0 < cx1 and cx0 < x1
               for cy, ch, cx0, cx1 in rows):  # fmt: skip
            out.append(k)
    return out


def _hypotheses(
    engine: OcrEngine, img: np.ndarray, lines: list[tuple[np.ndarray, TextLine]]
) -> MrzRead:
    """The vote of a group's first reading and its re-cut hypotheses (steps 3-4)."""
    group = [b for b, _ in lines]
    readings = [([t.text for _, t in lines], _mean([t for _, t in lines]))]
    for pad, flatten in _HYPOTHESES:
        crops = [_crop_box(img, b, pad) for b in group]
        if flatten:
            crops = [_flatten_glare(c) for c in crops]
        read = _recognise(engine, crops)
        readings.append(([t.text for t in read], _mean(read)))
        if len(readings) == 2 and readings[0][0] == readings[1][0]:
            trial = _repair(readings[0][0])
            if trial is not None and trial.valid:
                break  # two identical valid readings: nothing to vote about
    outcome = _decide(readings)
    outcome.mrz_boxes, outcome.image = group, img
    return outcome


def _cell_outcome(cells: CellRead, img: np.ndarray, every: list[np.ndarray]) -> MrzRead:
    """The glyph cells' reading as a result; its doubts become problems (not valid)."""
    d = cells.decoded
    assert d is not None
    problems = [f"{_public(n)}: more than one reading passes its check digit, or none"
                for n in d.ambiguous]  # fmt: skip
    problems += [f"{_public(n)}: characters too unclear to be sure of" for n in d.unclear]
    confidence = min(0.99, d.fit) if d.confident else 0.4 * d.fit
    return MrzRead(d.result, round(confidence, 3), 1, 1 if d.confident else 0, problems,
                   mrz_boxes=cells.boxes, page_boxes=every, image=img,
                   by_cells=d.confident)  # fmt: skip


def _public(name: str) -> str:
    """A layout field's name as ``kiosk ocr`` reports it."""
    return {"name": "names", "composite": "lines", "optional1": "personal_number",
            "optional2": "personal_number"}.get(name, name)  # fmt: skip


def _with_cells(
    outcome: MrzRead, cells: CellRead, img: np.ndarray, every: list[np.ndarray]
) -> MrzRead:
    """The recogniser's outcome checked against the glyph cells' reading of the MRZ.

    Two independent readers that both pass every check digit yet differ cannot both be
    right: the read is then not trusted.  Where the recogniser found nothing valid, the
    cells' reading (with its doubts as problems) is the better guess.
    """
    d = cells.decoded
    if d is None or not d.trusted:
        return outcome
    theirs = d.result
    ours = outcome.result
    if theirs is None:
        return outcome
    if ours is None or (not ours.valid and theirs.valid):
        return _cell_outcome(cells, img, every)
    if not (ours.valid and theirs.valid):
        return outcome
    if _protected(ours) != _protected(theirs):
        outcome.problems.append("lines: the two readers disagree on check-digit fields")
        outcome.confidence = round(outcome.confidence * 0.5, 3)
        return outcome
    k = _name_line(ours)
    if ours.lines[k] != theirs.lines[k]:
        if "name" in d.unclear:
            outcome.problems.append("names: the two readers disagree")
            return outcome
        outcome.result = theirs  # a cell cannot drop or double a letter; the sequence can
    outcome.agreeing += 1
    outcome.hypotheses += 1
    return outcome


def _mean(lines: list[TextLine]) -> float:
    return float(np.mean([t.confidence for t in lines])) if lines else 0.0


def read_mrz(
    image: np.ndarray, engine: OcrEngine | None = None, boxes: list[np.ndarray] | None = None
) -> tuple[mrz.MrzResult | None, float]:
    """The repaired MRZ (or None) and its confidence 0-1: :func:`read_mrz_full` in short."""
    read = read_mrz_full(image, engine, boxes)
    return read.result, read.confidence
