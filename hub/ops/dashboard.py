"""The figures of the branch operations dashboard, from operations events and calls.

Sessions, handling times, abandonment and the staffing inputs come from the hourly
roll-ups (``hub.ops.rollup``); device faults and warnings from the few device events,
bounded by branch and time (their own partial index, migration 0007); waits and
utilisation from the calls.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from hub.ops.erlang import servers_needed
from hub.ops.rollup import bucket_mid
from hub.ops.tables import device_events
from hub.ops.tables import ops_events as ev
from hub.ops.tables import ops_rollup as ro
from hub.storage.tables import calls, people
from hub.storage.tables import devices as enrolled_devices

SILENT_AFTER_S = 15 * 60  # a terminal with no event for this long is reported silent
# Journeys in a row that the core never confirmed ("pending": kept in the outbox).
PENDING_RUN = 3


@dataclass(frozen=True)
class Query:
    """What the dashboard shows: some branches, a time range (epoch seconds)."""

    branches: tuple[str, ...]
    start: float
    end: float
    target_wait_s: float = 60.0
    goal: float = 0.8


def _pct(values: list[float], p: float) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]


def _hours(q: Query, metric: str) -> Any:
    return and_(ro.c.branch.in_(q.branches), ro.c.metric == metric,
                ro.c.hour >= int(q.start // 3600), ro.c.hour < math.ceil(q.end / 3600))


def _hist_pct(buckets: list[tuple[int, int]], p: float) -> float | None:
    """The ``p``-th percentile of a histogram ``[(lower bound, count)]`` (bucket middle)."""
    total = sum(n for _, n in buckets)
    if not total:
        return None
    rank, seen = max(1.0, p / 100 * total), 0
    for lower, n in sorted(buckets):
        seen += n
        if seen >= rank:
            return bucket_mid(lower)
    return bucket_mid(max(b for b, _ in buckets))


async def sessions_per_hour(conn: AsyncConnection, q: Query) -> list[dict[str, Any]]:
    """Sessions started in each hour of the range (hours without any are left out)."""
    rows = await conn.execute(select(ro.c.hour, func.sum(ro.c.count)).where(
        _hours(q, "sessions")).group_by(ro.c.hour).order_by(ro.c.hour))
    return [{"hour": int(h) * 3600, "sessions": int(n)} for h, n in rows]


async def handling_times(conn: AsyncConnection, q: Query) -> list[dict[str, Any]]:
    """Median and 90th percentile of each journey's duration (completed or not)."""
    rows = await conn.execute(select(ro.c.journey, ro.c.step, func.sum(ro.c.count)).where(
        _hours(q, "journey_end")).group_by(ro.c.journey, ro.c.step))
    by: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for journey, lower, n in rows:
        by[journey].append((int(lower), int(n)))
    return [{"journey": j, "count": sum(n for _, n in v), "median_s": _hist_pct(v, 50),
             "p90_s": _hist_pct(v, 90)} for j, v in sorted(by.items())]


async def abandonment(conn: AsyncConnection, q: Query) -> list[dict[str, Any]]:
    """Journeys cancelled or timed out, by journey and the step where it happened."""
    total = func.sum(ro.c.count)
    rows = await conn.execute(select(ro.c.journey, ro.c.step, total).where(
        _hours(q, "abandoned")).group_by(ro.c.journey, ro.c.step).order_by(total.desc()))
    return [{"journey": j, "step": s, "abandoned": int(n)} for j, s, n in rows]


async def devices(conn: AsyncConnection, q: Query) -> list[dict[str, Any]]:
    """Faults and downtime per terminal and device; availability over the range."""
    span = max(q.end - q.start, 1.0)
    out: dict[tuple[str, str], dict[str, Any]] = {}
    rows = await conn.execute(
        select(ev.c.terminal_id, ev.c.device, ev.c.kind, func.count(),
               func.coalesce(func.sum(ev.c.duration_s), 0.0))
        .where(ev.c.branch.in_(q.branches), device_events(), ev.c.ts >= q.start,
               ev.c.ts < q.end)
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

    A fault names paper low or out, the printer out of service, or a device offline.  Each
    warning has an English ``warning`` and a ``code`` (with ``state``) the page translates.
    """
    last = (select(ev.c.terminal_id, ev.c.device, func.max(ev.c.ts).label("ts"))
            .where(ev.c.branch.in_(q.branches), device_events())
            .group_by(ev.c.terminal_id, ev.c.device).subquery())
    rows = await conn.execute(
        select(ev.c.terminal_id, ev.c.device, ev.c.kind, ev.c.ts, ev.c.fields)
        .join(last, and_(last.c.terminal_id == ev.c.terminal_id, last.c.device == ev.c.device,
                         last.c.ts == ev.c.ts))
        # The same bounds as the subquery, so the join walks the device events' index.
        .where(ev.c.branch.in_(q.branches), device_events()))
    out = []
    for terminal, device, kind, ts, fields in rows:
        if kind != "device.fault":
            continue
        f = json.loads(fields)
        state, paper = f.get("state", ""), f.get("paper", "")
        if device == "printer" and paper in ("low", "out"):
            code, what = f"paper_{paper}", f"paper {paper}"
        elif device == "printer":
            code, what = "printer_out_of_service", f"printer out of service ({state})"
        else:
            code, what = "device_state", f"{device} {state or 'offline'}"
        out.append({"terminal": terminal, "device": device, "since": ts, "warning": what,
                    "code": code, "state": state or "offline"})
    # The branch's enrolled terminals, and any that served a customer in the last day.
    d = enrolled_devices
    enrolled = (await conn.execute(select(d.c.id).where(
        d.c.branch.in_(q.branches), d.c.kind == "terminal", d.c.revoked_at.is_(None)))
                ).scalars().all()
    recent = (await conn.execute(select(ev.c.terminal_id).distinct().where(
        ev.c.branch.in_(q.branches), ev.c.kind == "session.start",
        ev.c.ts >= now - 86400))).scalars().all()
    terminals = set(enrolled) | set(recent) | {w["terminal"] for w in out}
    for terminal in sorted(terminals):  # each one a descending walk of its own index
        at = (await conn.execute(select(func.max(ev.c.ts)).where(
            ev.c.terminal_id == terminal))).scalar() or 0.0
        if now - at > SILENT_AFTER_S:  # never heard from: since 0
            out.append({"terminal": terminal, "device": "", "since": at, "code": "silent",
                        "warning": "no operations events (terminal offline?)"})
        last = (await conn.execute(
            select(ev.c.outcome, ev.c.ts).where(ev.c.terminal_id == terminal,
                                                ev.c.kind == "journey.end")
            .order_by(ev.c.ts.desc()).limit(PENDING_RUN))).all()
        if len(last) == PENDING_RUN and all(o == "pending" for o, _ in last):
            out.append({"terminal": terminal, "device": "core", "since": last[-1][1],
                        "code": "core_pending", "journeys": PENDING_RUN,
                        "warning": f"no core success in the last {PENDING_RUN} journeys "
                                   "(outbox backing up)"})
    return sorted(out, key=lambda w: (w["terminal"], w["device"]))


def _weekdays(q: Query) -> dict[int, int]:
    """Weekday -> how many of them the range holds."""
    days: dict[int, int] = defaultdict(int)
    day = dt.datetime.fromtimestamp(q.start, dt.UTC).date()
    last = dt.datetime.fromtimestamp(max(q.start, q.end - 1), dt.UTC).date()
    while day <= last:
        days[day.weekday()] += 1
        day += dt.timedelta(days=1)
    return days


def _weekly(hours: Iterable[tuple[int, int, float]], q: Query
            ) -> dict[tuple[int, int], tuple[float, float]]:
    """(weekday, hour) -> (arrivals per hour, mean handling time).

    From hourly ``(epoch hour, count, summed seconds)``.
    """
    days = _weekdays(q)
    count: dict[tuple[int, int], int] = defaultdict(int)
    total: dict[tuple[int, int], float] = defaultdict(float)
    for hour, n, seconds in hours:
        when = dt.datetime.fromtimestamp(hour * 3600, dt.UTC)
        key = (when.weekday(), when.hour)
        count[key] += n
        total[key] += seconds
    return {k: (n / max(days[k[0]], 1), total[k] / n) for k, n in count.items() if n}


async def staffing(conn: AsyncConnection, q: Query) -> dict[str, Any]:
    """Servers needed for each hour of a typical week, with their inputs.

    Counters (terminals) for the measured sessions and tellers for the measured calls, each
    answering ``goal`` of customers within ``target_wait_s``.
    """
    sessions = [(int(h), int(n), float(t)) for h, n, t in await conn.execute(
        select(ro.c.hour, func.sum(ro.c.count), func.sum(ro.c.sum_s))
        .where(_hours(q, "session_end")).group_by(ro.c.hour))]
    call_rows = (await conn.execute(
        select(calls.c.created_at, calls.c.accepted_at, calls.c.ended_at).where(
            calls.c.branch.in_(q.branches), calls.c.created_at >= q.start,
            calls.c.created_at < q.end))).all()
    calls_in = [(int(c // 3600), 1, (e - a) if a and e else 0.0) for c, a, e in call_rows]
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
