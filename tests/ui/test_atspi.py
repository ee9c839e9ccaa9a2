"""A screen reader's view over AT-SPI (Xvfb + D-Bus session + Debian's pyatspi).

The terminal runs as `kiosk run` on an X server with Qt's Linux accessibility bridge on;
``atspi_probe.py`` (Debian's python3) lists the controls a screen reader sees and presses
"touch to start" through its AT-SPI action.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = Path(__file__).with_name("atspi_probe.py")
LAUNCHER = Path("/usr/libexec/at-spi-bus-launcher")

SCRIPT = """
set -u
Xvfb :{display} -screen 0 1280x800x24 -nolisten tcp >"{tmp}/xvfb.log" 2>&1 &
XPID=$!
{launcher} --launch-immediately >"{tmp}/atspi.log" 2>&1 &
APID=$!
sleep 1
DISPLAY=:{display} QT_QPA_PLATFORM=xcb QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 \\
  "{python}" -m kiosk.cli run --quit-after 90 >"{tmp}/app.log" 2>&1 &
KPID=$!
DISPLAY=:{display} /usr/bin/python3 "{probe}" branch-kiosk
# The terminal stops first (20 s, then it is killed), the X server after it: an X server
# gone while the terminal stops makes Xlib exit() from Qt's render thread, whose exit
# handlers wait for the GIL the main thread holds while it waits for that thread (a run
# at load 11 hung so, every process left behind).
kill $KPID 2>/dev/null
for _ in $(seq 200); do kill -0 $KPID 2>/dev/null || break; sleep 0.1; done
kill -9 $KPID 2>/dev/null
kill $APID $XPID 2>/dev/null
wait 2>/dev/null
"""


def _missing() -> str:
    for tool in ("Xvfb", "dbus-run-session"):
        if not shutil.which(tool):
            return f"{tool} not installed (Debian xvfb / dbus)"
    if not LAUNCHER.exists():
        return "at-spi2-core not installed"
    probe = subprocess.run(["/usr/bin/python3", "-c", "import pyatspi"], capture_output=True)
    if probe.returncode != 0:
        return "Debian python3-pyatspi not installed"
    return ""


@pytest.mark.timeout(200)
def test_screen_reader_reads_and_operates_the_terminal(tmp_path):
    reason = _missing()
    if reason:
        pytest.skip(f"AT-SPI test needs packaging/debian-packages.txt: {reason}")
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    env.update(
        {
            "KIOSK_STORAGE__DATA_DIR": str(tmp_path / "data"),
            "KIOSK_LOG__FILE": str(tmp_path / "kiosk.log"),
        }
    )
    script = SCRIPT.format(
        display=200 + os.getpid() % 500,
        tmp=tmp_path,
        launcher=LAUNCHER,
        python=sys.executable,
        probe=PROBE,
    )
    # Its own process group: on a timeout the X server, both buses and the terminal are
    # ended with it, not left running.
    proc = subprocess.Popen(
        ["dbus-run-session", "--", "bash", "-c", script],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        stdout, stderr = proc.communicate(timeout=180)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        stdout, stderr = proc.communicate()
    lines = [line for line in stdout.splitlines() if line.startswith("{")]
    assert lines, f"no probe output:\n{stdout}\n{stderr}\n" + (
        (tmp_path / "app.log").read_text() if (tmp_path / "app.log").exists() else ""
    )
    seen = json.loads(lines[-1])
    assert "error" not in seen, seen
    before = {(c["role"], c["name"]) for c in seen["before"]}
    assert ("push button", "触摸屏幕开始") in before
    assert ("push button", "帮助") in before
    assert ("check box", "大字模式") in before
    assert all(c["name"].strip() for c in seen["before"] + seen["after"]), seen
    assert seen["pressed"]
    after = {(c["role"], c["name"]) for c in seen["after"]}
    assert ("push button", "English") in after and ("push button", "简体中文") in after
    assert ("push button", "取消") in after  # a session started: cancel is offered
