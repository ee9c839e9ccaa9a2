"""Boot and recovery times of the kiosk session: cage headless + the terminal, supervised.

Writes ``bench/results/boot.json``:

* ``service_start_to_first_frame_s``: cage started -> the terminal's READY=1 (sent after the
  attract screen's first frame), median of a few cold-ish starts;
* ``restart_after_kill_s``: SIGKILL of the terminal -> READY=1 of the restarted session;
* ``watchdog_restart_s``: GUI thread frozen (test hook) -> READY=1 of the restarted session.

These machines have no systemd as PID 1, so :class:`Supervisor` plays its part with the rules
of ``packaging/systemd/branch-kiosk.service``: ``Type=notify`` with ``NotifyAccess=all`` (any
process of the session may send), ``WatchdogSec=`` (no WATCHDOG=1 for that long: SIGABRT to
every process of the session, as KillMode=control-group does, SIGKILL after TimeoutStopSec),
``Restart=always`` after ``RestartSec=``.  On a real terminal, measure the same with
systemd itself (README "Install on a terminal").
"""

from __future__ import annotations

import json
import os
import re
import resource
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UNIT = ROOT / "packaging" / "systemd" / "branch-kiosk.service"
RESULTS = ROOT / "bench" / "results"
STARTS = 3


def unit_setting(name: str, default: float) -> float:
    """A seconds value of the shipped terminal unit (WatchdogSec, RestartSec ...)."""
    m = re.search(rf"^{name}=(\d+(?:\.\d+)?)\s*$", UNIT.read_text(), re.M)
    return float(m.group(1)) if m else default


def _no_core_dumps() -> None:
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


class Supervisor:
    """Runs one command as a notify service: READY/WATCHDOG, restart rules (see module doc)."""

    def __init__(self, command: list[str], env: dict[str, str], workdir: Path) -> None:
        self.command, self.env, self.workdir = command, env, workdir
        self.watchdog_sec = unit_setting("WatchdogSec", 10)
        self.restart_sec = unit_setting("RestartSec", 1)
        self.stop_sec = unit_setting("TimeoutStopSec", 15)
        self.sock_path = workdir / "notify.sock"
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(str(self.sock_path))
        self.sock.settimeout(0.05)
        self.proc: subprocess.Popen | None = None
        self.events: list[tuple[float, str]] = []  # (monotonic, what)
        self.frozen_at: float | None = None
        self.extra_env_once: dict[str, str] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    # --- the service ---------------------------------------------------------------------
    def _spawn(self) -> None:
        env = {**self.env, "NOTIFY_SOCKET": str(self.sock_path),
               "WATCHDOG_USEC": str(int(self.watchdog_sec * 1e6)), **self.extra_env_once}
        self.extra_env_once = {}
        self.events.append((time.monotonic(), "start"))
        self.proc = subprocess.Popen(
            self.command, env=env, cwd=ROOT, start_new_session=True, text=True,
            stdout=subprocess.PIPE, stderr=open(self.workdir / "service.log", "a"),
            preexec_fn=_no_core_dumps,  # SIGABRT of a frozen terminal: no core file (LimitCORE=0)
        )  # fmt: skip
        threading.Thread(target=self._read_stdout, args=(self.proc,), daemon=True).start()
        self.last_beat = time.monotonic()
        self.ready = False

    def _read_stdout(self, proc: subprocess.Popen) -> None:
        for line in proc.stdout:
            if line.startswith("KIOSK_GUI_FROZEN"):
                self.frozen_at = float(line.split()[1])

    def _kill_session(self, sig: int) -> None:
        try:
            os.killpg(self.proc.pid, sig)
        except ProcessLookupError:
            pass

    def _loop(self) -> None:
        self._spawn()
        while not self._stop.is_set():
            try:
                msg = self.sock.recv(4096).decode()
                now = time.monotonic()
                if "READY=1" in msg.split("\n"):
                    self.ready = True
                    self.events.append((now, "ready"))
                if "WATCHDOG=1" in msg.split("\n"):
                    self.last_beat = now
            except TimeoutError:
                pass
            now = time.monotonic()
            if self.ready and now - self.last_beat > self.watchdog_sec:
                self.events.append((now, "watchdog"))
                self._stop_session(signal.SIGABRT)
                self._restart()
            elif self.proc.poll() is not None:
                self.events.append((now, "exited"))
                self._stop_session(signal.SIGTERM)  # what is left of the session's group
                self._restart()
        self._stop_session(signal.SIGTERM)

    def _stop_session(self, sig: int) -> None:
        self._kill_session(sig)
        deadline = time.monotonic() + self.stop_sec
        while self.proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        self._kill_session(signal.SIGKILL)
        self.proc.wait()

    def _restart(self) -> None:
        time.sleep(self.restart_sec)  # Restart=always, RestartSec=
        if not self._stop.is_set():
            self._spawn()

    # --- for the benchmark ---------------------------------------------------------------
    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(self.stop_sec + 5)
        self.sock.close()

    def wait_ready(self, after: float, timeout: float = 90) -> float:
        """Monotonic time of the first READY=1 after ``after``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for t, what in list(self.events):
                if what == "ready" and t > after:
                    return t
            time.sleep(0.01)
        raise TimeoutError(f"no READY=1 within {timeout} s (see {self.workdir}/service.log)")

    def terminal_pid(self) -> int:
        """The terminal process: cage's child."""
        cage = self.proc.pid
        kids = Path(f"/proc/{cage}/task/{cage}/children").read_text().split()
        for pid in kids:
            if "kiosk.cli" in Path(f"/proc/{pid}/cmdline").read_text():
                return int(pid)
        raise RuntimeError(f"no terminal under cage (children {kids})")


def session_command() -> list[str]:
    """cage headless with the terminal, as the unit runs it (userns as root: NOTES.md)."""
    app = [sys.executable, "-m", "kiosk.cli", "run", "--fullscreen"]
    cage = ["cage", "-d", "-r", "-r", "--", *app]
    if os.geteuid() == 0:
        return ["unshare", "--user", "--map-user=1000", "--map-group=1000", *cage]
    return cage


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="kiosk-boot-"))
    runtime = work / "run"
    runtime.mkdir(mode=0o700)
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update({
        "XDG_RUNTIME_DIR": str(runtime), "WLR_BACKENDS": "headless", "WLR_RENDERER": "pixman",
        "WLR_LIBINPUT_NO_DEVICES": "1", "QT_QPA_PLATFORM": "wayland", "HOME": str(work),
        "PYTHONPATH": str(ROOT), "KIOSK_STORAGE__DATA_DIR": str(work / "data"),
        "KIOSK_LOG__FILE": str(work / "kiosk.log"),
    })  # fmt: skip
    firsts = []
    for _ in range(STARTS):  # each a fresh supervisor: a service start from nothing
        sup = Supervisor(session_command(), env, Path(tempfile.mkdtemp(dir=work)))
        sup.start()
        started = time.monotonic()
        firsts.append(sup.wait_ready(started) - started)
        sup.stop()

    sup = Supervisor(session_command(), env, Path(tempfile.mkdtemp(dir=work)))
    sup.extra_env_once = {"KIOSK_TEST_FREEZE_GUI": "3:600"}  # the first run freezes itself
    sup.start()
    try:
        sup.wait_ready(0)
        while sup.frozen_at is None:
            time.sleep(0.01)
        watchdog = sup.wait_ready(sup.frozen_at) - sup.frozen_at
        time.sleep(1.0)  # the restarted terminal settles
        killed = time.monotonic()
        os.kill(sup.terminal_pid(), signal.SIGKILL)
        after_kill = sup.wait_ready(killed) - killed
    finally:
        sup.stop()

    result = {
        "service_start_to_first_frame_s": round(statistics.median(firsts), 3),
        "service_start_to_first_frame_runs_s": [round(x, 3) for x in firsts],
        "restart_after_kill_s": round(after_kill, 3),
        "watchdog_restart_s": round(watchdog, 3),
        "watchdog_sec": sup.watchdog_sec,
        "restart_sec": sup.restart_sec,
        "aims_s": {"service_start_to_first_frame_s": 3, "restart_after_kill_s": 5,
                   "watchdog_restart_s": sup.watchdog_sec + 3},  # fmt: skip
        "how": "cage 0.1.4 headless (pixman) + kiosk run --fullscreen, default configuration; "
        "supervisor with the unit's notify/watchdog/restart rules (bench/boot.py)",
        "load_average": os.getloadavg()[0],
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "boot.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
