"""``hub.microphone`` specs: each one found or refused with the reason, never a stand-in tone."""

from __future__ import annotations

from pathlib import Path

from kiosk.teller import microphone as mic


def test_specs_without_a_device_say_why(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))  # no PipeWire/Pulse session here
    monkeypatch.delenv("PULSE_SERVER", raising=False)
    monkeypatch.setattr(mic, "_alsa_capture_present", lambda: False)
    track, info = mic.open_microphone("auto")
    assert track is None and not info.live and "no audio capture device" in info.reason
    track, info = mic.open_microphone(f"file:{tmp_path / 'missing.wav'}")
    assert track is None and "not found" in info.reason
    track, info = mic.open_microphone("speaker-phone")
    assert track is None and "unknown microphone" in info.reason
    track, info = mic.open_microphone("none")
    assert track is None and info.as_message()["live"] is False


def test_auto_prefers_the_pipewire_session(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "pipewire-0").touch()
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    monkeypatch.setattr(mic.shutil, "which", lambda tool: f"/usr/bin/{tool}")
    assert mic.resolve("auto") == ("pipewire:default", "")
    track, info = mic.open_microphone("pipewire:branch-kiosk-echo-cancel-source")
    assert info.live and track.reader._argv[-3:] == ["--target",
                                                      "branch-kiosk-echo-cancel-source", "-"]
