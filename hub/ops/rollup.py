"""Hourly roll-ups of operations events, added to as events are stored.

A month of a branch is some 30 000 sessions; the dashboard reads their hourly sums instead
(``ops_rollup``).  Handling times are kept as a histogram per day (the dashboard filters
whole UTC days) of one-second buckets (one-minute buckets above ten minutes), so a median
or 90th percentile is exact to the bucket.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from hub.ops.tables import ops_rollup

ABANDONED = ("cancelled", "timed_out")
Key = tuple[str, int, str, str, str]  # branch, hour, metric, journey, step


def bucket(seconds: float) -> int:
    """The lower bound of a duration's histogram bucket."""
    s = max(0.0, seconds)
    return int(s) if s < 600 else 600 + 60 * int((s - 600) // 60)


def bucket_mid(lower: int) -> float:
    """The middle of the bucket starting at ``lower`` (what a percentile reports)."""
    return lower + (0.5 if lower < 600 else 30.0)


def aggregate(rows: Iterable[dict[str, Any]]) -> dict[Key, list[float]]:
    """Roll-up increments ``key -> [count, sum_s]`` of event rows."""
    out: dict[Key, list[float]] = defaultdict(lambda: [0, 0.0])

    def add(row: dict[str, Any], metric: str, journey: str = "", step: str = "",
            seconds: float = 0.0) -> None:
        hour = int(row["ts"] // 3600)
        if metric == "journey_end":  # the histogram by day: a month stays a few thousand rows
            hour -= hour % 24
        item = out[(row["branch"], hour, metric, journey, step)]
        item[0] += 1
        item[1] += seconds

    for row in rows:
        kind, duration = row["kind"], row["duration_s"]
        if kind == "session.start":
            add(row, "sessions")
        elif kind == "session.end" and duration is not None:
            add(row, "session_end", seconds=duration)
        elif kind == "journey.end":
            journey = row["journey"] or "?"
            if duration is not None:
                add(row, "journey_end", journey, str(bucket(duration)), duration)
            if row["outcome"] in ABANDONED:
                add(row, "abandoned", journey, row["step"] or "?")
    return out


async def add_rollups(conn: AsyncConnection, increments: dict[Key, list[float]]) -> None:
    """Add ``increments`` to the stored roll-ups (atomic upserts; safe across hub processes)."""
    if not increments:
        return
    values = [{"branch": b, "hour": h, "metric": m, "journey": j, "step": s, "count": int(c),
               "sum_s": float(t)} for (b, h, m, j, s), (c, t) in sorted(increments.items())]
    # Sorted: concurrent batches lock the same roll-up rows in one order (no deadlock on PG).
    ins = (pg_insert if conn.dialect.name == "postgresql" else sqlite_insert)(ops_rollup)
    stmt = ins.on_conflict_do_update(
        index_elements=["branch", "hour", "metric", "journey", "step"],
        set_={"count": ops_rollup.c.count + ins.excluded.count,
              "sum_s": ops_rollup.c.sum_s + ins.excluded.sum_s})
    for i in range(0, len(values), 5000):
        await conn.execute(stmt, values[i:i + 5000])
