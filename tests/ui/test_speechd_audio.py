"""Spoken guidance through the real engine: Qt's speechd plugin, Debian's speech-dispatcher
and espeak-ng's Mandarin and English voices, into an ALSA file sink; the prompts come out as
audio samples (not silence), longer prompts as more of them.

The test starts its own speech-dispatcher on a private socket (``SPEECHD_ADDRESS``), with
Debian's configuration plus ALSA output to a file, and stops it (and its voice modules).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtTextToSpeech import QTextToSpeech

from ui.journeys.speech import Guidance, SharedEngine

SERVER = shutil.which("speech-dispatcher")
MODULE = Path("/usr/lib/speech-dispatcher-modules/sd_espeak-ng")


@pytest.fixture
def speechd(tmp_path: Path, monkeypatch):
    """A private speech-dispatcher writing what it speaks to ``out.raw`` (S16 mono)."""
    if SERVER is None or not MODULE.exists() or "speechd" not in QTextToSpeech.availableEngines():
        if os.environ.get("CI"):
            pytest.fail("speech-dispatcher with espeak-ng is missing; make setup installs it")
        pytest.skip("speech-dispatcher / speech-dispatcher-espeak-ng / Qt speechd not installed")
    conf = tmp_path / "conf"
    shutil.copytree("/etc/speech-dispatcher", conf)
    with (conf / "speechd.conf").open("a") as f:
        f.write('\nAudioOutputMethod "alsa"\nAudioALSADevice "default"\nDefaultModule espeak-ng\n')
    out = tmp_path / "out.raw"
    asoundrc = tmp_path / "asoundrc"
    asoundrc.write_text('pcm.!default { type file slave.pcm "null" '
                        f'file "{out}" format "raw" }}\n')
    sock = tmp_path / "speechd.sock"
    env = {**os.environ, "HOME": str(tmp_path), "XDG_RUNTIME_DIR": str(tmp_path),
           "ALSA_CONFIG_PATH": f"/usr/share/alsa/alsa.conf:{asoundrc}"}
    proc = subprocess.Popen(
        [SERVER, "-s", "-C", str(conf), "-c", "unix_socket", "-S", str(sock), "-t", "0",
         "-L", str(tmp_path), "-P", str(tmp_path / "speechd.pid")],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 15
    while not sock.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    monkeypatch.setenv("SPEECHD_ADDRESS", f"unix_socket:{sock}")
    SharedEngine._instances.pop("speechd", None)
    try:
        assert sock.exists(), "speech-dispatcher did not start"
        yield out
    finally:
        engine = SharedEngine._instances.pop("speechd", None)
        if engine is not None and engine.tts is not None:
            engine.tts.stop()
            engine.tts.deleteLater()
        os.killpg(proc.pid, signal.SIGTERM)  # the server and its voice modules
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)


def _spoken(qtbot, guidance: Guidance, out: Path, text: str, language: str) -> np.ndarray:
    """Say ``text``; the samples it added to the sink once the engine is Ready again."""
    before = out.stat().st_size if out.exists() else 0
    tts = guidance._tts
    assert tts is not None
    guidance.say(text, language)
    qtbot.waitUntil(lambda: out.exists() and out.stat().st_size > before, timeout=15000)
    qtbot.waitUntil(lambda: tts.state() == QTextToSpeech.State.Ready, timeout=20000)
    size = -1
    while size != out.stat().st_size:  # ALSA drains its buffer into the file
        size = out.stat().st_size
        qtbot.wait(300)
    data = out.read_bytes()[before:]
    return np.frombuffer(data[: len(data) // 2 * 2], np.int16).astype(np.float64)


def test_guidance_is_spoken_as_audio_in_both_languages(qapp, qtbot, speechd) -> None:
    guidance = Guidance("speechd")
    qtbot.waitUntil(lambda: guidance._tts is not None, timeout=20000)
    voices = SharedEngine.get("speechd").voices
    assert "zh" in voices and "en" in voices, sorted(voices)  # Mandarin and English voices

    zh = _spoken(qtbot, guidance, speechd, "请把身份证放在读卡器上，然后点击下一步。", "zh_CN")
    short = _spoken(qtbot, guidance, speechd, "Yes.", "en")
    long = _spoken(qtbot, guidance, speechd, "Please place your identity card on the reader, "
                   "then touch Next. A member of staff can help you at any time.", "en")
    for samples in (zh, short, long):
        loud = np.abs(samples) > 1000
        assert samples.size > 2000 and loud.mean() > 0.05  # speech, not silence
    assert long.size > 3 * short.size  # more words, more sound
