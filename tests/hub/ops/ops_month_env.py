"""A hub (``hub_env``) holding a small generated month of two branches' operations events,
calls answered by a teller, and a branch manager of each branch."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import insert, select

from hub import accounts
from hub.ops.bulk import load_rows
from hub.ops.synthetic import month_rows
from hub.storage.tables import calls, people

MONTH_START = dt.datetime(2026, 11, 1, tzinfo=dt.UTC).timestamp()
DAYS = 30


@dataclass
class Month:
    """What was loaded, for figures computed independently of the hub."""

    rows: list[dict]
    waits: list[float]  # queue waits of branch-0's calls


def load_month(hub_env, sessions_per_day: int = 12) -> Month:
    """Load 4 terminals (branch-0 and branch-1) and 40 calls; add managers mia and max."""
    rows = list(month_rows(4, DAYS, sessions_per_day, start=MONTH_START, branches=2))
    hub_env.passwords.update({"mia": "mia-pw-ops", "max": "max-pw-ops"})
    waits = [5.0 + 7 * i % 90 for i in range(40)]

    async def seed() -> None:
        engine = hub_env.handle.hub.engine
        await load_rows(engine, rows)
        async with engine.begin() as conn:
            for t in range(4):  # the generated terminals are enrolled like real ones
                await accounts.enrol_device(conn, f"T{t:03d}", "terminal", f"branch-{t % 2}")
            for name, branch in (("mia", "branch-0"), ("max", "branch-1")):
                await accounts.create_person(conn, name, hub_env.passwords[name],
                                             {"branch_manager": [branch]})
            ann = (await conn.execute(select(people.c.id).where(people.c.username == "ann"))
                   ).scalar()
            for i, wait in enumerate(waits):
                queued = MONTH_START + (i % 10) * 86400 + 10 * 3600 + i * 60
                await conn.execute(insert(calls).values(
                    id=str(uuid.uuid4()), terminal_id="T000", branch="branch-0", skill="help",
                    language="zh", state="ended", created_at=queued, queued_at=queued,
                    accepted_at=queued + wait, ended_at=queued + wait + 300, teller_id=ann))

    hub_env.handle.run(seed())
    return Month(rows, waits)
