"""A small in-memory rate limit for the routes a customer's phone calls (no credentials).

Per client address, at most ``limit`` requests in any ``window_s``; a fleet's hub processes
each keep their own count, which bounds a guesser per process and is enough for a branch.
"""

from __future__ import annotations

import time
from collections import defaultdict, deque


class RateLimit:
    """Sliding-window counter per key (the client's address)."""

    def __init__(self, limit: int = 30, window_s: float = 60.0) -> None:
        self.limit, self.window_s = limit, window_s
        self._hits: dict[str, deque[float]] = defaultdict(deque)

    def allow(self, key: str, at: float | None = None) -> bool:
        """Count one request of ``key``; False when it is over the limit."""
        now = time.monotonic() if at is None else at
        hits = self._hits[key]
        while hits and hits[0] <= now - self.window_s:
            hits.popleft()
        if len(hits) >= self.limit:
            return False
        hits.append(now)
        if len(self._hits) > 10_000:  # forget idle clients so the table cannot grow unbounded
            for k in [k for k, v in self._hits.items() if not v or v[-1] <= now - self.window_s]:
                del self._hits[k]
        return True
