"""``kiosk journal verify [--db FILE] [--config FILE] [--json]``: check the hash chain."""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the command's options."""
    parser.add_argument("--db", default=None, help="journal SQLite file")
    parser.add_argument("--config", default=None, help="terminal TOML configuration")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace) -> int:
    """Exit 0 when the chain verifies, 1 when tampered (first bad record named), 2 on error."""
    from kiosk.config import load_config_for
    from kiosk.journal import Journal
    from kiosk.sqlite_readonly import WrongStoreError

    cfg = load_config_for("kiosk journal verify", args.config)
    if cfg is None:
        return 2
    path = Path(args.db) if args.db else cfg.data_path("journal.db", cfg.storage.journal_db)
    if not path.is_file():
        print(f"kiosk journal verify: no journal at {path}", file=sys.stderr)
        return 2
    try:
        journal = Journal(path, read_only=True)  # a verifier never writes, not even the salt
        try:
            verdict = journal.verify()
        finally:
            journal.close()
    except WrongStoreError as exc:
        print(f"kiosk journal verify: {exc}", file=sys.stderr)
        return 2
    except (sqlite3.Error, OSError) as exc:
        print(f"kiosk journal verify: cannot read {path}: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(verdict.__dict__))
    elif verdict.ok:
        print(f"journal OK: {verdict.count} records, chain intact ({path})")
    else:
        print(
            f"journal TAMPERED: first bad record {verdict.first_bad_seq}: {verdict.reason} "
            f"({verdict.count} records verified before it)"
        )
    return 0 if verdict.ok else 1
