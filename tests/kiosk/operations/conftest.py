"""Fixtures of the operations tests (the terminal itself is in ops_terminal.py)."""

from __future__ import annotations

import pytest
from ops_terminal import Terminal


@pytest.fixture
def terminal(tmp_path):
    t = Terminal(tmp_path / "terminal")
    yield t
    t.close()
