"""The card portrait: a pluggable WLT decoder, and the photo area of a scanned card front.

The chip's 1024-byte photo is WLT-compressed; decoding it needs the vendor's licensed
library, so none ships.  Register one with :func:`set_photo_decoder` on a terminal that has
it; without it the face check uses :func:`crop_photo_area` on the card image.
"""

from __future__ import annotations

import threading
from typing import Protocol

import numpy as np

# Portrait position on a flattened second-generation card front, as fractions of the card
# width and height (the specimen generator draws its photo at the same place).
PHOTO_BOX = (0.615, 0.105, 0.925, 0.735)  # x0, y0, x1, y1


class WltDecoder(Protocol):
    """Decodes a WLT-compressed chip photo to a BGR image (usually 102 x 126)."""

    def decode(self, wlt: bytes) -> np.ndarray:
        """Return the photo as a BGR uint8 array."""
        ...


_decoder: WltDecoder | None = None
_lock = threading.Lock()


def set_photo_decoder(decoder: WltDecoder | None) -> None:
    """Install (or remove, with None) the process-wide WLT decoder."""
    global _decoder
    with _lock:
        _decoder = decoder


def decode_photo(wlt: bytes, decoder: WltDecoder | None = None) -> np.ndarray | None:
    """Decode ``wlt`` with ``decoder`` or the installed one; None when there is none."""
    with _lock:
        chosen = decoder or _decoder
    if chosen is None or not wlt or not any(wlt):
        return None
    return chosen.decode(wlt)


def crop_photo_area(card_front: np.ndarray, margin: float = 0.02) -> np.ndarray:
    """Return the portrait area of a flattened (cut-out, landscape) card front image."""
    h, w = card_front.shape[:2]
    x0, y0, x1, y1 = PHOTO_BOX
    return card_front[
        max(0, int((y0 - margin) * h)) : min(h, int((y1 + margin) * h)),
        max(0, int((x0 - margin) * w)) : min(w, int((x1 + margin) * w)),
    ].copy()
