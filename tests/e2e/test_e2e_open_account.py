"""Open an account through the UI: chip reader, details, face check, terms, sandbox state."""

from kiosk.devices_io.demo import card_text
from kiosk.flows.identity import client_external_id
from kiosk.sandbox.store import cn_id

NEW_ID = cn_id("11010119900307215")


def _shown_as_sent(k) -> bool:
    """Whether the face preview on screen is the JPEG the camera worker sent, unflipped.

    The worker mirrors the frame (the customer's left on the left, as in a mirror); the
    screen must not flip it back.  Judged by which orientation the grabbed pixels match.
    """
    import base64

    import cv2
    import numpy as np
    from PySide6.QtCore import QPointF

    uri, item = k.vm.property("facePreview"), k.find("facePreview")
    if not uri or item is None or not item.isVisible():
        return False
    sent = cv2.imdecode(np.frombuffer(base64.b64decode(uri.split(",", 1)[1]), np.uint8),
                        cv2.IMREAD_GRAYSCALE)
    shot = k.win.grabWindow()
    top = item.mapToScene(QPointF(0, 0))
    w, h = int(item.width()), int(item.height())
    area = shot.copy(int(top.x()), int(top.y()), w, h)
    area = area.convertToFormat(area.Format.Format_Grayscale8)
    pixels = np.array(area.constBits(), np.uint8).reshape(h, area.bytesPerLine())[:, :w]
    sent = cv2.resize(sent, (w, h)).astype(np.float32)
    pixels = pixels.astype(np.float32)
    straight = np.corrcoef(pixels.ravel(), sent.ravel())[0, 1]
    flipped = np.corrcoef(pixels.ravel(), cv2.flip(sent, 1).ravel())[0, 1]
    return straight > flipped + 0.02  # the marked corner alone moves it by ~0.05


def test_open_account_end_to_end(make_kiosk):
    k = make_kiosk(card_text("王小样", NEW_ID))
    k.start("open_account")
    k.wait_step("identity")
    k.tap("readCardButton")
    k.wait_step("details")
    assert k.find("field_name_input").property("text") == "王小样"
    assert k.find("field_name_input").property("readOnly") is True
    assert k.find("field_address_input").property("text").startswith("北京市东城区")

    k.fill("field_mobile", "1380013")  # too short: an error, nothing lost
    k.fill("field_occupation", "教师")
    k.tap("nextButton")
    k.qtbot.waitUntil(lambda: k.vm.property("errors").get("mobile", "") != "")
    assert k.vm.property("step") == "details"
    assert k.find("field_occupation_input").property("text") == "教师"
    k.tap("languageButton")  # switch language mid-step: the typed values stay
    k.qtbot.waitUntil(lambda: k.vm.property("tr")["button.next"] == "Next")
    assert k.find("field_occupation_input").property("text") == "教师"
    k.fill("field_mobile", "13800138000")
    k.tap("nextButton")
    k.wait_step("face")

    previews = []
    k.vm.faceChanged.connect(lambda: previews.append(k.vm.property("facePreview")))
    # A bright card in one top corner of the room: the orientation shows whatever the face
    # (the drawn demo customer is nearly symmetric).  Copies: the frames are shared.
    marked = [f.copy() for f in k.sim.rig.customer_frames]
    for f in marked:
        f[10:110, 10:150] = 255
    k.sim.rig.customer_frames[:] = marked
    k.tap("startFaceButton")
    k.qtbot.waitUntil(lambda: _shown_as_sent(k), timeout=20000)  # the picture is a mirror
    k.wait_step("terms", timeout=30000)
    assert not k.vm.property("faceRunning")
    assert any(p.startswith("data:image/jpeg;base64,") for p in previews)  # live preview shown
    assert k.vm.property("facePreview") == ""  # and dropped when the check ended

    k.tap("consentBox")
    k.sign()
    k.tap("submitButton")
    k.wait_step("done", timeout=20000)
    k.qtbot.waitUntil(lambda: bool(k.vm.property("receipt")), timeout=10000)
    account_no = k.vm.property("accountNo")
    assert account_no and k.find("resultAccountNo").property("text").endswith(account_no)
    assert k.vm.property("receipt")["printed"] is True
    assert "****" in k.sim.printer_sim.page_texts()[-1]

    bank = k.sim.bank
    client = bank.core.get_client_by_external_id(
        client_external_id(NEW_ID, bank.config.limits.id_salt)
    )
    assert [i.document_key for i in bank.core.list_identifiers(client.id)] == [NEW_ID]
    [account] = bank.core.client_accounts(client.id)
    assert (account.account_no, account.status.id) == (account_no, 300)
    kept = bank.applications.get(k.vm.property("reference"))
    assert kept["signature"].startswith(b"<svg") and kept["terms_language"] == "en"

    k.tap("finishButton")
    k.qtbot.waitUntil(lambda: k.t.shell.property("screen") == "attract")
    assert bank.journal.verify().ok


def test_cancel_mid_journey_wipes_the_session(make_kiosk):
    k = make_kiosk(card_text("王小样", NEW_ID))
    k.start("open_account")
    k.wait_step("identity")
    k.tap("readCardButton")
    k.wait_step("details")
    journey = k.vm.journey
    assert journey.person is not None
    k.tap("largeTextButton")  # large text keeps what is on the form
    assert k.find("field_name_input").property("text") == "王小样"
    k.tap("cancelButton")  # mid-journey Cancel asks first: "End and clear everything?"
    k.qtbot.waitUntil(lambda: k.t.shell.property("cancelAsked"))
    k.tap("cancelYesButton")
    k.qtbot.waitUntil(lambda: k.t.shell.property("screen") == "attract")
    assert journey.outcome.value == "cancelled"
    assert journey.person is None and journey.data == {}
    assert k.t.shell.session.personal == {}
    assert k.sim.bank.journal.verify().ok


def test_inactivity_ends_the_journey_as_timed_out(make_kiosk):
    k = make_kiosk(card_text("王小样", NEW_ID))
    k.start("open_account")
    k.wait_step("identity")
    k.tap("readCardButton")
    k.wait_step("details")
    journey = k.vm.journey
    k.t.shell.end_session("timeout")  # what the inactivity countdown does when it runs out
    k.qtbot.waitUntil(lambda: k.t.shell.property("screen") == "attract")
    assert journey.outcome.value == "timed_out"
    assert journey.person is None and journey.data == {}
    assert k.sim.bank.journal.verify().ok
