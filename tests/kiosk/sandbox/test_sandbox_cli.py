"""``kiosk sandbox`` as a separate process: prints URL and credentials, serves, keeps data."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from kiosk.corebank.client import FineractClient

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


def start(db, port=0):
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk.cli", "sandbox", "--port", str(port), "--db", str(db)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
    )  # fmt: skip
    lines = [proc.stdout.readline() for _ in range(4)]
    return proc, lines


def test_cli_serves_and_persists(tmp_path):
    db = tmp_path / "s.db"
    proc, lines = start(db)
    try:
        url = lines[0].split()[-1]
        assert url.startswith("http://127.0.0.1:") and url.endswith("/fineract-provider/api/v1")
        assert "username=mifos password=password tenant=default" in lines[3]
        c = FineractClient(url)
        cid = c.create_client("Per", "Sist", external_id="P-1").resource_id
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(10) == 0
    proc, lines = start(db)
    try:
        assert FineractClient(lines[0].split()[-1]).get_client_by_external_id("P-1").id == cid
    finally:
        proc.kill()
        proc.wait()


def test_cli_bad_db_is_a_clear_error(tmp_path):
    bad = tmp_path / "not.db"
    bad.write_text("this is not sqlite " * 100)
    r = subprocess.run([sys.executable, "-m", "kiosk.cli", "sandbox", "--db", str(bad)],
                       capture_output=True, text=True, cwd=ROOT, timeout=30)  # fmt: skip
    assert r.returncode == 2 and "cannot open" in r.stderr and "Traceback" not in r.stderr
