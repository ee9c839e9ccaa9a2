"""A whole call over real sockets and real WebRTC (aiortc both ends, loopback): the terminal's
TellerLink fed by the simulated camera and a tone, a scripted teller on the console protocol."""

from __future__ import annotations

import asyncio
import json

import numpy as np
import requests

from devices.camera.simulated import SimulatedCamera
from hub.testpeer import TellerBot
from kiosk.teller import events as ev
from kiosk.teller.link import TellerLink
from kiosk.teller.tracks import CameraFeed


def _camera_feed() -> CameraFeed:
    frames = [np.full((240, 320, 3), v, np.uint8) for v in (30, 90, 150, 210)]
    return CameraFeed(SimulatedCamera(frames, fps=30, size=(320, 240))).start()


async def _wait(link: TellerLink, kind: str, timeout: float = 15.0):
    return await asyncio.to_thread(link.wait_for, kind, timeout)


def test_call_accept_media_cobrowse_correction_approval_hangup(hub_env) -> None:
    feed = _camera_feed()
    link = TellerLink(hub_env.url, "t1", hub_env.keys["t1"], video=feed).start()
    assert link.connected_to_hub

    async def go():
        bot = TellerBot(hub_env.url, "ann", hub_env.passwords["ann"])
        await bot.sign_in()
        try:
            link.call("large_transfer_approval", "zh", elder=False, session_ref="S-42")
            queued = await _wait(link, ev.QUEUED)
            assert queued.data["position"] == 1
            call = await bot.wait_for_call()
            assert call["skill"] == "large_transfer_approval" and call["terminal_id"] == "t1"
            status, _ = await bot.accept(call["id"])
            assert status == 200
            await _wait(link, ev.ACCEPTED)
            await _wait(link, ev.REMOTE_VIDEO)
            for _ in range(100):
                if bot.stats.video_frames >= 5 and link.stats.video_frames >= 5:
                    break
                await asyncio.sleep(0.1)
            assert link.stats.video_frames >= 5 and bot.stats.video_frames >= 5
            assert link.stats.audio_frames > 0 and bot.stats.audio_frames > 0
            assert link.last_remote_frame().shape == (240, 320, 3)

            # Co-browsing: the terminal's form reaches the teller as structured state.
            link.publish_state("transfer_confirm", {"amount": "80000.00",
                                                    "payee_account": "6222021234567890"})
            state = await bot.next_message("state")
            assert state["screen"] == "transfer_confirm"
            assert state["fields"]["amount"] == "80000.00"

            # Text chat both ways (also the channel for a deaf customer), and a help page.
            await bot.send({"type": "chat", "text": "请稍等"})
            assert (await _wait(link, ev.CHAT)).data["text"] == "请稍等"
            link.send_chat("好的")
            assert (await bot.next_message("chat"))["text"] == "好的"
            await bot.send({"type": "help_page", "title": "限额", "body": "单笔上限五万元"})
            page = await _wait(link, ev.HELP_PAGE)
            assert page.data == {"title": "限额", "body": "单笔上限五万元"}

            # The teller corrects a field; it counts only once the customer confirms.
            await bot.send({"type": "correction", "id": "c1", "field": "amount",
                            "value": "8000.00"})
            proposal = await _wait(link, ev.CORRECTION_PROPOSED)
            assert proposal.data == {"id": "c1", "field": "amount", "value": "8000.00"}
            link.answer_correction("c1", "amount", accepted=True)
            result = await bot.next_message("correction_result")
            assert result["accepted"] is True and result["field"] == "amount"

            # Approval: the journey's worker thread blocks until the teller decides.
            pending = link.request_approval_async("large_transfer", {"amount": "8000.00"}, 15)
            request = await bot.next_message("approval_request")
            assert request["kind"] == "large_transfer"
            await bot.send({"type": "approval_decision", "id": request["id"], "approved": True,
                            "reason": "verified by phone"})
            decision = await asyncio.wrap_future(pending)
            assert decision.approved and decision.reason == "verified by phone"

            # A refusal, then a request nobody answers: never assumed approved.
            pending = link.request_approval_async("large_transfer", {"amount": "9e9"}, 15)
            request = await bot.next_message("approval_request")
            await bot.send({"type": "approval_decision", "id": request["id"], "approved": False,
                            "reason": "over the daily limit"})
            refused = await asyncio.wrap_future(pending)
            assert not refused.approved and refused.reason == "over the daily limit"
            bot.go_silent()
            timed_out = await asyncio.to_thread(link.request_approval, "large_transfer", {}, 0.5)
            assert not timed_out.approved and timed_out.timed_out

            link.hang_up()
            ended = await _wait(link, ev.ENDED)
            assert ended.data["reason"] == "customer_hang_up"
            return call["id"]
        finally:
            await bot.close()

    try:
        call_id = asyncio.run(go())
    finally:
        link.stop()
        feed.stop()
    r = requests.get(f"{hub_env.url}/api/calls/{call_id}/audit", headers=hub_env.bearer("sue"),
                     timeout=10)
    trail = r.json()["audit"]
    actions = [e["action"] for e in trail]
    for action in ("call", "accept", "correction", "correction_result", "approval_request",
                   "approval", "refusal", "hang_up"):
        assert action in actions, actions
    assert all(e["terminal_id"] == "t1" and e["session_ref"] == "S-42" for e in trail)
    assert "6222021234567890" not in json.dumps(trail)


def test_teller_hang_up_and_a_terminal_reaching_another_call(hub_env) -> None:
    link = TellerLink(hub_env.url, "t1", hub_env.keys["t1"], video=None, audio=None).start()
    other = TellerLink(hub_env.url, "t2", hub_env.keys["t2"], video=None, audio=None).start()

    async def go():
        bot = TellerBot(hub_env.url, "ann", hub_env.passwords["ann"])
        await bot.sign_in()
        try:
            link.call("help", "en")
            await _wait(link, ev.QUEUED)
            call = await bot.wait_for_call()
            await bot.accept(call["id"])
            await _wait(link, ev.ACCEPTED)
            # t2 pretends to be on t1's call: refused, nothing reaches the teller.
            other.call_id = call["id"]
            other.state = ev.CallState.CONNECTED
            other.publish_state("home", {"x": 1})
            error = await _wait(other, ev.ERROR)
            assert "own session" in error.data["error"]
            await bot.send({"type": "hangup", "reason": "teller_hang_up"})
            ended = await _wait(link, ev.ENDED)
            assert ended.data["reason"] == "teller_hang_up"
        finally:
            await bot.close()

    try:
        asyncio.run(go())
    finally:
        link.stop()
        other.stop()


def test_terminal_network_dropped_mid_call_comes_back_and_never_assumes_approval(hub_env) -> None:
    link = TellerLink(hub_env.url, "t1", hub_env.keys["t1"], video=_camera_feed()).start()

    async def go():
        bot = TellerBot(hub_env.url, "ann", hub_env.passwords["ann"])
        await bot.sign_in()
        try:
            link.call("help", "zh")
            call = await bot.wait_for_call()
            await bot.accept(call["id"])
            await _wait(link, ev.REMOTE_VIDEO)
            pending = link.request_approval_async("face_borderline", {"distance": 0.52}, 30)
            request = await bot.next_message("approval_request")
            await asyncio.to_thread(link.drop_link)
            await _wait(link, ev.NETWORK_LOST)
            assert (await bot.next_message("terminal_offline"))["call_id"] == call["id"]
            assert not pending.done()  # no decision is assumed while the link is down
            await _wait(link, ev.RECONNECTED)
            # The terminal rejoined; the scripted teller re-offers; media is back.
            await _wait(link, ev.REMOTE_VIDEO)
            before = bot.stats.video_frames
            for _ in range(100):
                if bot.stats.video_frames > before + 5:
                    break
                await asyncio.sleep(0.1)
            assert bot.stats.video_frames > before + 5
            await bot.send({"type": "approval_decision", "id": request["id"], "approved": True,
                            "reason": "looked at the customer again"})
            decision = await asyncio.wrap_future(pending)
            assert decision.approved
        finally:
            await bot.close()

    try:
        asyncio.run(go())
    finally:
        link.stop()


def test_no_teller_free_the_queue_times_out_and_the_customer_may_leave(hub_env) -> None:
    link = TellerLink(hub_env.url, "t1", hub_env.keys["t1"], video=None, audio=None,
                      queue_timeout_s=0.5).start()
    try:
        link.call("card_issue", "en", elder=True)
        queued = link.wait_for(ev.QUEUED, 10)
        assert queued.data["position"] == 1 and queued.data["expected_wait_s"] > 0  # nobody on duty
        timeout = link.wait_for(ev.QUEUE_TIMEOUT, 10)
        assert timeout.data["call_id"] == queued.data["call_id"]
        link.hang_up("customer_left_queue")
        assert link.wait_for(ev.ENDED, 10).data["reason"] == "customer_left_queue"
        r = requests.get(f"{hub_env.url}/api/calls", headers=hub_env.bearer("ann"), timeout=10)
        assert r.json()["calls"] == []
        # Asking for an approval without a teller is refused at once, never assumed.
        assert not link.request_approval("large_transfer", {}, 5).approved
    finally:
        link.stop()


def test_a_teller_transfers_the_call_to_a_supervisor(hub_env) -> None:
    link = TellerLink(hub_env.url, "t1", hub_env.keys["t1"], video=None, audio="tone").start()

    async def go():
        ann = TellerBot(hub_env.url, "ann", hub_env.passwords["ann"])
        sue = TellerBot(hub_env.url, "sue", hub_env.passwords["sue"])
        bob = TellerBot(hub_env.url, "bob", hub_env.passwords["bob"])
        for bot in (ann, sue, bob):
            await bot.sign_in()
        try:
            link.call("account_opening_verification", "zh")
            call = await ann.wait_for_call()
            await ann.accept(call["id"])
            await _wait(link, ev.CONNECTED)
            status, moved = await ann.api("POST", f"/api/calls/{call['id']}/transfer",
                                          {"to": "sue"})
            assert status == 200 and moved["state"] == "queued"
            await _wait(link, ev.TRANSFERRING)
            await sue.next_message("transfer_offered")
            # Reserved for sue: bob neither sees nor takes it; ann no longer reaches it.
            _, seen = await bob.api("GET", "/api/calls")
            assert seen["calls"] == []
            assert (await bob.api("POST", f"/api/calls/{call['id']}/accept"))[0] == 409
            assert (await ann.api("GET", f"/api/calls/{call['id']}"))[0] == 403
            assert (await sue.accept(call["id"]))[0] == 200
            await _wait(link, ev.CONNECTED)
            for _ in range(100):
                if sue.stats.audio_frames > 5:
                    break
                await asyncio.sleep(0.1)
            assert sue.stats.audio_frames > 5
        finally:
            for bot in (ann, sue, bob):
                await bot.close()

    try:
        asyncio.run(go())
    finally:
        link.stop()
