"""The composition root links the terminal to its embedded hub, and a transfer above the
teller threshold waits for a video teller's decision (real hub, real sockets, real WebRTC
signalling, the sandbox core bank over HTTP): approved, refused, or no decision in time."""

from __future__ import annotations

import asyncio
import time
from decimal import Decimal
from pathlib import Path

import pytest

from hub.testpeer import TellerBot
from kiosk.config import KioskConfig
from kiosk.flows.steps import Outcome
from kiosk.sandbox.store import cn_id
from kiosk.terminal import Terminal

ZHANG_WEI_ID = cn_id("11010519800101001")  # the sandbox's 张伟, one account 52,300.00


@pytest.fixture(scope="module")
def terminal(tmp_path_factory):
    folder = tmp_path_factory.mktemp("teller-terminal")
    cfg = KioskConfig()
    cfg.storage.data_dir = str(folder)
    cfg.camera.driver = "opencv"  # no camera: the teller link sends no video here
    cfg.camera.source = str(folder / "no-camera")
    cfg.limits.teller_approval_above = 2500
    cfg.hub.start = True
    cfg.hub.approval_timeout_s = 20.0
    cfg.face.teller_margin = 0.1  # threshold 0.5: distances 0.4-0.6 are the teller's call
    t = Terminal.from_config(cfg)
    try:
        yield t
    finally:
        t.close()


def _at_amount(t: Terminal):
    j = t.start_journey("transfer", "en")
    j.document_read("cn-id", {"name": "张伟", "id_number": ZHANG_WEI_ID, "sex": "男",
                              "address": "北京"}, source="chip")  # fmt: skip
    j.face_result(True, "", 0.3)
    assert j.choose_account(1)
    assert j.submit_payee("000000002", "Li Na")
    return j


def _balance(t: Terminal, savings_id: int) -> Decimal:
    return Decimal(str(t.bank.core.get_savings(savings_id).summary.account_balance))


def _hang_up(t: Terminal) -> None:
    """End the test's call, so the next test's approval places a call of its own."""
    link = t.desk.link
    if link.state.value in ("connecting", "connected", "queued"):
        link.hang_up()
        link.wait_for("ended", 10)


async def _teller(t: Terminal) -> TellerBot:
    hub = t.teller.embedded
    bot = TellerBot(hub.url, hub.teller_username, hub.teller_password)
    await bot.sign_in()
    return bot


async def _ask(t: Terminal, j, bot: TellerBot) -> tuple[asyncio.Future, dict]:
    """Start the approval step's wait (as the UI's worker does) and get the teller's request."""
    assert j.submit_amount("3000")
    view = j.view()
    assert view.step == "teller_approval" and view.auto == "teller"
    assert view.message_key == "teller.approval_wait" and view.summary["amount"] == "3000.00"
    waiting = asyncio.ensure_future(asyncio.to_thread(j.run_auto))
    if t.desk.link.state.value not in ("connecting", "connected"):
        call = await bot.wait_for_call()
        assert call["skill"] == "large_transfer_approval"
        status, _ = await bot.accept(call["id"])
        assert status == 200
    request = await bot.next_message("approval_request", 15)
    assert request["kind"] == "large_transfer"
    assert request["details"]["amount"] == "3000.00" and request["details"]["to"] == "*****0002"
    assert j.view().busy == "teller" and j.view().step == "teller_approval"
    return waiting, request


def test_embedded_hub_started_and_teller_approves_then_refuses(terminal):
    t = terminal
    assert t.teller is not None and t.teller.embedded is not None
    assert t.desk.available and t.deps().teller is t.desk
    before = _balance(t, 2)

    async def go() -> None:
        bot = await _teller(t)
        try:
            j = _at_amount(t)
            waiting, request = await _ask(t, j, bot)
            await bot.send({"type": "approval_decision", "id": request["id"], "approved": True,
                            "reason": "checked with the customer"})
            await asyncio.wait_for(waiting, 10)
            assert j.step == "confirm" and j.message.key == "teller.approved"
            ref = j.summary()["reference"]
            assert await asyncio.to_thread(j.confirm) == "done"
            assert t.bank.outbox.get(ref).state == "done"
            assert _balance(t, 2) == before + Decimal("3000")

            j2 = _at_amount(t)
            waiting, request = await _ask(t, j2, bot)
            await bot.send({"type": "approval_decision", "id": request["id"], "approved": False,
                            "reason": "payee not confirmed"})
            await asyncio.wait_for(waiting, 10)
            assert j2.outcome is Outcome.REFUSED and j2.message.key == "teller.refused"
            assert j2.message.params == {"reason": "payee not confirmed"}
            assert "action_id" not in j2.data  # nothing was sent
        finally:
            await asyncio.to_thread(_hang_up, t)
            await bot.close()

    asyncio.run(go())
    assert _balance(t, 2) == before + Decimal("3000")  # the approved transfer, exactly once
    # The call was recorded in the data folder and, sealed, sent to the hub after it ended.
    link = t.teller.link
    assert link.wait_for("accepted", 1).data["recorded"] is True
    folder = Path(t.config.data_path("recordings"))
    for _ in range(150):
        if not link.uploads.all() and not list(folder.glob("*.mkv")):
            break
        time.sleep(0.1)
    assert link.uploads.all() == [] and not list(folder.glob("*.rec"))


def test_silent_teller_is_never_an_approval(terminal):
    t = terminal
    t.desk.timeout_s = 1.5
    before = _balance(t, 2)

    async def go() -> None:
        bot = await _teller(t)
        try:
            j = _at_amount(t)
            waiting, _request = await _ask(t, j, bot)
            bot.go_silent()
            await asyncio.wait_for(waiting, 10)
            assert j.outcome is Outcome.REFUSED and j.message.key == "teller.no_decision"
        finally:
            await asyncio.to_thread(_hang_up, t)
            await bot.close()
            t.desk.timeout_s = 20.0

    asyncio.run(go())
    assert _balance(t, 2) == before


def test_inconsistent_document_goes_to_the_teller_not_to_staff(terminal):
    t = terminal

    async def go() -> None:
        bot = await _teller(t)
        try:
            j = t.start_journey("transfer", "en")
            j.document_read("cn-id", {"name": "张伟", "id_number": ZHANG_WEI_ID, "sex": "男",
                                      "address": "北京"}, source="ocr",
                            problems=("birth_date",))  # fmt: skip
            view = j.view()
            assert view.step == "teller_check" and view.auto == "teller" and not view.ended
            waiting = asyncio.ensure_future(asyncio.to_thread(j.run_auto))
            call = await bot.wait_for_call()  # a new call, with the check's skill
            assert call["skill"] == "account_opening_verification"
            assert (await bot.accept(call["id"]))[0] == 200
            request = await bot.next_message("approval_request", 15)
            assert request["kind"] == "document_check"
            assert request["details"] == {"document": "cn-id", "problems": ["birth_date"]}
            await bot.send({"type": "approval_decision", "id": request["id"], "approved": True,
                            "reason": "birth date checked on the card"})
            await asyncio.wait_for(waiting, 10)
            assert j.step == "face" and not j.ended  # on as with a consistent document
        finally:
            await asyncio.to_thread(_hang_up, t)
            await bot.close()

    asyncio.run(go())


def test_typed_id_number_is_checked_then_verified_by_the_teller(terminal):
    t = terminal

    async def go() -> None:
        bot = await _teller(t)
        try:
            j = t.start_journey("transfer", "en")
            wrong_last = ZHANG_WEI_ID[:17] + ("0" if ZHANG_WEI_ID[17] != "0" else "1")
            j.id_number_typed(wrong_last, "张伟")  # one mistyped character
            view = j.view()
            assert view.step == "identity" and view.errors == {
                "typed_id_number": "id_number.check_digit"}
            j.id_number_typed(ZHANG_WEI_ID[:16], "")
            assert j.view().errors == {"typed_id_number": "id_number.length",
                                       "typed_name": "typed_name.required"}
            j.id_number_typed(ZHANG_WEI_ID[:6] + "19801301" + ZHANG_WEI_ID[14:], "张伟")
            assert j.view().errors["typed_id_number"] == "id_number.birth_date"  # month 13
            j.id_number_typed(" ".join([ZHANG_WEI_ID[:6], ZHANG_WEI_ID[6:14],
                                        ZHANG_WEI_ID[14:]]), "张伟")
            view = j.view()
            assert view.step == "teller_check" and view.message_key == "teller.typed_id_wait"
            waiting = asyncio.ensure_future(asyncio.to_thread(j.run_auto))
            call = await bot.wait_for_call()
            assert call["skill"] == "account_opening_verification"
            assert (await bot.accept(call["id"]))[0] == 200
            request = await bot.next_message("approval_request", 15)
            assert request["kind"] == "typed_id_check"
            assert request["details"] == {"document": "cn-id", "source": "typed"}
            await bot.send({"type": "approval_decision", "id": request["id"], "approved": True,
                            "reason": "card shown to the camera"})
            await asyncio.wait_for(waiting, 15)
            # The teller saw the customer and the card: no face check against a photo.
            assert j.step == "choose_account" and not j.ended
        finally:
            await asyncio.to_thread(_hang_up, t)
            await bot.close()

    asyncio.run(go())


def test_typed_id_number_without_a_teller_goes_to_staff(tmp_path):
    from kiosk.terminal import local_bank

    cfg = KioskConfig()
    cfg.storage.data_dir = str(tmp_path)
    bank = local_bank(str(tmp_path), cfg)
    try:
        from kiosk.flows.transfer import TransferJourney

        j = TransferJourney(bank.deps("zh_CN"))
        j.id_number_typed(ZHANG_WEI_ID, "张伟")
        assert j.ended and j.outcome == Outcome.STAFF
        assert j.view().message_key == "id_number.see_staff"
    finally:
        bank.close()


def test_borderline_face_distance_is_the_tellers_call(terminal):
    t = terminal

    async def go() -> None:
        bot = await _teller(t)
        try:
            j = t.start_journey("transfer", "en")
            j.document_read("cn-id", {"name": "张伟", "id_number": ZHANG_WEI_ID, "sex": "男",
                                      "address": "北京"}, source="chip")  # fmt: skip
            j.face_result(True, "", 0.46)  # passed, but close to the threshold
            assert j.view().step == "teller_check" and j.view().auto == "teller"
            waiting = asyncio.ensure_future(asyncio.to_thread(j.run_auto))
            call = await bot.wait_for_call()
            assert (await bot.accept(call["id"]))[0] == 200
            request = await bot.next_message("approval_request", 15)
            assert request["kind"] == "face_check"
            await bot.send({"type": "approval_decision", "id": request["id"], "approved": False,
                            "reason": "not the person on the card"})
            await asyncio.wait_for(waiting, 10)
            assert j.outcome is Outcome.REFUSED and j.message.key == "teller.refused"
            assert j.client_id is None and j.view().accounts == ()  # never looked up

            j2 = t.start_journey("transfer", "en")
            j2.document_read("cn-id", {"name": "张伟", "id_number": ZHANG_WEI_ID, "sex": "男",
                                       "address": "北京"}, source="chip")  # fmt: skip
            j2.face_result(False, "no_match", 0.58)  # failed, but within the margin
            waiting = asyncio.ensure_future(asyncio.to_thread(j2.run_auto))
            request = await bot.next_message("approval_request", 15)  # same call, same teller
            await bot.send({"type": "approval_decision", "id": request["id"], "approved": True,
                            "reason": "compared with the card photo"})
            await asyncio.wait_for(waiting, 10)
            assert j2.step == "choose_account" and not j2.ended
        finally:
            await asyncio.to_thread(_hang_up, t)
            await bot.close()

    asyncio.run(go())


def test_policy_account_opening_waits_for_the_teller(terminal):
    t = terminal
    new_id = cn_id("44030419850505123")  # not a client of the sandbox
    t.config.limits.account_opening_needs_teller = True

    async def go() -> None:
        bot = await _teller(t)
        try:
            j = t.start_journey("open_account", "en")
            j.document_read("cn-id", {"name": "欧阳晓明", "id_number": new_id, "sex": "男",
                                      "address": "深圳", "valid_to": "2040-01-01"},
                            source="chip")  # fmt: skip
            assert j.submit_details("13800138000", "广东省深圳市福田区2号", "教师")
            j.face_result(True, "", 0.31)
            assert j.accept_terms(True, b"<svg>sig</svg>")
            assert j.view().step == "teller_approval" and j.view().auto == "teller"
            waiting = asyncio.ensure_future(asyncio.to_thread(j.run_auto))
            call = await bot.wait_for_call()
            assert call["skill"] == "account_opening_verification"
            assert (await bot.accept(call["id"]))[0] == 200
            request = await bot.next_message("approval_request", 15)
            assert request["kind"] == "account_opening"
            assert "id_number" not in str(request["details"])
            await bot.send({"type": "approval_decision", "id": request["id"], "approved": True,
                            "reason": "identity checked"})
            await asyncio.wait_for(waiting, 10)
            assert j.view().step == "submitting" and j.view().auto == "submit"
            assert await asyncio.to_thread(j.submit) == "done" and j.view().account_no
        finally:
            t.config.limits.account_opening_needs_teller = False
            await asyncio.to_thread(_hang_up, t)
            await bot.close()

    asyncio.run(go())


def test_a_real_camera_has_one_owner_for_the_call_and_the_face_check(terminal):
    from devices.camera.shared import SharedCamera

    share = terminal.identity.share  # [camera] driver "opencv": a real device
    assert isinstance(share, SharedCamera)
    assert terminal.identity.camera_factory == share.view  # the face check's camera
    assert terminal.call_camera._factory == share.view  # the call's video
