"""`kiosk maintenance hash-pin` and `kiosk maintenance bundle` as a technician runs them."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from argon2 import PasswordHasher

from kiosk.journal import Journal

KIOSK = Path(sys.executable).parent / "kiosk"


def _run(args, tmp_path, stdin=""):
    env = {**os.environ, "KIOSK_STORAGE__DATA_DIR": str(tmp_path / "data")}
    return subprocess.run([str(KIOSK), "maintenance", *args], input=stdin, env=env,
                          capture_output=True, text=True, timeout=60)


def test_hash_pin_prints_a_hash_that_verifies_and_refuses_a_bad_pin(tmp_path):
    out = _run(["hash-pin"], tmp_path, "246810\n")
    assert out.returncode == 0 and "246810" not in out.stdout
    assert PasswordHasher().verify(out.stdout.strip(), "246810")
    bad = _run(["hash-pin"], tmp_path, "12\n")
    assert bad.returncode == 2 and "4 to 12 digits" in bad.stderr


def test_bundle_to_a_stick_or_a_clear_message_without_one(tmp_path):
    missing = _run(["bundle", "--to", str(tmp_path / "usb")], tmp_path)
    assert missing.returncode == 1 and "not mounted" in missing.stderr
    (tmp_path / "usb").mkdir()
    done = _run(["bundle", "--to", str(tmp_path / "usb")], tmp_path)
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(done.stdout.strip()) as zf:
        assert "journal_verify.json" in zf.namelist()
    journal = Journal(tmp_path / "data" / "journal.db")
    try:
        done = [(r["technician"], r["result"]) for r in journal.records()]
        assert done == [("shell", "failed"), ("shell", "ok")]  # the missing stick, then the stick
    finally:
        journal.close()
