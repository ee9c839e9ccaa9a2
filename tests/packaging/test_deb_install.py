"""The .deb end to end, as root: build (quick), install with apt, run, upgrade, purge.

Installs into this machine's real /opt, /etc and /var/lib (that is the point) and removes it
all again.  The build reuses .venv's installed runtime packages and compresses with gzip -1;
lintian runs in ``make package``, not here.  The upgrade is a real version bump: the built
package is repacked as the next version (``dpkg-deb``, seconds instead of a second build)
and installed over data an older release left (an outbox of schema 1, no FORMAT file).
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
import tempfile
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
# Package-manager state that changes with any installation, and the marker that
# `systemd-analyze verify` (the units' check below) leaves in /run the first time after a boot.
IGNORED = ("/var/lib/dpkg", "/var/lib/apt", "/var/cache/apt", "/var/cache/debconf",
           "/var/log/apt", "/var/cache/man", "/var/lib/ucf", "/etc/ld.so.cache",
           "/run/systemd/systemd-units-load")  # fmt: skip
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


def _as_kiosk_user(code: str, **env: str) -> str:
    settings = [f"{k}={v}" for k, v in env.items()]
    return _run(["runuser", "-u", PKG, "--", "env", *settings, str(OPT / "bin/python3"), "-c",
                 code]).stdout  # fmt: skip


def _next_version(deb: Path, folder: Path) -> tuple[Path, str]:
    """The same package as the next version (its control file's Version bumped)."""
    tree = folder / "tree"
    _run(["dpkg-deb", "-R", str(deb), str(tree)], timeout=600)
    control = tree / "DEBIAN" / "control"
    lines = control.read_text().splitlines()
    old = next(ln.split(":", 1)[1].strip() for ln in lines if ln.startswith("Version:"))
    new = f"{old}+1"
    control.write_text("\n".join(f"Version: {new}" if ln.startswith("Version:") else ln
                                  for ln in lines) + "\n")  # fmt: skip
    out = folder / f"{PKG}_{new}_{deb.name.rsplit('_', 1)[1]}"
    _run(["dpkg-deb", "-Zgzip", "-z1", "--root-owner-group", "-b", str(tree), str(out)],
         timeout=900)  # fmt: skip
    shutil.rmtree(tree)
    return out, new


def _version() -> str:
    return _run(["dpkg-query", "-W", "-f=${Version}", PKG]).stdout.strip()


@pytest.fixture
def clean_machine():
    if _installed() or OPT.exists() or DATA.exists() or (ETC / "keys").exists():
        pytest.fail(f"{PKG} (or its data) is already on this machine: purge it first")
    before = _snapshot()
    yield before
    # Whatever happened: nothing of the package stays behind.
    if _installed():
        subprocess.run(["dpkg", "--purge", PKG], capture_output=True)
    shutil.rmtree(DATA, ignore_errors=True)
    shutil.rmtree(ETC, ignore_errors=True)  # the keys a purge keeps beside kept data
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

    # The terminal's keys: made by postinst, private to the service user, handed to the
    # terminal as a systemd credential ($CREDENTIALS_DIRECTORY), as the unit says.
    keys = (ETC / "keys").stat()
    assert stat.S_IMODE(keys.st_mode) == 0o600 and keys.st_uid == user.pw_uid
    key_text = (ETC / "keys").read_text()
    creds = Path(tempfile.mkdtemp(prefix="creds-"))  # what systemd makes for the service
    try:
        os.chmod(creds, 0o700)
        shutil.copy(ETC / "keys", creds / "branch-kiosk-keys")
        for p in (creds, creds / "branch-kiosk-keys"):
            os.chown(p, user.pw_uid, user.pw_gid)
        loaded = _as_kiosk_user(
            "from pathlib import Path; from kiosk.security.keys import load_keys;"
            "k = load_keys('', Path('/var/lib/branch-kiosk'), demo=False);"
            "print(k.source, k.data_key.hex(), k.id_secret.hex())",
            CREDENTIALS_DIRECTORY=str(creds)).split()  # fmt: skip
    finally:
        shutil.rmtree(creds)
    assert loaded[0] == f"{creds}/branch-kiosk-keys"
    assert f"data-key = {loaded[1]}" in key_text and f"id-secret = {loaded[2]}" in key_text

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

    # Upgrade to the next version over data an older release left: the technician's
    # configuration, the keys, an undelivered outbox action and the journal are carried over,
    # and the outbox's schema (1: no rekeys column, no marker) and the folder are migrated.
    with open(ETC / "terminal.toml", "a") as f:
        f.write("\n# edited on site\n")
    action = _as_kiosk_user(
        "from kiosk.outbox import Outbox; from kiosk.journal import Journal;"
        "b = Outbox('/var/lib/branch-kiosk/outbox.db');"
        "print(b.submit('deposit', {'account_id': 1, 'amount': '10.00'})); b.close();"
        "j = Journal('/var/lib/branch-kiosk/journal.db'); j.append('test.before_upgrade');"
        "j.close(); import sqlite3; db = sqlite3.connect('/var/lib/branch-kiosk/outbox.db');"
        "db.execute('ALTER TABLE actions DROP COLUMN rekeys');"
        "db.execute('PRAGMA user_version = 1'); db.execute('PRAGMA application_id = 0');"
        "db.commit(); db.close()"
    ).strip()
    (DATA / "FORMAT").unlink()  # a folder from before the FORMAT file
    old_version = _version()
    upgraded, new_version = _next_version(deb, tmp_path)
    _run([*APT, "install", str(upgraded)], timeout=900)
    assert _version() == new_version != old_version
    assert (ETC / "terminal.toml").read_text().endswith("# edited on site\n")
    assert (ETC / "keys").read_text() == key_text  # never replaced: sealed data needs them
    assert (DATA / "FORMAT").read_text().split() == ["branch-kiosk-data", "1"]
    after = _as_kiosk_user(
        "import sqlite3; from kiosk.outbox import Outbox; from kiosk.journal import Journal;"
        "db = sqlite3.connect('file:/var/lib/branch-kiosk/outbox.db?mode=ro', uri=True);"
        "cols = [r[1] for r in db.execute('PRAGMA table_info(actions)')];"
        "print(db.execute('PRAGMA user_version').fetchone()[0], 'rekeys' in cols); db.close();"
        "b = Outbox('/var/lib/branch-kiosk/outbox.db');"
        f"print(b.get({action!r}).state); b.close();"
        "j = Journal('/var/lib/branch-kiosk/journal.db', read_only=True);"
        "print(j.verify().ok, [r['kind'] for r in j.records()].count('test.before_upgrade'))"
    ).split()
    assert after == ["2", "True", "queued", "True", "1"]

    # Purge: the outbox still holds an action the core never confirmed, so the data folder
    # (and the user owning it) is kept; nothing else of the package is left anywhere.
    purge = _run([*APT, "purge", PKG], timeout=900)
    assert "keeping /var/lib/branch-kiosk" in purge.stdout + purge.stderr
    assert not _installed()
    assert (DATA / "outbox.db").is_file() and "not confirmed" in (DATA / "KEEP").read_text()
    assert (ETC / "keys").read_text() == key_text  # kept with the data they seal
    left = _snapshot() - before
    outside = sorted(p for p in left if p != str(DATA) and not p.startswith(f"{DATA}/"))
    assert outside == [str(ETC), str(ETC / "keys")], outside
