"""The sandbox over real HTTP: stdlib ``ThreadingHTTPServer`` in a background thread.

The standard library server was chosen over aiohttp because every request ends in blocking
SQLite work under one lock anyway; a thread per connection keeps the code synchronous and
small, starts in milliseconds, and needs nothing beyond Python.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from kiosk.sandbox.app import PASSWORD, TENANT, USERNAME, SandboxApp

log = logging.getLogger(__name__)
API_PATH = "/fineract-provider/api/v1"


class _Handler(BaseHTTPRequestHandler):
    server_version = "FineractSandbox/1.10"
    protocol_version = "HTTP/1.1"
    # One buffered write per answer and no Nagle: headers and body sent as separate small
    # segments would otherwise meet the client's delayed ACK and cost ~40 ms per call.
    wbufsize = -1
    disable_nagle_algorithm = True

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        path, _, query = self.path.partition("?")
        app: SandboxApp = self.server.app  # type: ignore[attr-defined]
        status, headers, body = app.handle(self.command, path, query, dict(self.headers), raw)
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = _serve  # noqa: N815

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        log.debug("sandbox %s", format % args)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


@dataclass
class SandboxHandle:
    """A running sandbox: ``url`` ends in ``/fineract-provider/api/v1``; call ``stop()``."""

    url: str
    host: str
    port: int
    app: SandboxApp
    _server: _Server = field(repr=False)
    _thread: threading.Thread = field(repr=False)
    username: str = USERNAME
    password: str = PASSWORD
    tenant: str = TENANT

    def stop(self) -> None:
        """Stop serving, wait for the thread and close the database."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
        self.app.close()

    def __enter__(self) -> SandboxHandle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_sandbox(db_path: str | Path, host: str = "127.0.0.1", port: int = 0) -> SandboxHandle:
    """Open (creating and seeding on first use) ``db_path`` and serve it in a thread."""
    server = _Server((host, port), _Handler)  # bind first: a busy port creates no file
    try:
        app = SandboxApp(db_path)
    except BaseException:
        server.server_close()
        raise
    server.app = app  # type: ignore[attr-defined]
    real_port = server.server_address[1]
    thread = threading.Thread(
        target=server.serve_forever, args=(0.05,), name="sandbox-http", daemon=True
    )
    thread.start()
    url = f"http://{host}:{real_port}{API_PATH}"
    return SandboxHandle(url, host, real_port, app, server, thread)
