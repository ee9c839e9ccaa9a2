"""The terminal inside cage (the kiosk session's compositor), headless: its first frame.

cage refuses to run as root, so as root it runs in a user namespace (NOTES.md); wlroots'
headless backend with the pixman renderer needs no GPU.  The terminal's READY=1 (sent after
its first frame) tells the test when to take the screenshot with grim.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    not (shutil.which("cage") and shutil.which("grim") and shutil.which("Xwayland")),
    reason="needs Debian's cage, xwayland and grim",
)


def cage_command(app: list[str]) -> list[str]:
    """cage headless (rotated twice, so grim sees live frames: NOTES.md), in a userns as root."""
    cage = ["cage", "-d", "-r", "-r", "--", *app]
    if os.geteuid() == 0:
        return ["unshare", "--user", "--map-user=1000", "--map-group=1000", *cage]
    return cage


@pytest.mark.timeout(180)
def test_terminal_under_cage_shows_its_attract_screen(tmp_path):
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    notify.bind(str(tmp_path / "notify.sock"))
    notify.settimeout(1.0)
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update({
        "XDG_RUNTIME_DIR": str(runtime), "WLR_BACKENDS": "headless", "WLR_RENDERER": "pixman",
        "WLR_LIBINPUT_NO_DEVICES": "1", "NOTIFY_SOCKET": str(tmp_path / "notify.sock"),
        "QT_QPA_PLATFORM": "wayland", "KIOSK_STORAGE__DATA_DIR": str(tmp_path / "data"),
        "KIOSK_LOG__FILE": str(tmp_path / "kiosk.log"), "HOME": str(tmp_path),
    })  # fmt: skip
    app = [sys.executable, "-m", "kiosk.cli", "run", "--fullscreen", "--quit-after", "60"]
    log = open(tmp_path / "cage.log", "w")
    proc = subprocess.Popen(cage_command(app), cwd=ROOT, env=env, stdout=log, stderr=log)
    try:
        deadline, ready = time.monotonic() + 90, ""
        while time.monotonic() < deadline and "READY=1" not in ready:
            assert proc.poll() is None, (tmp_path / "cage.log").read_text()[-3000:]
            try:
                ready = notify.recv(4096).decode()
            except TimeoutError:
                continue
        assert "READY=1" in ready, (tmp_path / "cage.log").read_text()[-3000:]
        assert "STATUS=screen attract" in ready
        time.sleep(0.5)  # the attract screen's fade-in
        shot = tmp_path / "shot.png"
        grim_env = {**env, "WAYLAND_DISPLAY": "wayland-0"}
        subprocess.run(["grim", str(shot)], env=grim_env, check=True, timeout=30)
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
        notify.close()
    img = Image.open(shot).convert("RGB")
    assert img.size == (1280, 720)  # cage's one headless output, filled by the terminal
    colours = img.getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 50  # a drawn screen, not a blank one
    top = max(colours)[0] / (img.width * img.height)
    assert top < 0.95, f"one colour covers {top:.0%} of the screen"
    # Full screen: the terminal's own background reaches every corner (no cage backdrop).
    corners = {img.getpixel(p) for p in [(2, 2), (1277, 2), (2, 717), (1277, 717)]}
    assert (0, 0, 0) not in corners, corners
