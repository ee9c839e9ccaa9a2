"""End to end: an application filled in the hub's ``/m/`` page in headless Chromium is
completed at the terminal through the Qt UI, its QR code read from the simulated camera;
a mismatched identity is refused; expired and unknown codes are refused on screen."""

from __future__ import annotations

import os
import shutil
import time

import pytest
import requests

from devices.idcard.simulator import Fault
from hub import accounts
from hub.prearrival import store
from hub.server import start_hub
from hub.settings import HubSettings
from kiosk.devices_io.demo import card_text
from kiosk.forms import codes
from kiosk.prearrival.client import PreappClient
from kiosk.sandbox.store import cn_id
from ui.journeys import texts

CHROMIUM = "/usr/bin/chromium"
NEW_ID = cn_id("11010119900307215")
OTHER_ID = cn_id("31010419920315102")


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


def _fill_on_the_phone(url: str, id_number: str) -> str:
    """The customer fills the form in Chromium (a phone-sized page) and gets the code."""
    if not shutil.which(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium is not installed; make setup installs it")
        pytest.skip("Debian's chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 390, "height": 844}, locale="zh-CN")
            page.goto(f"{url}/m/")
            page.fill("#id_number", id_number)
            page.fill("#mobile", "13800138000")
            page.fill("#address", "北京市东城区示例路2号")
            page.fill("#occupation", "")
            page.click("#submit")  # the hub names the missing field
            page.wait_for_selector('.err[data-for="form.occupation"]:not(:empty)', timeout=10000)
            page.fill("#occupation", "教师")
            page.click("#submit")
            page.wait_for_selector("#done:not([hidden])", timeout=10000)
            page.wait_for_function("document.getElementById('qr').naturalWidth > 0",
                                   timeout=10000)
            return page.inner_text("#code").strip()
        finally:
            browser.close()


def test_a_phone_application_completed_at_the_terminal(make_kiosk, hub) -> None:
    handle, client = hub
    code = _fill_on_the_phone(handle.url, NEW_ID)
    assert codes.is_valid(code)
    k = make_kiosk(card_text("王小样", NEW_ID))
    k.sim.rig.terminal.preapps = client
    k.sim.present_image(requests.get(f"{handle.url}/api/preapplications/{code}/qr",
                                     timeout=10).content)  # the phone held to the camera
    k.start("prefilled")
    k.wait_step("confirm_application", timeout=20000)
    assert k.find("summary_code_input").property("text") == code
    assert k.find("summary_occupation_input").property("text") == "教师"
    k.sim.present_customer()
    k.tap("confirmButton")  # "Confirm and verify": the card read, then the face checked
    k.wait_step("terms", timeout=30000)  # no tap on the identity or face screens
    k.tap("consentBox")
    k.sign()
    k.tap("submitButton")
    k.wait_step("done", timeout=20000)
    assert k.vm.property("accountNo")
    status = requests.get(f"{handle.url}/api/preapplications/{code}/status", timeout=10).json()
    assert status["status"] == "completed"
    k.tap("finishButton")
    k.qtbot.waitUntil(lambda: k.t.shell.property("screen") == "attract")


def test_personal_home_then_wrong_identity_expired_and_unknown_codes(make_kiosk, hub) -> None:
    """Home lists only the identified customer's application, for the session only; a
    code of someone else's application is refused at the ID card; expired and unknown
    codes are refused on the code screen."""
    handle, client = hub

    def create(id_number: str) -> str:
        body = {"kind": "open_account", "id_number": id_number,
                "form": {"mobile": "13900139000", "address": "上海市", "occupation": "医生"}}
        r = requests.post(f"{handle.url}/api/preapplications", json=body, timeout=10)
        return r.json()["code"]

    mine, theirs, expired = create(NEW_ID), create(OTHER_ID), create(OTHER_ID)

    async def expire():
        async with handle.hub.engine.begin() as conn:
            await conn.execute(store.t.update().where(store.t.c.code == expired)
                               .values(expires_at=time.time() - 1))

    handle.run(expire())
    k = make_kiosk(card_text("王小样", NEW_ID))
    k.sim.rig.terminal.preapps = client
    k.t.shell.personal_home.attach(k.sim.services)
    k.tap("startButton")
    k.tap("language_en")
    k.item("identifyHomeButton")
    assert k.find("pending_0") is None  # nothing before identification
    k.tap("identifyHomeButton")  # 王小样's ID card on the reader
    item = k.item("pending_0", timeout=15000)
    assert item.property("text") == "Pre-filled application to complete · Open a savings account"
    assert k.find("pending_1") is None  # the other person's applications are not listed
    assert "王小样" not in str(k.t.shell.personal_home.property("items"))
    k.tap("pending_0")  # opens the application with its code entered
    k.wait_step("confirm_application")
    assert k.vm.property("summary")["code"] == mine
    k.t.shell.home()
    k.item("pending_0")  # still there within the session

    k.tap("tile_prefilled")
    k.wait_step("code")
    for typed, key in ((expired, "prefilled.expired"), (codes.new_code(), "prefilled.unknown")):
        k.fill("field_code", typed)
        k.tap("nextButton")
        k.qtbot.waitUntil(lambda key=key: k.vm.property("errors").get("code")
                          == k.vm.property("tr")[key], timeout=10000)
        assert k.vm.property("step") == "code"
    k.fill("field_code", theirs)
    k.tap("nextButton")
    k.wait_step("confirm_application")
    k.tap("confirmButton")  # reads 王小样's card, not the applicant's
    k.wait_step("ended", timeout=15000)
    assert k.vm.property("messageKey") == "prefilled.id_mismatch"
    assert k.vm.property("outcome") == "refused"
    assert sum(k.sim.bank.outbox.counts().values()) == 0
    refused = [r for r in k.sim.bank.journal.records() if r["kind"] == "prefilled.refused"]
    assert [r["reason"] for r in refused] == ["id_mismatch"]
    k.t.shell.end_session("cancel")
    k.qtbot.waitUntil(lambda: k.t.shell.property("screen") == "attract")
    assert k.t.shell.personal_home.property("items") == []  # gone with the session
    k.tap("startButton")
    k.tap("language_en")
    k.item("identifyHomeButton")
    assert k.find("pending_0") is None


def test_a_prefilled_debit_card_chooses_its_account_on_screen(make_kiosk, hub) -> None:
    """A debit card prepared on the phone, for a client with two accounts: confirmed, card
    read with the same tap (no card on the reader yet: the identity screen says so and reads
    it again), face checked without a tap, the account chosen on screen, consent; the
    core's card row names the chosen account and the hub's code is spent."""
    handle, client = hub
    zhang_wei = cn_id("11010519800101001")  # sandbox demo client 1, savings 1
    r = requests.post(f"{handle.url}/api/preapplications", timeout=10,
                      json={"kind": "card_application", "id_number": zhang_wei,
                            "form": {"card": "debit"}})  # fmt: skip
    assert r.status_code == 201, r.text
    code = r.json()["code"]
    k = make_kiosk(card_text("张伟", zhang_wei))
    core = k.sim.bank.core
    second = core.create_savings_account(1).savings_id  # a second account to choose from
    core.approve_savings(second)
    core.activate_savings(second)
    k.sim.rig.terminal.preapps = client
    k.sim.present_image(requests.get(r.json()["qr"], timeout=10).content)
    k.start("prefilled", language="en")
    k.wait_step("confirm_application", timeout=20000)
    assert k.find("summary_code_input").property("text") == code
    assert k.find("summary_card_input").property("text") == k.vm.property("tr")["label.debit"]
    k.sim.present_customer()
    k.sim.reader_sim.inject(Fault.NO_CARD)  # confirmed before the card is on the reader
    k.tap("confirmButton")
    k.wait_step("identity")
    no_card = texts.text("document.no_card", "en")
    k.qtbot.waitUntil(lambda: k.find("stepMessage").property("text") == no_card,
                      timeout=10000)  # fmt: skip
    k.sim.reader_sim.clear_fault()
    k.tap("readCardButton")  # then the face check starts by itself
    k.wait_step("choose_account", timeout=30000)
    shown = [k.item(f"account_{i}").property("text") for i in range(2)]
    assert k.find("account_2") is None
    chosen = next(i for i, text in enumerate(shown) if text.startswith(f"*****{second:04d}"))
    k.tap(f"account_{chosen}")
    k.wait_step("consent")
    k.tap("submitButton")  # consent not ticked: refused on screen, nothing sent
    k.qtbot.waitUntil(lambda: "consent" in k.vm.property("errors"))
    assert core.get_datatable_entries("card_application", 1) == []
    k.tap("consentBox")
    k.tap("submitButton")
    k.wait_step("done", timeout=20000)
    reference = k.vm.property("reference")
    rows = core.get_datatable_entries("card_application", 1)
    assert [(r["card_type"], r["savings_account_id"], r["reference"]) for r in rows] == [
        ("debit", second, reference)]
    status = requests.get(f"{handle.url}/api/preapplications/{code}/status", timeout=10).json()
    assert status["status"] == "completed"
    k.qtbot.waitUntil(lambda: bool(k.vm.property("receipt")), timeout=10000)
    assert reference in k.sim.printer_sim.page_texts()[-1]


def _preview_spread(k, shot, seen: list[float]) -> float:
    """Grab the window to `shot`; the spread of the pixels where the code preview stands."""
    import cv2
    from PySide6.QtCore import QPointF

    preview = k.find("codePreview")
    assert k.win.grabWindow().save(str(shot))
    picture = cv2.imread(str(shot))
    top = preview.mapToScene(QPointF(0, 0))
    x, y = max(int(top.x()), 0), max(int(top.y()), 0)
    area = picture[y:y + int(preview.height()), x:x + int(preview.width())]
    seen.append(round(float(area.std()), 1) if area.size else 0.0)
    return seen[-1]


def test_the_code_screen_shows_what_the_camera_sees(make_kiosk, hub, tmp_path) -> None:
    """While it looks for the QR code the code screen previews the camera (JPEGs made on
    the camera's worker), in either language; the picture goes when the scan ends.  The
    two window grabs are the screenshots of docs/prearrival.md."""
    import base64

    import cv2
    import numpy as np

    handle, client = hub
    k = make_kiosk(card_text("王小样", NEW_ID))
    k.sim.rig.terminal.preapps = client
    k.start("prefilled")  # the customer's face in front of the camera: no QR code yet
    k.wait_step("code")
    k.qtbot.waitUntil(lambda: k.vm.property("scanPreview") != "", timeout=10000)
    jpeg = base64.b64decode(k.vm.property("scanPreview").split(",", 1)[1])
    frame = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_COLOR)
    assert frame is not None and frame.shape[1] == 320
    for lang in ("zh_CN", "en"):
        if lang == "en":
            k.tap("languageButton")
            k.qtbot.waitUntil(lambda: k.vm.property("tr")["label.code"] == "Code")
        k.qtbot.waitUntil(lambda: k.find("codePreview") is not None
                          and k.find("codePreview").isVisible()
                          and k.find("codePreview").property("paintedWidth") > 0)  # drawn
        shot = tmp_path / f"prefilled-code-preview-{lang}.png"
        # Looked at as a person would: the page may still be fading or sliding in (a
        # transition animates opacity and position), so look again until it has settled.
        spreads: list[float] = []
        try:
            k.qtbot.waitUntil(lambda s=shot, seen=spreads: _preview_spread(k, s, seen) > 10,
                              timeout=5000)  # a face, not the flat backdrop
        except Exception:
            raise AssertionError(f"the preview area is blank ({lang}: {spreads[-3:]})") from None
    made = requests.post(f"{handle.url}/api/preapplications", timeout=10, json={
        "kind": "open_account", "id_number": NEW_ID,
        "form": {"mobile": "13800138000", "address": "上海市", "occupation": "医生"}}).json()
    k.fill("field_code", made["code"])  # typed while the camera still looks
    k.tap("nextButton")
    k.wait_step("confirm_application", timeout=20000)
    k.qtbot.waitUntil(lambda: not k.vm.property("scanning"))
    assert k.vm.property("scanPreview") == ""



def type_code_on_the_chinese_keyboard(k, letters: str = "KMT") -> str:
    """Tap ``letters`` on the in-window keyboard into the step's code field (zh_CN session);
    what the field then holds."""
    from PySide6.QtTest import QTest

    from tests.ui.test_virtual_keyboard import keys, tap_item

    k.tap("field_code_input")
    k.qtbot.waitUntil(lambda: k.find("inputPanel").isVisible())
    k.qtbot.waitUntil(lambda: letters[0] in keys(k.win) or letters[0].lower() in keys(k.win))
    for letter in letters:
        tap_item(k.win, keys(k.win).get(letter) or keys(k.win)[letter.lower()])
        QTest.qWait(30)
    try:
        k.qtbot.waitUntil(lambda: k.find("field_code_input").property("text") == letters)
    except Exception:
        pass  # the caller's assertion says what the field holds
    return str(k.find("field_code_input").property("text"))


def test_the_code_is_typed_in_latin_letters_on_the_chinese_keyboard(make_kiosk, hub) -> None:
    """A customer in Chinese taps the code's letters on the in-window keyboard: they land in
    the field as capitals, not as Pinyin waiting for a Chinese character (the appointment
    check-in's code field: tests/e2e/test_e2e_queue.py)."""
    _handle, client = hub
    k = make_kiosk(card_text("王小样", NEW_ID))
    k.sim.rig.terminal.preapps = client
    k.start("prefilled")
    k.wait_step("code")
    assert type_code_on_the_chinese_keyboard(k) == "KMT"
