"""The terminal's microphone in a call: what the teller hears comes from the capture source.

A recorded file is injected as the device (``file:``, decoded and resampled by the same PyAV
path as an ALSA device); a scripted teller (aiortc) on loopback receives the Opus-decoded
sound and finds the file's pitch in it.  Without a microphone, no sound is sent and the
teller's console is told so.
"""

from __future__ import annotations

import asyncio
import math
import wave
from pathlib import Path

import numpy as np
import pytest

from hub.testpeer import TellerBot
from kiosk.teller import events as ev
from kiosk.teller.link import TellerLink
from kiosk.teller.microphone import MicrophoneTrack, open_microphone


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """SQLite only: the media path does not depend on the hub's storage."""
    return f"sqlite+aiosqlite:///{tmp_path / 'hub.db'}"


def _write_tone(path: Path, hz: float, rate: int = 44100, seconds: float = 1.0) -> None:
    """A stereo WAV at another rate than the call's, so decoding and resampling are used."""
    n = int(rate * seconds)
    t = np.arange(n) / rate
    mono = (np.sin(2 * math.pi * hz * t) * 0.4 * 32767).astype(np.int16)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(np.repeat(mono, 2).tobytes())


def _pitch(samples: np.ndarray, rate: int = 48000) -> float:
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(samples.size)))
    return float(np.fft.rfftfreq(samples.size, 1 / rate)[int(np.argmax(spectrum))])


async def _call(link: TellerLink, bot: TellerBot) -> None:
    await bot.sign_in()
    link.call("help", "zh")
    call = await bot.wait_for_call()
    status, _ = await bot.accept(call["id"])
    assert status == 200
    await asyncio.to_thread(link.wait_for, ev.REMOTE_VIDEO, 15)


def test_teller_hears_the_capture_source(hub_env, tmp_path: Path) -> None:
    wav = tmp_path / "voice.wav"
    _write_tone(wav, 1000.0)
    track, info = open_microphone(f"file:{wav}")
    assert info.live and isinstance(track, MicrophoneTrack)
    link = TellerLink(hub_env.url, "t1", hub_env.keys["t1"], video=None, audio=track,
                      microphone=info).start()

    async def go() -> np.ndarray:
        bot = TellerBot(hub_env.url, "ann", hub_env.passwords["ann"])
        try:
            await _call(link, bot)
            accepted = await asyncio.to_thread(link.wait_for, ev.ACCEPTED, 5)
            assert accepted.data["microphone"] is True
            for _ in range(100):
                if len(bot.audio) >= 60:
                    break
                await asyncio.sleep(0.1)
            assert bot.answer_microphone == {"live": True, "source": "file", "reason": ""}
            link.hang_up()
            await asyncio.to_thread(link.wait_for, ev.ENDED, 10)
            return np.concatenate(list(bot.audio)[-50:]).astype(np.float64)
        finally:
            await bot.close()

    try:
        heard = asyncio.run(go())
        assert track.opened == 1 and track.chunks_read > 50
        # Opus keeps the pitch: the teller hears the file's 1 kHz, not the 440 Hz test tone.
        assert abs(_pitch(heard) - 1000.0) < 25, _pitch(heard)
        assert np.sqrt(np.mean(heard**2)) > 1000  # sound, not near-silence
        # The call ended: the device is closed (it was open only while the teller was on).
        for _ in range(40):
            if not track.reading:
                break
            asyncio.run(asyncio.sleep(0.05))
        assert not track.reading
    finally:
        link.stop()


def test_no_microphone_sends_no_sound_and_says_so(hub_env) -> None:
    track, info = open_microphone("alsa:kiosk-test-no-such-device")
    assert track is None and not info.live and "cannot be opened" in info.reason
    link = TellerLink(hub_env.url, "t1", hub_env.keys["t1"], video=lambda: None, audio=None,
                      microphone=info).start()

    async def go() -> None:
        bot = TellerBot(hub_env.url, "ann", hub_env.passwords["ann"])
        try:
            await _call(link, bot)
            accepted = await asyncio.to_thread(link.wait_for, ev.ACCEPTED, 5)
            assert accepted.data["microphone"] is False
            for _ in range(50):
                if bot.stats.video_frames >= 10 and bot.answer_microphone is not None:
                    break
                await asyncio.sleep(0.1)
            assert bot.stats.video_frames >= 10  # the call itself works
            assert bot.stats.audio_frames == 0  # and carries no made-up sound
            assert bot.answer_microphone["live"] is False
            assert "cannot be opened" in bot.answer_microphone["reason"]
        finally:
            await bot.close()

    try:
        asyncio.run(go())
    finally:
        link.stop()
