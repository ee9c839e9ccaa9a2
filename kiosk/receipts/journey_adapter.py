"""The journeys' receipts port over kiosk.receipts: each journey's facts to a template's names."""

from __future__ import annotations

from typing import Any

from kiosk.receipts.service import PRINTED, REPRINTED_DUPLICATE
from kiosk.receipts.templates import E_RECEIPT_PREFIX


class ReceiptsAdapter:
    """The journeys' receipts port over kiosk.receipts (``build_receipt`` + ``ReceiptService``).

    Maps each journey's facts to the template's names; a kind without a template (an account
    opening still pending) raises, which the journey turns into the e-receipt offer.
    """

    def __init__(self, service: Any, branch: str = "", terminal_id: str = "") -> None:
        self.service = service
        self.branch = branch
        self.terminal_id = terminal_id
        #: The virtual printer's pages in the demo (shown as a picture on the result screen);
        #: ``None`` on a real printer.
        self.printed_pages: list[Any] | None = None

    def _data(self, kind: str, data: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        common = {
            "reference": data["reference"],
            "branch": self.branch,
            "terminal_id": self.terminal_id,
        }
        if kind == "account_opened":
            return kind, {
                **common,
                "account_no": data["account_no"],
                "holder_name": data.get("name", ""),
            }
        if kind.startswith("transfer_"):
            return kind, {
                **common,
                "from_account": data["from"],
                "to_account": data["to"],
                "amount": data["amount"],
                "currency": data.get("currency", "CNY"),
                "payee_name": data.get("payee_name", ""),
            }
        if kind == "card_application":
            return kind, {
                **common,
                "application_ref": data["reference"],
                "card_type": data.get("card", ""),
            }
        if kind == "queue_ticket":  # the hub's ticket, both languages (kiosk.flows.queue_steps)
            keys = ("ticket_no", "service_name", "where", "ahead", "expected_wait_s", "late")
            return kind, {**common, **{k: data[k] for k in keys if k in data}}
        raise ValueError(f"no receipt template for {kind}")

    def print_for(self, kind: str, language: str, data: dict[str, Any]) -> dict[str, Any]:
        """Build and print; the journey's dict: ``printed``, ``duplicate``, ``qr``, ``reason``.

        Raises ValueError for a kind without a template (the journey offers the e-receipt).
        """
        from kiosk.receipts.templates import build_receipt  # fonts and QR: on first use

        template, values = self._data(kind, data)
        out = self.service.print_receipt(build_receipt(template, language, values))
        if out.outcome == REPRINTED_DUPLICATE:
            return {"printed": True, "duplicate": True, "qr": "", "reason": ""}
        if out.outcome == PRINTED:
            return {"printed": True, "duplicate": False, "qr": "", "reason": ""}
        qr = out.qr_payload or E_RECEIPT_PREFIX + str(data["reference"])
        return {"printed": False, "duplicate": False, "qr": qr,
                "reason": out.reason or "printer_unavailable"}  # fmt: skip
