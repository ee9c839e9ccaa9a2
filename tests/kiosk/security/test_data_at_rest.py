"""Data at rest: a full session leaves none of the customer's data in clear on the terminal,
the data folder is 0700 / 0600, ID numbers are keyed hashes, and keys live outside it."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.security.keys import DEMO_NAME, KeysMissing, load_keys, new_key_file
from kiosk.security.permissions import secure_data_dir
from kiosk.security.sealing import Sealer, keyed_hash

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(HERE))
from session_worker import CUSTOMER, MOBILE, NEW_ADDRESS, OCCUPATION  # noqa: E402


def test_a_full_session_leaves_no_customer_data_in_clear(tmp_path):
    data, home, tmp, core = (tmp_path / n for n in ("data", "home", "tmp", "core"))
    for d in (home, tmp, core):
        d.mkdir()
    env = {**os.environ, "HOME": str(home), "TMPDIR": str(tmp), "PYTHONPATH": str(ROOT),
           "XDG_CACHE_HOME": str(home / ".cache")}  # fmt: skip
    out = subprocess.run([sys.executable, str(HERE / "session_worker.py"), str(data),
                          str(core / "sandbox.db")], env=env, cwd=ROOT, capture_output=True,
                         text=True, timeout=120)  # fmt: skip
    assert out.returncode == 0, out.stderr[-3000:]
    account_no = out.stdout.split("ACCOUNT", 1)[1].split()[0]
    pieces = [CUSTOMER["id_number"], CUSTOMER["name"], CUSTOMER["name"][2:], CUSTOMER["address"],
              "虚构路", NEW_ADDRESS, "假想街", MOBILE, OCCUPATION, "signed-by-sima", account_no]
    files = [p for base in (data, home, tmp) for p in base.rglob("*") if p.is_file()]
    assert any(p.name == "outbox.db" for p in files) and len(files) >= 5
    assert "PENDING 1" in out.stdout
    # The receipt waiting for its reprint masks the name and account, and is sealed besides:
    # not even the masked forms or the reference are in clear.
    pending = (data / "pending-reprints.json").read_bytes()
    assert pending.startswith(b"gcm1:")
    for clear in ("司***", "****", "K7-", "开户"):
        assert clear.encode() not in pending, clear
    for path in files:
        raw = path.read_bytes()
        for piece in pieces:
            for form in {piece.encode("utf-8"), piece.encode("utf-16-le")}:
                # A number counts when it stands alone, not as a run inside a hex digest.
                pattern = re.escape(form)
                if piece.isdigit():
                    pattern = rb"(?<![0-9a-fA-F])" + pattern + rb"(?![0-9a-fA-F])"
                assert not re.search(pattern, raw), f"{piece!r} in clear in {path}"
    # The core (a separate system) did get the customer: the session really ran.
    assert CUSTOMER["id_number"].encode() in b"".join(
        p.read_bytes() for p in core.iterdir() if p.is_file())
    # Data folder private; keys beside it, not in it, labelled demo.
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    for p in data.rglob("*"):
        assert stat.S_IMODE(p.stat().st_mode) & 0o077 == 0, p
    assert (tmp_path / DEMO_NAME).is_file() and not list(data.rglob(DEMO_NAME))


def test_loose_permissions_are_tightened_at_start(tmp_path):
    d = tmp_path / "data"
    d.mkdir()
    d.chmod(0o755)  # not mkdir(mode=): a terminal started earlier in this process set umask 077
    f = d / "outbox.db"
    f.write_text("x")
    f.chmod(0o644)
    fixed = secure_data_dir(d)
    assert len(fixed) == 2
    assert stat.S_IMODE(d.stat().st_mode) == 0o700 and stat.S_IMODE(f.stat().st_mode) == 0o600
    assert secure_data_dir(d) == []


def test_outside_the_demo_a_terminal_without_keys_refuses_to_start(tmp_path, monkeypatch):
    monkeypatch.delenv("CREDENTIALS_DIRECTORY", raising=False)
    with pytest.raises(KeysMissing, match="only the demo runs without one"):
        load_keys("", tmp_path / "data", demo=False)
    inside = tmp_path / "data" / "keys"
    inside.parent.mkdir()
    new_key_file(inside)
    with pytest.raises(KeysMissing, match="inside the data folder"):
        load_keys(str(inside), tmp_path / "data", demo=False)
    loose = tmp_path / "loose-keys"
    new_key_file(loose)
    loose.chmod(0o644)
    with pytest.raises(KeysMissing, match="readable by others"):
        load_keys(str(loose), tmp_path / "data", demo=False)
    creds = tmp_path / "creds"
    creds.mkdir()
    new_key_file(creds / "branch-kiosk-keys")
    monkeypatch.setenv("CREDENTIALS_DIRECTORY", str(creds))
    keys = load_keys("", tmp_path / "data", demo=False)  # systemd credential
    assert not keys.demo and len(keys.data_key) == 32 and "creds" in keys.source


def test_sealed_values_are_bound_to_their_place_and_id_hashes_need_the_key():
    from cryptography.exceptions import InvalidTag

    s = Sealer(os.urandom(32))
    sealed = s.seal('{"name": "司马晴川"}', "outbox:a")
    assert "司马" not in sealed and s.open(sealed, "outbox:a") == '{"name": "司马晴川"}'
    with pytest.raises(InvalidTag):
        s.open(sealed, "outbox:b")  # copied onto another row
    a, b = keyed_hash(b"k" * 32, "330106198706050024"), keyed_hash(b"j" * 32, "330106198706050024")
    assert a != b and len(a) == 64
