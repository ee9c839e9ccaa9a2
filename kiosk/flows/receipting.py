"""The receipt at the end of a journey: printed, or the e-receipt QR when the printer cannot.

``deps.receipts`` is anything with ``print_for(kind, language, data)`` returning an outcome
(kiosk.receipts.journey_adapter.ReceiptsAdapter wraps ``build_receipt`` + ``ReceiptService``).
Whatever the printer does, the journey gets a plain dict: ``printed`` (bool), ``qr`` (the e-receipt
payload when not printed), ``duplicate`` and ``reason``, and the journal records which.
"""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger(__name__)

E_RECEIPT_PREFIX = "https://e-receipt.invalid/r/"


def e_receipt_payload(reference: str) -> str:
    """The QR payload of an e-receipt: the reference only, no personal data."""
    return E_RECEIPT_PREFIX + reference


def _get(obj: Any, key: str, default: Any = None) -> Any:
    if isinstance(obj, dict):
        return obj.get(key, default)
    return getattr(obj, key, default)


def _normalise(raw: Any, reference: str) -> dict[str, Any]:
    """Map a PrintOutcome-like object (or enum/string) to the journey's dict."""
    state = _get(raw, "state", None) or _get(raw, "outcome", None) or raw
    state = str(getattr(state, "value", state) or "").lower()
    if "reprint" in state or "duplicate" in state:
        return {"printed": True, "duplicate": True, "qr": "", "reason": ""}
    if state == "printed" or _get(raw, "printed", False) is True:
        return {"printed": True, "duplicate": False, "qr": "", "reason": ""}
    qr = _get(raw, "qr", None) or _get(raw, "qr_payload", None) or e_receipt_payload(reference)
    reason = str(_get(raw, "reason", "") or "printer_unavailable")
    return {"printed": False, "duplicate": False, "qr": str(qr), "reason": reason}


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
            outcome = _normalise(receipts.print_for(kind, journey.language, data), reference)
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
