"""``kiosk outbox status [--db FILE] [--config FILE] [--json]``: counts and parked actions."""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the command's options."""
    parser.add_argument("--db", default=None, help="outbox SQLite file")
    parser.add_argument("--config", default=None, help="terminal TOML configuration")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def parked_items(parked: list) -> list[dict]:
    """Parked actions as technicians see them (``kiosk outbox status``, diagnostics)."""
    return [{"action_id": r.action_id, "kind": r.kind, "code": r.error_code,
             "reason": r.error, "attempts": r.attempts} for r in parked]  # fmt: skip


def run(args: argparse.Namespace) -> int:
    """Print queued, in-flight, done, parked and failed counts (and each parked reason)."""
    from kiosk.config import load_config_for
    from kiosk.outbox import Outbox
    from kiosk.outbox.integrity import OutboxDamaged
    from kiosk.sqlite_readonly import WrongStoreError

    cfg = load_config_for("kiosk outbox status", args.config)
    if cfg is None:
        return 2
    path = Path(args.db) if args.db else cfg.data_path("outbox.db", cfg.storage.outbox_db)
    if not path.is_file():
        print(f"kiosk outbox status: no outbox at {path}", file=sys.stderr)
        return 2
    try:
        box = Outbox(path, read_only=True)  # a status check never writes
        try:
            counts, parked = box.counts(), box.parked()
        finally:
            box.close()
    except WrongStoreError as exc:
        print(f"kiosk outbox status: {exc}", file=sys.stderr)
        return 2
    except OutboxDamaged as exc:  # never "empty": the terminal is out of service
        if args.json:
            print(json.dumps({"db": str(path), "damaged": True, "problem": exc.problem}))
        print(f"kiosk outbox status: DAMAGED: {exc}", file=sys.stderr)
        return 1
    except (sqlite3.Error, OSError) as exc:
        print(f"kiosk outbox status: cannot read {path}: {exc}", file=sys.stderr)
        return 2
    items = parked_items(parked)
    if args.json:
        print(json.dumps({"db": str(path), "counts": counts, "parked": items}, ensure_ascii=False))
        return 0
    print(f"outbox {path}")
    for state in ("queued", "in_flight", "parked", "done", "failed"):
        print(f"  {state:<10} {counts[state]}")
    for item in items:
        print(f"  parked {item['action_id']} ({item['kind']}): {item['code']}: {item['reason']}")
    return 0
