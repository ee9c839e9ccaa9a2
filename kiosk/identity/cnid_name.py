"""A second reading of a Chinese ID card's name, voted with the first.

The name has no check digit, and one stroke decides between look-alike characters
(涵/酒, 淼/森): the name line is cut out of the flattened card again and recognised twice
more (enlarged, and contrast-stretched), and the three readings are voted character by
character.  Where no two readings agree, the name is reported, not guessed.
"""

from __future__ import annotations

import re
from collections import Counter

import cv2
import numpy as np

from kiosk.identity.engines import OcrEngine, TextLine

_HAN = re.compile(r"[\u4e00-\u9fff·]")


def _name_text(text: str) -> str:
    return "".join(_HAN.findall(text.replace("姓名", "")))


def _variants(crop: np.ndarray) -> list[np.ndarray]:
    big = cv2.resize(crop, None, fx=1.5, fy=1.5, interpolation=cv2.INTER_CUBIC)
    grey = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY) if crop.ndim == 3 else crop
    clahe = cv2.createCLAHE(clipLimit=2.0, tileGridSize=(2, 8)).apply(grey)
    return [big, cv2.cvtColor(clahe, cv2.COLOR_GRAY2BGR)]


def vote(readings: list[str]) -> tuple[str | None, bool]:
    """The voted name and whether every character had a majority (readings of any length)."""
    readings = [r for r in readings if r]
    if not readings:
        return None, False
    lengths = Counter(len(r) for r in readings).most_common()
    length, count = lengths[0]
    if count < 2:
        whole = Counter(readings).most_common(1)[0]
        return whole[0], whole[1] >= 2
    same = [r for r in readings if len(r) == length]
    out, sure = [], True
    for chars in zip(*same, strict=True):
        char, n = Counter(chars).most_common(1)[0]
        sure &= n >= 2
        out.append(char if n >= 2 else same[0][len(out)])
    return "".join(out), sure


def _after_label(lines: list[TextLine]) -> TextLine | None:
    """The line holding the name: the 姓名 label's own line, or the next one on its row."""
    label = next((t for t in lines if t.text.startswith("姓名")), None)
    if label is None:
        return None
    if _name_text(label.text):
        return label
    y0, y1 = label.box[1], label.box[3]
    row = [t for t in lines if t is not label and y0 <= (t.box[1] + t.box[3]) / 2 <= y1
           and t.box[0] >= label.box[0]]  # fmt: skip
    return min(row, key=lambda t: t.box[0], default=None)


def second_pass(
    card: np.ndarray, lines: list[TextLine], name: str | None, engine: OcrEngine
) -> tuple[str | None, list[str]]:
    """The name voted over three readings, and a problem when they do not settle it."""
    if not name:
        return name, []
    line = next((t for t in lines if name in _name_text(t.text)), None) or _after_label(lines)
    if line is None:
        return name, []
    x0, y0, x1, y1 = line.box
    pad = max(2, int(0.2 * (y1 - y0)))
    crop = card[max(0, y0 - pad) : y1 + pad, max(0, x0 - pad) : x1 + pad]
    if crop.size == 0:
        return name, []
    again = [_name_text(t.text) for t in engine.read_crops(_variants(crop))]
    voted, sure = vote([name, *again])
    if not sure:
        return voted, [f"name: the readings disagree ({' / '.join([name, *again])})"]
    return voted, []
