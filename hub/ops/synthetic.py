"""A generated month of operations events (bench, dashboard tests, demo): no real data.

Sessions arrive mostly in opening hours; each carries a journey with a few steps, and some
are abandoned at a step; printers now and then run low on paper or go offline and recover.
Events are built exactly as a terminal sends them and turned into rows by
``hub.ops.ingest.event_row``, so the allow-list applies here too.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from typing import Any

from hub.ops.ingest import event_row

JOURNEYS = {"transfer": ("account", "payee", "amount", "confirm"),
            "balance": ("account", "show"),
            "open_account": ("document", "face", "details", "confirm")}
HOURS = [0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.5, 1, 3, 6, 8, 8, 7, 7, 8, 8, 7, 5, 3, 2, 1, 0.6,
         0.4, 0.3]  # relative arrivals by hour of day


def _iso(ts: float) -> str:
    return dt.datetime.fromtimestamp(ts, dt.UTC).isoformat(timespec="milliseconds")


def session_events(rng: random.Random, start: float, n: int) -> list[dict[str, Any]]:
    """The ~10 events of one customer session starting at ``start``."""
    session = "".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=16))
    run = "".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=16))
    journey = rng.choices(list(JOURNEYS), weights=(5, 4, 1))[0]
    steps = JOURNEYS[journey]
    abandon = rng.random() < 0.12
    last = rng.randrange(len(steps)) if abandon else len(steps) - 1
    out, t = [], start

    def add(kind: str, at: float, **fields: Any) -> None:
        out.append({"id": f"{n:08x}{len(out):04x}{rng.getrandbits(80):020x}", "ts": _iso(at),
                    "kind": kind, "fields": fields})

    add("session.start", t, session=session)
    add("journey.start", t + 1, session=session, journey=journey, run=run)
    t += 1
    for step in steps[: last + 1]:
        d = round(rng.lognormvariate(2.6, 0.5), 2)
        t += d
        add("journey.step", t, session=session, journey=journey, run=run, step=step,
            duration_s=d)
    outcome = rng.choice(("cancelled", "timed_out")) if abandon else "completed"
    end = {"abandoned_step": steps[last]} if abandon else {}
    add("journey.end", t, session=session, journey=journey, run=run, outcome=outcome,
        step=steps[last], duration_s=round(t - start - 1, 2), **end)
    add("device.busy", start + 2, device="id_reader", seconds=2.5, journey=journey,
        step=steps[0])
    if journey != "balance":
        add("device.busy", start + 3, device="camera", seconds=4.0, journey=journey,
            step=steps[0])
    if journey != "balance" and not abandon:
        add("device.busy", t, device="printer", seconds=3.0, journey=journey, step="confirm")
    add("session.end", t + 2, session=session, reason="cancel" if abandon else "finish",
        duration_s=round(t + 2 - start, 2))
    return out


def month_rows(terminals: int, days: int, sessions_per_day: int, *, start: float,
               branches: int = 1, seed: int = 7, received: float = 0.0) -> Iterator[dict]:
    """Table rows of a generated period: ``terminals`` spread over ``branches``."""
    rng = random.Random(seed)
    n = 0
    for t in range(terminals):
        terminal, branch = f"T{t:03d}", f"branch-{t % branches}"
        for day in range(days):
            base = start + day * 86400
            for _ in range(sessions_per_day):
                hour = rng.choices(range(24), weights=HOURS)[0]
                at = base + hour * 3600 + rng.random() * 3300
                n += 1
                for event in session_events(rng, at, n):
                    yield event_row(event, terminal, branch, received or at + 5)
            if rng.random() < 0.15:  # a printer problem that day, fixed some minutes later
                at = base + rng.randrange(9, 17) * 3600
                down = rng.randrange(120, 3600)
                paper = rng.choice(("low", "out", ""))
                n += 1
                for kind, when, fields in (
                        ("device.fault", at, {"device": "printer", "state": "hardwareError",
                                              "previous": "online", "paper": paper}),
                        ("device.recovered", at + down, {"device": "printer", "state": "online",
                                                         "previous": "hardwareError",
                                                         "down_s": float(down)})):
                    event = {"id": f"{n:08x}{rng.getrandbits(96):024x}", "ts": _iso(when),
                             "kind": kind, "fields": fields}
                    yield event_row(event, terminal, branch, received or when + 5)
