"""The time windows a customer may choose for a callback: the branch's next opening hours."""

from __future__ import annotations

from datetime import datetime, timedelta

OPENING_HOUR, CLOSING_HOUR = 9, 18  # tellers call back during the contact centre's day
WINDOW_HOURS = 2
LEAD = timedelta(minutes=30)  # a window starts at least this far ahead


def callback_windows(now: datetime, count: int = 3) -> list[tuple[datetime, datetime]]:
    """The next ``count`` two-hour windows within opening hours, at least 30 minutes ahead."""
    start = (now + LEAD).replace(minute=0, second=0, microsecond=0)
    if start < now + LEAD:
        start += timedelta(hours=1)
    out: list[tuple[datetime, datetime]] = []
    while len(out) < count:
        if start.hour < OPENING_HOUR:
            start = start.replace(hour=OPENING_HOUR)
        end = start + timedelta(hours=WINDOW_HOURS)
        closing = start.replace(hour=CLOSING_HOUR)
        if end > closing:  # the rest of today is too short: the next morning
            start = (start + timedelta(days=1)).replace(hour=OPENING_HOUR)
            continue
        out.append((start, end))
        start = end
    return out
