"""A scripted teller speaking the console's protocol (tests, benchmarks, soak runs).

It signs in over the REST API, holds the console's WebSocket, accepts a call and offers
WebRTC media from aiortc (a moving pattern and a tone), exactly as the browser console does.
Faults from the shared vocabulary: ``go_silent()`` stops answering, ``drop_link()`` closes
the socket.
"""

from __future__ import annotations

import asyncio
import collections
import threading
import time
from typing import Any

import aiohttp
from aiortc import RTCPeerConnection, RTCSessionDescription

from kiosk.teller.peer import PeerStats, rtc_configuration
from kiosk.teller.tracks import FrameTrack, ToneTrack, moving_pattern


class TellerBot:
    """One teller console, scripted (use inside an asyncio loop)."""

    def __init__(self, hub_url: str, username: str, password: str,
                 relay_only: bool = False) -> None:
        self.hub_url = hub_url.rstrip("/")
        self.username, self._password = username, password
        self.relay_only = relay_only
        self.token = ""
        self.stats = PeerStats()
        self.inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.first_video_at: float | None = None
        # The terminal's last 2 s of sound (mono int16 at 48 kHz), to check what it sends.
        self.audio: collections.deque[Any] = collections.deque(maxlen=100)
        self.answer_microphone: dict[str, Any] | None = None
        self._session: aiohttp.ClientSession | None = None
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._pc: RTCPeerConnection | None = None
        self._reader: asyncio.Task | None = None
        self._tasks: set[asyncio.Task] = set()
        self._silent = False
        self.call_id: str | None = None
        self.last_answer_sdp = ""

    @property
    def headers(self) -> dict[str, str]:
        """The bearer header of the signed-in teller."""
        return {"Authorization": f"Bearer {self.token}"}

    async def sign_in(self, presence: str = "available") -> None:
        """Sign in, open the console socket, set presence."""
        self._session = aiohttp.ClientSession()
        r = await self._session.post(f"{self.hub_url}/api/auth/login",
                                     json={"username": self.username, "password": self._password})
        r.raise_for_status()
        self.token = (await r.json())["token"]
        self._ws = await self._session.ws_connect(f"{self.hub_url}/ws", heartbeat=15.0)
        await self._ws.send_json({"type": "auth", "token": self.token})
        hello = await self._ws.receive_json(timeout=10)
        if hello.get("type") != "hello":
            raise RuntimeError(f"console socket refused: {hello}")
        self._reader = asyncio.get_running_loop().create_task(self._read())
        await self.api("PUT", "/api/presence", {"presence": presence})

    async def api(self, method: str, path: str, body: dict | None = None) -> tuple[int, Any]:
        """Call the hub's REST API as this teller; (status, JSON or None)."""
        assert self._session is not None
        async with self._session.request(method, self.hub_url + path, json=body,
                                         headers=self.headers) as r:
            data = await r.json() if r.content_type == "application/json" else None
            return r.status, data

    async def _read(self) -> None:
        assert self._ws is not None
        async for msg in self._ws:
            if msg.type != aiohttp.WSMsgType.TEXT:
                continue
            data = msg.json()
            if self._silent:
                continue
            if data.get("type") == "answer" and self._pc is not None:
                self.last_answer_sdp = data["sdp"]
                self.answer_microphone = data.get("microphone")
                await self._pc.setRemoteDescription(
                    RTCSessionDescription(sdp=data["sdp"], type="answer"))
            elif data.get("type") == "rejoin":
                self._spawn(self.offer())
            else:
                await self.inbox.put(data)

    async def next_message(self, kind: str, timeout: float = 10.0) -> dict[str, Any]:
        """The next console message of ``kind`` (others before it are dropped)."""
        deadline = time.monotonic() + timeout
        while True:
            msg = await asyncio.wait_for(self.inbox.get(), max(0.01, deadline - time.monotonic()))
            if msg.get("type") == kind:
                return msg

    async def wait_for_call(self, timeout: float = 10.0) -> dict[str, Any]:
        """The first waiting call this teller may see."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            _, body = await self.api("GET", "/api/calls")
            waiting = [c for c in body["calls"] if c["state"] == "queued"]
            if waiting:
                return waiting[0]
            try:
                await self.next_message("queue_changed", max(0.05, deadline - time.monotonic()))
            except TimeoutError:
                break
        raise TimeoutError("no call reached the queue")

    async def accept(self, call_id: str) -> tuple[int, Any]:
        """Accept a call and offer media to its terminal."""
        status, body = await self.api("POST", f"/api/calls/{call_id}/accept")
        if status == 200:
            self.call_id = call_id
            self._ice = body["ice_servers"]
            await self.offer()
        return status, body

    async def offer(self) -> None:
        """(Re-)offer media to the call's terminal: a fresh connection each time."""
        if self._pc is not None:
            await self._pc.close()
        pc = RTCPeerConnection(rtc_configuration(self._ice, self.relay_only))
        self._pc = pc
        pc.addTrack(FrameTrack(moving_pattern()))
        pc.addTrack(ToneTrack(660.0))

        @pc.on("track")
        def _track(track) -> None:  # noqa: ANN001 - MediaStreamTrack
            self._spawn(self._consume(track))

        await pc.setLocalDescription(await pc.createOffer())
        await self.send({"type": "offer", "sdp": pc.localDescription.sdp})

    async def _consume(self, track) -> None:  # noqa: ANN001 - MediaStreamTrack
        from aiortc.mediastreams import MediaStreamError

        while True:
            try:
                frame = await track.recv()
            except MediaStreamError:
                return
            if track.kind == "video":
                self.stats.video_frames += 1
                self.stats.last_video = frame
                if self.first_video_at is None:
                    self.first_video_at = time.monotonic()
            else:
                self.stats.audio_frames += 1
                pcm = frame.to_ndarray().reshape(-1, len(frame.layout.channels))
                self.audio.append(pcm[:, 0].copy())

    def _spawn(self, coro: Any) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def send(self, msg: dict[str, Any]) -> None:
        """Send a console message about the current call."""
        assert self._ws is not None
        await self._ws.send_json({"call_id": self.call_id, **msg})

    def go_silent(self) -> None:
        """Fault: stop reacting to anything (a frozen console)."""
        self._silent = True

    async def drop_link(self) -> None:
        """Fault: close the console socket abruptly."""
        if self._ws is not None:
            await self._ws.close()

    async def close(self) -> None:
        """Close media, socket and session."""
        if self._pc is not None:
            await self._pc.close()
        for task in list(self._tasks):
            task.cancel()
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            self._reader.cancel()
        if self._session is not None:
            await self._session.close()


class ConsoleThread:
    """A ``TellerBot`` on its own asyncio thread, for tests whose thread runs a Qt loop."""

    def __init__(self, hub_url: str, username: str, password: str) -> None:
        self.bot = TellerBot(hub_url, username, password)
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.run(self.bot.sign_in())

    def run(self, coro: Any, timeout: float = 20.0) -> Any:
        """Run ``coro`` on the console's loop and wait for its result."""
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def close(self) -> None:
        """Close the bot and end the thread."""
        self.run(self.bot.close())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)
        self.loop.close()
