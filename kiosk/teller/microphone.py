"""The terminal's microphone as the call's audio: the configured capture device, or nothing.

``open_microphone(spec)`` reads ``hub.microphone``:

- ``auto`` (default): PipeWire's default source when a PipeWire session runs (the packaged
  echo-cancel source is the default there, see packaging/audio/), else PulseAudio's, else
  ALSA's ``default`` when the kernel lists a capture device, else no microphone;
- ``pipewire:TARGET`` (``pw-record``), ``pulse:SOURCE`` (``parec``), ``alsa:DEVICE`` (PyAV);
- ``file:PATH``: a recording played as the microphone (looped, in real time): soak runs and
  tests inject a known sound through the same decoding path as a device;
- ``tone``: a generated 440 Hz tone, named explicitly (demos, tests) and reported as such;
- ``none``: no microphone.

With no microphone the call carries no audio from the terminal (the customer is told to use
the chat and the teller sees "no microphone"), never a tone standing in for a voice.  The
device is opened when a teller accepts and closed when the call ends (``listen``), so the
microphone is live only while a teller is on the call.
"""

from __future__ import annotations

import asyncio
import collections
import fractions
import logging
import os
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import av
import numpy as np
from aiortc import AudioStreamTrack
from aiortc.mediastreams import MediaStreamError

from kiosk.teller.tracks import ToneTrack

log = logging.getLogger(__name__)

RATE = 48000
CHUNK = 960  # 20 ms, the Opus frame aiortc sends
_BUFFER_CHUNKS = 10  # 200 ms: a stalled call never hears stale sound
PIPEWIRE_TOOL, PULSE_TOOL = "pw-record", "parec"


@dataclass(frozen=True)
class MicrophoneInfo:
    """What the call's audio is: ``live`` from a device or file, and a line saying which."""

    live: bool
    source: str  # "pipewire:default", "file:/x.wav", "tone", "none"
    reason: str = ""  # why there is none

    def as_message(self) -> dict[str, Any]:
        """The ``microphone`` field of the terminal's answer (shown on the teller's console)."""
        return {"live": self.live, "source": self.source.split(":", 1)[0], "reason": self.reason}


class PcmReader:
    """Blocking 20 ms chunks of s16 mono 48 kHz from one source; ``None`` at a lasting fault."""

    def open(self) -> None:
        """Open the device (raises OSError / av.FFmpegError when it cannot)."""

    def read(self) -> np.ndarray | None:
        """The next chunk (``CHUNK`` int16 samples), blocking as a device does."""
        raise NotImplementedError

    def close(self) -> None:
        """Release the device."""


class AvReader(PcmReader):
    """A device or file through PyAV (FFmpeg), resampled to the call's format."""

    def __init__(self, url: str, fmt: str | None, realtime: bool, loop: bool) -> None:
        self._url, self._fmt = url, fmt
        self._realtime, self._loop = realtime, loop
        self._container: Any = None
        self._frames: Any = None
        self._resampler: Any = None
        self._pending = np.zeros(0, np.int16)
        self._start = 0.0
        self._sent = 0

    def open(self) -> None:
        """Open the container and its first audio stream."""
        options = {"channels": "1", "sample_rate": str(RATE)} if self._fmt == "alsa" else {}
        self._container = av.open(self._url, format=self._fmt, options=options)
        stream = next(s for s in self._container.streams if s.type == "audio")
        self._frames = self._container.decode(stream)
        self._resampler = av.AudioResampler(format="s16", layout="mono", rate=RATE)
        self._start, self._sent = time.monotonic(), 0

    def _more(self) -> bool:
        try:
            frame = next(self._frames)
        except StopIteration:
            if not self._loop:
                return False
            self._container.close()
            self._container = None
            start, sent = self._start, self._sent
            self.open()
            self._start, self._sent = start, sent  # keep the real-time pace across loops
            return True
        for out in self._resampler.resample(frame):
            self._pending = np.concatenate([self._pending, out.to_ndarray().reshape(-1)])
        return True

    def read(self) -> np.ndarray | None:
        """The next 20 ms (a file is paced like a device)."""
        while self._pending.size < CHUNK:
            if not self._more():
                return None
        chunk, self._pending = self._pending[:CHUNK], self._pending[CHUNK:]
        if self._realtime:
            delay = self._start + self._sent * CHUNK / RATE - time.monotonic()
            if delay > 0:
                time.sleep(delay)
        self._sent += 1
        return chunk

    def close(self) -> None:
        """Close the container."""
        if self._container is not None:
            self._container.close()
            self._container = None


class ProcessReader(PcmReader):
    """Raw s16le from a recording tool's stdout (``pw-record``, ``parec``)."""

    def __init__(self, argv: list[str]) -> None:
        self._argv = argv
        self._proc: subprocess.Popen | None = None

    def open(self) -> None:
        """Start the tool; one that exits at once names its error."""
        self._proc = subprocess.Popen(self._argv, stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)

    def read(self) -> np.ndarray | None:
        """The next 20 ms from the tool's stdout."""
        assert self._proc is not None and self._proc.stdout is not None
        data = self._proc.stdout.read(CHUNK * 2)
        if len(data) < CHUNK * 2:
            err = self._proc.stderr.read().decode(errors="replace") if self._proc.stderr else ""
            raise OSError(f"{self._argv[0]} ended: {err.strip()[:200]}")
        return np.frombuffer(data, np.int16)

    def close(self) -> None:
        """Stop the tool."""
        proc, self._proc = self._proc, None
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(2)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


class MicrophoneTrack(AudioStreamTrack):
    """aiortc audio from a ``PcmReader`` read on its own thread (never on the link's loop).

    The device is open only between ``listen(True)`` (a teller accepted) and
    ``listen(False)`` (the call ended); aiortc's relay keeps reading the track between calls
    and gets silence, paced in real time, without the device.
    """

    def __init__(self, reader: PcmReader, info: MicrophoneInfo) -> None:
        super().__init__()
        self.reader, self.info = reader, info
        self._buffer: collections.deque[np.ndarray] = collections.deque(maxlen=_BUFFER_CHUNKS)
        self._ready = threading.Condition()
        self._thread: threading.Thread | None = None
        self._wanted = False
        self._pts = 0
        self._clock: float | None = None
        self.error = ""
        self.chunks_read = 0
        self.opened = 0  # times the device was opened (once per call)

    @property
    def reading(self) -> bool:
        """True while the device is open."""
        return self._thread is not None and self._thread.is_alive()

    def listen(self, on: bool) -> None:
        """Open the device for a call (``True``) or close it (``False``); returns at once."""
        self._wanted = on
        if on and not self.reading:
            self._buffer.clear()
            self.error = ""
            self._thread = threading.Thread(target=self._run, name="teller-mic", daemon=True)
            self._thread.start()
        elif not on:
            with self._ready:
                self._ready.notify_all()

    def _run(self) -> None:
        try:
            self.reader.open()
            self.opened += 1
        except Exception as exc:  # gone since it was found: the call goes on without sound
            self.error = str(exc) or type(exc).__name__
            log.warning("microphone %s could not be opened: %s", self.info.source, self.error)
            return
        try:
            while self._wanted and self.readyState == "live":
                chunk = self.reader.read()
                if chunk is None:
                    break
                with self._ready:
                    self._buffer.append(chunk)
                    self.chunks_read += 1
                    self._ready.notify_all()
        except Exception as exc:  # unplugged mid-call
            self.error = str(exc) or type(exc).__name__
            log.warning("microphone %s stopped: %s", self.info.source, self.error)
        finally:
            self.reader.close()

    def _take(self, timeout: float) -> np.ndarray | None:
        with self._ready:
            if not self._buffer and self._wanted:
                self._ready.wait(timeout)
            return self._buffer.popleft() if self._buffer else None

    async def recv(self) -> av.AudioFrame:
        """The next 20 ms from the device (silence while it is closed or stalled)."""
        if self.readyState != "live":
            raise MediaStreamError
        chunk = await asyncio.to_thread(self._take, 0.1) if self.reading else None
        now = time.monotonic()
        if self._clock is None:
            self._clock = now
        if chunk is None:  # keep the stream's clock: silence at the device's pace
            chunk = np.zeros(CHUNK, np.int16)
            delay = self._clock + self._pts / RATE - now
            if delay > 0:
                await asyncio.sleep(delay)
        else:
            self._clock = now - self._pts / RATE  # the device paces; follow it
        frame = av.AudioFrame.from_ndarray(chunk.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate = RATE
        frame.pts = self._pts
        frame.time_base = fractions.Fraction(1, RATE)
        self._pts += CHUNK
        return frame

    def stop(self) -> None:
        """End the track and close the device."""
        self.listen(False)
        super().stop()


def _runtime_socket(name: str) -> bool:
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    return bool(runtime) and Path(runtime, name).exists()


def _alsa_capture_present() -> bool:
    try:
        return "capture" in Path("/proc/asound/pcm").read_text()
    except OSError:
        return False


def _alsa_reader(device: str) -> AvReader:
    # PyAV's wheel bundles an alsa-lib that looks for its configuration under the wheel's
    # build prefix; point it at Debian's so "default" and the PipeWire/Pulse plugins resolve.
    if "ALSA_CONFIG_PATH" not in os.environ and Path("/usr/share/alsa/alsa.conf").exists():
        os.environ["ALSA_CONFIG_PATH"] = "/usr/share/alsa/alsa.conf"
    return AvReader(device, "alsa", realtime=False, loop=False)


def resolve(spec: str) -> tuple[str, str]:
    """``auto`` made concrete: (spec, reason when none)."""
    spec = (spec or "auto").strip()
    if spec != "auto":
        return spec, ""
    if _runtime_socket("pipewire-0") and shutil.which(PIPEWIRE_TOOL):
        return "pipewire:default", ""
    if (_runtime_socket("pulse/native") or os.environ.get("PULSE_SERVER")) \
            and shutil.which(PULSE_TOOL):
        return "pulse:default", ""
    if _alsa_capture_present():
        return "alsa:default", ""
    return "none", "no audio capture device (no PipeWire/PulseAudio session, no ALSA capture)"


def open_microphone(spec: str = "auto") -> tuple[Any, MicrophoneInfo]:
    """The call's audio track for ``spec`` (None when there is no microphone) and its info.

    A file or device that cannot be found is reported (``live`` false, with the reason).  An
    ALSA device is tried once here (milliseconds); the others are opened when a call first
    reads them, and a failure then is the track's ``error``.
    """
    spec, reason = resolve(spec)
    kind, _, arg = spec.partition(":")
    if kind == "none":
        return None, MicrophoneInfo(False, "none", reason or "no microphone configured")
    if kind == "tone":
        return ToneTrack(), MicrophoneInfo(True, "tone")
    if kind == "file":
        if not Path(arg).is_file():
            return None, MicrophoneInfo(False, "none", f"microphone file not found: {arg}")
        reader: PcmReader = AvReader(arg, None, realtime=True, loop=True)
    elif kind == "alsa":
        reader = _alsa_reader(arg or "default")
        try:  # opening an ALSA device takes milliseconds: say now if it is not there
            reader.open()
        except (OSError, av.FFmpegError, StopIteration) as exc:
            return None, MicrophoneInfo(False, "none", f"ALSA capture {arg or 'default'!r} "
                                        f"cannot be opened: {exc}")
        finally:
            reader.close()
    elif kind in ("pipewire", "pulse"):
        tool = PIPEWIRE_TOOL if kind == "pipewire" else PULSE_TOOL
        path = shutil.which(tool)
        if path is None:
            return None, MicrophoneInfo(False, "none", f"{tool} is not installed")
        if kind == "pipewire":
            argv = [path, "--rate", str(RATE), "--channels", "1", "--format", "s16"]
            argv += [] if arg in ("", "default") else ["--target", arg]
            argv.append("-")
        else:
            argv = [path, "--raw", "--format=s16le", f"--rate={RATE}", "--channels=1"]
            argv += [] if arg in ("", "default") else [f"--device={arg}"]
        reader = ProcessReader(argv)
    else:
        return None, MicrophoneInfo(False, "none", f"unknown microphone {spec!r} (expected "
                                    "auto, none, tone, file:, alsa:, pipewire: or pulse:)")
    info = MicrophoneInfo(True, spec)
    return MicrophoneTrack(reader, info), info
