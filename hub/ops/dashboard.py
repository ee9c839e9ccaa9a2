"""The figures of the branch operations dashboard, from operations events and calls.

Every query is bounded by branch and time (``ix_ops_events_branch_kind_ts``); grouping by
hour is done in SQL so a month of a branch's events never leaves the database as rows.
Percentiles are computed here from the durations of one kind of event.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Integer, and_, cast, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from hub.ops.erlang import servers_needed
from hub.ops.tables import ops_events as ev
from hub.storage.tables import calls, people

ABANDONED = ("cancelled", "timed_out")
SILENT_AFTER_S = 15 * 60  # a terminal with no event for this long is reported silent


@dataclass(frozen=True)
class Query:
    """What the dashboard shows: some branches, a time range (epoch seconds)."""

    branches: tuple[str, ...]
    start: float
    end: float
    target_wait_s: float = 60.0
    goal: float = 0.8


def _hour(col: Any, dialect: str) -> Any:
    # Epoch hour; PostgreSQL's float-to-int cast rounds, SQLite's truncates.
    if dialect == "postgresql":
        return cast(func.floor(col / 3600), Integer)
    return cast(col / 3600, Integer)


def _in(q: Query, kind: str) -> Any:
    return and_(ev.c.branch.in_(q.branches), ev.c.kind == kind, ev.c.ts >= q.start,
                ev.c.ts < q.end)


def _pct(values: list[float], p: float) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]


async def sessions_per_hour(conn: AsyncConnection, q: Query) -> list[dict[str, Any]]:
    """Sessions started in each hour of the range (hours without any are left out)."""
    hour = _hour(ev.c.ts, conn.dialect.name).label("h")
    rows = await conn.execute(select(hour, func.count()).where(_in(q, "session.start"))
                              .group_by(hour).order_by(hour))
    return [{"hour": int(h) * 3600, "sessions": int(n)} for h, n in rows]


async def handling_times(conn: AsyncConnection, q: Query) -> list[dict[str, Any]]:
    """Median and 90th percentile of each journey's duration (completed or not)."""
    rows = await conn.execute(select(ev.c.journey, ev.c.duration_s)
                              .where(_in(q, "journey.end"), ev.c.duration_s.is_not(None)))
    by: dict[str, list[float]] = defaultdict(list)
    for journey, duration in rows:
        by[journey or "?"].append(float(duration))
    return [{"journey": j, "count": len(v), "median_s": _pct(sorted(v), 50),
             "p90_s": _pct(sorted(v), 90)} for j, v in sorted(by.items())]


async def abandonment(conn: AsyncConnection, q: Query) -> list[dict[str, Any]]:
    """Journeys cancelled or timed out, by journey and the step where it happened."""
    rows = await conn.execute(
        select(ev.c.journey, ev.c.step, func.count()).where(
            _in(q, "journey.end"), ev.c.outcome.in_(ABANDONED))
        .group_by(ev.c.journey, ev.c.step).order_by(func.count().desc()))
    return [{"journey": j, "step": s, "abandoned": int(n)} for j, s, n in rows]


async def devices(conn: AsyncConnection, q: Query) -> list[dict[str, Any]]:
    """Faults and downtime per terminal and device; availability over the range."""
    span = max(q.end - q.start, 1.0)
    out: dict[tuple[str, str], dict[str, Any]] = {}
    rows = await conn.execute(
        select(ev.c.terminal_id, ev.c.device, ev.c.kind, func.count(),
               func.coalesce(func.sum(ev.c.duration_s), 0.0))
        .where(ev.c.branch.in_(q.branches), ev.c.kind.in_(("device.fault", "device.recovered")),
               ev.c.ts >= q.start, ev.c.ts < q.end)
        .group_by(ev.c.terminal_id, ev.c.device, ev.c.kind))
    for terminal, device, kind, n, down in rows:
        item = out.setdefault((terminal, device or "?"), {
            "terminal": terminal, "device": device or "?", "faults": 0, "down_s": 0.0})
        if kind == "device.fault":
            item["faults"] = int(n)
        else:
            item["down_s"] = float(down)
    for item in out.values():
        item["availability"] = max(0.0, 1.0 - item["down_s"] / span)
    return sorted(out.values(), key=lambda i: (i["terminal"], i["device"]))


async def queue_waits(conn: AsyncConnection, q: Query) -> list[dict[str, Any]]:
    """Waits of answered calls by hour: count, median and 90th percentile."""
    rows = await conn.execute(
        select(calls.c.queued_at, calls.c.accepted_at).where(
            calls.c.branch.in_(q.branches), calls.c.accepted_at.is_not(None),
            calls.c.queued_at >= q.start, calls.c.queued_at < q.end))
    by: dict[int, list[float]] = defaultdict(list)
    for queued, accepted in rows:
        by[int(queued // 3600) * 3600].append(max(0.0, accepted - queued))
    return [{"hour": h, "calls": len(v), "median_s": _pct(sorted(v), 50),
             "p90_s": _pct(sorted(v), 90)} for h, v in sorted(by.items())]


async def teller_utilisation(conn: AsyncConnection, q: Query) -> list[dict[str, Any]]:
    """Per teller: calls, time on calls, and that time's share of the hours they took calls."""
    rows = await conn.execute(
        select(people.c.display_name, calls.c.accepted_at, calls.c.ended_at)
        .join(people, people.c.id == calls.c.teller_id)
        .where(calls.c.branch.in_(q.branches), calls.c.accepted_at.is_not(None),
               calls.c.accepted_at >= q.start, calls.c.accepted_at < q.end))
    by: dict[str, dict[str, Any]] = {}
    for name, accepted, ended in rows:
        item = by.setdefault(name, {"teller": name, "calls": 0, "busy_s": 0.0, "hours": set()})
        item["calls"] += 1
        item["busy_s"] += max(0.0, (ended or accepted) - accepted)
        item["hours"].add(int(accepted // 3600))
    out = []
    for item in by.values():
        hours = item.pop("hours")
        item["active_hours"] = len(hours)
        item["utilisation"] = min(1.0, item["busy_s"] / (len(hours) * 3600.0))
        out.append(item)
    return sorted(out, key=lambda i: i["teller"])


async def warnings(conn: AsyncConnection, q: Query, now: float) -> list[dict[str, Any]]:
    """Devices whose last event is a fault; terminals silent for ``SILENT_AFTER_S``.

    A fault names paper low or out, the printer out of service, or a device offline.
    """
    last = (select(ev.c.terminal_id, ev.c.device, func.max(ev.c.ts).label("ts"))
            .where(ev.c.branch.in_(q.branches),
                   ev.c.kind.in_(("device.fault", "device.recovered")))
            .group_by(ev.c.terminal_id, ev.c.device).subquery())
    rows = await conn.execute(
        select(ev.c.terminal_id, ev.c.device, ev.c.kind, ev.c.ts, ev.c.fields)
        .join(last, and_(last.c.terminal_id == ev.c.terminal_id, last.c.device == ev.c.device,
                         last.c.ts == ev.c.ts)))
    out = []
    for terminal, device, kind, ts, fields in rows:
        if kind != "device.fault":
            continue
        f = json.loads(fields)
        state, paper = f.get("state", ""), f.get("paper", "")
        if device == "printer" and paper in ("low", "out"):
            what = f"paper {paper}"
        elif device == "printer":
            what = f"printer out of service ({state})"
        else:
            what = f"{device} {state or 'offline'}"
        out.append({"terminal": terminal, "device": device, "since": ts, "warning": what})
    seen = await conn.execute(select(ev.c.terminal_id, func.max(ev.c.received_at))
                              .where(ev.c.branch.in_(q.branches)).group_by(ev.c.terminal_id))
    for terminal, at in seen:
        if now - at > SILENT_AFTER_S:
            out.append({"terminal": terminal, "device": "", "since": at,
                        "warning": "no operations events (terminal offline?)"})
    return sorted(out, key=lambda w: (w["terminal"], w["device"]))


def _weekly(stamps_durations: list[tuple[float, float | None]], q: Query
            ) -> dict[tuple[int, int], tuple[float, float]]:
    """(weekday, hour) -> (arrivals per hour, mean handling time) over the range's weeks."""
    days: dict[int, int] = defaultdict(int)  # weekday -> how many of them the range holds
    day = dt.datetime.fromtimestamp(q.start, dt.UTC).date()
    last = dt.datetime.fromtimestamp(max(q.start, q.end - 1), dt.UTC).date()
    while day <= last:
        days[day.weekday()] += 1
        day += dt.timedelta(days=1)
    count: dict[tuple[int, int], int] = defaultdict(int)
    durations: dict[tuple[int, int], list[float]] = defaultdict(list)
    for ts, duration in stamps_durations:
        when = dt.datetime.fromtimestamp(ts, dt.UTC)
        key = (when.weekday(), when.hour)
        count[key] += 1
        if duration is not None:
            durations[key].append(duration)
    return {k: (n / max(days[k[0]], 1), statistics.fmean(durations[k]) if durations[k] else 0.0)
            for k, n in count.items()}


async def staffing(conn: AsyncConnection, q: Query) -> dict[str, Any]:
    """Servers needed for each hour of a typical week, with their inputs.

    Counters (terminals) for the measured sessions and tellers for the measured calls, each
    answering ``goal`` of customers within ``target_wait_s``.
    """
    sessions = (await conn.execute(select(ev.c.ts, ev.c.duration_s)
                                   .where(_in(q, "session.end")))).all()
    call_rows = (await conn.execute(
        select(calls.c.created_at, calls.c.accepted_at, calls.c.ended_at).where(
            calls.c.branch.in_(q.branches), calls.c.created_at >= q.start,
            calls.c.created_at < q.end))).all()
    calls_in = [(c, (e - a) if a and e else None) for c, a, e in call_rows]
    hours = []
    for label, data in (("counters", _weekly(sessions, q)), ("tellers", _weekly(calls_in, q))):
        for (weekday, hour), (rate, aht) in sorted(data.items()):
            advice = servers_needed(rate, aht, q.target_wait_s, q.goal)
            hours.append({"for": label, "weekday": weekday, "hour": hour,
                          "arrivals_per_hour": round(rate, 3), "handling_s": round(aht, 1),
                          "load_erlangs": round(advice.load_erlangs, 3),
                          "needed": advice.servers,
                          "service_level": round(advice.service_level, 4)})
    return {"target_wait_s": q.target_wait_s, "goal": q.goal, "hours": hours}


async def summary(conn: AsyncConnection, q: Query, now: float) -> dict[str, Any]:
    """Everything the page draws, in one answer."""
    return {
        "branches": list(q.branches), "start": q.start, "end": q.end,
        "sessions_per_hour": await sessions_per_hour(conn, q),
        "handling": await handling_times(conn, q),
        "abandonment": await abandonment(conn, q),
        "devices": await devices(conn, q),
        "queue_waits": await queue_waits(conn, q),
        "tellers": await teller_utilisation(conn, q),
        "warnings": await warnings(conn, q, now),
        "staffing": await staffing(conn, q),
    }
