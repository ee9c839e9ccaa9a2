"""Shared test set-up: offscreen Qt, private XDG folders, the shared sample data."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_xdg = tempfile.mkdtemp(prefix="kiosk-test-xdg-")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_xdg, "config")
os.environ["XDG_CACHE_HOME"] = os.path.join(_xdg, "cache")
os.environ["XDG_RUNTIME_DIR"] = os.path.join(_xdg, "runtime")
os.makedirs(os.environ["XDG_RUNTIME_DIR"], mode=0o700, exist_ok=True)

ROOT = Path(__file__).resolve().parent.parent
TESTDATA = ROOT.parent / "shared" / "testdata"


@pytest.fixture(scope="session")
def testdata() -> Path:
    """The shared public sample data folder; skips the test when it is absent."""
    if not TESTDATA.is_dir():
        pytest.skip(f"shared sample data not found at {TESTDATA}")
    return TESTDATA
