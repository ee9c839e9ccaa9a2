"""The one MetaData every hub module declares its tables on, and small column helpers."""

from __future__ import annotations

import time

from sqlalchemy import MetaData

# Named constraints so Alembic migrations are identical on SQLite and PostgreSQL.
METADATA = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def now() -> float:
    """Wall-clock time as stored in every ``*_at`` column (epoch seconds, portable)."""
    return time.time()
