"""``kiosk hub`` options of appointments and queue tickets (HubSettings' queue fields)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The queue's options."""
    group = parser.add_argument_group("appointments and queue tickets")
    group.add_argument("--opening", default=None, metavar="HH:MM-HH:MM",
                       help="hours appointment slots are offered (default 09:00-17:00)")
    group.add_argument("--timezone", default=None, help="the branches' time zone "
                       "(default Asia/Shanghai)")
    group.add_argument("--checkin-early-min", type=float, default=None,
                       help="check-in opens this many minutes before the slot (default 30)")
    group.add_argument("--checkin-late-min", type=float, default=None,
                       help="later than this many minutes after the slot: walk-in queue "
                            "(default 10)")
    group.add_argument("--max-recalls", type=int, default=None,
                       help="recalls before a called customer is dropped (default 2)")
    group.add_argument("--display-pages", default=None, metavar="FILE",
                       help='JSON list of the display\'s information pages [{"zh": .., "en": ..}]')


def settings_from(args: argparse.Namespace) -> dict[str, Any]:
    """HubSettings fields from the options; ValueError with a clear message for bad ones."""
    out: dict[str, Any] = {}
    if args.opening:
        start, _, end = args.opening.partition("-")
        try:
            if dt.time.fromisoformat(start) >= dt.time.fromisoformat(end):
                raise ValueError
        except ValueError:
            raise ValueError(f"--opening must be HH:MM-HH:MM, got {args.opening!r}") from None
        out["queue_opening"] = args.opening
    if args.timezone:
        try:
            ZoneInfo(args.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"--timezone: unknown time zone {args.timezone!r}") from None
        out["queue_timezone"] = args.timezone
    for name, field in (("checkin_early_min", "checkin_early_s"),
                        ("checkin_late_min", "checkin_late_s")):
        value = getattr(args, name)
        if value is not None:
            if not 0 <= value <= 24 * 60:
                raise ValueError(f"--{name.replace('_', '-')} must be 0-1440 minutes")
            out[field] = value * 60.0
    if args.max_recalls is not None:
        if not 0 <= args.max_recalls <= 10:
            raise ValueError("--max-recalls must be 0-10")
        out["max_recalls"] = args.max_recalls
    if args.display_pages:
        try:
            pages = json.loads(Path(args.display_pages).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ValueError(f"--display-pages: cannot read {args.display_pages}: {exc}") from None
        if not isinstance(pages, list) or not all(
                isinstance(p, dict) and p.get("zh") and p.get("en") for p in pages):
            raise ValueError('--display-pages: a JSON list of {"zh": ..., "en": ...} pages')
        out["display_pages"] = pages
    return out
