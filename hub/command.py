"""``kiosk hub --port P [--db URL] [--host H]``: serve the teller hub for a branch or a fleet."""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the command's options."""
    parser.add_argument("--port", type=int, default=None, help="TCP port (0: pick a free one)")
    parser.add_argument("--host", default=None, help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--db", default=None,
                        help="SQLite file, or postgresql+asyncpg://user@host:port/db for a fleet")
    parser.add_argument("--tls-cert", default="", help="PEM certificate (serve https/wss)")
    parser.add_argument("--tls-key", default="", help="PEM private key of --tls-cert")
    parser.add_argument("--secret", default="",
                        help="token signing secret (default: one kept in the database)")
    parser.add_argument("--stun", action="append", default=[], help="STUN URL (repeatable)")
    parser.add_argument("--turn", action="append", default=[], help="TURN URL (repeatable)")
    parser.add_argument("--turn-secret", default="", help="coturn --static-auth-secret")
    parser.add_argument("--supervisor", default="", metavar="USER:PASSWORD",
                        help="create (or reset) a supervisor of every branch")
    parser.add_argument("--demo", action="store_true",
                        help="create a demo teller and terminal and print their credentials")
    parser.add_argument("--config", default=None, help="terminal TOML configuration")
    parser.add_argument("--otp-secret", default="",
                        help="hex secret shared with terminals' [maintenance] otp_secret: "
                             "supervisors issue one-time technician codes")
    parser.add_argument("--preapp-expiry-days", type=float, default=7.0,
                        help="days a pre-filled application keeps its personal fields (then 410)")
    parser.add_argument("--public-url", default="",
                        help="base URL phones reach this hub at (in QR codes); default: the "
                             "address each request came to")
    from hub.queue import options as queue_options  # issue 12

    queue_options.add_arguments(parser)


def run(args: argparse.Namespace) -> int:
    """Start the hub, print its URLs, serve until SIGINT/SIGTERM."""
    from kiosk.config import load_config_for

    cfg = load_config_for("kiosk hub", args.config)
    if cfg is None:
        return 2
    port = (cfg.hub.port or 8790) if args.port is None else args.port
    if not 0 <= port <= 65535:
        print(f"kiosk hub: invalid port {port}", file=sys.stderr)
        return 2
    if bool(args.tls_cert) != bool(args.tls_key):
        print("kiosk hub: --tls-cert and --tls-key go together", file=sys.stderr)
        return 2
    if args.supervisor and ":" not in args.supervisor:
        print("kiosk hub: --supervisor takes USER:PASSWORD", file=sys.stderr)
        return 2
    from hub.queue.options import settings_from
    from hub.settings import HubSettings

    try:
        queue_settings = settings_from(args)
    except ValueError as exc:
        print(f"kiosk hub: {exc}", file=sys.stderr)
        return 2
    settings = HubSettings(
        db_url=args.db or str(cfg.data_path("hub.db")), host=args.host or cfg.hub.host,
        port=port, tls_cert=args.tls_cert, tls_key=args.tls_key, secret=args.secret,
        stun_urls=args.stun, turn_urls=args.turn, turn_secret=args.turn_secret,
        otp_secret=args.otp_secret, **queue_settings,
    )
    if args.preapp_expiry_days <= 0:
        print("kiosk hub: --preapp-expiry-days must be above 0", file=sys.stderr)
        return 2
    settings.preapp_expiry_days, settings.public_url = args.preapp_expiry_days, args.public_url
    try:
        return asyncio.run(_serve(settings, args))
    except KeyboardInterrupt:
        return 0


async def _serve(settings, args: argparse.Namespace) -> int:  # noqa: ANN001 - HubSettings
    import secrets

    from hub import accounts
    from hub.context import HUB
    from hub.server import HubStartError, start_site

    try:
        runner, port = await start_site(settings)
    except HubStartError as exc:
        print(f"kiosk hub: {exc}", file=sys.stderr)
        return 2
    hub = runner.app[HUB]
    url = f"{settings.scheme}://{settings.host}:{port}"
    print(f"Teller hub listening on {url}", flush=True)
    print(f"port: {port}", flush=True)
    print(f"console: {url}/console/", flush=True)
    banner: list[str] = []  # printed once committed: whoever reads it may sign in at once
    async with hub.engine.begin() as conn:
        if args.supervisor:
            user, _, password = args.supervisor.partition(":")
            await accounts.ensure_person(conn, user, password, {"supervisor": ["*"],
                                                                "teller": ["*"]})
            banner.append(f"supervisor: {user}")
        if args.demo:
            password = secrets.token_urlsafe(9)
            await accounts.ensure_person(conn, "teller", password, {"teller": ["*"]},
                                         display_name="Demo teller")
            key = await accounts.ensure_device(conn, "terminal-1", "terminal", "demo-branch")
            banner.append(f"demo teller: teller / {password}")
            banner.append(f"demo terminal: terminal-1 key {key}")
    for line in banner:
        print(line, flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    await runner.cleanup()
    return 0
