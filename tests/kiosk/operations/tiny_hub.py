"""A tiny aiohttp server speaking the hub's side of POST /api/events (docs/operations.md),
on a free loopback port in a thread of its own, with switches for the failures a real
hub and network have: refusing the key, losing the answer, batches too large."""

from __future__ import annotations

import asyncio
import threading

from aiohttp import web


class TinyHub:
    def __init__(self, key: str = "terminal-key-1") -> None:
        self.key = key
        self.stored: dict[str, dict] = {}  # event id -> event (the hub's idempotency)
        self.posts = 0
        self.duplicates = 0
        self.lose_answers = 0  # store the batch, then answer 500 this many times
        self.max_batch = 0  # >0: answer 413 to bigger batches
        self.reject_kinds: set[str] = set()
        self.url = ""
        self._loop = asyncio.new_event_loop()
        self._runner: web.AppRunner | None = None
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)

    async def _events(self, request: web.Request) -> web.Response:
        self.posts += 1
        if request.headers.get("Authorization") != f"Bearer {self.key}":
            return web.json_response({"error": "unknown terminal key"}, status=401)
        try:
            body = await request.json()
        except ValueError:
            return web.json_response({"error": "not JSON"}, status=400)
        events = body["events"]
        if self.max_batch and len(events) > self.max_batch:
            return web.json_response({"error": "batch too large"}, status=413)
        rejected, new = [], 0
        for event in events:
            if event["kind"] in self.reject_kinds:
                rejected.append({"id": event["id"], "error": "unknown kind"})
            elif event["id"] in self.stored:
                self.duplicates += 1
            else:
                self.stored[event["id"]] = {**event, "terminal_id": body["terminal_id"]}
                new += 1
        if self.lose_answers:
            self.lose_answers -= 1
            return web.Response(status=500, text="answer lost")
        if rejected:
            return web.json_response({"rejected": rejected}, status=422)
        return web.json_response({"accepted": new, "duplicates": len(events) - new})

    async def _start(self, port: int) -> str:
        app = web.Application()
        app.router.add_post("/api/events", self._events)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        sock = site._server.sockets[0]  # the port the OS chose
        return f"http://127.0.0.1:{sock.getsockname()[1]}"

    def start(self, port: int = 0) -> str:
        if not self._thread.is_alive():
            self._thread.start()
        self.url = asyncio.run_coroutine_threadsafe(self._start(port), self._loop).result(10)
        return self.url

    def stop(self) -> None:
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
            self._runner = None

    def close(self) -> None:
        self.stop()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)
