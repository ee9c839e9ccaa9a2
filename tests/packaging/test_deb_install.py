"""The .deb end to end, as root: build (quick), install with apt, run, upgrade, purge.

Installs into this machine's real /opt, /etc and /var/lib (that is the point) and removes it
all again.  The build reuses .venv's installed runtime packages and compresses with gzip -1;
lintian runs in ``make package``, not here.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import signal
import socket
import stat
import subprocess
from pathlib import Path

import pytest

from kiosk.corebank.client import FineractClient

ROOT = Path(__file__).resolve().parents[2]
PKG = "branch-kiosk"
OPT, ETC, DATA = Path("/opt/branch-kiosk"), Path("/etc/branch-kiosk"), Path("/var/lib/branch-kiosk")
# Where the package (or its scripts, or systemd helpers) may put anything.
WATCHED = ["/opt", "/etc", "/lib/systemd/system", "/lib/udev/rules.d", "/usr/libexec",
           "/usr/share/doc", "/usr/share/pipewire", "/usr/share/branch-kiosk", "/var/lib",
           "/var/cache", "/var/log", "/run"]  # fmt: skip
# Package-manager state that changes with any installation.
IGNORED = ("/var/lib/dpkg", "/var/lib/apt", "/var/cache/apt", "/var/cache/debconf",
           "/var/log/apt", "/var/cache/man", "/var/lib/ucf", "/etc/ld.so.cache")  # fmt: skip
APT = ["apt-get", "-y", "-q", "-o", "DPkg::Lock::Timeout=900", "-o",
       "Dpkg::Options::=--force-unsafe-io", "-o", "Dpkg::Options::=--force-confold"]  # fmt: skip

pytestmark = [
    pytest.mark.slow,
    pytest.mark.timeout(1200),
    pytest.mark.skipif(os.geteuid() != 0, reason="installs a .deb system-wide: needs root"),
    pytest.mark.skipif(shutil.which("dpkg-buildpackage") is None, reason="needs debhelper"),
]


def _run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    r = subprocess.run(cmd, capture_output=True, text=True, env=env, **kw)
    assert r.returncode == 0, f"{cmd} -> {r.returncode}\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}"
    return r


def _snapshot() -> set[str]:
    seen = set()
    for top in WATCHED:
        for base, dirs, files in os.walk(top):
            dirs[:] = [d for d in dirs if not os.path.join(base, d).startswith(IGNORED)]
            seen.update(os.path.join(base, n) for n in dirs + files)
    return {p for p in seen if not p.startswith(IGNORED)}


def _installed() -> bool:
    r = subprocess.run(["dpkg-query", "-W", "-f=${Status}", PKG], capture_output=True, text=True)
    return "installed" in r.stdout


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_kiosk_user(code: str) -> str:
    return _run(["runuser", "-u", PKG, "--", str(OPT / "bin/python3"), "-c", code]).stdout


@pytest.fixture
def clean_machine():
    if _installed() or OPT.exists() or DATA.exists():
        pytest.fail(f"{PKG} (or its data) is already on this machine: purge it first")
    before = _snapshot()
    yield before
    # Whatever happened: nothing of the package stays behind.
    if _installed():
        subprocess.run(["dpkg", "--purge", PKG], capture_output=True)
    shutil.rmtree(DATA, ignore_errors=True)
    for tool, name in (("deluser", PKG), ("delgroup", PKG)):
        subprocess.run([tool, "--quiet", "--system", name], capture_output=True)


def test_build_install_run_upgrade_purge(clean_machine, tmp_path):
    before = clean_machine
    build = _run(["bash", "packaging/build-deb.sh", "--quick"], cwd=ROOT, timeout=900)
    deb = ROOT / build.stdout.strip().splitlines()[-1].split()[1]  # "build-deb: PATH (size)"
    assert deb.is_file() and deb.name.startswith(f"{PKG}_"), build.stdout

    _run([*APT, "install", str(deb)], timeout=900)
    user = pwd.getpwnam(PKG)
    assert user.pw_dir == str(DATA) and user.pw_shell == "/usr/sbin/nologin"
    st = DATA.stat()
    assert stat.S_IMODE(st.st_mode) == 0o700 and st.st_uid == user.pw_uid
    conf = (ETC / "terminal.toml").stat()
    assert stat.S_IMODE(conf.st_mode) == 0o640 and conf.st_gid == user.pw_gid
    assert (DATA / "FORMAT").read_text().split() == ["branch-kiosk-data", "1"]

    # The installed units pass systemd's own check with nothing to report.
    units = [f"/lib/systemd/system/{u}.service" for u in (PKG, f"{PKG}-hub", f"{PKG}-sandbox")]
    verify = _run(["systemd-analyze", "verify", *units])
    assert verify.stdout.strip() == "" and verify.stderr.strip() == "", verify.stderr

    # The installed command, its own Python, default (simulated) devices.
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "XDG_CACHE_HOME": str(tmp_path)}
    diag = subprocess.run([str(OPT / "bin/kiosk"), "diagnostics", "--json"], cwd=tmp_path,
                          capture_output=True, text=True, env=env, timeout=120)  # fmt: skip
    assert diag.returncode in (0, 1), diag.stderr  # 1: a simulated camera without a source
    report = json.loads(diag.stdout)
    assert report["devices"]["printer"]["device"] == "online"
    assert report["devices"]["idcard"]["device"] == "online"
    assert "outbox" in json.dumps(report)

    port = _free_port()
    sandbox = subprocess.Popen(
        [str(OPT / "bin/kiosk"), "sandbox", "--port", str(port), "--db", str(tmp_path / "s.db")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path,
    )  # fmt: skip
    try:
        url = sandbox.stdout.readline().split()[-1]
        assert url == f"http://127.0.0.1:{port}/fineract-provider/api/v1"
        client = FineractClient(url)
        cid = client.create_client("Deb", "Installed", external_id="DEB-1").resource_id
        assert client.get_client_by_external_id("DEB-1").id == cid
        client.close()
    finally:
        sandbox.send_signal(signal.SIGTERM)
        assert sandbox.wait(20) == 0

    # Upgrade (the same package again runs every maintainer script of an upgrade): the
    # technician's configuration and an undelivered outbox action are carried over.
    with open(ETC / "terminal.toml", "a") as f:
        f.write("\n# edited on site\n")
    action = _as_kiosk_user(
        "from kiosk.outbox import Outbox; b = Outbox('/var/lib/branch-kiosk/outbox.db');"
        "print(b.submit('deposit', {'account_id': 1, 'amount': '10.00'})); b.close()"
    ).strip()
    _run([*APT, "install", "--reinstall", str(deb)], timeout=900)
    assert (ETC / "terminal.toml").read_text().endswith("# edited on site\n")
    state = _as_kiosk_user(
        "from kiosk.outbox import Outbox; b = Outbox('/var/lib/branch-kiosk/outbox.db');"
        f"print(b.get({action!r}).state); b.close()"
    ).strip()
    assert state == "queued"

    # Purge: the outbox still holds an action the core never confirmed, so the data folder
    # (and the user owning it) is kept; nothing else of the package is left anywhere.
    purge = _run([*APT, "purge", PKG], timeout=900)
    assert "keeping /var/lib/branch-kiosk" in purge.stdout + purge.stderr
    assert not _installed()
    assert (DATA / "outbox.db").is_file() and "not confirmed" in (DATA / "KEEP").read_text()
    left = _snapshot() - before
    outside = sorted(p for p in left if p != str(DATA) and not p.startswith(f"{DATA}/"))
    assert outside == [], outside
