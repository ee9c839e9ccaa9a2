"""A callback's choices on the terminal: the time windows offered and the phone number rule."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

OPENING_HOUR, CLOSING_HOUR = 9, 18  # tellers call back during the contact centre's day
WINDOW_HOURS = 2
LEAD = timedelta(minutes=30)  # a window starts at least this far ahead
# Mainland mobile (optionally +86 / 0086) or a landline with its area code.
_MOBILE = re.compile(r"^(?:\+?86|0086)?(1[3-9]\d{9})$")
_LANDLINE = re.compile(r"^(0\d{2,3})(\d{7,8})$")


def callback_phone(raw: object) -> str | None:
    """``+86`` and a mobile's 11 digits, a landline's digits with its area code, or None.

    The one rule for the terminal's screen and the hub's check.
    """
    digits = re.sub(r"[\s\-()]", "", str(raw or ""))
    if m := _MOBILE.match(digits):
        return "+86" + m.group(1)
    if m := _LANDLINE.match(digits):
        return m.group(1) + m.group(2)
    return None


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
