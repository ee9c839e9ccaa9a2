"""`kiosk run`'s background services: the journeys' back end built from the default
configuration (sandbox over HTTP, outbox, journal, simulators behind the real drivers) is
published, tiles appear, and the status snapshot for `kiosk diagnostics` is written."""

from __future__ import annotations

import json

from PySide6.QtTest import QTest

from kiosk.config import KioskConfig
from kiosk.diagnostics.command import collect
from kiosk.diagnostics.runtime_state import FILE_NAME
from ui.services import start_services
from ui.window import build_terminal


def test_default_services_publish_the_journeys_and_a_snapshot(qapp, qtbot, tmp_path):
    cfg = KioskConfig()
    cfg.storage.data_dir = str(tmp_path)
    term = build_terminal(cfg)
    term.window.show()
    QTest.qWaitForWindowExposed(term.window)
    backend = None
    try:
        backend = start_services(cfg, term.shell.devices)
        qtbot.waitUntil(lambda: term.shell.devices.has("journeys"), timeout=5000)
        assert backend.bank.core.ping() is not None  # the sandbox answers over HTTP
        snapshot = tmp_path / FILE_NAME
        qtbot.waitUntil(snapshot.exists, timeout=10000)
        qtbot.waitUntil(
            lambda: json.loads(snapshot.read_text())["devices"]["printer"]["device"] == "online",
            timeout=10000,
        )
        data = json.loads(snapshot.read_text())
        assert data["devices"]["idcard"]["device"] == "online"
        assert data["devices"]["printer"]["paper"] == "full"
        assert data["corebank_url"].startswith("http://127.0.0.1:")
        # A technician's `kiosk diagnostics` now reads the terminal's view, not the ports.
        report = collect(cfg)
        assert report["terminal"]["running"] is True
        assert report["devices"]["printer"]["source"] == "terminal"
        assert report["corebank"]["reachable"] is True
        # The outbox and journal are where the technician's commands look for them.
        assert report["outbox"]["exists"] is True
        assert (tmp_path / "journal.db").exists() and (tmp_path / "sandbox.db").exists()
    finally:
        term.close()
        if backend is not None:
            backend.close()


def test_snapshot_reports_the_cameras_real_state_not_configured(qapp, qtbot, tmp_path):
    """A configured camera that cannot be opened is not "online" in the running terminal's
    snapshot: the camera's own worker opened it and says what it found."""
    cfg = KioskConfig()
    cfg.storage.data_dir = str(tmp_path)
    cfg.camera.driver = "opencv"
    cfg.camera.source = str(tmp_path / "no-such-camera")
    term = build_terminal(cfg)
    backend = None
    try:
        backend = start_services(cfg, term.shell.devices)
        snapshot = tmp_path / FILE_NAME

        def camera():
            if not snapshot.exists():
                return ""
            return json.loads(snapshot.read_text())["devices"]["camera"]["device"]

        qtbot.waitUntil(lambda: camera() in ("noDevice", "hardwareError"), timeout=30000)
        assert backend.identity.camera_status["device"] == camera()
    finally:
        term.close()
        if backend is not None:
            backend.close()
