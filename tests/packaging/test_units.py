"""The systemd units pass ``systemd-analyze verify`` and carry the limits and hardening."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UNITS = sorted((ROOT / "packaging" / "systemd").glob("*.service"))
KIOSK = Path("/opt/branch-kiosk/bin/kiosk")


def parse(path: Path) -> dict[str, list[str]]:
    """``Section.Key`` -> every value (systemd allows a key more than once)."""
    out: dict[str, list[str]] = {}
    section = ""
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            section = line.strip("[]")
            continue
        key, _, value = line.partition("=")
        out.setdefault(f"{section}.{key.strip()}", []).append(value.strip())
    return out


def test_three_units_are_shipped():
    names = [u.name for u in UNITS]
    assert names == [f"branch-kiosk{s}.service" for s in ("-hub", "-sandbox", "")]


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="needs systemd-analyze")
@pytest.mark.parametrize("unit", UNITS, ids=lambda u: u.name)
def test_systemd_analyze_verify(unit):
    r = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True, text=True)
    complaints = [ln for ln in (r.stdout + r.stderr).splitlines() if ln.strip()]
    if not KIOSK.exists():  # before the package is installed, its command is missing
        missing = f"Command {KIOSK} is not executable: No such file or directory"
        complaints = [ln for ln in complaints if not ln.endswith(missing)]
    assert complaints == [] and (r.returncode == 0 or not KIOSK.exists()), r.stderr


@pytest.mark.parametrize("unit", UNITS, ids=lambda u: u.name)
def test_restart_limits_and_hardening(unit):
    u = parse(unit)
    assert u["Service.Restart"] == ["always"]
    assert u["Service.User"] == ["branch-kiosk"]
    for key in ("MemoryMax", "TasksMax", "StateDirectory"):
        assert u.get(f"Service.{key}"), key
    for key, value in {"ProtectSystem": "strict", "ProtectHome": "yes", "PrivateTmp": "yes",
                       "NoNewPrivileges": "yes"}.items():  # fmt: skip
        assert u[f"Service.{key}"] == [value], key
    assert u["Service.StateDirectoryMode"] == ["0700"]


def test_terminal_unit_runs_cage_with_the_watchdog():
    u = parse(ROOT / "packaging" / "systemd" / "branch-kiosk.service")
    assert u["Service.Type"] == ["notify"] and u["Service.NotifyAccess"] == ["all"]
    assert int(u["Service.WatchdogSec"][0]) > 0
    start = u["Service.ExecStart"][0].split()
    cage = start[start.index("/usr/bin/cage") :]
    assert "-s" not in cage[: cage.index("--")]  # no VT switching from a keyboard
    assert cage[-1] == "/usr/libexec/branch-kiosk/kiosk-session"
    # Writable: the data folder and the technicians' USB export mount, nothing else.
    assert u["Service.ReadWritePaths"] == ["/var/lib/branch-kiosk -/media/branch-kiosk-export"]
    assert u["Service.PAMName"] == ["branch-kiosk"] and u["Service.TTYPath"] == ["/dev/tty1"]
    session = (ROOT / "packaging" / "session" / "kiosk-session").read_text()
    assert "/opt/branch-kiosk/bin/kiosk run --fullscreen" in session


def test_the_terminal_gets_its_keys_as_a_systemd_credential():
    from kiosk.security.keys import CREDENTIAL_NAME

    u = parse(next(unit for unit in UNITS if unit.name == "branch-kiosk.service"))
    # The name kiosk.security.keys looks for in $CREDENTIALS_DIRECTORY, from the file postinst
    # makes; never from inside the data folder.
    assert u["Service.LoadCredential"] == [f"{CREDENTIAL_NAME}:/etc/branch-kiosk/keys"]
    assert not any(p.startswith("/etc") for p in u["Service.ReadWritePaths"][0].split())
