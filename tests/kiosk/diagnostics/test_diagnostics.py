"""`kiosk diagnostics` against real parts: the sandbox over HTTP, simulators through the real
drivers, an outbox file on disk, and the running terminal's snapshot."""

from __future__ import annotations

import atexit
import functools
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from sample_data import TESTDATA

from kiosk.config import load_config
from kiosk.diagnostics.command import collect, healthy
from kiosk.diagnostics.runtime_state import FILE_NAME, read_state, write_state
from kiosk.outbox import Outbox
from kiosk.sandbox.server import start_sandbox

ROOT = Path(__file__).resolve().parents[3]
KIOSK = Path(sys.executable).parent / "kiosk"


@functools.cache
def _face() -> Path:
    """A picture for the simulated camera: a shared sample face, else the demo customer's."""
    shared = TESTDATA / "face" / "face_recognition" / "obama.jpg"
    if shared.is_file():
        return shared
    import cv2

    from kiosk.demo_customer import portrait

    folder = tempfile.mkdtemp(prefix="kiosk-diag-face-")
    atexit.register(shutil.rmtree, folder, True)
    path = Path(folder) / "demo-face.png"
    cv2.imwrite(str(path), portrait())
    return path


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory):
    handle = start_sandbox(tmp_path_factory.mktemp("sb") / "sandbox.db")
    yield handle
    handle.stop()


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {"KIOSK_STORAGE__DATA_DIR": str(tmp_path), "KIOSK_CAMERA__SIMULATOR_SOURCE": str(_face()),
           "KIOSK_COREBANK__PASSWORD": "password"}  # a named core bank needs a password
    env.update(extra)
    return env


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_all_healthy_with_simulators_and_sandbox(tmp_path, sandbox):
    cfg = load_config(environ=_env(tmp_path, KIOSK_COREBANK__URL=sandbox.url))
    report = collect(cfg)
    assert report["terminal"]["running"] is False
    printer = report["devices"]["printer"]
    assert (printer["device"], printer["paper"], printer["source"]) == ("online", "full", "probe")
    assert report["devices"]["idcard"]["device"] == "online"
    assert report["devices"]["idcard"]["sam_ok"] is True
    assert report["devices"]["camera"]["device"] == "online"
    assert report["devices"]["camera"]["frame"] == "640x480"
    assert report["corebank"]["reachable"] and report["corebank"]["authenticated"]
    assert report["outbox"]["exists"] is False
    assert healthy(report)


def test_wrong_password_and_unreachable_core(tmp_path, sandbox):
    bad = collect(
        load_config(
            environ=_env(tmp_path, KIOSK_COREBANK__URL=sandbox.url, KIOSK_COREBANK__PASSWORD="nope")
        )
    )
    assert bad["corebank"]["reachable"] is True
    assert bad["corebank"]["authenticated"] is False
    assert "NotAuthenticated" in bad["corebank"]["error"]
    url = f"http://127.0.0.1:{_free_port()}/fineract-provider/api/v1"
    down = collect(load_config(environ=_env(tmp_path, KIOSK_COREBANK__URL=url)))
    assert down["corebank"]["reachable"] is False
    assert not healthy(down)


def test_unplugged_devices_are_statuses_not_crashes(tmp_path):
    cfg = load_config(
        environ=_env(
            tmp_path,
            KIOSK_PRINTER__DRIVER="escpos",
            KIOSK_PRINTER__URL="/dev/nonexistent-printer",
            KIOSK_IDCARD__DRIVER="sam",
            KIOSK_IDCARD__URL="/dev/nonexistent-reader",
            KIOSK_CAMERA__DRIVER="opencv",
            KIOSK_CAMERA__SOURCE="/nonexistent/cam.mp4",
        )
    )
    report = collect(cfg)
    for name in ("printer", "idcard", "camera"):
        assert report["devices"][name]["device"] != "online", name
        assert report["devices"][name].get("error"), name
    assert not healthy(report)


def test_outbox_depth_and_parked_reasons(tmp_path):
    box = Outbox(tmp_path / "outbox.db")
    box.submit("deposit", {"savings_id": 1, "amount": "10.00"}, action_id="A-1")
    second = box.submit("deposit", {"savings_id": 2, "amount": "5.00"}, action_id="A-2")
    box.park(second, "error.msg.savingsaccount.not.found", "account 2 does not exist")
    box.close()
    report = collect(load_config(environ=_env(tmp_path)))
    ob = report["outbox"]
    assert ob["depth"] == 1
    assert ob["counts"]["parked"] == 1
    assert ob["parked"][0]["action_id"] == "A-2"
    assert "does not exist" in ob["parked"][0]["reason"]
    assert not healthy(report)


def test_running_terminal_snapshot_is_used_and_expires(tmp_path):
    snap = {
        "devices": {"printer": {"driver": "escpos", "device": "online", "paper": "low"}},
        "corebank_url": "",
    }
    write_state(tmp_path / FILE_NAME, snap)
    report = collect(load_config(environ=_env(tmp_path)))
    assert report["terminal"]["running"] is True
    assert report["devices"]["printer"] == {
        "driver": "escpos",
        "device": "online",
        "paper": "low",
        "source": "terminal",
    }
    assert report["devices"]["idcard"]["source"] == "probe"  # not in the snapshot
    assert read_state(tmp_path / FILE_NAME, max_age=-1) is None  # stale
    data = json.loads((tmp_path / FILE_NAME).read_text())
    data["pid"] = 2**22 + 12345  # no such process: the terminal is gone
    (tmp_path / FILE_NAME).write_text(json.dumps(data))
    assert read_state(tmp_path / FILE_NAME) is None


def test_cli_json_and_exit_codes(tmp_path, sandbox):
    env = {**os.environ, **_env(tmp_path, KIOSK_COREBANK__URL=sandbox.url)}
    out = subprocess.run(
        [str(KIOSK), "diagnostics", "--json"], env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["healthy"] is True
    text = subprocess.run(
        [str(KIOSK), "diagnostics"], env=env, capture_output=True, text=True, timeout=120
    )
    assert text.returncode == 0
    assert "printer" in text.stdout and "reachable" in text.stdout
    bad = tmp_path / "bad.toml"
    bad.write_text("[session]\nidle_seconds = -5\n")
    out = subprocess.run(
        [str(KIOSK), "diagnostics", "--config", str(bad)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 2
    assert "session.idle_seconds" in out.stderr and "Traceback" not in out.stderr


def test_cli_json_leaves_heavy_libraries_unloaded(tmp_path, sandbox):
    """The status-only command never loads python-escpos (its printer database takes ~0.3 s
    to import) nor the entry-point machinery of `kiosk run`; the printer is still asked."""
    env = {**os.environ, **_env(tmp_path, KIOSK_COREBANK__URL=sandbox.url)}
    loaded = tmp_path / "modules.json"
    script = (
        "import json, sys\n"
        "from kiosk.cli import main\n"
        "code = main(['diagnostics', '--json'])\n"
        f"open({str(loaded)!r}, 'w').write(json.dumps(sorted(sys.modules)))\n"
        "sys.exit(code)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                         text=True, timeout=120)  # fmt: skip
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["devices"]["printer"]["device"] == "online"
    assert report["devices"]["printer"]["source"] == "probe"
    modules = set(json.loads(loaded.read_text()))
    assert "devices.printer.driver" in modules
    assert not {m for m in modules if m == "escpos" or m.startswith("escpos.")}
