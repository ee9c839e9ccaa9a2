"""``kiosk journal show --session REF``: what a session did, for staff after a crash or complaint.

REF is the customer's reference as printed (or shown on screen), or a journey session id.
Shows the steps, what reached the core (from the outbox), what happened to the receipt and
whether a restart interrupted the session; ``--json`` prints all of it with every record.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the command's options."""
    parser.add_argument("--session", required=True, metavar="REF",
                        help="the reference on the receipt, or a session id")  # fmt: skip
    parser.add_argument("--db", default=None, help="journal SQLite file")
    parser.add_argument("--outbox", default=None, help="outbox SQLite file")
    parser.add_argument("--config", default=None, help="terminal TOML configuration")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def _text(story: dict) -> str:
    lines = [f"reference {story['reference']}: session(s) {', '.join(story['sessions']) or '-'}"
             f", journey {', '.join(story['journeys']) or '-'}"]  # fmt: skip
    outcome = story["outcome"] or "none recorded"
    if story["interrupted"]:
        outcome += " -- INTERRUPTED by a terminal restart (crash or power cut)"
    lines.append(f"  outcome: {outcome}")
    lines.append(f"  steps:   {' -> '.join(story['steps']) or '-'}")
    for core in story["core"]:
        done = ", ".join(core.get("steps_confirmed") or []) or "none"
        lines.append(f"  core:    action {core['action_id']} ({core.get('kind', '?')}): "
                     f"{core['state']}; steps the core confirmed: {done}")  # fmt: skip
        if core.get("result"):
            lines.append(f"           result {json.dumps(core['result'], ensure_ascii=False)}")
        if core.get("error"):
            lines.append(f"           last error: {core['error']}")
    for r in story["receipt"] or [{"kind": "no receipt recorded"}]:
        extra = {k: v for k, v in r.items() if k not in ("kind", "seq", "ts")}
        lines.append(f"  receipt: {r['kind']} {json.dumps(extra, ensure_ascii=False)}")
    lines.append("  records:")
    for r in story["records"]:
        fields = {k: v for k, v in r.items() if k not in ("seq", "ts", "kind")}
        lines.append(f"    {r['seq']:>6} {r['ts']} {r['kind']} "
                     f"{json.dumps(fields, ensure_ascii=False)}")  # fmt: skip
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Exit 0 when the session was found, 1 when no record names it, 2 on error."""
    from kiosk.config import load_config_for
    from kiosk.journal.story import session_story
    from kiosk.outbox import Outbox
    from kiosk.security.keys import staff_sealer

    cfg = load_config_for("kiosk journal show", args.config)
    if cfg is None:
        return 2
    path = Path(args.db) if args.db else cfg.data_path("journal.db", cfg.storage.journal_db)
    box_path = (Path(args.outbox) if args.outbox
                else cfg.data_path("outbox.db", cfg.storage.outbox_db))  # fmt: skip
    if not path.is_file():
        print(f"kiosk journal show: no journal at {path}", file=sys.stderr)
        return 2
    try:
        box = Outbox(box_path, staff_sealer(cfg)) if box_path.is_file() else None
        try:
            story = session_story(path, args.session.strip(), box)
        finally:
            if box is not None:
                box.close()
    except (sqlite3.Error, OSError) as exc:
        print(f"kiosk journal show: cannot read {path}: {exc}", file=sys.stderr)
        return 2
    if story is None:
        print(f"kiosk journal show: no session or reference {args.session!r} in {path}",
              file=sys.stderr)  # fmt: skip
        return 1
    print(json.dumps(story, ensure_ascii=False) if args.json else _text(story))
    return 0
