"""The visual zone of an MRZ document: the printed lines above the MRZ, read for cross-checks.

The detector has already boxed every text line of the picture while looking for the MRZ
(:class:`kiosk.identity.mrz_reader.MrzRead` keeps them), so reading the visual zone costs
only the recognition of the short lines above the MRZ, within its width: no second
detection.  What the lines say is compared with the MRZ by
:func:`kiosk.identity.consistency.check_mrz_against_visual`.

:class:`ZoneReader` starts that recognition on a worker thread as soon as the detection
is done, on the zone the detection predicts, while the calling thread reads the MRZ's
glyph cells: ONNX Runtime and numpy's large operations release the GIL, so the two use
both cores of a terminal that has one free (``documents`` starts it only then).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from functools import partial

import numpy as np

from kiosk.identity.engines import RapidOcrEngine, TextLine, get_engine
from kiosk.identity.mrz_reader import MrzRead, box_size, count_mrz_like

log = logging.getLogger(__name__)

# A data page is at most ~0.75 times as tall as its MRZ is wide (TD3 88 x 125 mm, the MRZ
# ~112 mm); ID-1 cards ~0.6.  Further up is another page or the desk.
_PAGE_HEIGHT = 0.8
_MAX_LINES = 32
# A settled read's zone is checked after each line: lines are recognised one at a time
# anyway (engines._rec); 52 tuning and visible documents gave the same verdicts as with a
# check every six lines, visual zone CPU -7 %.
# Lines recognised on speculation while the MRZ is read: a settled read needed 10-14 of
# the zone's lines on tuning documents, and the glyph cells take about as long as eight.
LEAD = 8
# A settled read looks for the number and names in the zone's taller lines first (at
# least this many MRZ line heights: values, not the small bilingual labels), then the
# rest, each top first.  Replayed on the recorded zone texts of 41 settled tuning reads
# (seeds 500-559), lines read until the number and names were found: 592 top first, 524
# so (0.6: 557, 0.8: 570); on 14 visible ones 173 -> 169 (0.8: 157).
TALL = 0.7
# A printed line's length in characters is about this many times its box's width over its
# height: the median over 1,776 one-text zone boxes of 83 settled tuning reads (seeds
# 600-699; 5-95 % quantiles 1.5-3.2).
CHARS_PER_ASPECT = 2.13
# A settled read asks first for the tall boxes whose predicted length is within these
# factors of a looked-for field's (number, surname, given names), then as ``TALL`` orders.
# Replayed on recorded zone texts (bench/zone_order.py), lines read until the number and
# names were found, tall first -> this: seeds 500-599 754 -> 611, 600-699 877 -> 565,
# visible 122 -> 93 ((0.75, 1.33): 614, 560, 126; (0.65, 1.5): 634, 605, 94); 600-699 also
# gave CHARS_PER_ASPECT, so those are tuning figures (the held-out bench: docs).  None: off.
FIT: tuple[float, float] | None = (0.7, 1.4)
# The zone worker starts before the MRZ is read: it can only look for the document
# number's usual length, 9 characters in TD1, TD2 and TD3 documents (ICAO 9303; a long
# TD1 number runs on into the optional field: only the order is affected).
NUMBER_LENGTH = 9


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


def _reading_order(
    top_first: list[np.ndarray], mrz_boxes: list[np.ndarray], lengths: Sequence[int]
) -> list[np.ndarray]:
    """The order a settled read asks for the zone's boxes.

    Tall lines whose predicted length fits one of ``lengths`` (characters) first, then
    the other tall lines, then the rest, each top first.
    """
    if not TALL or not mrz_boxes:
        return top_first
    line_h = float(np.median([box_size(b)[1] for b in mrz_boxes]))
    sizes = [box_size(b) for b in top_first]
    tall = [h >= TALL * line_h for _, h in sizes]
    fits = [t and _fits(w / h, lengths) for (w, h), t in zip(sizes, tall, strict=True)]
    rank = [0 if f else 1 if t else 2 for f, t in zip(fits, tall, strict=True)]
    return [top_first[i] for i in sorted(range(len(top_first)), key=lambda i: rank[i])]


def _fits(aspect: float, lengths: Sequence[int]) -> bool:
    """Whether a box this many times wider than tall may hold one of ``lengths`` characters."""
    if not FIT:
        return False
    chars = CHARS_PER_ASPECT * aspect
    return any(FIT[0] * n <= chars <= FIT[1] * n for n in lengths)


def _engine() -> RapidOcrEngine:
    engine = get_engine("rapidocr")
    assert isinstance(engine, RapidOcrEngine)
    return engine


def _key(box: np.ndarray) -> bytes:
    return np.ascontiguousarray(box, np.float32).tobytes()


def _top_left(box: np.ndarray) -> tuple[int, int]:
    """The order RapidOCR's ``recognise`` gives its lines in: top, then left."""
    x0, y0 = box.min(axis=0)
    return int(y0), int(x0)


def predicted_zone(image: np.ndarray, boxes: list[np.ndarray]) -> list[np.ndarray]:
    """The zone's boxes as the detection predicts them, close to the order a settled read asks.

    The MRZ is not read yet: only the document number's usual length is looked for.  The
    MRZ is taken to be the two lowest lines 16+ times wider than tall among the MRZ
    reader's candidates ``boxes`` (:func:`kiosk.identity.mrz_reader.mrz_line_boxes`);
    every box of that detection is a possible zone line.
    """
    every = list(getattr(boxes, "every", []))
    mrz_like = [b for b in boxes if count_mrz_like([b])]
    if len(mrz_like) < 2 or not every:
        return []
    guess = MrzRead(None, mrz_boxes=mrz_like[-2:], page_boxes=every, image=image)
    return _reading_order(visual_zone_boxes(guess)[::-1], guess.mrz_boxes, (NUMBER_LENGTH,))


class ZoneReader:
    """Recognises the predicted zone's first lines on a worker thread, one at a time.

    :func:`visual_zone_texts` takes each box's lines from it (waiting if the worker is
    on that box) or recognises a box itself when the worker has not reached it or it was
    not predicted: the texts are exactly what reading the boxes in turn gives.  The
    worker reads at most ``lead`` lines, and none after :meth:`stop` (called once the
    MRZ is read: from then on the zone is read where it is needed, so a loaded machine
    pays for no line read in vain beyond those).
    """

    def __init__(self, image: np.ndarray, boxes: list[np.ndarray], lead: int = 0) -> None:
        """Start reading ``boxes`` of ``image`` (the first ``lead`` of them, 0: all)."""
        boxes = boxes[:lead] if lead else boxes
        self._image = image
        self._todo = [_key(b) for b in boxes]
        self._boxes = dict(zip(self._todo, boxes, strict=True))
        self._done: dict[bytes, list[TextLine]] = {}
        self._claimed: set[bytes] = set()  # taken by the worker or by a caller
        self._busy: bytes | None = None  # the line the worker is recognising
        self._stopped = False
        self._cond = threading.Condition()
        self.read_by_worker = 0
        self._thread = threading.Thread(target=self._work, name="visual-zone")
        self._thread.start()

    def _next(self) -> bytes | None:
        with self._cond:
            if self._stopped:
                return None
            for key in self._todo:
                if key not in self._claimed:
                    self._claimed.add(key)
                    self._busy = key
                    return key
            return None

    def _work(self) -> None:
        engine = _engine()
        try:
            while (key := self._next()) is not None:
                lines = engine.recognise(self._image, [self._boxes[key]])
                with self._cond:
                    self._done[key] = lines
                    self._busy = None
                    self.read_by_worker += 1
                    self._cond.notify_all()
        except Exception:  # the caller then recognises the boxes left itself
            log.exception("visual zone worker failed")
        finally:
            with self._cond:
                self._stopped = True
                self._busy = None
                self._cond.notify_all()

    def lines(self, image: np.ndarray, box: np.ndarray) -> list[TextLine]:
        """The recognised lines of ``box`` (of ``image``, the picture the worker reads)."""
        key = _key(box)
        with self._cond:
            self._cond.wait_for(lambda: self._busy != key)
            if key in self._done:
                return self._done[key]
            self._claimed.add(key)
        return _engine().recognise(image, [box])

    def stop(self) -> None:
        """Let the worker end after its current line (not waited for)."""
        with self._cond:
            self._stopped = True
            self._cond.notify_all()

    def wait(self, timeout: float | None = None) -> None:
        """Wait until the worker has read every line it was given (or was stopped)."""
        self._thread.join(timeout)

    def close(self, timeout: float = 30.0) -> None:
        """Stop the worker and wait for it to end.

        No thread may be left inside ONNX Runtime: exiting under one aborts the process.
        """
        self.stop()
        self._thread.join(timeout)
        if self._thread.is_alive():
            log.error("visual-zone worker still running %.0f s after it was stopped", timeout)


def visual_zone_texts(
    read: MrzRead,
    enough: Callable[[list[str]], bool] | None = None,
    reader: ZoneReader | None = None,
    looking_for: Sequence[str] = (),
) -> list[str]:
    """The text lines printed above the MRZ (empty when they cannot be read).

    Read with RapidOCR, whose detector found the boxes, whatever engine read the MRZ.
    With ``enough``, the lines are read one at a time until ``enough(texts so far)``
    holds (a settled MRZ needs only its names and number found): first the tall ones
    (``TALL``) whose length fits one of the ``looking_for`` values (``FIT``).
    ``reader`` gives the lines a worker thread has already recognised.
    """
    boxes = visual_zone_boxes(read)
    if read.image is None or not boxes:
        return []
    image = read.image
    if reader is None:
        engine = _engine()

        def lines(box: np.ndarray) -> list[TextLine]:
            return engine.recognise(image, [box])

    else:
        reader.stop()  # the MRZ is read: no more lines on speculation
        lines = partial(reader.lines, image)
    if enough is None:  # all of them, in the order one recognise call gives them
        return [t.text for box in sorted(boxes, key=_top_left) for t in lines(box)]
    texts: list[str] = []
    # The number and names are printed in the zone's upper part, in its taller lines.
    lengths = [len(v) for v in looking_for if v]
    for box in _reading_order(boxes[::-1], read.mrz_boxes, lengths):
        texts += [t.text for t in lines(box)]
        if enough(texts):
            break
    return texts
