"""Open the hub database (async engine) and migrate it to the newest schema at start."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import event, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

# Alembic announces each of its autogenerate plugins at INFO on every start: noise in the
# terminal's log (the "Running upgrade" lines stay).
logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
# Any constant: serialises concurrent migrations of several hub processes on one PostgreSQL.
_MIGRATION_LOCK = 0x6B696F736B


def normalise_url(url: str) -> str:
    """Accept a plain file path or a SQLAlchemy URL; pick the async driver."""
    if "://" not in url:
        return f"sqlite+aiosqlite:///{Path(url).expanduser()}"
    if url.startswith("sqlite:///"):
        return "sqlite+aiosqlite:///" + url[len("sqlite:///") :]
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+asyncpg://" + url.split("://", 1)[1]
    return url


def is_postgres(engine: AsyncEngine) -> bool:
    """True when the engine speaks to PostgreSQL."""
    return engine.dialect.name == "postgresql"


def create_engine(url: str) -> AsyncEngine:
    """An async engine for ``url``; SQLite gets WAL and foreign keys on every connection."""
    url = normalise_url(url)
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine.sync_engine, "connect")
        def _pragmas(dbapi_conn, _record) -> None:  # noqa: ANN001 - DB-API connection
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        return engine
    return create_async_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)


def _upgrade(conn: Connection) -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, "head")


async def migrate(engine: AsyncEngine) -> None:
    """Bring the schema to Alembic's head (idempotent; safe with several processes on PG)."""
    async with engine.begin() as conn:
        if is_postgres(engine):
            await conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK})
        await conn.run_sync(_upgrade)
