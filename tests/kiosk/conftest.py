"""A real sandbox over HTTP on a free port, with its SQLite file in tmp_path, and a client.

Shared by tests/kiosk/corebank, outbox and sandbox (diagnostics has its own, module-wide).
"""

from __future__ import annotations

import pytest

from kiosk.corebank.client import FineractClient
from kiosk.sandbox.server import start_sandbox


@pytest.fixture
def sandbox(tmp_path):
    handle = start_sandbox(tmp_path / "sandbox.db")
    yield handle
    handle.stop()


@pytest.fixture
def client(sandbox):
    c = FineractClient(sandbox.url, max_retries=2, backoff=0.01)
    yield c
    c.close()
