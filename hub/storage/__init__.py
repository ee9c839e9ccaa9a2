"""The hub's storage: SQLAlchemy 2 async on SQLite (default) or PostgreSQL (a fleet).

Tables are declared per module on one shared ``METADATA`` (``hub.storage.base``); one Alembic
environment (``hub/migrations``) migrates them all at start.
"""
