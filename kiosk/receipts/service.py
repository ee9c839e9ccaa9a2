"""Printing a receipt, with the e-receipt fallback and exactly-once duplicate reprint.

The rules (issue 5):

* The printer is not ready before the job (paper out, cover open, fault, no answer):
  nothing is printed, the customer is offered the e-receipt QR code on screen and the
  journal records ``receipt_not_printed`` with the reason.
* The printer fails in the middle of the receipt (paper runs out, cutter jams): the
  driver stops and clears the printer's buffer; the customer is offered the e-receipt,
  and a *pending reprint* is recorded (in memory, in the journal and, if a path is given,
  in a JSON file that survives a restart).  Once the printer is ready again the receipt
  is printed once more, marked "DUPLICATE / 重打", and the pending record is removed.
  It is never printed twice silently: every later copy carries the mark, and a job
  that was fully printed is never queued again.

Each attempt has its own job id (``<reference>-<n>``), and the status is read before,
between blocks and after every job (by the driver).
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from cryptography.exceptions import InvalidTag

from devices.printer.driver import JobResult
from devices.printer.status import ready_to_print
from devices.status import DeviceStatus
from kiosk.logs import log_event
from kiosk.receipts.pending_file import read_pending, write_pending
from kiosk.receipts.templates import Receipt

log = logging.getLogger(__name__)

PRINTED, OFFER_E_RECEIPT, REPRINTED_DUPLICATE = "printed", "offer_e_receipt", "reprinted_duplicate"


class ReceiptPrinter(Protocol):
    """What the service needs from a printer (``devices.printer.EscPosPrinter``)."""

    def print_document(self, doc: Any, job_id: str, check_status: bool = True) -> JobResult:
        """Print a document."""

    def query_status(self) -> DeviceStatus:
        """Read the status now."""

    def subscribe(
        self, listener: Callable[[DeviceStatus, DeviceStatus], None]
    ) -> Callable[[], None]:
        """Listen for status changes."""


@dataclass(frozen=True)
class PrintOutcome:
    """What happened to a receipt, for the UI and the journey.

    ``outcome`` is ``printed``, ``offer_e_receipt`` (show ``qr_payload`` on screen,
    ``reason`` says why) or ``reprinted_duplicate``.  ``reprint_pending`` is True when the
    receipt was cut short and will be reprinted as a duplicate once the printer is back.
    """

    outcome: str
    reference: str
    job_id: str
    qr_payload: str = ""
    reason: str = ""
    reprint_pending: bool = False


class ReceiptService:
    """Prints receipts through ``printer`` and records what happened with ``record``.

    Args:
        printer: the driver (``EscPosPrinter``) or anything with the same methods.
        record: the journal's append, called as ``record(kind, **fields)``; fields carry
            no personal data (reference, receipt kind, job id, reason).
        pending_path: optional JSON file holding pending reprints across restarts.
        auto_reprint: reprint pending receipts by itself when the printer's status
            becomes ready (status events from the driver's monitor or any query).
        sealer: kiosk.security.sealing.Sealer: the pending file is sealed at rest
            (kiosk.receipts.pending_file).
    """

    def __init__(
        self,
        printer: ReceiptPrinter,
        record: Callable[..., None] | None = None,
        pending_path: str | Path | None = None,
        auto_reprint: bool = False,
        sealer: Any = None,
    ) -> None:
        self.printer = printer
        self.sealer = sealer
        self.record = record or (lambda kind, **fields: None)
        self.pending_path = Path(pending_path) if pending_path else None
        self._lock = threading.RLock()
        self._seq = itertools.count(1)
        self._pending: dict[str, Receipt] = self._load_pending()
        self._busy = False
        self._unsubscribe = printer.subscribe(self._on_status) if auto_reprint else None

    # ---- pending reprints -------------------------------------------------------------------
    @property
    def pending(self) -> list[str]:
        """References of receipts waiting for a duplicate reprint."""
        with self._lock:
            return list(self._pending)

    def _load_pending(self) -> dict[str, Receipt]:
        if not self.pending_path or not self.pending_path.exists():
            return {}
        try:
            items, sealed = read_pending(self.pending_path, self.sealer)
            pending = {d["reference"]: Receipt.from_dict(d) for d in items}
        except (OSError, ValueError, KeyError, TypeError, InvalidTag) as exc:
            log.error("pending reprint file unreadable, kept aside: %s", exc)
            try:
                self.pending_path.rename(self.pending_path.with_suffix(".corrupt"))
            except OSError:
                pass
            return {}
        if self.sealer is not None and not sealed:  # a plain file of older software: seal it
            self._pending = pending
            self._save_pending()
        return pending

    def _save_pending(self) -> None:
        if not self.pending_path:
            return
        try:
            items = [r.as_dict() for r in self._pending.values()]
            write_pending(self.pending_path, items, self.sealer)
        except OSError as exc:  # kept in memory; the journal still has the record
            log.error("pending reprint file not written: %s", exc)

    def _job_id(self, receipt: Receipt) -> str:
        return f"{receipt.reference}-{next(self._seq)}"

    def _journal(self, kind: str, receipt: Receipt, job_id: str, **extra: Any) -> None:
        fields = {
            "reference": receipt.reference,
            "receipt_kind": receipt.kind,
            "job_id": job_id,
            **extra,
        }
        try:
            self.record(kind, **fields)
        except Exception:  # noqa: BLE001 - a journal failure is logged, the customer goes on
            log.exception("journal append failed for %s", kind)
        log_event(log, kind, **fields)

    # ---- printing ---------------------------------------------------------------------------
    def print_receipt(self, receipt: Receipt) -> PrintOutcome:
        """Print ``receipt`` (after any pending duplicates); never raises for a printer fault."""
        with self._lock:
            self.retry_pending()
            job_id = self._job_id(receipt)
            result = self._print(receipt, job_id)
            if result.state == "printed":
                self._journal("receipt_printed", receipt, job_id, bytes=result.bytes_sent)
                return PrintOutcome(PRINTED, receipt.reference, job_id)
            if result.state == "interrupted":
                self._pending[receipt.reference] = receipt.marked_duplicate()
                self._save_pending()
                self._journal(
                    "receipt_interrupted", receipt, job_id, reason=result.reason,
                    offered="e_receipt", reprint_pending=True,
                )  # fmt: skip
                return PrintOutcome(
                    OFFER_E_RECEIPT, receipt.reference, job_id, receipt.qr_payload,
                    result.reason, reprint_pending=True,
                )  # fmt: skip
            self._journal(
                "receipt_not_printed", receipt, job_id, reason=result.reason, offered="e_receipt"
            )
            return PrintOutcome(
                OFFER_E_RECEIPT, receipt.reference, job_id, receipt.qr_payload, result.reason
            )

    def _print(self, receipt: Receipt, job_id: str) -> JobResult:
        try:
            return self.printer.print_document(receipt.to_document(), job_id)
        except Exception as exc:  # noqa: BLE001 - an unexpected driver error must not lose the receipt
            log.exception("printer driver failed in job %s", job_id)
            return JobResult(job_id, "not_started", reason=f"driverError:{type(exc).__name__}")

    def retry_pending(self) -> list[PrintOutcome]:
        """Reprint pending receipts (marked duplicate) if the printer is ready; once each."""
        outcomes: list[PrintOutcome] = []
        with self._lock:
            if not self._pending or self._busy:
                return outcomes
            self._busy = True
            try:
                if not ready_to_print(self.printer.query_status())[0]:
                    return outcomes
                for reference, dup in list(self._pending.items()):
                    job_id = self._job_id(dup)
                    result = self._print(dup, job_id)
                    if result.state != "printed":
                        self._journal("receipt_reprint_failed", dup, job_id, reason=result.reason)
                        break  # stays pending, still marked duplicate
                    del self._pending[reference]
                    self._save_pending()
                    self._journal("receipt_reprinted", dup, job_id, duplicate=True)
                    outcomes.append(
                        PrintOutcome(REPRINTED_DUPLICATE, reference, job_id, dup.qr_payload)
                    )
            finally:
                self._busy = False
        return outcomes

    def _on_status(self, old: DeviceStatus, new: DeviceStatus) -> None:
        if self._pending and not self._busy and ready_to_print(new)[0]:
            # Not on the caller's stack: the status event may come from inside a print job.
            threading.Thread(target=self.retry_pending, name="receipt-reprint", daemon=True).start()

    def close(self) -> None:
        """Stop listening for status events."""
        if self._unsubscribe:
            self._unsubscribe()
