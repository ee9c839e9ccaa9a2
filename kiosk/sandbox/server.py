"""The sandbox over real HTTP: stdlib ``HTTPServer`` with a bounded pool of worker threads.

The standard library server was chosen over aiohttp because every request ends in blocking
SQLite work under one lock anyway; synchronous handlers keep the code small, start in
milliseconds, and need nothing beyond Python.

Bounded like any production HTTP server: a per-connection read timeout, a cap on the body
size (413), at most ``MAX_WORKERS`` connections served at once (the rest wait in the listen
backlog), and a request whose body is shorter than its ``Content-Length`` (the client died
between its headers and its body) is dropped without being processed or stored, as Tomcat
in front of Fineract does.
"""

from __future__ import annotations

import json
import logging
import socket
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

from kiosk.sandbox.app import PASSWORD, TENANT, USERNAME, SandboxApp

log = logging.getLogger(__name__)
API_PATH = "/fineract-provider/api/v1"
#: Largest request body accepted (the terminal's biggest, a batch, is a few KB).
MAX_BODY = 1 << 20
#: Seconds a connection may stay silent (mid-request or idle between keep-alive requests).
READ_TIMEOUT = 10.0
#: Connections served at once; more wait in the listen backlog.
MAX_WORKERS = 32


class _ShortBody(Exception):
    """The connection ended (or went silent) before ``Content-Length`` bytes of body arrived."""


class _Handler(BaseHTTPRequestHandler):
    server_version = "FineractSandbox/1.10"
    protocol_version = "HTTP/1.1"
    # One buffered write per answer and no Nagle: headers and body sent as separate small
    # segments would otherwise meet the client's delayed ACK and cost ~40 ms per call.
    wbufsize = -1
    disable_nagle_algorithm = True
    timeout = READ_TIMEOUT  # socket timeout for every read: a silent client frees its worker

    def setup(self) -> None:
        self.timeout = getattr(self.server, "read_timeout", READ_TIMEOUT)
        super().setup()

    def _read_body(self) -> bytes | None:
        """The request body, or None after answering a bad ``Content-Length`` itself."""
        text = self.headers.get("Content-Length")
        if self.headers.get("Transfer-Encoding"):
            self._answer(411, {"developerMessage": "Chunked request bodies are not accepted; "
                               "send Content-Length.", "httpStatusCode": "411"})  # fmt: skip
            return None
        if text is None:
            return b""
        if not text.strip().isdigit():
            self._answer(400, {"developerMessage": f"Invalid Content-Length {text!r}",
                               "httpStatusCode": "400"})  # fmt: skip
            return None
        length = int(text)
        if length > MAX_BODY:
            self._answer(413, {"developerMessage": f"Request body of {length} bytes exceeds "
                               f"the limit of {MAX_BODY} bytes.", "httpStatusCode": "413"})
            return None
        try:
            raw = self.rfile.read(length)
        except (TimeoutError, OSError):
            raw = b""
        if len(raw) < length:
            raise _ShortBody
        return raw

    def _serve(self) -> None:
        try:
            raw = self._read_body()
        except _ShortBody:
            # Nothing is processed or stored: the client never finished sending, so it will
            # resend the whole request (with the same idempotency key) on a new connection.
            log.info("sandbox: %s %s cut short before its body; dropped", self.command, self.path)
            self.close_connection = True
            return
        if raw is None:
            self.close_connection = True  # the unread body would be taken for the next request
            return
        path, _, query = self.path.partition("?")
        app: SandboxApp = self.server.app  # type: ignore[attr-defined]
        status, headers, body = app.handle(self.command, path, query, dict(self.headers), raw)
        self._answer(status, body, headers)

    def _answer(self, status: int, body: object, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = _serve  # noqa: N815

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        log.debug("sandbox %s", format % args)


class _Server(HTTPServer):
    """Each accepted connection is served by one of ``MAX_WORKERS`` pooled threads."""

    allow_reuse_address = True
    request_queue_size = 64

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._pool = ThreadPoolExecutor(MAX_WORKERS, thread_name_prefix="sandbox-conn")
        self._slots = threading.BoundedSemaphore(MAX_WORKERS)
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()

    def process_request(self, request: socket.socket, client_address: object) -> None:
        # Accept no more than the pool serves: the rest stay in the kernel's backlog.
        self._slots.acquire()
        with self._open_lock:
            self._open.add(request)
        self._pool.submit(self._work, request, client_address)

    def _work(self, request: socket.socket, client_address: object) -> None:
        try:
            self.finish_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            with self._open_lock:
                self._open.discard(request)
            self.shutdown_request(request)
            self._slots.release()

    def handle_error(self, request: object, client_address: object) -> None:
        log.debug("sandbox connection from %s failed", client_address, exc_info=True)

    def server_close(self) -> None:
        super().server_close()
        with self._open_lock:  # wake workers blocked on idle keep-alive connections
            for sock in self._open:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
        self._pool.shutdown(wait=True, cancel_futures=True)


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


def start_sandbox(db_path: str | Path, host: str = "127.0.0.1", port: int = 0, *,
                  read_timeout: float = READ_TIMEOUT) -> SandboxHandle:  # fmt: skip
    """Open (creating and seeding on first use) ``db_path`` and serve it in a thread."""
    server = _Server((host, port), _Handler)  # bind first: a busy port creates no file
    server.read_timeout = read_timeout  # type: ignore[attr-defined]
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
