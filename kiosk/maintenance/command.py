"""``kiosk maintenance hash-pin`` and ``kiosk maintenance bundle`` for a technician's shell.

``hash-pin`` reads a PIN without echo and prints the argon2 hash to put in
``[maintenance] technicians``; ``bundle`` writes the support bundle (as the diagnostics
mode does) to ``--to`` or the configured USB mount, or sends it to the hub with
``--to hub``, journaled as done from the shell.
"""

from __future__ import annotations

import argparse
import getpass
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the command's options."""
    parser.add_argument("action", choices=["hash-pin", "bundle"])
    parser.add_argument("--config", default=None, help="terminal TOML configuration")
    parser.add_argument("--to", default=None,
                        help="bundle folder (default: usb_mount), or 'hub' to send it there")


def run(args: argparse.Namespace) -> int:
    """Run the action; exit 2 for bad input or configuration, 1 when the bundle failed."""
    if args.action == "hash-pin":
        from kiosk.maintenance.entry import hash_pin

        pin = getpass.getpass("technician PIN: ") if sys.stdin.isatty() else sys.stdin.readline()
        try:
            print(hash_pin(pin.strip()))
        except ValueError as exc:
            print(f"kiosk maintenance: {exc}", file=sys.stderr)
            return 2
        return 0
    from kiosk.config import load_config_for
    from kiosk.journal import Journal
    from kiosk.maintenance.bundle import check_hub, send_bundle, write_bundle

    cfg = load_config_for("kiosk maintenance", args.config)
    if cfg is None:
        return 2
    journal = Journal(cfg.data_path("journal.db", cfg.storage.journal_db))
    to_hub = args.to == "hub"
    action = "bundle_send" if to_hub else "bundle_export"
    try:
        if to_hub:
            check_hub(cfg.operations.hub_url, cfg.operations.terminal_key)
            folder = cfg.data_path("bundles")
            folder.mkdir(mode=0o700, exist_ok=True)
            written = write_bundle(cfg, folder, journal)
            answer = send_bundle(written, cfg.operations.hub_url, cfg.operations.terminal_key)
            written.unlink(missing_ok=True)
            shown = f"sent to the hub: bundle {answer['id']} ({answer['size']} bytes)"
        else:
            shown = str(write_bundle(cfg, args.to or cfg.maintenance.usb_mount, journal))
        journal.append("maintenance.action", technician="shell", action=action,
                       result="ok")  # fmt: skip
    except OSError as exc:
        journal.append("maintenance.action", technician="shell", action=action,
                       result="failed")  # fmt: skip
        print(f"kiosk maintenance: {exc}", file=sys.stderr)
        return 1
    finally:
        journal.close()
    print(shown)
    return 0
