"""``kiosk run`` speaks systemd's notify protocol: READY=1, STATUS=, GUI-loop heartbeats.

The test is the notify socket's listener (an AF_UNIX datagram socket in tmp_path), as systemd
would be, and freezes the terminal's GUI thread on purpose through the test hook.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kiosk.journal import Journal
from ui.watchdog import Notifier

ROOT = Path(__file__).resolve().parents[2]


class Listener:
    """Collects (monotonic time, message) from a notify socket on a thread."""

    def __init__(self, path: Path) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(str(path))
        self.sock.settimeout(0.2)
        self.messages: list[tuple[float, str]] = []
        self._stop = False
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop:
            try:
                data = self.sock.recv(4096)
            except TimeoutError:
                continue
            self.messages.append((time.monotonic(), data.decode()))

    def close(self) -> None:
        self._stop = True
        self._thread.join(2)
        self.sock.close()

    def beats(self) -> list[float]:
        return [t for t, m in self.messages if m == "WATCHDOG=1"]


def test_notifier_abstract_and_missing_socket(tmp_path):
    assert not Notifier({}).send("READY=1")  # outside systemd: nothing, no error
    name = f"kiosk-test-{os.getpid()}"
    rx = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    rx.bind("\0" + name)
    try:
        n = Notifier({"NOTIFY_SOCKET": "@" + name, "WATCHDOG_USEC": "2000000"})
        assert n.watchdog_seconds == 2.0
        assert n.send("READY=1", "STATUS=ok")
        assert rx.recv(100) == b"READY=1\nSTATUS=ok"
        n.close()
    finally:
        rx.close()
    gone = Notifier({"NOTIFY_SOCKET": str(tmp_path / "nobody")})
    assert gone.send("WATCHDOG=1") is False  # receiver gone: reported, never raised


@pytest.mark.timeout(120)
def test_frozen_gui_thread_stops_the_heartbeats(tmp_path):
    freeze_after, freeze_for = 1.0, 3.0
    listener = Listener(tmp_path / "notify.sock")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", NOTIFY_SOCKET=str(tmp_path / "notify.sock"))
    env.update({
        "WATCHDOG_USEC": "400000",  # a beat every 0.2 s
        "KIOSK_TEST_FREEZE_GUI": f"{freeze_after}:{freeze_for}",
        "KIOSK_STORAGE__DATA_DIR": str(tmp_path / "data"),
        "KIOSK_LOG__FILE": str(tmp_path / "kiosk.log"),
    })  # fmt: skip
    quit_after = str(freeze_after + freeze_for + 3)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "kiosk.cli", "run", "--quit-after", quit_after],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=100,
        )  # fmt: skip
    finally:
        listener.close()
    assert result.returncode == 0, result.stderr[-3000:]
    marker = next(ln for ln in result.stdout.splitlines() if ln.startswith("KIOSK_GUI_FROZEN"))
    frozen_at = float(marker.split()[1])
    texts = [m for _, m in listener.messages]
    ready = next(m for m in texts if m.startswith("READY=1"))
    assert "STATUS=screen attract" in ready
    assert texts[-1].startswith("STOPPING=1")
    beats = listener.beats()
    before = [t for t in beats if t < frozen_at]
    during = [t for t in beats if frozen_at + 0.05 < t < frozen_at + freeze_for - 0.2]
    after = [t for t in beats if t > frozen_at + freeze_for]
    assert len(before) >= 3, texts  # beating while the UI runs
    assert during == [], during  # no beat while the GUI thread sleeps
    assert len(after) >= 3  # and beating again once it runs
    # Every start is journaled (naming any session a crash interrupted: none here).
    starts = [r for r in Journal(tmp_path / "data" / "journal.db").records()
              if r["kind"] == "terminal.start"]  # fmt: skip
    assert len(starts) == 1 and starts[0]["interrupted_sessions"] == []
