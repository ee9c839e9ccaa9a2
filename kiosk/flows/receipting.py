"""The receipt at the end of a journey: printed, or the e-receipt QR when the printer cannot.

``deps.receipts`` is kiosk.receipts.journey_adapter.ReceiptsAdapter (``build_receipt`` +
``ReceiptService``): ``print_for(kind, language, data)`` answers the journey's dict,
``printed`` (bool), ``qr`` (the e-receipt payload when not printed), ``duplicate`` and
``reason``.  Whatever the printer does, the journey gets that dict, and the journal records
which.
"""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger(__name__)

E_RECEIPT_PREFIX = "https://e-receipt.invalid/r/"


def e_receipt_payload(reference: str) -> str:
    """The QR payload of an e-receipt: the reference only, no personal data."""
    return E_RECEIPT_PREFIX + reference


def print_receipt(journey: Any, kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """Print ``kind`` for ``journey`` (blocking) and journal how it went."""
    reference = str(data.get("reference") or journey.session_id)
    receipts = journey.deps.receipts
    if receipts is None:
        outcome = {
            "printed": False,
            "duplicate": False,
            "qr": e_receipt_payload(reference),
            "reason": "no_printer",
        }
    else:
        try:
            outcome = dict(receipts.print_for(kind, journey.language, data))
        except Exception as exc:  # any printer failure ends in the e-receipt, never a crash
            log.warning("receipt printing failed: %s", type(exc).__name__)
            outcome = {
                "printed": False,
                "duplicate": False,
                "qr": e_receipt_payload(reference),
                "reason": "printer_fault",
            }
    journey._journal(
        "receipt",
        receipt=kind,
        printed=outcome["printed"],
        duplicate=outcome["duplicate"],
        e_receipt=not outcome["printed"],
        reason=outcome["reason"],
    )
    return outcome
