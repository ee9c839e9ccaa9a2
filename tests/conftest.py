"""Shared test set-up: offscreen Qt, private XDG folders, the shared sample data, and a
check at the end that the run left no process behind."""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import tempfile
import time
from pathlib import Path

import pytest
from proc_tree import children, command_line, rss_mb
from sample_data import require_testdata

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_xdg = tempfile.mkdtemp(prefix="kiosk-test-xdg-")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_xdg, "config")
os.environ["XDG_CACHE_HOME"] = os.path.join(_xdg, "cache")
os.environ["XDG_RUNTIME_DIR"] = os.path.join(_xdg, "runtime")
os.makedirs(os.environ["XDG_RUNTIME_DIR"], mode=0o700, exist_ok=True)

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def testdata() -> Path:
    """The shared public sample data folder; skips (fails under CI) when it is absent."""
    return require_testdata()


# -- no process left behind ------------------------------------------------------------------
# As a subreaper (Linux), pytest becomes the parent of every orphan its tests' processes leave
# (a daemon that forked away, a helper whose parent was killed), so the check below sees them.
_PR_SET_CHILD_SUBREAPER = 36
if sys.platform == "linux":
    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
# Python's own: it lives as long as this process and ends with it.
_ENDS_WITH_PYTEST = ("multiprocessing.resource_tracker",)
_GRACE_SECONDS = float(os.environ.get("KIOSK_TEST_CHILD_GRACE", "5"))  # for orphans to see EOF


def _left_behind() -> list[int]:
    return [p for p in children(os.getpid())
            if not any(mark in command_line(p) for mark in _ENDS_WITH_PYTEST)]  # fmt: skip


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run if a test left a process alive (after a short grace); then end them."""
    deadline = time.monotonic() + _GRACE_SECONDS
    while _left_behind() and time.monotonic() < deadline:
        time.sleep(0.1)
    left = {p: (command_line(p), rss_mb(p)) for p in _left_behind()}
    for pid in left:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    while True:  # reap what we inherited as subreaper (and just killed)
        try:
            if os.waitpid(-1, os.WNOHANG) == (0, 0):
                break
        except ChildProcessError:
            break
    if left:
        lines = "\n".join(f"  pid {p} ({mb:.0f} MB): {cmd[:160]}" for p, (cmd, mb) in left.items())
        print(f"\nthe test run left {len(left)} process(es) alive (now killed):\n{lines}",
              file=sys.stderr)  # fmt: skip
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
