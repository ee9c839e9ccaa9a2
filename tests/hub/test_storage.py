"""Hub storage on SQLite and on a real PostgreSQL: migrations, accounts, the call queue."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import inspect

from hub import accounts, routing
from hub.auth import Principal
from hub.storage.engine import create_engine, migrate


def run(coro):
    return asyncio.run(coro)


async def _fresh(url: str):
    engine = create_engine(url)
    await migrate(engine)
    return engine


def _head() -> str:
    """The newest revision of the migration scripts (one head: the chain is linear)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from hub.storage.engine import MIGRATIONS

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(cfg).get_current_head()


def test_migrations_create_every_table_and_run_twice(db_url: str) -> None:
    async def go():
        engine = await _fresh(db_url)
        await migrate(engine)  # a second start changes nothing
        async with engine.connect() as conn:
            names = await conn.run_sync(lambda c: set(inspect(c).get_table_names()))
            version = (await conn.exec_driver_sql("SELECT version_num FROM alembic_version")).all()
        await engine.dispose()
        return names, version

    names, version = run(go())
    assert {"devices", "people", "person_roles", "calls", "audit", "hub_secrets",
            "recordings", "ops_events", "ops_rollup", "preapplications", "face_templates",
            "recognition_codes", "ops_support_bundles", "callbacks"} <= names
    assert {"appointments", "queue_slots", "queue_tickets", "queue_numbers",
            "queue_events"} <= names  # issue 12
    assert version == [(_head(),)] and _head() == "0008_callbacks"


def test_device_keys_rotate_and_revoke(db_url: str) -> None:
    async def go():
        engine = await _fresh(db_url)
        async with engine.begin() as conn:
            key = await accounts.enrol_device(conn, "t1", "terminal", "b1")
            ok = await accounts.authenticate_device(conn, "t1", key)
            stored = (await accounts.device(conn, "t1"))["key_hash"]
            new = await accounts.rotate_device_key(conn, "t1")
            old_after_rotation = await accounts.authenticate_device(conn, "t1", key)
            new_ok = await accounts.authenticate_device(conn, "t1", new)
            await accounts.revoke_device(conn, "t1")
            after_revoke = await accounts.authenticate_device(conn, "t1", new)
            with pytest.raises(accounts.AccountError):
                await accounts.enrol_device(conn, "t1", "terminal", "b1")
        await engine.dispose()
        return key, ok, stored, old_after_rotation, new_ok, after_revoke

    key, ok, stored, old, new_ok, revoked = run(go())
    assert ok is not None and ok.kind == "terminal" and ok.branch == "b1"
    assert key not in stored  # only the hash is kept
    assert old is None and new_ok is not None and revoked is None


async def _people(conn) -> tuple[Principal, Principal]:
    ann = await accounts.create_person(conn, "ann", "pw", {"teller": ["b1"]})
    bob = await accounts.create_person(conn, "bob", "pw", {"teller": ["b1"]})
    return (Principal("person", str(ann), "ann", roles={"teller": ("b1",)}),
            Principal("person", str(bob), "bob", roles={"teller": ("b1",)}))


def test_queue_puts_elder_mode_first_then_oldest(db_url: str) -> None:
    async def go():
        engine = await _fresh(db_url)
        async with engine.begin() as conn:
            ann, _ = await _people(conn)
            await accounts.set_presence(conn, int(ann.id), "available")
            made = []
            for tid, elder in (("t1", False), ("t2", False), ("t3", True)):
                term = Principal("terminal", tid, tid, branch="b1")
                made.append(await routing.create_call(conn, term, "help", "zh", elder))
            positions = [await routing.queue_position(conn, c) for c in made]
            first = await routing.claim(conn, ann)
        await engine.dispose()
        return made, positions, first

    made, positions, first = run(go())
    assert [p for p, _ in positions] == [2, 3, 1]
    assert first["id"] == made[2]["id"]  # the elder-mode customer
    assert positions[2][1] == 0.0  # a teller is available for the first in line
    assert positions[1][1] > 0


def test_two_tellers_never_take_the_same_call(db_url: str) -> None:
    async def go():
        engine = await _fresh(db_url)
        async with engine.begin() as conn:
            ann, bob = await _people(conn)
            call = await routing.create_call(
                conn, Principal("terminal", "t1", "t1", branch="b1"), "help", "zh", False)

        async def take(who):
            async with engine.begin() as conn:
                return await routing.claim(conn, who, call["id"])

        results = []
        for _ in range(5):  # repeat the race; reset the call in between
            results.append(await asyncio.gather(take(ann), take(bob), return_exceptions=True))
            async with engine.begin() as conn:
                await conn.execute(routing.calls.update().values(state="queued", teller_id=None))
        await engine.dispose()
        return results

    for pair in run(go()):
        winners = [r for r in pair if isinstance(r, dict)]
        # SQLite may refuse the loser with "database is locked"; never two winners.
        assert len(winners) == 1, pair


def test_expected_wait_comes_from_measured_handling_times(db_url: str) -> None:
    async def go():
        engine = await _fresh(db_url)
        async with engine.begin() as conn:
            ann, _ = await _people(conn)
            term = Principal("terminal", "t1", "t1", branch="b1")
            call = await routing.create_call(conn, term, "card_issue", "en", False)
            await routing.claim(conn, ann, call["id"])
            await conn.execute(routing.calls.update().where(routing.calls.c.id == call["id"])
                               .values(accepted_at=1000.0))
            await routing.end_call(conn, call["id"], "done")
            await conn.execute(routing.calls.update().where(routing.calls.c.id == call["id"])
                               .values(ended_at=1240.0))
            measured = await routing.handling_time_s(conn, "card_issue")
            default = await routing.handling_time_s(conn, "help")
        await engine.dispose()
        return measured, default

    measured, default = run(go())
    assert measured == pytest.approx(240.0)
    assert default == routing.DEFAULT_HANDLING_S
