import threading

import pytest
from flow_people import ZHANG_WEI_ID

from kiosk.flows.identity import client_external_id
from kiosk.flows.open_account import OpenAccountJourney
from kiosk.flows.steps import FlowError, IdentityLevel, Outcome
from kiosk.sandbox.store import cn_id

NEW_ID = cn_id("44030419900307123")


def chip(id_number=NEW_ID, name="欧阳晓明"):
    return {
        "name": name,
        "sex": "男",
        "birth_date": "1990-03-07",
        "address": "广东省深圳市福田区1号",
        "id_number": id_number,
        "valid_to": "2040-01-01",
    }


def new_client(bank):
    return bank.core.get_client_by_external_id(
        client_external_id(NEW_ID, bank.config.limits.id_salt)
    )


def test_new_customer_opens_an_account_end_to_end(bank):
    j = OpenAccountJourney(bank.deps())
    assert j.step == "identity" and j.spec.devices == ("idcard",)
    j.document_read("cn-id", chip(), source="chip")
    assert j.step == "details" and j.identity_level is IdentityLevel.DOCUMENT
    assert j.data["form"]["name"] == {"value": "欧阳晓明", "editable": False}
    assert j.data["form"]["address"]["editable"]

    assert not j.submit_details("12345", "广东省深圳市福田区1号", "")
    assert j.step == "details" and set(j.errors) == {"mobile", "occupation"}
    assert j.data["form"]["mobile"]["value"] == "12345"  # what was typed is kept
    assert j.submit_details("13800138000", "广东省深圳市福田区2号", "教师")
    assert j.step == "face"
    with pytest.raises(FlowError):
        j.accept_terms(True, b"<svg/>")  # terms need the face check first

    j.face_result(False, "no_match", 0.71)
    assert j.step == "face" and j.message.key == "face.retry" and j.message.params["remaining"] == 2
    j.face_result(True, "", 0.31)
    assert j.step == "terms" and j.identity_level is IdentityLevel.FACE
    assert not j.accept_terms(True, b"")
    assert j.errors == {"signature": "terms.signature_required"}
    assert j.accept_terms(True, b"<svg>sig</svg>")
    assert j.step == "submitting" and not j.cancel()  # no cancel while writing to the core

    assert j.submit() == "done"
    assert j.submit() == "done"  # a second press changes nothing
    account_no = j.data["account_no"]
    client = new_client(bank)
    assert (client.firstname, client.lastname) == ("晓明", "欧阳")
    assert client.mobile_no == "+8613800138000"
    assert [i.document_key for i in bank.core.list_identifiers(client.id)] == [NEW_ID]
    accounts = bank.core.client_accounts(client.id)
    assert [(a.account_no, a.status.id) for a in accounts] == [(account_no, 300)]
    record = bank.outbox.get(j.data["action_id"])
    assert record.state == "done"
    kept = bank.applications.get(j.data["action_id"])
    assert kept["signature"] == b"<svg>sig</svg>" and kept["terms_language"] == "zh_CN"
    assert kept["details"] == {"address": "广东省深圳市福田区2号", "occupation": "教师"}

    receipt = j.print_receipt()  # no printer wired: the e-receipt QR is offered
    assert receipt["printed"] is False and receipt["qr"].endswith(j.data["action_id"])
    j.finish()
    assert j.outcome is Outcome.COMPLETED
    j.wipe()
    assert j.person is None and not j.data

    assert bank.journal.verify().ok
    text = bank.journal.path.read_bytes()
    for secret in (NEW_ID.encode(), "欧阳".encode(), b"13800138000", account_no.encode()):
        assert secret not in text


def test_existing_client_is_offered_their_accounts(bank):
    j = OpenAccountJourney(bank.deps())
    j.document_read("cn-id", chip(ZHANG_WEI_ID, "张伟"), source="chip")
    assert j.step == "existing_client" and j.message.key == "open.already_client"
    assert [(a.masked(), str(a.balance)) for a in j.existing_accounts] == [("*****0001", "52300.0")]
    j.finish_existing()
    assert j.outcome is Outcome.EXISTING_CLIENT


def test_invalid_document_and_three_failed_face_checks(bank):
    j = OpenAccountJourney(bank.deps())
    bad = chip(NEW_ID[:-1] + ("0" if NEW_ID[-1] != "0" else "1"))
    j.document_read("cn-id", bad, source="ocr")
    assert j.step == "identity" and j.errors == {"document": "document.invalid"}
    j.document_failed("timeout")
    assert j.message.key == "document.timeout"
    j.document_read("cn-id", chip(), source="ocr")
    j.submit_details("13800138000", "somewhere", "nurse")
    for _ in range(2):
        j.face_result(False, "liveness_failed")
        assert not j.ended
    j.face_result(False, "no_match")
    assert j.outcome is Outcome.STAFF and j.message.key == "face.see_staff"


def test_cancel_timeout_and_device_fault_end_in_known_states(bank):
    j = OpenAccountJourney(bank.deps())
    j.document_read("cn-id", chip(), source="chip")
    j.set_language("en")
    j.set_large_text(True)
    assert j.step == "details" and j.data["form"]["name"]["value"] == "欧阳晓明"
    assert j.cancel() and j.outcome is Outcome.CANCELLED

    j = OpenAccountJourney(bank.deps())
    j.timed_out()
    assert j.outcome is Outcome.TIMED_OUT

    j = OpenAccountJourney(bank.deps())
    j.device_fault("idcard", "hardwareError")  # the reader fails: stay, scan instead
    assert j.step == "identity" and not j.ended and j.message.key == "device.fault"
    j.document_read("cn-id", chip(), source="ocr")
    j.submit_details("13800138000", "somewhere", "nurse")
    j.device_fault("camera", "noDevice")
    assert j.outcome is Outcome.STAFF


def test_double_submit_from_two_threads_opens_one_account(bank):
    j = OpenAccountJourney(bank.deps())
    j.document_read("cn-id", chip(), source="chip")
    j.submit_details("13800138000", "somewhere", "nurse")
    j.face_result(True)
    j.accept_terms(True, b"<svg/>")
    threads = [threading.Thread(target=j.submit) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert j.step == "done"
    client = new_client(bank)
    assert len(bank.core.client_accounts(client.id)) == 1
    assert bank.outbox.counts().get("done") == 1
