"""Recording a call on the terminal, one Matroska file per call, sealed when it ends.

It holds the customer's camera and microphone and the teller's audio (aiortc's
MediaRecorder).
The teller's audio comes through ``RemoteAudio``, which survives reconnections and transfers
(each a new peer connection) and fills gaps with silence, so one call is one recording.  The
plain file exists only while the call lasts, in a folder only this user can read; at the end
it is sealed (AES-GCM, the key the hub issued for this call), removed, and the sealed file
waits in the durable upload queue (``kiosk.teller.uploads``).
"""

from __future__ import annotations

import asyncio
import base64
import fractions
import logging
import os
import time
from pathlib import Path

import av
import numpy as np
from aiortc import MediaStreamTrack
from aiortc.contrib.media import MediaRecorder, MediaRelay

from kiosk.teller.sealing import seal_file

log = logging.getLogger(__name__)
_RATE, _SAMPLES = 48000, 960


class RemoteAudio(MediaStreamTrack):
    """The teller's audio for the recorder: frames pushed as they arrive, silence between."""

    kind = "audio"

    def __init__(self) -> None:
        super().__init__()
        self._queue: asyncio.Queue[av.AudioFrame] = asyncio.Queue(maxsize=50)
        self._n = 0
        self._start: float | None = None

    def push(self, frame: av.AudioFrame) -> None:
        """Add one received frame (dropped when the recorder lags far behind)."""
        if self._queue.full():
            self._queue.get_nowait()
        self._queue.put_nowait(frame)

    async def recv(self) -> av.AudioFrame:
        """The next 20 ms: the teller's audio if some arrived, else silence."""
        if self._start is None:
            self._start = time.monotonic()
        delay = self._start + self._n / _RATE - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        try:
            src = self._queue.get_nowait()
            pcm = src.to_ndarray().reshape(-1)
            channels = len(src.layout.channels)
            mono = pcm.reshape(-1, channels).mean(axis=1) if src.format.is_packed else pcm
            data = np.asarray(mono[:_SAMPLES], np.int16)
            if data.size < _SAMPLES:
                data = np.pad(data, (0, _SAMPLES - data.size))
        except asyncio.QueueEmpty:
            data = np.zeros(_SAMPLES, np.int16)
        frame = av.AudioFrame.from_ndarray(data.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate, frame.pts = _RATE, self._n
        frame.time_base = fractions.Fraction(1, _RATE)
        self._n += _SAMPLES
        return frame


class CallRecording:
    """One call's recording, from the first connection to the end of the call."""

    def __init__(self, folder: Path, call_id: str, key_b64: str, relay: MediaRelay,
                 video: MediaStreamTrack | None, audio: MediaStreamTrack | None) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        os.chmod(folder, 0o700)
        self.call_id = call_id
        self.plain = folder / f"{call_id}.mkv"
        self.sealed = folder / f"{call_id}.rec"
        self._key = base64.b64decode(key_b64)
        self.remote_audio = RemoteAudio()
        self._recorder = MediaRecorder(str(self.plain), format="matroska")
        for track in (video, audio):
            if track is not None:
                self._recorder.addTrack(relay.subscribe(track, buffered=False))
        self._recorder.addTrack(self.remote_audio)
        self._started = False

    async def start(self) -> None:
        """Start writing (idempotent)."""
        if not self._started:
            self._started = True
            await self._recorder.start()

    async def finish(self) -> Path | None:
        """Close the file, seal it, remove the plain copy; the sealed path (None if empty)."""
        self.remote_audio.stop()
        try:
            await self._recorder.stop()
        except Exception:  # a recorder that never got a frame cannot close its streams
            log.warning("teller recording: could not close %s", self.plain.name, exc_info=True)
        if not self.plain.exists() or self.plain.stat().st_size == 0:
            self.plain.unlink(missing_ok=True)
            return None
        await asyncio.to_thread(seal_file, self.plain, self.sealed, self._key)
        self.plain.unlink()
        self._key = b""
        return self.sealed
