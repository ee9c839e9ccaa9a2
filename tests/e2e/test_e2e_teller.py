"""A video teller through the UI: the terminal (simulated devices, sandbox over HTTP) with
its embedded hub, a scripted teller console (hub.testpeer over the real console protocol
and real WebRTC).  The customer calls from the top bar, the teller's video shows, the
teller corrects the amount (the customer confirms) and approves a transfer above the
threshold; refusal and a silent teller end it refused."""

from __future__ import annotations

import asyncio
import threading
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from hub.testpeer import TellerBot
from kiosk.config import KioskConfig, LimitsConfig
from kiosk.devices_io.demo import card_text
from kiosk.sandbox.store import cn_id

ZHANG_WEI = card_text("张伟", cn_id("11010519800101001"))  # sandbox demo client, 52,300.00


class Console:
    """A teller console on its own asyncio thread (the Qt loop owns the test's thread)."""

    def __init__(self, terminal) -> None:
        hub = terminal.teller.embedded
        self.bot = TellerBot(hub.url, hub.teller_username, hub.teller_password)
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.run(self.bot.sign_in())

    def run(self, coro, timeout: float = 20.0):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def close(self) -> None:
        self.run(self.bot.close())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)
        self.loop.close()


@pytest.fixture
def teller_kiosk(make_kiosk):
    cfg = KioskConfig(limits=LimitsConfig(submit_wait_seconds=6.0, teller_approval_above=2500))
    cfg.session.idle_seconds = 600
    cfg.hub.start = True
    cfg.hub.approval_timeout_s = 20.0
    k = make_kiosk(ZHANG_WEI, cfg)
    terminal = k.sim.rig.terminal
    terminal.start_teller()
    k.t.shell.attach_teller(terminal)
    console = Console(terminal)
    yield k, terminal, console
    console.close()


def _balance(bank, savings_id):
    return Decimal(str(bank.core.get_savings(savings_id).summary.account_balance))


def _to_amount(k):
    k.start("transfer")
    k.wait_step("identity")
    k.tap("readCardButton")
    k.wait_step("face")
    k.tap("startFaceButton")
    k.wait_step("choose_account", timeout=30000)
    k.tap("account_0")
    k.wait_step("payee")
    k.fill("field_payee_account", "000000002")
    k.fill("field_payee_name", "Li Na")
    k.tap("nextButton")
    k.wait_step("amount")


def _call_and_accept(k, terminal, console):
    call = k.t.shell.teller_call
    k.tap("topBarCallTeller")
    k.qtbot.waitUntil(lambda: call.property("state") == "queued", timeout=10000)
    assert k.item("tellerRecordingNotice").isVisible()  # told before the call connects
    assert call.property("position") == 1
    waiting = console.run(console.bot.wait_for_call())
    assert waiting["skill"] == "help" and waiting["session_ref"] == ""
    status, _ = console.run(console.bot.accept(waiting["id"]))
    assert status == 200
    k.qtbot.waitUntil(lambda: call.property("state") == "connected", timeout=15000)
    k.qtbot.waitUntil(lambda: terminal.teller.link.stats.video_frames >= 3, timeout=15000)
    k.qtbot.waitUntil(lambda: call.property("frames") >= 2, timeout=5000)
    video = k.item("tellerVideo")
    # The teller's frame as loaded by the image provider (off the GUI thread).
    k.qtbot.waitUntil(lambda: video.property("sourceSize").width() == 320, timeout=5000)
    assert not k.find("tellerRecordingNotice").isVisible()
    # The customer's camera goes to the teller and is previewed beside the teller's video.
    k.qtbot.waitUntil(lambda: terminal.call_camera.frames > 0, timeout=10000)
    preview = k.item("customerPreview")
    k.qtbot.waitUntil(lambda: preview.property("sourceSize").width() > 2, timeout=5000)
    k.qtbot.waitUntil(lambda: console.bot.stats.last_video is not None
                      and console.bot.stats.last_video.to_ndarray(format="bgr24").std() > 5,
                      timeout=10000)  # not the black stand-in: a picture
    return call


def _approval_request(console, amount="3000.00"):
    request = console.run(console.bot.next_message("approval_request", 20), 25)
    assert request["kind"] == "large_transfer" and request["details"]["amount"] == amount
    return request


def test_teller_corrects_and_approves_a_large_transfer(teller_kiosk):
    k, terminal, console = teller_kiosk
    bank = k.sim.bank
    before = _balance(bank, 2)
    _to_amount(k)
    call = _call_and_accept(k, terminal, console)

    # Co-browsing: the teller sees the amount screen as structured state.
    state = console.run(console.bot.next_message("state"))
    while state["screen"] != "transfer.amount":
        state = console.run(console.bot.next_message("state"))
    assert state["fields"]["name"] == "Li Na"

    # The teller proposes the amount; it counts only once the customer says Yes.
    console.run(console.bot.send({"type": "correction", "id": "c1", "field": "amount",
                                  "value": "3000"}))
    k.item("tellerProposal")
    assert "3000" in k.find("tellerProposalText").property("text")
    k.tap("proposalYes")
    result = console.run(console.bot.next_message("correction_result"))
    assert result["accepted"] is True and result["field"] == "amount"
    k.qtbot.waitUntil(lambda: k.vm.journey.view().draft.get("amount") == "3000")
    k.qtbot.waitUntil(lambda: k.find("field_amount").property("text") == "3000")

    k.tap("nextButton")  # above 2,500: the teller must approve
    k.qtbot.waitUntil(lambda: k.vm.property("step") == "teller_approval", timeout=10000)
    k.item("tellerApprovalIndicator")
    request = _approval_request(console)
    console.run(console.bot.send({"type": "approval_decision", "id": request["id"],
                                  "approved": True, "reason": "customer confirmed payee"}))
    k.wait_step("confirm")
    k.tap("confirmButton")
    k.wait_step("done")
    assert _balance(bank, 2) == before + Decimal("3000")
    assert bank.outbox.counts().get("done") == 1  # the approved transfer, exactly once
    k.tap("hangUpButton")
    k.qtbot.waitUntil(lambda: call.property("state") == "idle")


def test_teller_refuses_then_a_silent_teller_is_no_approval(teller_kiosk):
    k, terminal, console = teller_kiosk
    bank = k.sim.bank
    before = _balance(bank, 2)
    _to_amount(k)
    _call_and_accept(k, terminal, console)
    k.fill("field_amount", "3000")
    k.tap("nextButton")
    k.qtbot.waitUntil(lambda: k.vm.property("step") == "teller_approval", timeout=10000)
    request = _approval_request(console)
    console.run(console.bot.send({"type": "approval_decision", "id": request["id"],
                                  "approved": False, "reason": "payee not confirmed"}))
    k.wait_step("ended")
    assert k.vm.property("outcome") == "refused"
    assert "payee not confirmed" in k.find("endedMessage").property("text")

    terminal.desk.timeout_s = 1.5
    k.tap("finishButton")
    k.qtbot.waitUntil(lambda: k.t.shell.property("screen") == "attract")
    _to_amount(k)  # the call is still up: the same teller is asked again
    k.fill("field_amount", "3000")
    k.tap("nextButton")
    k.qtbot.waitUntil(lambda: k.vm.property("step") == "teller_approval", timeout=10000)
    _approval_request(console)
    console.bot.go_silent()
    k.wait_step("ended", timeout=15000)
    assert k.vm.property("outcome") == "refused"
    assert k.vm.journey.message.key == "teller.no_decision"
    assert _balance(bank, 2) == before and not bank.outbox.counts().get("done")


def test_network_lost_mid_call_is_shown_and_the_journey_keeps_its_data(teller_kiosk):
    k, terminal, console = teller_kiosk
    _to_amount(k)
    call = _call_and_accept(k, terminal, console)
    terminal.teller.embedded.handle.stop()  # the hub goes away mid-call
    k.qtbot.waitUntil(lambda: call.property("state") == "reconnecting", timeout=15000)
    status = k.item("tellerCallStatus").property("text")
    assert "重新建立通话" in status  # zh_CN: "connection lost, re-establishing the call"
    assert k.vm.property("step") == "amount" and not k.vm.property("ended")
    assert k.vm.journey.view().inputs["payee_input"]["name"] == "Li Na"  # nothing lost


def test_card_unreadable_the_typed_id_number_is_checked_by_a_teller(teller_kiosk):
    k, terminal, console = teller_kiosk
    number = cn_id("11010519800101001")
    k.start("transfer")
    k.wait_step("identity")
    k.tap("typeIdButton")
    k.item("typedIdForm")
    hints = k.find("field_typed_id_number_input").property("inputMethodHints")
    assert hints & Qt.ImhDialableCharactersOnly  # the ID keypad: digits and X
    k.fill("field_typed_name", "张伟")
    mistyped = number[:16] + ("1" if number[16] != "1" else "2") + number[17]
    k.fill("field_typed_id_number", mistyped)
    k.tap("typedIdNext")
    k.qtbot.waitUntil(lambda: "逐位核对" in (k.find("field_typed_id_number_error")
                                          .property("text") or ""), timeout=5000)
    assert k.find("field_typed_name_input").property("text") == "张伟"  # nothing lost
    k.fill("field_typed_id_number", number)
    k.tap("typedIdNext")
    k.qtbot.waitUntil(lambda: k.vm.property("step") == "teller_check", timeout=10000)
    waiting = console.run(console.bot.wait_for_call())
    assert waiting["skill"] == "account_opening_verification"
    assert console.run(console.bot.accept(waiting["id"]))[0] == 200
    request = console.run(console.bot.next_message("approval_request", 20), 25)
    assert request["kind"] == "typed_id_check"
    console.run(console.bot.send({"type": "approval_decision", "id": request["id"],
                                  "approved": True, "reason": "card shown to the camera"}))
    k.wait_step("choose_account", timeout=20000)
