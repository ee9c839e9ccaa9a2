"""Alembic environment of the hub: one for every module's tables (run by hub.storage.engine)."""

from __future__ import annotations

from alembic import context

import hub.ops.tables  # noqa: F401 - registers the operations events table
import hub.prearrival.tables  # noqa: F401 - registers the pre-applications table
import hub.queue.tables  # noqa: F401 - registers appointments and queue tickets
import hub.storage.tables  # noqa: F401 - registers the teller tables on METADATA
from hub.storage.base import METADATA


def run() -> None:
    """Migrate on the connection hub.storage.engine.migrate hands over."""
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise SystemExit("hub migrations run at hub start (hub.storage.engine.migrate)")
    context.configure(connection=connection, target_metadata=METADATA, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


# Alembic's context exists only while Alembic runs this file (not when a test imports it).
if hasattr(context, "config"):
    run()
