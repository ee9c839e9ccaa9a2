"""Run a hub: in the foreground (``kiosk hub``) or on a background thread (embedded, tests)."""

from __future__ import annotations

import asyncio
import ssl
import threading
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from sqlalchemy.engine import make_url

from hub.app import build_app
from hub.context import HUB, Hub
from hub.settings import HubSettings
from hub.storage.engine import normalise_url


def ssl_context(settings: HubSettings) -> ssl.SSLContext | None:
    """A server TLS context when a certificate and key are configured."""
    if not (settings.tls_cert and settings.tls_key):
        return None
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(settings.tls_cert, settings.tls_key)
    return ctx


class HubStartError(Exception):
    """The hub cannot start; the message says why (database, address, certificate)."""


def shown_db_url(url: str) -> str:
    """The database URL as messages show it (no password)."""
    try:
        return make_url(normalise_url(url)).render_as_string(hide_password=True)
    except Exception:  # not a URL at all
        return url


async def start_site(settings: HubSettings) -> tuple[web.AppRunner, int]:
    """Start the hub's site on the running loop; return the runner and the bound port."""
    try:
        tls = ssl_context(settings)
    except (OSError, ssl.SSLError) as exc:
        raise HubStartError(f"cannot load the TLS certificate or key: {exc}") from exc
    app = build_app(settings)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=2.0)
    try:
        await runner.setup()  # opens and migrates the database
    except Exception as exc:
        raise HubStartError(
            f"cannot open the database {shown_db_url(settings.db_url)}: {exc}") from exc
    site = web.TCPSite(runner, settings.host, settings.port, ssl_context=tls, backlog=4096)
    try:
        await site.start()
    except OSError as exc:
        await runner.cleanup()
        raise HubStartError(f"cannot listen on {settings.host}:{settings.port}: {exc}") from exc
    port = runner.addresses[0][1]
    return runner, port


@dataclass
class HubHandle:
    """A hub serving on a background thread."""

    url: str
    port: int
    hub: Hub
    _loop: asyncio.AbstractEventLoop
    _thread: threading.Thread
    _stop: asyncio.Event

    def run(self, coro: Any, timeout: float = 30.0) -> Any:
        """Run a coroutine on the hub's loop (e.g. an accounts call) and return its result."""
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout)

    def stop(self) -> None:
        """Stop serving and wait for the thread."""
        if self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._stop.set)
            self._thread.join(15)


def start_hub(settings: HubSettings) -> HubHandle:
    """Start a hub on its own thread and event loop; return once it is listening."""
    ready: dict[str, Any] = {}
    started = threading.Event()

    def main() -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        stop = asyncio.Event()

        async def serve() -> None:
            try:
                runner, port = await start_site(settings)
            except BaseException as exc:  # reported to the caller
                ready["error"] = exc
                started.set()
                return
            ready.update(port=port, hub=runner.app[HUB], stop=stop, loop=loop)
            started.set()
            await stop.wait()
            await runner.cleanup()

        loop.run_until_complete(serve())
        # Socket handlers still winding down: cancel them before the loop closes.
        pending = asyncio.all_tasks(loop)
        for task in pending:
            task.cancel()
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()

    thread = threading.Thread(target=main, name="hub", daemon=True)
    thread.start()
    started.wait(60)
    if "error" in ready:
        raise ready["error"]
    if "port" not in ready:
        raise TimeoutError("the hub did not start within 60 s")
    host = settings.host if ":" not in settings.host else f"[{settings.host}]"
    url = f"{settings.scheme}://{host}:{ready['port']}"
    return HubHandle(url, ready["port"], ready["hub"], ready["loop"], thread, ready["stop"])
