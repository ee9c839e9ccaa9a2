"""A real ``kiosk hub --demo`` process on a free loopback port, for the operations tests."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[3]


@dataclass
class HubProcess:
    """The process, its URL and the demo terminal's key (terminal ``terminal-1``)."""

    proc: subprocess.Popen
    url: str
    port: int
    terminal_key: str
    supervisor: tuple[str, str]

    def token(self) -> str:
        """The demo supervisor's bearer token."""
        user, password = self.supervisor
        r = requests.post(f"{self.url}/api/auth/login", json={"username": user,
                                                              "password": password}, timeout=10)
        r.raise_for_status()
        return r.json()["token"]

    def stop(self) -> None:
        """SIGTERM, then wait (the hub closes its database)."""
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)


def start_hub_process(db_url: str, *extra: str) -> HubProcess:
    """Start ``kiosk hub --port 0 --db URL --demo --supervisor sup:...`` and read its banner."""
    supervisor = ("sup", "sup-pw-ops-1")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk.cli", "hub", "--port", "0", "--db", db_url, "--demo",
         "--supervisor", ":".join(supervisor), *extra],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    port, key, lines = 0, "", []
    deadline = time.monotonic() + 60
    assert proc.stdout is not None
    while time.monotonic() < deadline and not key:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        if m := re.match(r"port: (\d+)", line):
            port = int(m.group(1))
        if m := re.match(r"demo terminal: terminal-1 key (\S+)", line):
            key = m.group(1)
    if not (port and key):
        proc.kill()
        raise AssertionError("kiosk hub did not start:\n" + "".join(lines))
    return HubProcess(proc, f"http://127.0.0.1:{port}", port, key, supervisor)
