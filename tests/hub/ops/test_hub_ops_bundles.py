"""Support bundles sent to a real hub: `kiosk maintenance bundle --to hub` with the terminal's
key, a supervisor of its branch lists and downloads it, everyone else is refused; a hub that
cannot be reached leaves the bundle on the terminal with a clear message."""

from __future__ import annotations

import hashlib
import io
import json
import os
import socket
import subprocess
import sys
import zipfile
from pathlib import Path

import requests

from kiosk.journal import Journal

KIOSK = Path(sys.executable).parent / "kiosk"
API = "/api/ops/support-bundles"


def _bundle_cli(tmp_path: Path, hub_url: str, key: str, terminal: str = "t1"):
    env = {**os.environ, "KIOSK_STORAGE__DATA_DIR": str(tmp_path / "data"),
           "KIOSK_BRANCH__TERMINAL_ID": terminal, "KIOSK_OPERATIONS__HUB_URL": hub_url,
           "KIOSK_OPERATIONS__TERMINAL_KEY": key}
    return subprocess.run([str(KIOSK), "maintenance", "bundle", "--to", "hub"], env=env,
                          capture_output=True, text=True, timeout=120)


def _zip(manifest: dict) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("manifest.json", json.dumps(manifest))
    return buf.getvalue()


def test_a_terminal_sends_its_bundle_and_only_its_branch_reads_it(hub_env, tmp_path) -> None:
    out = _bundle_cli(tmp_path, hub_env.url, hub_env.keys["t1"])
    assert out.returncode == 0, out.stderr
    assert "sent to the hub" in out.stdout
    assert not list((tmp_path / "data" / "bundles").iterdir())  # the hub holds it now
    journal = Journal(tmp_path / "data" / "journal.db")
    try:
        assert [(r["action"], r["result"]) for r in journal.records()] == [("bundle_send", "ok")]
    finally:
        journal.close()

    sue = hub_env.bearer("sue")  # supervisor of b1, t1's branch
    listed = requests.get(hub_env.url + API, headers=sue, timeout=10)
    assert listed.status_code == 200
    (item,) = listed.json()["bundles"]
    assert item["terminal_id"] == "t1" and item["branch"] == "b1"
    got = requests.get(f"{hub_env.url}{API}/{item['id']}", headers=sue, timeout=10)
    assert got.status_code == 200 and got.headers["Content-Type"] == "application/zip"
    assert hashlib.sha256(got.content).hexdigest() == item["sha256"]
    with zipfile.ZipFile(io.BytesIO(got.content)) as zf:
        assert json.loads(zf.read("manifest.json"))["terminal_id"] == "t1"
        assert "journal_verify.json" in zf.namelist()

    # t9 is in branch b9: its bundle is not sue's to list or read.
    other = requests.post(hub_env.url + API, data=_zip({"terminal_id": "t9"}), timeout=10,
                          headers={"Authorization": f"Bearer {hub_env.keys['t9']}"})
    assert other.status_code == 201
    assert [b["terminal_id"] for b in requests.get(
        hub_env.url + API, headers=sue, timeout=10).json()["bundles"]] == ["t1"]
    assert requests.get(f"{hub_env.url}{API}/{other.json()['id']}", headers=sue,
                        timeout=10).status_code == 403
    assert requests.get(hub_env.url + API, headers=hub_env.bearer("ann"),
                        timeout=10).status_code == 403  # a teller
    assert requests.get(hub_env.url + API, timeout=10).status_code == 401
    assert requests.get(f"{hub_env.url}{API}/nope", headers=sue, timeout=10).status_code == 404

    t1 = {"Authorization": f"Bearer {hub_env.keys['t1']}"}
    for body, words in ((b"not a zip", "not a support bundle"),
                        (_zip({"terminal_id": "t9"}), "does not name terminal 't1'")):
        r = requests.post(hub_env.url + API, data=body, headers=t1, timeout=10)
        assert r.status_code == 422 and words in r.json()["error"], r.text
    assert requests.post(hub_env.url + API, data=_zip({"terminal_id": "t1"}),
                         timeout=10).status_code == 401
    assert requests.post(hub_env.url + API, data=_zip({"terminal_id": "t1"}),
                         headers=hub_env.bearer("sue"), timeout=10).status_code == 403


def test_an_unreachable_hub_keeps_the_bundle_on_the_terminal(tmp_path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{s.getsockname()[1]}"  # nothing listens once closed
    out = _bundle_cli(tmp_path, closed, "some-key")
    assert out.returncode == 1
    assert out.stdout == "" and "hub not reachable" in out.stderr
    kept = list((tmp_path / "data" / "bundles").iterdir())
    assert len(kept) == 1 and zipfile.is_zipfile(kept[0])
    none = _bundle_cli(tmp_path, "", "")
    assert none.returncode == 1 and "no hub configured" in none.stderr
    assert list((tmp_path / "data" / "bundles").iterdir()) == kept  # nothing written
