"""``kiosk sandbox --port P --db FILE [--host H] [--config FILE]``: serve the sandbox."""

from __future__ import annotations

import argparse
import signal
import sys
import threading


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the command's options."""
    parser.add_argument("--port", type=int, default=None, help="TCP port (0: pick a free one)")
    parser.add_argument("--host", default=None, help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--db", default=None, help="SQLite file (created and seeded if new)")
    parser.add_argument("--config", default=None, help="terminal TOML configuration")


def run(args: argparse.Namespace) -> int:
    """Start the sandbox, print its URL and demo credentials, serve until a signal."""
    from kiosk.config import load_config_for
    from kiosk.sandbox.server import start_sandbox

    cfg = load_config_for("kiosk sandbox", args.config)
    if cfg is None:
        return 2
    port = cfg.sandbox.port if args.port is None else args.port
    host = args.host or cfg.sandbox.host
    db = args.db or str(cfg.data_path("sandbox.db", cfg.sandbox.db))
    if not 0 <= port <= 65535:
        print(f"kiosk sandbox: invalid port {port}", file=sys.stderr)
        return 2
    try:
        handle = start_sandbox(db, host, port)
    except OSError as exc:
        print(f"kiosk sandbox: cannot start on {host}:{port} with {db}: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # e.g. the file is not a SQLite database
        print(f"kiosk sandbox: cannot open {db}: {exc}", file=sys.stderr)
        return 2
    print(f"Fineract sandbox listening on {handle.url}", flush=True)
    print(f"port: {handle.port}", flush=True)
    print(f"database: {db}", flush=True)
    print(
        f"credentials: username={handle.username} password={handle.password} "
        f"tenant={handle.tenant}",
        flush=True,
    )
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait()
    handle.stop()
    return 0
