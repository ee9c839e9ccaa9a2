"""A TCP proxy on loopback that cuts a connection after exactly N bytes of a request.

Stands between the terminal's client and the core: ``arm(n)`` makes the next ``n`` bytes
sent towards the core pass and then closes both sides, as a kill of the terminal (or a
dropped network) between two writes of one request does.  ``mangle_bodies`` makes it
forward every request with its body removed (``Content-Length: 0``), like a broken gateway.
Used by the outbox tests and ``bench/crash.py``.
"""

from __future__ import annotations

import socket
import threading


class CutProxy:
    """Forward ``127.0.0.1:port`` to ``upstream``; cut on demand (thread-safe)."""

    def __init__(self, upstream_port: int) -> None:
        self.upstream = ("127.0.0.1", upstream_port)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._lock = threading.Lock()
        self._left: int | None = None  # bytes still allowed before the cut; None: not armed
        self.cuts = 0
        self.mangle_bodies = False
        self._conns: set[socket.socket] = set()
        self._closed = False
        threading.Thread(target=self._accept, name="cut-proxy", daemon=True).start()

    def url(self, path: str = "/fineract-provider/api/v1") -> str:
        """The proxy's base URL for the client."""
        return f"http://127.0.0.1:{self.port}{path}"

    def arm(self, n: int | None) -> None:
        """Let the next ``n`` bytes towards the core through, then cut (None: disarm)."""
        with self._lock:
            self._left = n

    def close(self) -> None:
        """Stop accepting and close every forwarded connection."""
        self._closed = True
        self._listener.close()
        with self._lock:
            for s in list(self._conns):
                _kill(s)

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                client.close()
                continue
            server.settimeout(None)
            for s in (client, server):
                s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self._lock:
                self._conns |= {client, server}
            threading.Thread(target=self._up, args=(client, server), daemon=True).start()
            threading.Thread(target=self._down, args=(server, client), daemon=True).start()

    def _up(self, client: socket.socket, server: socket.socket) -> None:
        """Client -> core, counting bytes against an armed cut."""
        try:
            while True:
                data = client.recv(65536)
                if not data:
                    break
                if self.mangle_bodies:
                    data = _without_body(data)
                with self._lock:
                    left = self._left
                    if left is not None and len(data) >= left:
                        self._left = None
                        self.cuts += 1
                        if left:
                            server.sendall(data[:left])
                        cut = True
                    else:
                        if left is not None:
                            self._left = left - len(data)
                        cut = False
                if cut:
                    break
                server.sendall(data)
        except OSError:
            pass
        finally:
            self._drop(client, server)

    def _down(self, server: socket.socket, client: socket.socket) -> None:
        try:
            while True:
                data = server.recv(65536)
                if not data:
                    break
                client.sendall(data)
        except OSError:
            pass
        finally:
            self._drop(client, server)

    def _drop(self, *socks: socket.socket) -> None:
        with self._lock:
            for s in socks:
                self._conns.discard(s)
                _kill(s)


def _kill(s: socket.socket) -> None:
    try:
        s.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    s.close()


def _without_body(data: bytes) -> bytes:
    """A request with its body dropped and ``Content-Length: 0`` (only whole-chunk heads)."""
    head, sep, _ = data.partition(b"\r\n\r\n")
    if not sep or head.split(b" ", 1)[0] not in (b"POST", b"PUT"):
        return b"" if not sep and not data.startswith((b"GET", b"POST", b"PUT")) else data
    lines = [ln for ln in head.split(b"\r\n") if not ln.lower().startswith(b"content-length:")]
    return b"\r\n".join([*lines, b"Content-Length: 0"]) + b"\r\n\r\n"
