"""Read an identity document image: MRZ (passport, ID card, visa) or Chinese ID card side.

``read_document`` is plain blocking code meant for a worker thread.  ``kind="auto"``
reads the picture once with the general engine and decides from what it finds: MRZ lines,
the printed labels of a Chinese ID card, or nothing (``kind`` None).
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path
from typing import Literal

import cv2
import numpy as np
from threadpoolctl import threadpool_limits

from kiosk.identity import cnid, cnid_name, consistency, mrz
from kiosk.identity.engines import (
    Box,
    EngineName,
    OcrEngine,
    RapidOcrEngine,
    TextLine,
    get_engine,
    spare_core,
)
from kiosk.identity.mrz_reader import (
    MrzRead,
    count_mrz_like,
    mrz_line_boxes,
    plainly_mrz,
    read_mrz_full,
    working_copy,
)
from kiosk.identity.mrz_visual import LEAD, ZoneReader, predicted_zone, visual_zone_texts
from kiosk.identity.preprocess import UnreadableImage, find_document_quad, load_image, rectify_card

log = logging.getLogger(__name__)

DocumentKind = Literal["auto", "cn-id", "mrz"]
# Defaults measured with bench/identity.py (see docs/identity-documents.md).
DEFAULT_ENGINES: dict[str, EngineName] = {"mrz": "rapidocr", "cn-id": "rapidocr"}
# A flattened card is read at 800 x 505 (28 px characters) and the detector works at that
# size (no upscaling): same fields on 32 sides as at 1000 px, fewer pixels to detect on.
_CARD_WIDTH = 800
_CARD_MIN_SIDE = 480
# 25 tuning cards read alike at 505, 384, 320 and 256 px; 40 more (seeds 6000-6039) all
# nine fields alike at 320 and 256, CPU per front -7.5 %; at 192 one name was lost.
_CARD_DETECT_SIDE = 256
_CARD_PEEK = 3  # lines read before a card without Chinese is given up as no Chinese ID
_HAN = re.compile(r"[\u4e00-\u9fff]")
_PHOTO_X = 0.6  # right of this fraction of a flattened card front is the portrait
# Long side over short side of a page outline as the picture shows it (perspective
# included).  Tuning seeds 500-699 and cards 6000-6059: Chinese ID card sides 1.506-1.659
# (120), TD1 cards 1.554-1.977 (9), passport pages TD3 1.319-1.456 (24), TD2 1.389-1.461
# (12).  Below this the page is no ID-1 card and its card check is not run: a card read
# as such by mistake is still read, by the MRZ probe's fallback (``_card_lines``).
_ID1_MIN_RATIO = 1.48
# Below this confidence (score x share of agreeing hypotheses) a check-digit-valid MRZ is
# not trusted: on the visible samples every wrong read that passed its check digits scored
# 0.43-0.46 and the right ones 0.46-0.98 (docs/identity-documents.md).
MRZ_MIN_CONFIDENCE = 0.45
# A picture without a page outline is looked at for Chinese text before its card check
# (see _may_be_chinese): 48 tuning card sides (6000-6011, full and half size) read alike.
_PEEK = True
# numpy's OpenBLAS threads spin while they wait: the glyph cells' matrix products took
# 29 ms of CPU with its two threads against 16 ms with one (the wall time fell too).
_BLAS_THREADS = 1

__all__ = ["DocumentResult", "UnreadableImage", "mrz_doubts", "mrz_result", "read_document"]


@dataclass
class DocumentResult:
    """What a document image gave: the JSON shape of ``kiosk ocr --json``."""

    kind: str | None
    fields: dict[str, object] = field(default_factory=dict)
    valid: bool = False
    problems: list[str] = field(default_factory=list)
    confidence: float = 0.0
    elapsed_ms: float = 0.0
    engine: str = ""

    def as_dict(self) -> dict[str, object]:
        """JSON-friendly dict."""
        return asdict(self)

    def __repr__(self) -> str:  # fields hold personal data: keep them out of reprs/logs
        return f"DocumentResult(kind={self.kind!r}, valid={self.valid}, engine={self.engine!r})"


_choice = threading.local()  # per-call engine choice per kind (set by read_document)


def _engine(kind: str, engine: EngineName | OcrEngine | None) -> OcrEngine:
    if isinstance(engine, OcrEngine):
        return engine
    chosen = getattr(_choice, "engines", None) or DEFAULT_ENGINES
    return get_engine(engine or chosen.get(kind, DEFAULT_ENGINES[kind]))


def _verdict(checks_pass: bool, problems: list[str]) -> bool:
    """Valid: the checks pass and nothing contradicts (expiry is reported, not a contradiction)."""
    return checks_pass and not any(not consistency.is_expiry(p) for p in problems)


def mrz_doubts(read: MrzRead) -> list[str]:
    """Why an MRZ read leaves doubt that the whole visual zone must settle (empty: none).

    A read whose check digits pass, that every hypothesis gave alike, with a confidence
    above :data:`MRZ_MIN_CONFIDENCE` and names that agree between readings is not doubted:
    its visual zone is read only until the MRZ's number and names are found printed there
    (a name no check digit covers can still be misread alike by every hypothesis, as
    JONES read JNES).  On 40 tuning documents (seeds 500-539) the whole zone of such reads
    found no wrong field and raised two false alarms (its own misreadings).
    """
    if read.result is None:
        return []
    out = []
    if not read.result.valid:
        out.append("check digits fail")
    if read.confidence < MRZ_MIN_CONFIDENCE:
        out.append("low confidence")
    if read.agreeing < read.hypotheses:
        out.append("hypotheses disagree")
    if read.problems:  # names outside every check digit read differently
        out.append("names disagree")
    return out


def mrz_result(
    read: MrzRead, name: str, cross_check: bool = False, zone: ZoneReader | None = None
) -> DocumentResult:
    """The document result of an MRZ read by engine ``name``: checks, doubts, visual zone.

    ``zone`` holds the visual-zone lines a worker thread recognised during the read.
    """
    assert read.result is not None
    result = read.result
    fields = result.as_fields()
    problems = consistency.check_mrz(fields, result.checks) + read.problems
    # What the page prints above the MRZ: names and look-alikes no check digit sees.  A
    # settled read needs its names and number found there; a doubted one the whole zone.
    whole = cross_check or bool(mrz_doubts(read))
    enough = None if whole else partial(consistency.visual_zone_confirms, fields)
    looked_for = [str(fields.get(k) or "") for k in ("number", "surname", "names")]
    texts = visual_zone_texts(read, enough, zone, looked_for)
    fields["visual_zone"] = texts
    problems += consistency.check_mrz_against_visual(fields, texts)
    if result.valid and read.confidence < MRZ_MIN_CONFIDENCE:
        problems.append(
            f"lines: the readings agree too little to be trusted (confidence {read.confidence})"
        )
    valid = _verdict(result.valid, problems)
    return DocumentResult("mrz", fields, valid, problems, read.confidence, engine=name)


def _read_mrz_kind(
    img: np.ndarray,
    engine: OcrEngine,
    boxes: list[np.ndarray] | None = None,
    cross_check: bool = False,
) -> DocumentResult:
    if boxes is None:
        boxes = mrz_line_boxes(img)
    # The visual zone the detection predicts is recognised on a worker thread while the
    # glyph cells read the MRZ here (both release the GIL): two cores instead of one,
    # when one is free.  On a busy machine the worker only adds CPU time (52 tuning and
    # visible documents at load 10: CPU +22 ms a document at the median, wall no better).
    work = working_copy(img)
    predicted = predicted_zone(work, boxes) if _spare_core() else []
    zone = ZoneReader(work, predicted, LEAD) if predicted else None
    try:
        # A doubted MRZ's recogniser shares the engine's lock with the worker: the zone's
        # lines on speculation would delay it (and are wasted when no MRZ is found).
        read = read_mrz_full(img, engine, boxes=boxes, on_doubt=zone.stop if zone else None)
        if read.result is None:
            return DocumentResult(None, engine=engine.name)
        return mrz_result(read, engine.name, cross_check, zone)
    finally:
        if zone is not None:
            zone.close()


def _spare_core() -> bool:
    """Whether a core is idle: the zone worker's test (the engine's, for its detector)."""
    return spare_core()


def _card_lines(
    img: np.ndarray, engine: OcrEngine, flat: bool | None = None
) -> tuple[list[TextLine], bool, np.ndarray]:
    """The card's text lines; ``flat``: whether a page outline was found (else looked for)."""
    if flat is None:
        flat = find_document_quad(img) is not None
    card = rectify_card(img, width=_CARD_WIDTH) if flat else img
    keep = _left_of_portrait(card.shape[1]) if flat else None
    if flat and isinstance(engine, RapidOcrEngine):
        quads = _detect_card(card, engine)
        return engine.recognise(card, [q for q in quads if keep(_box(q))]), flat, card
    return (
        engine.read_lines(
            card, lang="chi_sim", min_side=_CARD_MIN_SIDE if flat else None, keep=keep
        ),
        flat,
        card,
    )


def _detect_card(card: np.ndarray, engine: RapidOcrEngine) -> list[np.ndarray]:
    """Text boxes of a flattened card, found on a copy ``_CARD_DETECT_SIDE`` high.

    The card's characters are large: the detector finds the same lines on fewer pixels;
    the lines are then read from the full card.
    """
    scale = _CARD_DETECT_SIDE / min(card.shape[:2])
    if scale >= 1:
        return engine.detect(card, _CARD_MIN_SIDE)
    small = cv2.resize(card, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return [q / scale for q in engine.detect(small, _CARD_DETECT_SIDE)]


def _left_of_portrait(width: int):  # noqa: ANN202 - a BoxFilter
    """Boxes that start left of the portrait: the watermark and the photo are not read."""
    return lambda box: box[0] < _PHOTO_X * width


_CardLines = tuple[list[TextLine], bool, np.ndarray]  # as _card_lines returns them


def _card_first(
    img: np.ndarray, general: RapidOcrEngine
) -> tuple[DocumentResult | None, Callable[[], _CardLines]]:
    """A card-shaped picture: one detection on the flattened card tells card from MRZ.

    Returns the card's reading, or None when it has MRZ lines (a TD1 card) or no card
    labels, for the MRZ path to try; and a function giving the flattened card's lines
    (what :func:`_card_lines` would give) without detecting or reading any line again.
    Saves the whole-scene detection a card never needs.
    """
    card = rectify_card(img, width=_CARD_WIDTH)
    quads = _detect_card(card, general)
    keep = _left_of_portrait(card.shape[1])
    kept = sorted((q for q in quads if keep(_box(q))), key=lambda q: (_box(q)[1], _box(q)[0]))
    lines: list[TextLine] = []
    done = 0

    def read(upto: int | None = None) -> _CardLines:
        nonlocal done
        upto = len(kept) if upto is None else min(upto, len(kept))
        if upto > done:
            lines.extend(general.recognise(card, kept[done:upto]))
            done = upto
        return lines, True, card

    if plainly_mrz(quads):  # the MRZ path reads it (its lines are not needed)
        return None, read
    # A Chinese ID card's top lines are Chinese (the name line, the back's title): when
    # the first few hold no Chinese character it is no such card and the rest is not read.
    read(_CARD_PEEK)
    if not any(_HAN.search(t.text) for t in lines):
        return None, read
    read()
    if cnid.classify(lines) is None or sum(mrz.looks_like_mrz(t.text) for t in lines) >= 2:
        return None, read
    return _cn_id_from_lines(lines, True, card.shape[1], general.name, card, general), read


def _id1_shaped(quad: np.ndarray) -> bool:
    """Whether a page outline may be an ID-1 card (Chinese ID card, TD1), not a passport page."""
    tl, tr, br, bl = quad
    w = (np.linalg.norm(tr - tl) + np.linalg.norm(br - bl)) / 2
    h = (np.linalg.norm(bl - tl) + np.linalg.norm(br - tr)) / 2
    return max(w, h) >= _ID1_MIN_RATIO * max(min(w, h), 1.0)


def _may_be_chinese(img: np.ndarray, boxes: list[np.ndarray], general: OcrEngine) -> bool:
    """Whether a picture without a page outline may be a Chinese ID card, by its text.

    Such a picture's card check detects the whole picture at its own size (1.4-2.7 s of
    CPU at 1600 x 1200, the slowest tuning document).  The MRZ probe's detection has
    already boxed its text: those lines (but the MRZ-like ones) are recognised from the
    full picture, top first, until one holds a Chinese character; none, and no card
    labels can be found (``cnid.classify`` needs Chinese ones).
    """
    every = getattr(boxes, "every", None)
    if not every or not isinstance(general, RapidOcrEngine):
        return True  # nothing to tell by: the card check as before
    scale = img.shape[1] / working_copy(img).shape[1]
    for box in sorted(every, key=lambda b: float(b[:, 1].min())):
        if count_mrz_like([box]):
            continue
        if any(_HAN.search(t.text) for t in general.recognise(img, [box * scale])):
            return True
    return False


def _box(quad: np.ndarray) -> Box:
    x0, y0 = quad.min(axis=0)
    x1, y1 = quad.max(axis=0)
    return int(x0), int(y0), int(x1), int(y1)


def _read_cn_id(img: np.ndarray, engine: OcrEngine) -> DocumentResult:
    lines, flat, card = _card_lines(img, engine)
    return _cn_id_from_lines(lines, flat, card.shape[1], engine.name, card, engine)


def _cn_id_from_lines(
    lines: list[TextLine],
    flat: bool,
    width: int,
    name: str,
    card: np.ndarray | None = None,
    engine: OcrEngine | None = None,
) -> DocumentResult:
    kind = cnid.classify(lines)
    if kind == "cn-id-front" and flat:
        lines = [t for t in lines if (t.box[0] + t.box[2]) / 2 < _PHOTO_X * width]
    parsed = cnid.parse(lines, kind)
    if parsed is None:
        return DocumentResult(None, engine=name)
    problems = consistency.check_cn_id(parsed.fields)
    if parsed.kind == "cn-id-front" and card is not None and engine is not None:
        voted, doubts = cnid_name.second_pass(card, lines, parsed.fields.get("name"), engine)
        parsed.fields["name"] = voted
        problems += doubts
    valid = _verdict(parsed.valid, problems)
    return DocumentResult(
        parsed.kind, parsed.fields, valid, problems, parsed.confidence, engine=name
    )


def _read_auto(
    img: np.ndarray, engine: EngineName | OcrEngine | None, cross_check: bool = False
) -> DocumentResult:
    general = _engine("cn-id", engine)
    mrz_engine = _engine("mrz", engine)
    seen = None  # the flattened card's lines, detected and read once
    quad = find_document_quad(img)
    # A passport page's outline is plainly not ID-1: its card check (~80 ms) is not run.
    if isinstance(general, RapidOcrEngine) and quad is not None and _id1_shaped(quad):
        card, seen = _card_first(img, general)
        if card is not None:
            return card
    # The MRZ reader's detection, done once: kept for it whatever the card check says.
    boxes = mrz_line_boxes(img)
    if plainly_mrz(boxes):  # no card line is that long
        return _read_mrz_kind(img, mrz_engine, boxes, cross_check)
    if seen is None and quad is None and _PEEK and not _may_be_chinese(img, boxes, general):
        return _read_mrz_kind(img, mrz_engine, boxes, cross_check)
    lines, flat, card = seen() if seen else _card_lines(img, general, quad is not None)
    mrz_like = sum(mrz.looks_like_mrz(t.text) for t in lines) >= 2
    if not mrz_like and cnid.classify(lines) is not None:
        return _cn_id_from_lines(lines, flat, card.shape[1], general.name, card, general)
    # Not an ID card: look for an MRZ (the line finder and check digits decide; a photo
    # of a face or anything else ends with kind None).
    return _read_mrz_kind(img, mrz_engine, boxes, cross_check)


def read_document(
    image: np.ndarray | str | Path,
    kind: DocumentKind = "auto",
    engine: EngineName | OcrEngine | None = None,
    engines: Mapping[str, EngineName] | None = None,
    cross_check: bool = False,
) -> DocumentResult:
    """Read one document image (BGR array or file path); UnreadableImage for a bad file.

    ``engine`` forces one engine; otherwise ``engines`` (``{"mrz": ..., "cn-id": ...}``,
    e.g. from ``OcrConfig``) or the measured defaults choose per document kind.  ``kind``
    "auto" detects MRZ or Chinese ID card (front or back) and gives kind None for neither.
    An MRZ document's visual zone (``fields["visual_zone"]``) is compared with the MRZ:
    all of it when :func:`mrz_doubts` finds a doubt or with ``cross_check``, else only
    until the MRZ's number and names are found there.
    """
    start = time.perf_counter()
    img = load_image(image)
    _choice.engines = dict(engines) if engines else None
    if kind not in ("auto", "cn-id", "mrz"):
        raise ValueError(f"unknown document kind {kind!r} (auto, cn-id, mrz)")
    with threadpool_limits(_BLAS_THREADS, user_api="blas"):
        if kind == "mrz":
            result = _read_mrz_kind(img, _engine("mrz", engine), cross_check=cross_check)
        elif kind == "cn-id":
            result = _read_cn_id(img, _engine("cn-id", engine))
        else:
            result = _read_auto(img, engine, cross_check)
    result.elapsed_ms = round((time.perf_counter() - start) * 1000, 1)
    log.info(
        "document read",
        extra={"kind": result.kind, "valid": result.valid, "elapsed_ms": result.elapsed_ms},
    )
    return result
