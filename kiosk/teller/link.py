"""``TellerLink``: the terminal's connection to the hub and to a video teller.

It runs on its own thread with its own asyncio loop: the hub WebSocket (terminal key,
reconnect with back-off), the aiortc peer, approvals and co-browsing.  Every public method
is thread-safe and returns at once, except ``request_approval`` and ``wait_for``, which block
their caller (a journey's worker thread, never the GUI thread).  Events go to ``on_event``
(called on the link's thread: the UI marshals them to its own) and to ``wait_for``.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import ssl
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp
from aiortc import MediaStreamTrack
from aiortc.contrib.media import MediaRelay

from kiosk.teller import events as ev
from kiosk.teller.events import ApprovalDecision, CallState, TellerEvent
from kiosk.teller.microphone import MicrophoneInfo
from kiosk.teller.peer import CallPeer, PeerStats
from kiosk.teller.recording import CallRecording
from kiosk.teller.tracks import FrameSource, FrameTrack, ToneTrack
from kiosk.teller.uploads import UploadQueue

log = logging.getLogger(__name__)
_BACKOFF_S = (0.2, 0.5, 1.0, 2.0, 5.0)


_MASKED = ("id_number", "document_number", "number", "personal_number")


def mask_numbers(values: dict[str, Any]) -> dict[str, Any]:
    """``values`` with ID and document numbers masked except their last 4 characters."""
    out = dict(values)
    for key in _MASKED:
        value = out.get(key)
        if isinstance(value, str) and len(value) > 4:
            out[key] = "*" * (len(value) - 4) + value[-4:]
    return out


class TellerLink:
    """Call a teller from this terminal; see the module docstring."""

    def __init__(
        self,
        hub_url: str,
        terminal_id: str,
        key: str,
        *,
        video: FrameSource | MediaStreamTrack | None = None,
        audio: MediaStreamTrack | str | None = "tone",
        microphone: MicrophoneInfo | None = None,
        relay_only: bool = False,
        queue_timeout_s: float = 120.0,
        recording_dir: str | Path | None = None,
        on_event: Callable[[TellerEvent], None] | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.hub_url = hub_url.rstrip("/")
        self.terminal_id = terminal_id
        self._key = key
        self._video_in = video
        self._audio_in = audio
        # What the teller's console and the customer's panel say about the call's sound.
        if microphone is None:
            microphone = (MicrophoneInfo(True, "tone") if audio == "tone" else
                          MicrophoneInfo(False, "none", "no microphone") if audio is None else
                          MicrophoneInfo(True, "track"))
        self.microphone = microphone
        self.relay_only = relay_only
        self.queue_timeout_s = queue_timeout_s
        self._queue_timer: asyncio.TimerHandle | None = None
        self._prior = CallState.IDLE  # the state before a network loss
        # Recording: only when a folder is given and the hub issues a key for the call.
        self.recording_dir = Path(recording_dir) if recording_dir else None
        self.uploads = UploadQueue(self.recording_dir / "uploads.db") if self.recording_dir \
            else None
        self._recording: CallRecording | None = None
        self._recording_key: str | None = None
        self._relay = MediaRelay()
        self._tracks_out: tuple[MediaStreamTrack | None, MediaStreamTrack | None] = (None, None)
        self._upload_wake: asyncio.Event | None = None
        self._on_event = on_event
        self._ssl = ssl_context
        self.state = CallState.IDLE
        self.call_id: str | None = None
        self.stats = PeerStats()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._peer: CallPeer | None = None
        self._ice: list[dict[str, Any]] = []
        self._approvals: dict[str, concurrent.futures.Future] = {}
        self._last_state: dict[str, Any] | None = None
        self._history: list[TellerEvent] = []
        self._cursor: dict[str, int] = {}
        self._cond = threading.Condition()
        self._closing = False
        self._connected = threading.Event()
        self._http: aiohttp.ClientSession | None = None
        self._headers: dict[str, str] = {}

    # -- life cycle --------------------------------------------------------------------------

    def start(self, timeout: float = 15.0) -> TellerLink:
        """Start the link's thread and connect to the hub (returns once connected or timed out)."""
        ready = threading.Event()

        def main() -> None:
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            self._loop = loop
            ready.set()
            loop.run_until_complete(self._main())
            # The media relay's readers outlive the connections: cancel what is left.
            pending = asyncio.all_tasks(loop)
            for task in pending:
                task.cancel()
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            loop.close()

        self._thread = threading.Thread(target=main, name="teller-link", daemon=True)
        self._thread.start()
        ready.wait(5)
        self._connected.wait(timeout)
        return self

    def stop(self) -> None:
        """Hang up, close the peer and the socket, end the thread."""
        if self._loop is None or self._thread is None:
            return
        self._closing = True
        fut = asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop)
        try:
            fut.result(10)
        except Exception:  # already stopping
            log.debug("teller link: shutdown", exc_info=True)
        self._thread.join(10)

    @property
    def connected_to_hub(self) -> bool:
        """True while the hub socket is open."""
        return self._ws is not None and not self._ws.closed

    # -- the API a journey and the UI use ----------------------------------------------------

    def call(self, skill: str = "help", language: str = "zh", elder: bool = False,
             session_ref: str = "") -> None:
        """Ask for a teller; events follow (queued with position and wait, accepted, ...)."""
        self.state = CallState.CALLING
        self._send({"type": "call", "skill": skill, "language": language, "elder": elder,
                    "session_ref": session_ref})

    def publish_state(self, screen: str, fields: dict[str, Any],
                      captured: dict[str, Any] | None = None) -> None:
        """Show the teller the current screen and form (co-browsing as structured state).

        ``captured`` is what the terminal captured, as policy allows: ``document`` (fields),
        ``face`` (``distance``, ``liveness``), ``snapshot`` and ``photo`` (JPEG data URLs).
        ID and document numbers leave the terminal masked except their last 4 characters.
        """
        self._last_state = {"screen": screen, "fields": mask_numbers(fields), "at": time.time()}
        if captured:
            self._last_state["captured"] = {
                k: mask_numbers(v) if isinstance(v, dict) else v for k, v in captured.items()
            }
        if self.call_id and self.state in (CallState.CONNECTING, CallState.CONNECTED):
            self._send({"type": "state", "call_id": self.call_id, **self._last_state})

    def answer_correction(self, correction_id: str, field: str, accepted: bool) -> None:
        """The customer confirmed (or declined) a field the teller proposed."""
        self._send({"type": "correction_result", "call_id": self.call_id, "id": correction_id,
                    "field": field, "accepted": accepted})

    def request_approval_async(self, kind: str, details: dict[str, Any],
                               timeout: float) -> concurrent.futures.Future:
        """Ask the teller to approve; the future gives an ApprovalDecision (refused on timeout)."""
        fut: concurrent.futures.Future = concurrent.futures.Future()
        request_id = uuid.uuid4().hex
        if not self.call_id or self.state not in (CallState.CONNECTING, CallState.CONNECTED,
                                                  CallState.RECONNECTING):
            fut.set_result(ApprovalDecision(False, "no teller on the call", request_id=request_id))
            return fut
        self._approvals[request_id] = fut
        self._send({"type": "approval_request", "call_id": self.call_id, "id": request_id,
                    "kind": kind, "details": details})

        def expire() -> None:
            waiting = self._approvals.pop(request_id, None)
            if waiting is not None and not waiting.done():
                waiting.set_result(ApprovalDecision(False, "no decision in time", True, request_id))

        timer = threading.Timer(timeout, expire)
        timer.daemon = True
        timer.start()
        fut.add_done_callback(lambda _f: timer.cancel())
        return fut

    def request_approval(self, kind: str, details: dict[str, Any],
                         timeout: float = 120.0) -> ApprovalDecision:
        """Block until the teller decides or ``timeout`` passes (then: not approved)."""
        return self.request_approval_async(kind, details, timeout).result()

    def send_chat(self, text: str) -> None:
        """Send a chat line to the teller."""
        self._send({"type": "chat", "call_id": self.call_id, "text": text})

    def book_callback(self, phone: str, window: tuple[float, float], language: str,
                      skill: str = "help") -> concurrent.futures.Future:
        """Book a callback on the hub (no teller was free); the future gives the hub's answer.

        ``{"ok": True, "reference", "window_start", "window_end"}``, or ``{"ok": False,
        "errors": [{field, message}]}`` (422) / ``{"ok": False, "error": ...}`` (unreachable).
        Only what the customer typed or chose leaves the terminal.
        """
        body = {"phone": phone, "window_start": window[0], "window_end": window[1],
                "language": language, "skill": skill, "call_id": self.call_id}
        if self._loop is None:
            raise RuntimeError("TellerLink.start() first")
        return asyncio.run_coroutine_threadsafe(self._book_callback(body), self._loop)

    async def _book_callback(self, body: dict[str, Any]) -> dict[str, Any]:
        if self._http is None:
            return {"ok": False, "error": "hub not connected"}
        try:
            async with self._http.post(f"{self.hub_url}/api/callbacks", json=body,
                                       headers=self._headers, ssl=self._ssl,
                                       timeout=aiohttp.ClientTimeout(total=10)) as r:
                data = await r.json(content_type=None)
                if r.status == 201:
                    return {"ok": True, **data}
                return {"ok": False, "errors": data.get("errors", []),
                        "error": data.get("error", f"HTTP {r.status}")}
        except (aiohttp.ClientError, OSError, TimeoutError, ValueError) as exc:
            return {"ok": False, "error": str(exc) or type(exc).__name__}

    def hang_up(self, reason: str = "customer_hang_up") -> None:
        """End the call (or leave the queue)."""
        if self.call_id:
            self._send({"type": "hangup", "call_id": self.call_id, "reason": reason})

    def wait_for(self, kind: str, timeout: float = 10.0) -> TellerEvent:
        """The next event of ``kind`` not yet returned here; TimeoutError after ``timeout``."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                start = self._cursor.get(kind, 0)
                for i in range(start, len(self._history)):
                    if self._history[i].kind == kind:
                        self._cursor[kind] = i + 1
                        return self._history[i]
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no {kind!r} event within {timeout} s")
                self._cond.wait(left)

    def last_remote_frame(self) -> Any:
        """The teller's last video frame as a BGR array (None before the first)."""
        frame = self.stats.last_video
        return frame.to_ndarray(format="bgr24") if frame is not None else None

    # -- inside the link's thread ------------------------------------------------------------

    def _emit(self, kind: str, **data: Any) -> None:
        event = TellerEvent(kind, data)
        with self._cond:
            self._history.append(event)
            self._cond.notify_all()
        if self._on_event is not None:
            try:
                self._on_event(event)
            except Exception:  # a listener's bug must not stop the link
                log.exception("teller link: on_event failed")

    def _send(self, msg: dict[str, Any]) -> None:
        if self._loop is None:
            raise RuntimeError("TellerLink.start() first")
        self._loop.call_soon_threadsafe(lambda: self._loop.create_task(self._send_now(msg)))

    async def _send_now(self, msg: dict[str, Any]) -> None:
        if self._ws is None or self._ws.closed:
            self._emit(ev.ERROR, error="hub not connected", message=msg.get("type"))
            return
        await self._ws.send_json(msg)

    def _tracks(self) -> tuple[MediaStreamTrack | None, MediaStreamTrack | None]:
        video = self._video_in
        if video is not None and not isinstance(video, MediaStreamTrack):
            video = FrameTrack(video)
        audio = ToneTrack() if self._audio_in == "tone" else self._audio_in
        return video, audio  # type: ignore[return-value]

    async def _main(self) -> None:
        video, audio = self._tracks()
        self._tracks_out = (video, audio)
        self._peer = CallPeer(video, audio, self.stats, self._on_peer_state,
                              lambda: self._emit(ev.REMOTE_VIDEO), relay=self._relay,
                              on_remote_audio=self._remote_audio)
        headers = {"Authorization": f"Device {self.terminal_id}:{self._key}"}
        self._headers = headers
        attempt = 0
        async with aiohttp.ClientSession() as session:
            self._http = session
            self._upload_wake = asyncio.Event()
            self._stopping = asyncio.Event()
            uploader = asyncio.get_running_loop().create_task(self._uploader(session, headers))
            while not self._closing:
                try:
                    async with session.ws_connect(f"{self.hub_url}/ws", headers=headers,
                                                  heartbeat=15.0, ssl=self._ssl) as ws:
                        self._ws = ws
                        attempt = 0
                        await self._session(ws)
                except (TimeoutError, aiohttp.ClientError, OSError) as exc:
                    log.info("teller link: hub unreachable: %s", exc)
                self._ws = None
                self._connected.clear()
                if self._closing:
                    break
                if self.state in (CallState.CONNECTING, CallState.CONNECTED, CallState.QUEUED):
                    self._lost()
                try:  # back off, but wake at once when the link is stopped
                    await asyncio.wait_for(self._stopping.wait(),
                                           _BACKOFF_S[min(attempt, len(_BACKOFF_S) - 1)])
                except TimeoutError:
                    pass
                attempt += 1
            await self._finish_recording()
            await self._upload_due(session, headers)  # one last try before the thread ends
            uploader.cancel()
        self._http = None
        await self._peer.close()
        if self.uploads is not None:
            self.uploads.close()
        for track in (video, audio):
            if track is not None:
                track.stop()
        await asyncio.sleep(0)  # let the relay's readers see the end of their tracks

    def _lost(self) -> None:
        if self.state != CallState.RECONNECTING:
            self._prior = self.state
            self.state = CallState.RECONNECTING
            self._emit(ev.NETWORK_LOST, call_id=self.call_id)

    async def _session(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        async for msg in ws:
            if msg.type != aiohttp.WSMsgType.TEXT:
                continue
            data = msg.json()
            kind = data.get("type")
            if kind == "hello":
                self._connected.set()
                if self.state == CallState.RECONNECTING and self.call_id:
                    # Media is re-established with a fresh offer/answer (no ICE restart).
                    self.state = (CallState.QUEUED if self._prior == CallState.QUEUED
                                  else CallState.CONNECTING)
                    self._emit(ev.RECONNECTED, call_id=self.call_id)
                    await ws.send_json({"type": "rejoin", "call_id": self.call_id})
            elif kind == "error" and ws.close_code is None and "revoked" in str(data):
                self._emit(ev.ERROR, error=data.get("error"))
            else:
                await self._handle(ws, kind, data)
        if ws.close_code == 4401:
            self._emit(ev.ERROR, error="the hub refused this terminal's key")

    async def _handle(self, ws: aiohttp.ClientWebSocketResponse, kind: str | None,
                      data: dict[str, Any]) -> None:
        if kind == "call_created":
            self.call_id = data["call_id"]
        elif kind == "queued":
            if data["call_id"] != self.call_id:
                return
            if self.state != CallState.QUEUED and self._queue_timer is None:
                self._queue_timer = asyncio.get_running_loop().call_later(
                    self.queue_timeout_s, self._queue_timed_out, data["call_id"])
            self.state = CallState.QUEUED
            self._emit(ev.QUEUED, **{k: data[k] for k in ("call_id", "position",
                                                          "expected_wait_s")})
        elif kind == "accepted":
            self._cancel_queue_timer()
            self.call_id = data["call_id"]
            self._ice = data.get("ice_servers") or []
            self.state = CallState.CONNECTING
            self._recording_key = data.get("recording_key")
            self._listen(True)
            self._emit(ev.ACCEPTED, call_id=data["call_id"], teller=data.get("teller", ""),
                       recorded=bool(self._recording_key and self.recording_dir),
                       microphone=self.microphone.live)
        elif kind == "offer":
            assert self._peer is not None
            sdp = await self._peer.answer(data["sdp"], self._ice, self.relay_only)
            await ws.send_json({"type": "answer", "call_id": self.call_id, "sdp": sdp,
                                "microphone": self._microphone_now()})
            await self._start_recording()
            if self._last_state is not None:
                await ws.send_json({"type": "state", "call_id": self.call_id,
                                    **self._last_state})
        elif kind == "correction":
            self._emit(ev.CORRECTION_PROPOSED, id=data.get("id"), field=data.get("field"),
                       value=data.get("value"))
        elif kind == "approval_decision":
            decision = ApprovalDecision(bool(data.get("approved")), str(data.get("reason", "")),
                                        request_id=str(data.get("id")))
            fut = self._approvals.pop(str(data.get("id")), None)
            if fut is not None and not fut.done():
                fut.set_result(decision)
            self._emit(ev.APPROVAL_DECIDED, id=data.get("id"), approved=decision.approved,
                       reason=decision.reason)
        elif kind == "chat":
            self._emit(ev.CHAT, text=data.get("text", ""))
        elif kind == "help_page":
            self._emit(ev.HELP_PAGE, title=data.get("title", ""), body=data.get("body", ""))
        elif kind == "transferring":
            self.state = CallState.QUEUED
            assert self._peer is not None
            await self._peer.close()
            self._emit(ev.TRANSFERRING, call_id=data.get("call_id"))
        elif kind == "ended":
            await self._ended(str(data.get("reason", "")))
        elif kind == "error":
            self._emit(ev.ERROR, error=data.get("error"), message=data.get("for"))

    def _microphone_now(self) -> dict[str, Any]:
        """The microphone as the teller's console shows it (a device that failed says so)."""
        error = getattr(self._tracks_out[1], "error", "")
        if error and self.microphone.live:
            self.microphone = MicrophoneInfo(False, self.microphone.source, error)
        return self.microphone.as_message()

    def _queue_timed_out(self, call_id: str) -> None:
        self._queue_timer = None
        if self.call_id == call_id and self.state == CallState.QUEUED:
            # The call stays queued: the screen offers to continue alone, book a callback or
            # see staff, and hang_up() leaves the queue.
            self._emit(ev.QUEUE_TIMEOUT, call_id=call_id, waited_s=self.queue_timeout_s)

    def _cancel_queue_timer(self) -> None:
        if self._queue_timer is not None:
            self._queue_timer.cancel()
            self._queue_timer = None

    def drop_link(self) -> None:
        """Fault injection ("drop the link"): lose the hub socket and the media at once."""
        async def drop() -> None:
            assert self._peer is not None
            await self._peer.close()
            if self._ws is not None:
                await self._ws.close()

        if self._loop is not None:
            asyncio.run_coroutine_threadsafe(drop(), self._loop).result(10)

    def _listen(self, on: bool) -> None:
        listen = getattr(self._tracks_out[1], "listen", None)
        if listen is not None:  # a microphone: open only while a teller is on the call
            listen(on)

    async def _ended(self, reason: str) -> None:
        self._cancel_queue_timer()
        self._listen(False)
        self.state = CallState.ENDED
        assert self._peer is not None
        await self._peer.close()
        for rid, fut in list(self._approvals.items()):
            if not fut.done():
                fut.set_result(ApprovalDecision(False, "the call ended", request_id=rid))
        self._approvals.clear()
        await self._finish_recording()
        self._emit(ev.ENDED, call_id=self.call_id, reason=reason)
        self.call_id = None

    # -- recording and its upload ------------------------------------------------------------

    async def _start_recording(self) -> None:
        if self._recording is not None or not (self.recording_dir and self._recording_key
                                               and self.call_id):
            return
        video, audio = self._tracks_out
        self._recording = CallRecording(self.recording_dir, self.call_id, self._recording_key,
                                        self._relay, video, audio)
        await self._recording.start()

    def _remote_audio(self, frame: Any) -> None:
        if self._recording is not None:
            self._recording.remote_audio.push(frame)

    async def _finish_recording(self) -> None:
        recording, self._recording = self._recording, None
        self._recording_key = None
        if recording is None:
            return
        sealed = await recording.finish()
        if sealed is not None and self.uploads is not None:
            self.uploads.add(recording.call_id, sealed)  # durable before any attempt
            if self._upload_wake is not None:
                self._upload_wake.set()

    async def _uploader(self, session: aiohttp.ClientSession, headers: dict[str, str]) -> None:
        assert self._upload_wake is not None
        while True:
            await self._upload_due(session, headers)
            self._upload_wake.clear()
            try:
                await asyncio.wait_for(self._upload_wake.wait(), 2.0)
            except TimeoutError:
                pass

    async def _upload_due(self, session: aiohttp.ClientSession,
                          headers: dict[str, str]) -> None:
        if self.uploads is None:
            return
        for item in self.uploads.due():
            try:
                body = await asyncio.to_thread(item.path.read_bytes)
                async with session.post(
                    f"{self.hub_url}/api/calls/{item.call_id}/recording", data=body,
                    headers={**headers, "Content-Type": "application/octet-stream"},
                    ssl=self._ssl, timeout=aiohttp.ClientTimeout(total=120),
                ) as r:
                    if r.status in (201, 409):
                        self.uploads.done(item.call_id)
                    else:
                        self.uploads.failed(item.call_id, f"HTTP {r.status}: {await r.text()}")
            except FileNotFoundError:
                self.uploads.done(item.call_id)  # nothing left to send
            except (aiohttp.ClientError, OSError, TimeoutError) as exc:
                self.uploads.failed(item.call_id, str(exc) or type(exc).__name__)

    def _on_peer_state(self, state: str) -> None:
        if state == "connected":
            self.state = CallState.CONNECTED
            self._emit(ev.CONNECTED, call_id=self.call_id)
        elif state == "failed" and self.state == CallState.CONNECTED:
            self._lost()
            if self.connected_to_hub and self.call_id:  # only the media broke: ask again now
                self.state = CallState.CONNECTING
                self._emit(ev.RECONNECTED, call_id=self.call_id)
                self._send({"type": "rejoin", "call_id": self.call_id})

    async def _shutdown(self) -> None:
        self._closing = True
        self._stopping.set()
        if self._ws is not None and not self._ws.closed:
            if self.call_id:
                await self._ws.send_json({"type": "hangup", "call_id": self.call_id,
                                          "reason": "terminal_stopped"})
            await self._ws.close()
