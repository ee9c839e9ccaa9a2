"""Load many operations event rows at once: COPY on PostgreSQL, executemany on SQLite."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice

from sqlalchemy import insert, text
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.ops.rollup import add_rollups, aggregate
from hub.ops.tables import ops_events

COLUMNS = [c.name for c in ops_events.columns]


async def load_rows(engine: AsyncEngine, rows: Iterable[dict], chunk: int = 50_000) -> int:
    """Insert ``rows`` (new ids only) and their roll-ups in one transaction; return how many.

    The tables are analysed in the same transaction: a planner still holding the statistics
    of before a large load (ANALYZE is transactional, and autovacuum's comes later) took a
    branch of 300 000 events for an empty one and walked all of them.
    """
    total, it = 0, iter(rows)
    async with engine.begin() as conn:
        raw = None
        if engine.dialect.name == "postgresql":
            raw = (await conn.get_raw_connection()).driver_connection
        while batch := list(islice(it, chunk)):
            if raw is not None:
                await raw.copy_records_to_table(
                    "ops_events", records=[tuple(r[c] for c in COLUMNS) for r in batch],
                    columns=COLUMNS)
            else:
                await conn.execute(insert(ops_events), batch)
            await add_rollups(conn, aggregate(batch))
            total += len(batch)
        await conn.execute(text("ANALYZE ops_events"))
        await conn.execute(text("ANALYZE ops_rollup"))
    return total
