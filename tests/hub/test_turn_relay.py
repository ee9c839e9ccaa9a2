"""Relay-only media through Debian's coturn on loopback, with the hub's time-limited
credentials (shared-secret REST scheme) handed to both ends."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import time

import pytest
import requests

from hub import accounts
from hub.ice import turn_credentials
from hub.server import start_hub
from hub.settings import HubSettings
from hub.testpeer import TellerBot
from kiosk.teller import events as ev
from kiosk.teller.link import TellerLink
from kiosk.teller.tracks import moving_pattern

SECRET = "turn-shared-secret-for-tests"


@pytest.fixture
def turnserver(tmp_path, pick_port):
    exe = shutil.which("turnserver")
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("coturn's turnserver is not installed; make setup installs it")
        pytest.skip("coturn's turnserver is not installed (Debian package coturn)")
    port, low = pick_port(), 49152 + os.getpid() % 10000
    proc = subprocess.Popen(
        [exe, "-n", "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1",
         f"--listening-port={port}", f"--min-port={low}", f"--max-port={low + 200}",
         "--realm=test", "--no-tls", "--no-dtls", "--no-cli", "--allow-loopback-peers",
         f"--pidfile={tmp_path / 'turn.pid'}", "--log-file=stdout", "--use-auth-secret",
         f"--static-auth-secret={SECRET}"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    time.sleep(0.5)
    assert proc.poll() is None, proc.stdout.read()
    try:
        yield port
    finally:
        proc.terminate()
        proc.wait(10)


def test_turn_credentials_follow_the_rest_scheme() -> None:
    user, password = turn_credentials(SECRET, "terminal-t1", 600)
    expiry, who = user.split(":")
    assert who == "terminal-t1" and 590 < int(expiry) - time.time() <= 600
    import base64
    import hashlib
    import hmac

    assert base64.b64decode(password) == hmac.new(SECRET.encode(), user.encode(),
                                                  hashlib.sha1).digest()


def test_media_flows_relay_only_through_coturn(turnserver, tmp_path) -> None:
    settings = HubSettings(db_url=str(tmp_path / "hub.db"), port=0, turn_secret=SECRET,
                           turn_urls=[f"turn:127.0.0.1:{turnserver}?transport=udp"],
                           turn_ttl_s=300)
    handle = start_hub(settings)

    async def seed():
        async with handle.hub.engine.begin() as conn:
            await accounts.create_person(conn, "ann", "ann-pw", {"teller": ["b1"]})
            return await accounts.enrol_device(conn, "t1", "terminal", "b1")

    link = None
    try:
        key = handle.run(seed())
        ice = requests.get(f"{handle.url}/api/ice", timeout=10,
                           headers={"Authorization": f"Device t1:{key}"}).json()
        assert ice["ice_servers"][0]["username"].endswith(":terminal-t1")
        link = TellerLink(handle.url, "t1", key, video=moving_pattern(), relay_only=True).start()

        async def go():
            bot = TellerBot(handle.url, "ann", "ann-pw", relay_only=True)
            await bot.sign_in()
            try:
                link.call("help", "zh")
                call = await bot.wait_for_call()
                await bot.accept(call["id"])
                offer_sdp = bot._pc.localDescription.sdp
                await asyncio.to_thread(link.wait_for, ev.REMOTE_VIDEO, 20)
                for _ in range(100):
                    if bot.stats.video_frames >= 10:
                        break
                    await asyncio.sleep(0.1)
                return offer_sdp + bot.last_answer_sdp, bot.stats.video_frames
            finally:
                await bot.close()

        offer_sdp, frames = asyncio.run(go())
        candidates = [line for line in offer_sdp.splitlines() if line.startswith("a=candidate")]
        assert candidates and all(" typ relay" in c for c in candidates)
        assert frames >= 10 and link.stats.video_frames > 0
    finally:
        if link is not None:
            link.stop()
        handle.stop()
