"""The dashboard's plans on a real PostgreSQL: a bulk load leaves the statistics current,
and the device queries read only the device events even when the statistics are stale.

At a month of 50 terminals the one-branch summary took 0.6 s on PostgreSQL: the planner's
statistics (from before the load) held no events of that branch, so it walked the branch's
300 000 events on the branch/kind/time index and filtered by kind.
"""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from sqlalchemy import event, insert, text

from hub.ops import dashboard
from hub.ops.bulk import load_rows
from hub.ops.synthetic import month_rows
from hub.ops.tables import ops_events
from hub.storage.engine import create_engine, migrate

START = dt.datetime(2026, 11, 1, tzinfo=dt.UTC).timestamp()
DAYS = 10
INDEX = "ix_ops_events_device_events"


@pytest.fixture
def pg_url(pg_server) -> str:
    return pg_server.create_database()


def _month(branch: int, sessions: int) -> list[dict]:
    """Two terminals of ``branch-<branch>`` (the generator numbers branches from 0)."""
    rows = list(month_rows(2 * (branch + 1), DAYS, sessions, start=START, branches=branch + 1,
                           seed=branch))
    return [r for r in rows if r["branch"] == f"branch-{branch}"]


async def _plans(conn, q: dashboard.Query) -> list[str]:
    """EXPLAIN, as generic plans (what a prepared statement settles on after its first
    runs), of the statements of ``dashboard.devices`` and ``warnings`` on device events."""
    seen: list[tuple[str, object]] = []

    def capture(_conn, _cursor, statement, parameters, _context, _many) -> None:  # noqa: ANN001
        if "device.fault" in f"{statement} {parameters}" and not statement.startswith("EXPLAIN"):
            seen.append((statement, parameters))

    sync = conn.sync_connection
    event.listen(sync, "before_cursor_execute", capture)
    try:
        await dashboard.devices(conn, q)
        await dashboard.warnings(conn, q, q.end)
    finally:
        event.remove(sync, "before_cursor_execute", capture)
    await conn.execute(text("SET plan_cache_mode = force_generic_plan"))
    plans = []
    for statement, parameters in seen:
        rows = await conn.exec_driver_sql(f"EXPLAIN {statement}", parameters)
        plans.append("\n".join(r[0] for r in rows))
    return plans


def test_bulk_load_leaves_the_statistics_current(pg_url: str) -> None:
    async def go() -> list[str]:
        engine = create_engine(pg_url)
        await migrate(engine)
        async with engine.begin() as conn:  # nothing but the loader may analyse here
            await conn.execute(text("ALTER TABLE ops_events SET (autovacuum_enabled = false)"))
        await load_rows(engine, _month(0, 20) + _month(1, 20))
        async with engine.connect() as conn:
            values = (await conn.execute(text(
                "SELECT most_common_vals::text FROM pg_stats "
                "WHERE tablename = 'ops_events' AND attname = 'branch'"))).scalar()
        await engine.dispose()
        return values

    values = asyncio.run(go())
    assert values is not None, "no statistics of ops_events.branch after the load"
    assert set(values.strip("{}").split(",")) == {"branch-0", "branch-1"}


def test_device_queries_use_their_index_with_stale_statistics(pg_url: str) -> None:
    async def go() -> tuple[list[str], list[dict], int]:
        engine = create_engine(pg_url)
        await migrate(engine)
        async with engine.begin() as conn:
            await conn.execute(text("ALTER TABLE ops_events SET (autovacuum_enabled = false)"))
        await load_rows(engine, _month(0, 20))  # the statistics know branch-0 only
        later = _month(1, 120)  # then a large branch arrives through plain inserts
        async with engine.begin() as conn:
            await conn.execute(insert(ops_events), later)
        q = dashboard.Query(("branch-1",), START, START + DAYS * 86400)
        async with engine.connect() as conn:
            plans = await _plans(conn, q)
            figures = await dashboard.devices(conn, q)
        await engine.dispose()
        faults = sum(1 for r in later if r["kind"] == "device.fault")
        return plans, figures, faults

    plans, figures, faults = asyncio.run(go())
    assert len(plans) == 2  # the device totals; the warnings' join to each device's last event
    for plan in plans:
        assert INDEX in plan, plan
        assert "ix_ops_events_branch_kind_ts" not in plan, plan
    assert faults > 0 and sum(f["faults"] for f in figures) == faults
