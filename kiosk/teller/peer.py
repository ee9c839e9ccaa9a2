"""The terminal's aiortc peer: answers the teller's offer, sends camera and microphone.

It counts what arrives from the teller.  aiortc has no ICE restart, so a new offer (after a
network loss or a transfer) replaces the connection.  It has no echo cancellation either:
the audio stack's echo-cancel module does that on a terminal (docs/teller.md).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from aiortc import (
    MediaStreamTrack,
    RTCConfiguration,
    RTCIceServer,
    RTCIceTransportPolicy,
    RTCPeerConnection,
    RTCSessionDescription,
)
from aiortc.contrib.media import MediaRelay
from aiortc.mediastreams import MediaStreamError

log = logging.getLogger(__name__)


def rtc_configuration(ice_servers: list[dict[str, Any]],
                      relay_only: bool = False) -> RTCConfiguration:
    """An explicit RTCConfiguration (aiortc's default STUN server is unreachable here)."""
    servers = [
        RTCIceServer(urls=s["urls"], username=s.get("username"), credential=s.get("credential"))
        for s in ice_servers
    ]
    if relay_only:
        return RTCConfiguration(iceServers=servers,
                                iceTransportPolicy=RTCIceTransportPolicy.RELAY)
    return RTCConfiguration(iceServers=servers)


class PeerStats:
    """Frames and samples received from the far end, and the last video frame."""

    def __init__(self) -> None:
        self.video_frames = 0
        self.audio_frames = 0
        self.last_video: Any = None  # an av.VideoFrame


class CallPeer:
    """One RTCPeerConnection answering one offer; the tracks are shared between connections."""

    def __init__(
        self,
        video: MediaStreamTrack | None,
        audio: MediaStreamTrack | None,
        stats: PeerStats,
        on_state: Callable[[str], None],
        on_first_video: Callable[[], None],
        relay: MediaRelay | None = None,
        on_remote_audio: Callable[[Any], None] | None = None,
    ) -> None:
        self._relay = relay or MediaRelay()
        self._on_remote_audio = on_remote_audio
        self._video, self._audio = video, audio
        self._stats = stats
        self._on_state, self._on_first_video = on_state, on_first_video
        self._pc: RTCPeerConnection | None = None
        self._tasks: set[asyncio.Task] = set()

    async def answer(self, sdp: str, ice_servers: list[dict[str, Any]],
                     relay_only: bool = False) -> str:
        """Take the teller's offer; return the answer SDP (ICE candidates included)."""
        await self.close()
        pc = RTCPeerConnection(rtc_configuration(ice_servers, relay_only))
        self._pc = pc

        @pc.on("connectionstatechange")
        def _state() -> None:
            self._on_state(pc.connectionState)

        @pc.on("track")
        def _track(track: MediaStreamTrack) -> None:
            self._spawn(self._consume(track))

        await pc.setRemoteDescription(RTCSessionDescription(sdp=sdp, type="offer"))
        # Tracks after setRemoteDescription, so they take the offer's transceivers.
        for track in (self._video, self._audio):
            if track is not None:
                pc.addTrack(self._relay.subscribe(track, buffered=False))
        await pc.setLocalDescription(await pc.createAnswer())
        return pc.localDescription.sdp

    def _spawn(self, coro: Any) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _consume(self, track: MediaStreamTrack) -> None:
        first = True  # per connection: a re-established call reports its first frame again
        while True:
            try:
                frame = await track.recv()
            except MediaStreamError:
                return
            if track.kind == "video":
                self._stats.video_frames += 1
                self._stats.last_video = frame
                if first:
                    first = False
                    self._on_first_video()
            else:
                self._stats.audio_frames += 1
                if self._on_remote_audio is not None:
                    self._on_remote_audio(frame)

    async def close(self) -> None:
        """Close the current connection (idempotent)."""
        pc, self._pc = self._pc, None
        if pc is not None:
            await pc.close()
        for task in list(self._tasks):
            task.cancel()
