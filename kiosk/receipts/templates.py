"""Receipt templates per journey and language, with personal data masked.

:func:`build_receipt` turns a journey's facts into a :class:`Receipt`: a small structured
document that the printer driver prints and the UI shows as the e-receipt.  Account and
card numbers keep only their last four digits, names only their first character, an ID
number only its last four characters: a receipt left at the terminal gives nothing away.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from devices.printer.document import Columns, Cut, Document, Feed, Line, Qr, Rule
from kiosk.receipts.strings import COMMON, FOOTERS, LABELS, TITLES, text

KINDS = tuple(TITLES)
LANGUAGES = ("zh_CN", "en")
# The same form as kiosk.flows.receipting.e_receipt_payload: the reference only, no personal data.
E_RECEIPT_PREFIX = "https://e-receipt.invalid/r/"


class ReceiptDataError(ValueError):
    """The data for a receipt is missing a required field or has a wrong value."""


def mask_account(number: Any) -> str:
    """``6222020200112345678`` -> ``****5678`` (digits only; fewer than 4: all masked)."""
    digits = "".join(c for c in str(number) if c.isalnum())
    return "****" + digits[-4:] if len(digits) > 4 else "****"


def mask_id(number: Any) -> str:
    """An ID number keeps only its last four characters: ``**************123X``."""
    value = "".join(c for c in str(number) if c.isalnum())
    return "*" * max(0, len(value) - 4) + value[-4:] if len(value) > 4 else "****"


def mask_name(name: Any) -> str:
    """``张三丰`` -> ``张**``; ``Jane Smith`` -> ``J*********``."""
    value = str(name).strip()
    return value[:1] + "*" * max(1, len(value) - 1) if value else ""


def format_amount(amount: Any, currency: str = "CNY") -> str:
    """``1234.5`` -> ``CNY 1,234.50``."""
    try:
        value = Decimal(str(amount))
    except InvalidOperation as exc:
        raise ReceiptDataError(f"amount is not a number: {amount!r}") from exc
    return f"{currency} {value:,.2f}"


@dataclass(frozen=True)
class Receipt:
    """A receipt ready to print or show: title, masked fields, footer, e-receipt QR."""

    kind: str
    language: str
    reference: str
    title: str
    fields: tuple[tuple[str, str], ...]
    footer: tuple[str, ...] = ()
    qr_payload: str = ""
    issued_at: str = ""
    duplicate: bool = False
    header: tuple[str, ...] = field(default_factory=tuple)
    highlight: str = ""  # printed large under the title (the queue ticket number)

    def marked_duplicate(self) -> Receipt:
        """The same receipt marked DUPLICATE / 重打 (for a reprint)."""
        return replace(self, duplicate=True)

    def to_document(self) -> Document:
        """The printer document: header, title, fields, QR code, footer, cut."""
        els: list[Any] = [Line(h, "center", bold=True) for h in self.header]
        if self.duplicate:
            els.append(Line(text(COMMON, "duplicate", self.language), "center", bold=True, size=2))
        els.append(Line(self.title, "center", bold=True, size=2))
        if self.highlight:
            els += [Feed(1), Line(self.highlight, "center", bold=True, size=2), Feed(1)]
        els.append(Rule())
        els += [Columns(label, value) for label, value in self.fields]
        els.append(Rule())
        if self.qr_payload:
            els += [Qr(self.qr_payload), Line(text(COMMON, "scan", self.language), "center")]
        els += [Line(f, "center") for f in self.footer]
        els += [Feed(2), Cut()]
        return Document(els)

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly form for the UI's e-receipt screen and the pending-reprint file."""
        return {
            "kind": self.kind,
            "language": self.language,
            "reference": self.reference,
            "title": self.title,
            "fields": [list(f) for f in self.fields],
            "footer": list(self.footer),
            "qr_payload": self.qr_payload,
            "issued_at": self.issued_at,
            "duplicate": self.duplicate,
            "header": list(self.header),
            "highlight": self.highlight,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Receipt:
        """Inverse of :meth:`as_dict`."""
        return cls(
            d["kind"], d["language"], d["reference"], d["title"],
            tuple(tuple(f) for f in d["fields"]), tuple(d["footer"]), d["qr_payload"],
            d["issued_at"], d["duplicate"], tuple(d.get("header", ())), d.get("highlight", ""),
        )  # fmt: skip


def _need(data: dict[str, Any], *keys: str) -> None:
    missing = [k for k in keys if data.get(k) in (None, "")]
    if missing:
        raise ReceiptDataError(f"missing receipt data: {', '.join(missing)}")


def _fields(kind: str, data: dict[str, Any], lang: str) -> list[tuple[str, Any]]:
    cur = data.get("currency", "CNY")
    if kind in ("account_opened", "account_pending"):
        if kind == "account_opened":
            _need(data, "account_no")
        rows = [("account", mask_account(data["account_no"]))] if data.get("account_no") else []
        if data.get("holder_name"):
            rows.append(("holder", mask_name(data["holder_name"])))
        if data.get("id_number"):
            rows.append(("id_number", mask_id(data["id_number"])))
        if data.get("product"):
            rows.append(("product", data["product"]))
        return rows
    if kind.startswith("transfer_"):
        _need(data, "from_account", "to_account", "amount")
        rows = [
            ("from_account", mask_account(data["from_account"])),
            ("to_account", mask_account(data["to_account"])),
        ]
        if data.get("payee_name"):
            rows.append(("payee", mask_name(data["payee_name"])))
        rows.append(("amount", format_amount(data["amount"], cur)))
        if data.get("fee") not in (None, ""):
            rows.append(("fee", format_amount(data["fee"], cur)))
        if kind == "transfer_failed" and data.get("reason"):
            rows.append(("reason", data["reason"]))
        return rows
    if kind == "card_application":
        _need(data, "application_ref")
        rows = [("application", data["application_ref"])]
        if data.get("card_type"):
            rows.append(("card_type", data["card_type"]))
        if data.get("ready_in_days"):
            rows.append(("ready_in", text(COMMON, "days", lang).format(n=data["ready_in_days"])))
        return rows
    if kind == "appointment_ticket":
        _need(data, "ticket_no")
        rows = [("ticket", data["ticket_no"])]
        for key, label in (("service", "service"), ("slot", "slot")):
            if data.get(key):
                rows.append((label, data[key]))
        if data.get("waiting") is not None:
            rows.append(("waiting", text(COMMON, "people", lang).format(n=data["waiting"])))
        return rows
    if kind == "queue_ticket":
        return _queue_ticket_fields(data, lang)
    raise ReceiptDataError(f"unknown receipt kind {kind!r} (known: {', '.join(KINDS)})")


def _names(data: dict[str, Any], key: str) -> dict[str, str]:
    names = data.get(key)
    if not isinstance(names, dict) or not names.get("zh") or not names.get("en"):
        raise ReceiptDataError(f"{key} needs its zh and en text")
    return names


def _queue_ticket_fields(data: dict[str, Any], lang: str) -> list[tuple[str, Any]]:
    _need(data, "ticket_no")
    rows: list[tuple[str, Any]] = [
        ("ticket", data["ticket_no"]),
        ("service", _names(data, "service_name")["zh" if lang == "zh_CN" else "en"]),
        ("waiting", text(COMMON, "people", lang).format(n=int(data.get("ahead") or 0))),
    ]
    if data.get("expected_wait_s") is not None:
        minutes = max(1, int(-(-float(data["expected_wait_s"]) // 60)))
        rows.append(("expected", text(COMMON, "minutes", lang).format(n=minutes)))
    return rows


def _queue_ticket_notes(data: dict[str, Any], lang: str) -> list[str]:
    """Where to go, in both languages (the customer's first), wrapped under the fields."""
    where = _names(data, "where")
    first, second = ("zh", "en") if lang == "zh_CN" else ("en", "zh")
    notes = [where[first], where[second]]
    if data.get("late"):
        notes.insert(0, text(COMMON, "late", lang))
    return notes


def build_receipt(kind: str, language: str, data: dict[str, Any]) -> Receipt:
    """Build the receipt for ``kind`` in ``language`` from ``data``.

    Common keys: ``reference`` (required: the e-receipt reference), ``branch``,
    ``terminal_id``, ``time`` (ISO text; default now), ``qr_payload`` (default
    ``https://e-receipt.invalid/r/<reference>``).  Per kind:

    * account_opened: ``account_no`` [``holder_name``, ``id_number``, ``product``];
    * account_pending: the same, all optional;
    * transfer_done / transfer_failed / transfer_pending: ``from_account``,
      ``to_account``, ``amount`` [``currency``, ``fee``, ``payee_name``, ``reason``];
    * card_application: ``application_ref`` [``card_type``, ``ready_in_days``];
    * appointment_ticket: ``ticket_no`` [``service``, ``slot``, ``waiting``];
    * queue_ticket: ``ticket_no``, ``service_name`` and ``where`` ({zh, en}; where to go is
      printed in both languages) [``ahead``, ``expected_wait_s``, ``late``].

    Raises:
        ReceiptDataError: unknown kind or missing data.
    """
    if kind not in TITLES:
        raise ReceiptDataError(f"unknown receipt kind {kind!r} (known: {', '.join(KINDS)})")
    lang = language if language in LANGUAGES else "en"
    _need(data, "reference")
    issued = str(data.get("time") or dt.datetime.now().replace(microsecond=0).isoformat(sep=" "))
    rows = _fields(kind, data, lang)
    common = [("reference", str(data["reference"])), ("time", issued)]
    if data.get("branch"):
        common.append(("branch", str(data["branch"])))
    if data.get("terminal_id"):
        common.append(("terminal", str(data["terminal_id"])))
    fields = tuple((text(LABELS, k, lang), str(v)) for k, v in rows + common)
    return Receipt(
        kind=kind,
        language=lang,
        reference=str(data["reference"]),
        title=text(TITLES, kind, lang),
        fields=fields,
        footer=tuple((_queue_ticket_notes(data, lang) if kind == "queue_ticket" else [])
                     + list(FOOTERS[kind].get(lang) or FOOTERS[kind]["en"])),
        qr_payload=str(data.get("qr_payload") or f"{E_RECEIPT_PREFIX}{data['reference']}"),
        issued_at=issued,
        header=(text(COMMON, "bank", lang),),
        highlight=str(data["ticket_no"]) if kind in ("appointment_ticket", "queue_ticket") else "",
    )
