"""The Qt-free composition root builds a whole terminal from the configuration, and a
journey runs on it headless (what a soak run does)."""

import subprocess
import sys
from pathlib import Path

from kiosk.config import KioskConfig
from kiosk.terminal import JOURNEYS, Terminal, journey_class

ROOT = Path(__file__).resolve().parents[2]


def test_terminal_from_config_runs_a_journey_headless(tmp_path):
    cfg = KioskConfig()
    cfg.storage.data_dir = str(tmp_path)
    cfg.camera.driver = "opencv"  # no demo customer: the camera is simply not there
    cfg.camera.source = str(tmp_path / "no-camera")
    t = Terminal.from_config(cfg)
    try:
        assert t.bank.sandbox is not None and t.bank.core.ping() is not None
        assert t.receipts is not None and t.identity.reader is not None
        j = t.start_journey("open_account", "en")
        read = t.identity.read_card()  # the simulated reader's fictitious card, over a pty
        j.document_read(read.kind, read.fields, source=read.source, valid=read.valid,
                        photo=read.photo, problems=read.problems)  # fmt: skip
        assert j.view().step == "details" and j.view().language == "en"
        statuses = t.device_statuses()
        assert statuses["idcard"]["device"] == "online"
        assert t.identity.probe_camera()["device"] in ("noDevice", "hardwareError")
        assert t.device_statuses()["camera"]["device"] in ("noDevice", "hardwareError")
        assert (tmp_path / "outbox.db").exists() and (tmp_path / "journal.db").exists()
    finally:
        t.close()
    assert t.closers == []


def test_the_registry_names_every_journey():
    assert {n: journey_class(n).NAME for n in JOURNEYS} == {n: n for n in JOURNEYS}


def test_building_a_terminal_loads_no_qt():
    code = (
        "import sys, kiosk.terminal, kiosk.devices_io.demo\n"
        "print(','.join(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'ui')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""
