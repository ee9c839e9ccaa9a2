"""Ctrl+C and SIGTERM end ``kiosk run`` cleanly: in time, without a traceback, and with
every process it started (the identity helper, the demo customer's worker) gone.

``kiosk run`` runs for real, offscreen, in its own process group with a temporary data
folder.  Ctrl+C is sent as a terminal sends it, to the whole process group (so the helper
gets it too); SIGTERM to the terminal's process only, as systemd's ``KillMode=mixed`` does.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from proc_tree import alive, command_line, descendants

ROOT = Path(__file__).resolve().parents[2]
STOP_WITHIN = 3.0  # seconds, the terminal's promise (issue 9)


def _start(tmp_path: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen",
           "KIOSK_STORAGE__DATA_DIR": str(tmp_path / "data"),
           "KIOSK_LOG__FILE": str(tmp_path / "kiosk.log")}  # fmt: skip
    # Files, not pipes: a helper left behind would hold a pipe open and hang the reading.
    with open(tmp_path / "stdout", "w") as out, open(tmp_path / "stderr", "w") as err:
        return subprocess.Popen([sys.executable, "-m", "kiosk.cli", "run"], cwd=ROOT, env=env,
                                stdout=out, stderr=err, start_new_session=True)  # fmt: skip


def _wait_until_up(proc: subprocess.Popen, tmp_path: Path) -> None:
    """Up means the background services run: their first status snapshot is on disk."""
    snapshot = tmp_path / "data" / "runtime.json"
    deadline = time.monotonic() + 120
    while not snapshot.exists():
        if proc.poll() is not None:
            pytest.fail(f"kiosk run ended at start:\n{(tmp_path / 'stderr').read_text()}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("kiosk run did not start its services within 120 s")
        time.sleep(0.2)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_signal_ends_the_terminal_and_its_helpers(tmp_path, signum):
    proc = _start(tmp_path)
    helpers: list[int] = []
    try:
        _wait_until_up(proc, tmp_path)
        helpers = descendants(proc.pid)
        assert helpers, "the terminal should run its identity helper process"
        if signum == signal.SIGINT:
            os.killpg(proc.pid, signum)  # a terminal's Ctrl+C reaches the whole group
        else:
            proc.send_signal(signum)
        try:
            proc.wait(timeout=STOP_WITHIN)
        except subprocess.TimeoutExpired:
            pytest.fail(f"kiosk run still running {STOP_WITHIN} s after {signum.name}")
        deadline = time.monotonic() + STOP_WITHIN  # orphans need a moment to see EOF
        while any(alive(p) for p in helpers) and time.monotonic() < deadline:
            time.sleep(0.05)
        left = {p: command_line(p) for p in helpers if alive(p)}
        assert not left, f"processes left behind: {left}"
        stderr = (tmp_path / "stderr").read_text()
        assert proc.returncode == 0, stderr
        assert "Traceback" not in stderr, stderr
        log = (tmp_path / "kiosk.log").read_text()
        assert f"{signum.name} received: stopping the terminal" in log
        assert "terminal stopped" in log
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        for pid in helpers:  # never leave a helper running, whatever failed
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
