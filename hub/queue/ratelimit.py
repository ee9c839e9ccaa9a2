"""In-memory sliding-window limits for what customers' phones may call (per hub process)."""

from __future__ import annotations

import time
from collections import defaultdict, deque


class RateLimit:
    """At most ``limit`` hits per key within ``window_s`` seconds."""

    def __init__(self, limit: int, window_s: float) -> None:
        self.limit, self.window_s = limit, window_s
        self._hits: dict[str, deque[float]] = defaultdict(deque)

    def _recent(self, key: str) -> deque[float]:
        hits = self._hits[key]
        while hits and hits[0] < time.monotonic() - self.window_s:
            hits.popleft()
        return hits

    def exceeded(self, key: str) -> bool:
        """True when ``key`` has used up its hits."""
        return len(self._recent(key)) >= self.limit

    def hit(self, key: str) -> None:
        """Count one hit for ``key``."""
        self._recent(key).append(time.monotonic())

    def retry_after_s(self, key: str) -> int:
        """Seconds until ``key`` has a hit again."""
        hits = self._recent(key)
        if len(hits) < self.limit:
            return 0
        return max(1, int(hits[0] + self.window_s - time.monotonic()) + 1)
