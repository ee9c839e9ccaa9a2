"""The hidden gesture that opens the technician's entry pad: long presses on two corners in turn.

A customer leaning on the screen presses one corner, or several at once; a technician
holds the top-left corner, lets go, then holds the bottom-right corner within
``within`` seconds.  The QML corner areas report each completed long press here.
"""

from __future__ import annotations

import time
from collections.abc import Callable

SEQUENCE = ("top_left", "bottom_right")


class CornerGesture:
    """Recognises ``sequence`` of corner long presses, each within ``within`` of the last."""

    def __init__(self, sequence: tuple[str, ...] = SEQUENCE, within: float = 10.0,
                 clock: Callable[[], float] = time.monotonic) -> None:  # fmt: skip
        self.sequence, self.within, self.clock = sequence, within, clock
        self._done = 0
        self._last = 0.0

    def held(self, corner: str) -> bool:
        """A long press on ``corner`` completed; True when it finishes the gesture."""
        now = self.clock()
        if self._done and now - self._last > self.within:
            self._done = 0  # too slow: start again
        if corner == self.sequence[self._done]:
            self._done += 1
            self._last = now
        else:
            self._done = 1 if corner == self.sequence[0] else 0
            self._last = now
        if self._done == len(self.sequence):
            self._done = 0
            return True
        return False
