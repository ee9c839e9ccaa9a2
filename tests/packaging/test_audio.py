"""The shipped echo-cancellation configuration loads in a real PipeWire daemon.

The daemon runs with its own runtime and configuration folders (Debian's pipewire.conf plus
our drop-in) and is stopped by the test; pw-cli then lists the nodes the drop-in creates.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DROP_IN = ROOT / "packaging" / "audio" / "50-branch-kiosk-echo-cancel.conf"
BASE = Path("/usr/share/pipewire/pipewire.conf")


@pytest.mark.skipif(not (shutil.which("pipewire") and BASE.is_file()),
                    reason="needs Debian's pipewire")  # fmt: skip
@pytest.mark.timeout(60)
def test_webrtc_echo_cancel_nodes_appear(tmp_path):
    conf, run = tmp_path / "conf", tmp_path / "run"
    (conf / "pipewire.conf.d").mkdir(parents=True)
    run.mkdir(mode=0o700)
    shutil.copy(BASE, conf)
    shutil.copy(DROP_IN, conf / "pipewire.conf.d")
    env = dict(os.environ, XDG_RUNTIME_DIR=str(run), PIPEWIRE_CONFIG_DIR=str(conf))
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    client = {k: v for k, v in env.items() if k != "PIPEWIRE_CONFIG_DIR"}  # its own client.conf
    log = open(tmp_path / "pipewire.log", "w")
    daemon = subprocess.Popen(["pipewire"], env=env, stdout=log, stderr=log)
    try:
        nodes, deadline = "", time.monotonic() + 20
        while time.monotonic() < deadline and "branch-kiosk-echo-cancel-sink" not in nodes:
            time.sleep(0.2)
            r = subprocess.run(["pw-cli", "ls", "Node"], env=client, capture_output=True,
                               text=True, timeout=10)  # fmt: skip
            nodes = r.stdout
    finally:
        daemon.terminate()
        daemon.wait(10)
        log.close()
    assert 'node.name = "branch-kiosk-echo-cancel-source"' in nodes, (
        tmp_path / "pipewire.log").read_text()[-2000:]
    assert 'node.name = "branch-kiosk-echo-cancel-sink"' in nodes
    assert "aec-webrtc" not in (tmp_path / "pipewire.log").read_text()  # no load error
