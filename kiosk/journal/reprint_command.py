"""``kiosk receipt reprint REF``: print a session's receipt again, marked duplicate (staff).

The receipt comes from what the terminal still holds, best first: a receipt cut short and
waiting for its duplicate reprint (``pending-reprints.json``, exactly as first printed), else
rebuilt from the outbox action REF names (its reference, account number or application
reference and the original time).  Once the core confirms a transfer the terminal keeps
only what its receipt needs (accounts and amount, sealed in the action's result, for
``security.retention_days``); a transfer recorded before that rule, or purged, cannot be
rebuilt: the command says so and names the core's transaction.  The stores are opened with
the terminal's keys (kiosk.security.keys).  Every reprint is journaled.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the command's options."""
    parser.add_argument("reference", metavar="REF", help="the reference on the receipt")
    parser.add_argument("--config", default=None, help="terminal TOML configuration")
    parser.add_argument("--outbox", default=None, help="outbox SQLite file")
    parser.add_argument("--language", default=None, help="zh_CN or en (default: the terminal's)")


class CannotRebuild(Exception):
    """The terminal no longer holds what the receipt needs; the message says why."""


def receipt_data(rec: Any, branch: str, terminal_id: str) -> tuple[str, dict[str, Any]]:
    """(receipt kind, template data) for an outbox action record."""
    p, res = rec.payload or {}, rec.result or {}
    common = {"reference": rec.action_id, "branch": branch, "terminal_id": terminal_id,
              "time": dt.datetime.fromtimestamp(rec.created).replace(microsecond=0)
              .isoformat(sep=" ")}  # fmt: skip
    if rec.kind == "open_account":
        kind = "account_opened" if rec.state == "done" else "account_pending"
        name = " ".join(str(p[k]) for k in ("lastname", "firstname") if p.get(k))
        return kind, {**common, "account_no": res.get("account_no", ""), "holder_name": name}
    if rec.kind == "card_application":
        ref = res.get("reference") or rec.action_id
        return "card_application", {**common, "application_ref": ref,
                                    "card_type": p.get("card_type", "")}  # fmt: skip
    if rec.kind == "transfer":
        p = p or res.get("receipt") or {}  # confirmed: what the handler kept for the receipt
        if not p:
            raise CannotRebuild(
                f"the transfer's details were wiped once the core confirmed it (core "
                f"transaction {res.get('resource_id', '?')}); print its advice from the core"
            )
        kind = {"done": "transfer_done", "failed": "transfer_failed"}.get(
            rec.state, "transfer_pending"
        )
        return kind, {**common, "from_account": str(p.get("from_account_id", "")),
                      "to_account": str(p.get("to_account_id", "")), "amount": p.get("amount"),
                      "currency": p.get("currency", "CNY")}  # fmt: skip
    raise CannotRebuild(f"a {rec.kind} action has no receipt")


def _pending(path: Path, reference: str, sealer: Any) -> Any:
    from cryptography.exceptions import InvalidTag

    from kiosk.receipts.pending_file import read_pending
    from kiosk.receipts.templates import Receipt

    if not path.is_file():
        return None
    try:
        items, _sealed = read_pending(path, sealer)
    except (OSError, ValueError, InvalidTag) as exc:
        print(f"kiosk receipt reprint: pending reprints not read: {exc}", file=sys.stderr)
        return None
    for d in items:
        if d.get("reference") == reference:
            return Receipt.from_dict(d)
    return None


def run(args: argparse.Namespace) -> int:
    """Exit 0 printed, 1 not printed or not rebuildable (reason given), 2 unknown or bad setup."""
    from kiosk.config import load_config_for
    from kiosk.journal import Journal
    from kiosk.outbox import Outbox
    from kiosk.receipts.setup import open_configured_printer
    from kiosk.receipts.templates import ReceiptDataError, build_receipt
    from kiosk.security.keys import staff_sealer

    cfg = load_config_for("kiosk receipt reprint", args.config)
    if cfg is None:
        return 2
    ref = args.reference.strip()
    language = args.language or cfg.ui.default_language
    sealer = staff_sealer(cfg)
    receipt = _pending(cfg.data_path("pending-reprints.json", cfg.printer.pending_reprints), ref,
                       sealer)  # fmt: skip
    if receipt is None:
        box_path = (Path(args.outbox) if args.outbox
                    else cfg.data_path("outbox.db", cfg.storage.outbox_db))  # fmt: skip
        if not box_path.is_file():
            print(f"kiosk receipt reprint: no outbox at {box_path}", file=sys.stderr)
            return 2
        box = Outbox(box_path, sealer)
        try:
            rec = box.get(ref)
        except KeyError:
            print(f"kiosk receipt reprint: no action {ref!r} in {box_path}", file=sys.stderr)
            return 2
        except ValueError as exc:  # a sealed row and no key to open it
            print(f"kiosk receipt reprint: {ref}: cannot be read without the terminal's key "
                  f"({exc})", file=sys.stderr)  # fmt: skip
            return 2
        finally:
            box.close()
        try:
            kind, data = receipt_data(rec, cfg.branch.name, cfg.branch.terminal_id)
            receipt = build_receipt(kind, language, data)
        except (CannotRebuild, ReceiptDataError) as exc:
            print(f"kiosk receipt reprint: {ref}: {exc}", file=sys.stderr)
            return 1
    receipt = receipt.marked_duplicate()
    journal = Journal(cfg.data_path("journal.db", cfg.storage.journal_db))
    try:
        try:
            setup = open_configured_printer(cfg, journal.append, monitor=False, sealer=sealer)
        except Exception as exc:  # noqa: BLE001 - a missing port is a message, not a traceback
            print(f"kiosk receipt reprint: cannot open the printer: {exc}", file=sys.stderr)
            return 2
        try:
            outcome = setup.service.print_receipt(receipt)
            pages = setup.simulator.page_texts() if setup.simulator else []
        finally:
            setup.close()
        printed = outcome.outcome == "printed"
        journal.append("receipt.staff_reprint", reference=ref, receipt_kind=receipt.kind,
                       printed=printed, reason=outcome.reason or "")  # fmt: skip
    finally:
        journal.close()
    if not printed:
        print(f"kiosk receipt reprint: {ref} not printed: {outcome.reason}", file=sys.stderr)
        return 1
    print(f"receipt {ref} ({receipt.kind}) reprinted, marked duplicate")
    if pages:  # the simulated printer: show what it printed
        print(pages[-1])
    return 0
