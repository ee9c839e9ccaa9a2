"""Recognition on arrival through the real helper process, real dlib and a real hub.

The enrolled customer is the drawn demo customer (kiosk.demo_customer), enrolled after an
ID check against the portrait; the passer-by is a public sample photo.
"""

from __future__ import annotations

import functools
import os
import re
import threading
import time
from pathlib import Path

import cv2
import pytest
from sqlalchemy import func, select

from devices.camera.simulated import SimulatedCamera
from hub import accounts
from hub.server import start_hub
from hub.settings import HubSettings
from hub.storage.tables import audit, face_templates
from kiosk import demo_customer
from kiosk.journal import Journal
from kiosk.recognition.arrival import ArrivalService, Suggestion
from kiosk.recognition.hub_client import RecognitionClient
from kiosk.recognition.sealing import TemplateSealer
from kiosk.recognition.watcher import RecognitionWatcher
from tests.sample_data import require_testdata

ID_NUMBER = demo_customer.HOLDER_ID_NUMBER
MOBILE = "13900139000"


@pytest.fixture
def hub(tmp_path: Path):
    handle = start_hub(HubSettings(db_url=str(tmp_path / "hub" / "hub.db"), port=0))

    async def seed() -> str:
        async with handle.hub.engine.begin() as conn:
            return await accounts.enrol_device(conn, "k1", "terminal", "b1")

    try:
        yield handle, handle.run(seed())
    finally:
        handle.stop()


def _count(handle, table) -> int:
    async def go() -> int:
        async with handle.hub.engine.connect() as conn:
            return int((await conn.execute(select(func.count()).select_from(table))).scalar())
    return handle.run(go())


def _files(root: Path) -> set[str]:
    """Files outside the hub's folder and the journal (which the test reads separately)."""
    return {str(p) for p in root.rglob("*") if p.is_file() and "hub" not in p.parts
            and not p.name.startswith("journal.db")}


def test_opt_in_recognise_confirm_revoke_and_passers_by_leave_nothing(hub, tmp_path,
                                                                      capfd) -> None:
    handle, key = hub
    stranger = require_testdata("face", "face_recognition", "biden.jpg")
    from kiosk.identity.face_synthetic import frame_from_photo

    customer = functools.partial(SimulatedCamera, demo_customer.camera_frames(), fps=0,
                                 loop=True)
    passer_by = functools.partial(SimulatedCamera, [frame_from_photo(cv2.imread(str(stranger)))],
                                  fps=0, loop=True)
    journal = Journal(tmp_path / "journal.db")
    suggestions: list[Suggestion] = []
    got = threading.Event()

    def suggested(s: Suggestion) -> None:
        suggestions.append(s)
        got.set()

    watcher = RecognitionWatcher(customer, on_match=lambda *_: None, interval_s=0.1)
    service = ArrivalService(RecognitionClient(handle.url, "k1", key),
                             TemplateSealer(os.urandom(32), "b1"), watcher, journal.append,
                             on_suggestion=suggested)
    try:
        watcher.wait_ready()
        assert service.refresh() == 0
        assert service.watch() is False  # nobody opted in: the camera stays closed
        # Opt-in after the ID check: the live face matches the ID portrait.
        files = _files(tmp_path)
        tid = service.opt_in(ID_NUMBER, MOBILE, demo_customer.portrait())
        assert tid is not None and _count(handle, face_templates) == 1
        assert _files(tmp_path) == files  # the terminal keeps the gallery in memory only
        assert "gcm1:" not in repr(journal.records())

        # A passer-by on the attract screen: no match, and nothing of them is kept.
        watcher.use_camera(passer_by)
        before_files, before_audit = _files(tmp_path), _count(handle, audit)
        journal_before = len(journal.records())
        capfd.readouterr()
        faces_before = watcher.stats()["faces"]
        assert service.watch() is True
        assert not got.wait(3.0), "a face that never opted in was matched"
        service.pause()
        assert watcher.stats()["faces"] > faces_before  # the passer-by's face was seen
        out = capfd.readouterr()
        assert _files(tmp_path) == before_files
        assert _count(handle, audit) == before_audit and _count(handle, face_templates) == 1
        # No descriptor (nor a distance) printed or logged, by either process.
        assert not re.search(r"\d\.\d{4,}", out.out + out.err)
        assert len(journal.records()) == journal_before

        # The enrolled customer steps up: a suggestion with nothing personal in it.
        watcher.use_camera(customer)
        assert service.watch() is True
        assert got.wait(20), "the opted-in customer was not recognised"
        assert suggestions == [Suggestion(tid, "continue")]  # no pending route on this hub
        # A wrong ID card is refused; the right one confirms.
        assert service.confirm_with_card("110101199003070011") is None
        assert service.current is None
        got.clear()
        assert service.watch() is True and got.wait(20)
        confirmed = service.confirm_with_card(ID_NUMBER.lower())
        assert confirmed is not None and confirmed.factor == "id_card"
        assert confirmed.id_number == ID_NUMBER and ID_NUMBER not in repr(confirmed)

        # Revocation at the terminal: deleted on the hub at once, never matched again.
        assert service.revoke(ID_NUMBER) == 1
        assert _count(handle, face_templates) == 0
        got.clear()
        assert watcher.stats()["templates"] == 0  # gone from the helper's memory too
        frames = watcher.stats()["frames"]
        assert service.watch() is False  # the gallery is empty: nothing is looked at
        assert not got.wait(2.0), "a revoked customer was recognised"
        assert watcher.stats()["frames"] == frames
        kinds = [r["kind"] for r in journal.records()]
        assert {"recognition_consent", "recognition_match", "recognition_refused",
                "recognition_confirmed", "recognition_revoked"} <= set(kinds)
        assert ID_NUMBER not in repr(journal.records())
    finally:
        service.close()
        journal.close()


def test_composition_root_keys_templates_by_the_hubs_branch(hub, tmp_path) -> None:
    from kiosk.config import KioskConfig
    from kiosk.recognition.startup import start_arrival

    handle, key = hub
    cfg = KioskConfig()
    cfg.branch.terminal_id = "k1"
    assert cfg.branch.name != "b1"
    camera = functools.partial(SimulatedCamera, demo_customer.camera_frames(), fps=0, loop=True)
    assert start_arrival(cfg, "", key, os.urandom(32).hex(), camera, print) is None  # no hub
    cfg.recognition.enabled = False
    assert start_arrival(cfg, handle.url, key, os.urandom(32).hex(), camera, print) is None
    cfg.recognition.enabled = True
    service = start_arrival(cfg, handle.url, key, os.urandom(32).hex(), camera, print)
    try:
        assert service is not None
        deadline = time.monotonic() + 60
        while service.sealer.branch != "b1" and time.monotonic() < deadline:
            time.sleep(0.1)
        assert service.sealer.branch == "b1"
    finally:
        service.close()


def test_a_helper_still_loading_its_models_is_ended_at_once_and_restarts_clean() -> None:
    """Stopping the terminal right after start: the helper, busy loading dlib and deaf to
    its pipe until loaded, is ended rather than waited for (issue 9's quick stop); the next
    start waits for the new helper's own 'ready', not the last one's."""
    import signal

    camera = functools.partial(SimulatedCamera, [demo_customer.portrait()], fps=10)
    watcher = RecognitionWatcher(camera, on_match=lambda *_: None)
    watcher.start()
    proc = watcher._proc
    watcher.stop()  # at once: the models cannot have loaded yet
    assert proc.exitcode == -signal.SIGTERM
    try:
        watcher.wait_ready(timeout=60)
        stats = watcher.stats()
        assert stats["templates"] == 0  # a working helper that answers
    finally:
        watcher.stop()
    assert watcher._proc is None
