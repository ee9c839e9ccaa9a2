"""Call recording: sealed on the terminal, queued durably, uploaded after the call even when
the hub was down, fetched (decrypted) only by a supervisor of the branch."""

from __future__ import annotations

import asyncio
import io
import time
from pathlib import Path

import av
import pytest
import requests

from hub.server import start_hub
from hub.settings import HubSettings
from hub.testpeer import TellerBot
from kiosk.teller import events as ev
from kiosk.teller.link import TellerLink
from kiosk.teller.sealing import SealError, new_key, open_sealed, seal_file
from kiosk.teller.tracks import moving_pattern


def test_sealed_files_round_trip_and_detect_tampering(tmp_path: Path) -> None:
    plain = tmp_path / "a.bin"
    data = bytes(range(256)) * 9000  # > 2 chunks
    plain.write_bytes(data)
    key = new_key()
    seal_file(plain, tmp_path / "a.rec", key)
    sealed = (tmp_path / "a.rec").read_bytes()
    assert data[:1000] not in sealed
    assert open_sealed(sealed, key) == data
    with pytest.raises(SealError):
        open_sealed(sealed, new_key())
    with pytest.raises(SealError):
        open_sealed(sealed[:-10], key)  # cut off
    flipped = bytearray(sealed)
    flipped[100] ^= 1
    with pytest.raises(SealError):
        open_sealed(bytes(flipped), key)


def test_recording_survives_a_hub_outage_and_only_a_supervisor_fetches_it(hub_env,
                                                                          tmp_path) -> None:
    rec_dir = tmp_path / "recordings"
    link = TellerLink(hub_env.url, "t1", hub_env.keys["t1"], video=moving_pattern(),
                      recording_dir=rec_dir).start()
    db_url = str(hub_env.handle.hub.engine.url.render_as_string(hide_password=False))
    port = hub_env.handle.port

    async def call() -> str:
        bot = TellerBot(hub_env.url, "ann", hub_env.passwords["ann"])
        await bot.sign_in()
        try:
            link.call("help", "zh")
            found = await bot.wait_for_call()
            await bot.accept(found["id"])
            accepted = await asyncio.to_thread(link.wait_for, ev.ACCEPTED, 15)
            assert accepted.data["recorded"] is True  # the screen tells the customer
            await asyncio.to_thread(link.wait_for, ev.REMOTE_VIDEO, 15)
            await asyncio.sleep(1.5)
            return found["id"]
        finally:
            await bot.close()

    call_id = asyncio.run(call())
    assert (rec_dir / f"{call_id}.mkv").exists()  # being written during the call
    hub_env.handle.stop()  # the hub goes down; the terminal then shuts down
    link.wait_for(ev.NETWORK_LOST, 15)
    link.stop()
    pending = TellerLink(hub_env.url, "t1", hub_env.keys["t1"], recording_dir=rec_dir).uploads
    assert [p.call_id for p in pending.all()] == [call_id]
    assert not (rec_dir / f"{call_id}.mkv").exists()  # only the sealed copy remains
    assert (rec_dir / f"{call_id}.rec").exists()
    pending.close()

    hub2 = start_hub(HubSettings(db_url=db_url, port=port))
    link2 = TellerLink(hub_env.url, "t1", hub_env.keys["t1"], video=None, audio=None,
                       recording_dir=rec_dir).start()
    try:
        sue = hub_env.bearer("sue")
        url = f"{hub_env.url}/api/calls/{call_id}/recording"
        for _ in range(150):
            r = requests.get(url, headers=sue, timeout=10)
            if r.status_code == 200:
                break
            assert r.status_code == 404
            time.sleep(0.1)
        assert r.status_code == 200 and r.headers["Content-Type"] == "video/x-matroska"
        with av.open(io.BytesIO(r.content)) as media:
            kinds = sorted(s.type for s in media.streams)
            video_frames = sum(1 for _ in media.decode(video=0))
        assert kinds == ["audio", "audio", "video"]  # customer's camera and mic, teller's audio
        assert video_frames > 10
        assert requests.get(url, headers=hub_env.bearer("ann"), timeout=10).status_code == 403
        assert not (rec_dir / f"{call_id}.rec").exists()  # sent: the terminal keeps nothing
        trail = requests.get(f"{hub_env.url}/api/calls/{call_id}/audit", headers=sue,
                             timeout=10).json()["audit"]
        assert {"recording_stored", "recording_fetched"} <= {e["action"] for e in trail}
        again = requests.post(url, data=b"KREC1xxxxxxxx", timeout=10,
                              headers=hub_env.device("t1"))
        assert again.status_code == 409
        other = requests.post(url, data=b"x", timeout=10, headers=hub_env.device("t2"))
        assert other.status_code == 403
    finally:
        link2.stop()
        hub2.stop()
