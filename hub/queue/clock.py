"""The branch's local calendar: slot start times and the day ticket numbers count in."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo


def zone(name: str) -> ZoneInfo:
    """The branches' time zone."""
    return ZoneInfo(name)


def local_day(ts: float, tz: str) -> str:
    """The local date (YYYY-MM-DD) of epoch time ``ts``."""
    return dt.datetime.fromtimestamp(ts, zone(tz)).date().isoformat()


def slot_starts(day: dt.date, opening: str, minutes: int, tz: str) -> list[float]:
    """Epoch start times of every slot of ``day`` within ``opening`` ("09:00-17:00")."""
    start_s, _, end_s = opening.partition("-")
    start, end = dt.time.fromisoformat(start_s.strip()), dt.time.fromisoformat(end_s.strip())
    t = dt.datetime.combine(day, start, zone(tz))
    stop = dt.datetime.combine(day, end, zone(tz))
    out = []
    while t + dt.timedelta(minutes=minutes) <= stop:
        out.append(t.timestamp())
        t += dt.timedelta(minutes=minutes)
    return out


def iso(ts: float | None, tz: str) -> str | None:
    """Epoch time as local ISO 8601 with its offset (what pages show)."""
    if ts is None:
        return None
    return dt.datetime.fromtimestamp(ts, zone(tz)).isoformat(timespec="minutes")
