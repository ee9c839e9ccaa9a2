"""Device faults during a journey: each has a friendly, defined path, never a frozen screen."""

import functools

from devices.camera.simulated import SimulatedCamera
from devices.idcard.simulator import Fault
from kiosk.devices_io.demo import card_text
from kiosk.sandbox.store import cn_id

PERSON = card_text("王小样", cn_id("11010119900307215"))


def test_reader_faults_keep_the_customer_on_the_identity_step(make_kiosk):
    k = make_kiosk(PERSON)
    k.start("open_account")
    k.wait_step("identity")
    k.sim.reader_sim.inject(Fault.NO_CARD)
    k.tap("readCardButton")
    k.qtbot.waitUntil(
        lambda: k.find("stepMessage").property("text") == "未检测到身份证，请放好后重试。",
        timeout=10000,
    )
    k.sim.reader_sim.inject(Fault.TIMEOUT, once=True)
    k.tap("readCardButton")
    k.qtbot.waitUntil(
        lambda: k.find("stepMessage").property("text") == "读卡超时，请重试或扫描证件。",
        timeout=15000,
    )
    k.sim.reader_sim.clear_fault()
    k.tap("readCardButton")
    k.wait_step("details")


def test_camera_unplugged_sends_the_customer_to_staff(make_kiosk):
    k = make_kiosk(PERSON)
    k.sim.services.identity.devices.camera_factory = functools.partial(
        SimulatedCamera, "/nonexistent/camera"
    )
    k.start("open_account")
    k.wait_step("identity")
    k.tap("readCardButton")
    k.wait_step("details")
    k.fill("field_mobile", "13800138000")
    k.fill("field_occupation", "教师")
    k.tap("nextButton")
    k.wait_step("face")
    k.tap("startFaceButton")
    k.wait_step("ended", timeout=20000)
    assert k.vm.property("outcome") == "staff"
    assert k.find("endedMessage").property("text") == "设备暂时无法使用，请联系工作人员。"
    k.tap("finishButton")
    k.qtbot.waitUntil(lambda: k.t.shell.property("screen") == "attract")
