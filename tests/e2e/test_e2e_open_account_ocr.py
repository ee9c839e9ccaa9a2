"""Open an account by placing the ID card for OCR (no chip read): the document camera sees a
synthetic specimen card photographed at an angle, the real OCR engine reads it, the form is
filled from it, and the core ends up with the number the card shows."""

from devices.camera.simulated import SimulatedCamera
from kiosk.devices_io.demo import card_text, specimen_scene
from kiosk.flows.identity import client_external_id
from kiosk.sandbox.store import cn_id


def test_open_account_with_the_card_read_by_ocr(make_kiosk, faces):
    person, scene = specimen_scene(7, faces["id_photo"])
    # The chip holds someone else: only the scan may fill this form.
    k = make_kiosk(card_text("王小样", cn_id("11010119900307215")))
    k.sim.services.identity.devices.scanner = SimulatedCamera([scene], fps=0)
    k.start("open_account", language="en")
    k.wait_step("identity")
    k.tap("scanButton")
    k.wait_step("details", timeout=60000)
    assert k.find("field_name_input").property("text") == person.name
    assert k.find("field_name_input").property("readOnly") is True
    assert k.find("field_id_number_input").property("text") == person.id_number
    k.fill("field_mobile", "13800138000")
    k.fill("field_occupation", "Nurse")
    k.tap("nextButton")
    k.wait_step("face")
    k.tap("startFaceButton")
    k.wait_step("terms", timeout=60000)
    k.tap("consentBox")
    k.sign()
    k.tap("submitButton")
    k.wait_step("done", timeout=30000)
    bank = k.sim.bank
    client = bank.core.get_client_by_external_id(
        client_external_id(person.id_number, bank.config.limits.id_salt)
    )
    assert [i.document_key for i in bank.core.list_identifiers(client.id)] == [person.id_number]
    [account] = bank.core.client_accounts(client.id)
    assert account.account_no == k.vm.property("accountNo")
    assert account.status.id == 300
