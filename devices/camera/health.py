"""Frame health checks a camera's consumer runs: black frames and frozen (repeated) frames."""

from __future__ import annotations

from enum import StrEnum

import cv2
import numpy as np


class FrameIssue(StrEnum):
    """What is wrong with the picture, if anything."""

    OK = "ok"
    BLACK = "black"
    FROZEN = "frozen"


class FrameHealth:
    """Feed every frame; reports BLACK for a dark frame, FROZEN after repeated identical frames.

    Real sensors add noise, so consecutive frames are never bit-identical; ``frozen_after``
    identical frames in a row mean a stuck driver, a hung USB bus or a replayed still image.
    """

    def __init__(self, black_level: float = 12.0, frozen_after: int = 5) -> None:
        self.black_level = black_level
        self.frozen_after = frozen_after
        self._last: np.ndarray | None = None
        self._repeats = 0

    def check(self, frame: np.ndarray) -> FrameIssue:
        """Return the issue of this frame given the frames before it."""
        small = cv2.resize(frame, (64, 48), interpolation=cv2.INTER_AREA)
        if (
            self._last is not None
            and small.shape == self._last.shape
            and np.array_equal(small, self._last)
        ):
            self._repeats += 1
        else:
            self._repeats = 0
        self._last = small
        if float(small.mean()) <= self.black_level and float(small.std()) <= self.black_level / 2:
            return FrameIssue.BLACK
        if self._repeats + 1 >= self.frozen_after:
            return FrameIssue.FROZEN
        return FrameIssue.OK

    def reset(self) -> None:
        """Forget previous frames."""
        self._last, self._repeats = None, 0
