"""The pre-filled journey against a real hub (SQLite) and the sandbox core, over real HTTP.

An application created through the hub's open API is loaded by code, confirmed, claimed by
the identity read and submitted through the outbox; a different identity is refused with
nothing submitted and the reason journaled; expired and unknown codes are refused.
"""

from __future__ import annotations

import time

import pytest
import requests
from flow_people import ZHANG_WEI_ID

from hub import accounts
from hub.prearrival import store
from hub.server import start_hub
from hub.settings import HubSettings
from kiosk.flows.prefilled import PrefilledJourney
from kiosk.flows.steps import Outcome
from kiosk.forms import codes
from kiosk.prearrival.client import PreappClient
from kiosk.sandbox.store import cn_id

NEW_ID = cn_id("44030419900307123")
FORM = {"mobile": "13800138000", "address": "广东省深圳市福田区2号", "occupation": "教师"}


def chip(id_number: str = NEW_ID, name: str = "欧阳晓明") -> dict:
    return {"name": name, "sex": "男", "birth_date": "1990-03-07", "id_number": id_number,
            "address": "广东省深圳市福田区1号", "valid_to": "2040-01-01"}


@pytest.fixture
def hub(tmp_path):
    handle = start_hub(HubSettings(db_url=str(tmp_path / "hub.db"), port=0))

    async def enrol():
        async with handle.hub.engine.begin() as conn:
            return await accounts.enrol_device(conn, "K7", "terminal", "b1")

    try:
        key = handle.run(enrol())
        yield handle, PreappClient(handle.url, "K7", key)
    finally:
        handle.stop()


def _create(handle, id_number=NEW_ID, kind="open_account", form=None) -> str:
    r = requests.post(f"{handle.url}/api/preapplications", timeout=10,
                      json={"kind": kind, "id_number": id_number, "form": form or FORM})
    assert r.status_code == 201, r.text
    return r.json()["code"]


def _status(handle, code) -> str:
    return requests.get(f"{handle.url}/api/preapplications/{code}/status", timeout=10).json()[
        "status"]


def _journal_kinds(bank, kind: str) -> list[dict]:
    return [r for r in bank.journal.records() if r["kind"] == kind]


def test_a_prefilled_opening_runs_only_identity_and_consent(bank, hub) -> None:
    handle, client = hub
    code = _create(handle)
    j = PrefilledJourney(bank.deps(preapps=client))
    assert j.step == "code"
    j.enter_code(f"{handle.url}/m/p/{code}")  # what the camera's QR code holds
    assert j.step == "confirm_application"
    assert j.view().summary == {"code": code, "kind": "open_account", "mobile": "+8613800138000",
                                "address": FORM["address"], "occupation": "教师"}
    j.confirm_application()
    j.document_read("cn-id", chip(), source="chip")
    assert j.step == "face"  # no details step: the phone's form stands
    assert _status(handle, code) == "claimed"
    j.face_result(True, "", 0.3)
    assert j.step == "terms"
    assert j.accept_terms(True, b"<svg>sig</svg>")
    assert j.submit() == "done"
    assert j.data["account_no"]
    assert bank.outbox.counts()["done"] == 1
    assert _status(handle, code) == "completed"
    assert [r["result"] for r in _journal_kinds(bank, "prefilled.code")] == ["loaded"]
    assert [r["application"] for r in _journal_kinds(bank, "prefilled.claimed")] == [
        "open_account"]
    assert [r["hub"] for r in _journal_kinds(bank, "prefilled.completed")] == ["ok"]
    # The same code cannot be used again.
    again = PrefilledJourney(bank.deps(preapps=client))
    again.enter_code(code)
    assert again.step == "code" and again.errors == {"code": "prefilled.completed"}


def test_a_different_identity_is_refused_and_nothing_is_submitted(bank, hub) -> None:
    handle, client = hub
    code = _create(handle)
    j = PrefilledJourney(bank.deps(preapps=client))
    j.enter_code(code)
    j.confirm_application()
    j.document_read("cn-id", chip(ZHANG_WEI_ID, "张伟"), source="chip")
    assert j.outcome is Outcome.REFUSED and j.message.key == "prefilled.id_mismatch"
    assert sum(bank.outbox.counts().values()) == 0
    (refused,) = _journal_kinds(bank, "prefilled.refused")
    assert refused["reason"] == "id_mismatch"
    assert ZHANG_WEI_ID not in str(bank.journal.records()) and NEW_ID not in str(
        bank.journal.records())
    assert _status(handle, code) == "open"  # still there for its rightful owner


def test_expired_unknown_and_mistyped_codes_are_refused_clearly(bank, hub) -> None:
    handle, client = hub
    expired = _create(handle)

    async def expire():
        async with handle.hub.engine.begin() as conn:
            await store.expire_due(conn, time.time() + 30 * 86400)

    handle.run(expire())
    j = PrefilledJourney(bank.deps(preapps=client))
    for typed, key in ((expired, "prefilled.expired"), (codes.new_code(), "prefilled.unknown"),
                       ("ABC", "prefilled.bad_code")):
        j.enter_code(typed)
        assert j.step == "code" and j.errors == {"code": key}, typed
    assert [r["result"] for r in _journal_kinds(bank, "prefilled.code")] == [
        "expired", "unknown", "bad_code"]
    assert sum(bank.outbox.counts().values()) == 0


def test_a_failed_scan_says_why_and_keeps_a_typed_codes_refusal(bank, hub) -> None:
    """No QR code seen: say so; no camera: say to type the code (not "hold it again"); a
    scan that ends while the refusal of a typed code is shown leaves that refusal."""
    _handle, client = hub
    j = PrefilledJourney(bank.deps(preapps=client))
    j.scan_failed("not_seen")
    assert j.errors == {"code": "prefilled.no_qr"}
    j.scan_failed("camera_fault")
    assert j.errors == {"code": "prefilled.no_camera"}
    j.enter_code(codes.new_code())  # typed while the camera looks: no such application
    j.scan_failed("not_seen")
    j.scan_failed("camera_fault")
    assert j.errors == {"code": "prefilled.unknown"}
    j.scan_failed("not_seen")  # after "no camera" (the customer may have put it right)
    assert j.errors == {"code": "prefilled.unknown"}
    assert [(r["result"], r.get("reason")) for r in _journal_kinds(bank, "prefilled.code")] == [
        ("no_qr", "not_seen"), ("no_qr", "camera_fault"), ("unknown", None),
        ("no_qr", "not_seen"), ("no_qr", "camera_fault"), ("no_qr", "not_seen")]


def test_a_prefilled_credit_card_application_for_an_existing_client(bank, hub) -> None:
    handle, client = hub
    form = {"card": "credit", "income": "150000", "employer": "深圳科技有限公司"}
    code = _create(handle, ZHANG_WEI_ID, "card_application", form)
    j = PrefilledJourney(bank.deps(preapps=client))
    j.enter_code(code)
    j.confirm_application()
    j.document_read("cn-id", chip(ZHANG_WEI_ID, "张伟"), source="chip")
    j.face_result(True, "", 0.3)
    assert j.step == "consent"
    assert j.give_consent(True)
    assert j.submit() == "done"
    assert _status(handle, code) == "completed"
    assert bank.outbox.counts()["done"] == 1


def test_a_silent_hub_never_holds_the_journeys_lock(bank) -> None:
    """The GUI thread's cancel, language and wipe do not wait while the hub is silent."""
    import socket
    import threading

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(4)  # accepts connections, never answers: the hub "goes silent"
    try:
        port = silent.getsockname()[1]
        client = PreappClient(f"http://127.0.0.1:{port}", "K7", "key", timeout_s=3.0)
        j = PrefilledJourney(bank.deps(preapps=client))
        worker = threading.Thread(target=j.enter_code, args=(codes.new_code(),))
        worker.start()
        deadline = time.monotonic() + 5
        while j.busy != "lookup" and time.monotonic() < deadline:
            time.sleep(0.01)
        assert j.busy == "lookup"
        started = time.monotonic()
        j.set_language("en")
        j.timed_out()
        j.wipe()
        assert time.monotonic() - started < 0.5 and worker.is_alive(), "waited for the hub"
        worker.join(10)
        assert j.outcome is Outcome.TIMED_OUT and j.data == {}
    finally:
        silent.close()


def test_the_personal_home_asks_the_hub_only_for_a_good_document(bank, hub) -> None:
    from types import SimpleNamespace

    from kiosk.prearrival.home import pending_for_document

    handle, client = hub
    code = _create(handle)

    def read(fields):
        return SimpleNamespace(kind="cn-id", fields=fields, source="chip", valid=None,
                               problems=())

    bad = chip(NEW_ID[:-1] + ("0" if NEW_ID[-1] != "0" else "1"))  # wrong check digit
    assert pending_for_document(read(bad), client, bank.journal).error == "document.invalid"
    assert [r for r in bank.journal.records() if r["kind"] == "home.pending"] == []
    home = pending_for_document(read(chip()), client, bank.journal)
    assert [(i.kind, i.details["code"]) for i in home.items] == [("preapplication", code)]
    (shown,) = [r for r in bank.journal.records() if r["kind"] == "home.pending"]
    assert shown["kinds"] == ["preapplication"] and NEW_ID not in str(shown)
