"""The forms of the applications a customer can prepare: account opening and card application.

``check_form(kind, form)`` applies the same field rules the terminal's screens apply
(``kiosk.forms.fields``) to a whole form and answers the clean form, or every failing field
with its translation key.  The terminal's journeys and the hub's ``/api/preapplications``
both call it, so a form the hub accepts is one the terminal accepts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from kiosk.forms import fields
from kiosk.identity.idnumber import is_valid as cn_id_is_valid

KINDS = ("open_account", "card_application")
CARD_KINDS = ("debit", "credit")
_PASSPORT_CHARS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


@dataclass(frozen=True)
class FormCheck:
    """The outcome of checking a form: ``clean`` values, or ``errors`` (field -> key)."""

    clean: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when no field failed."""
        return not self.errors


def _text(raw: Any) -> str:
    return raw if isinstance(raw, str) else ("" if raw is None else str(raw))


def _run(checks: list[tuple[str, Callable[[str], Any], Any]]) -> FormCheck:
    clean: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name, check, raw in checks:
        try:
            clean[name] = check(_text(raw))
        except fields.FieldInvalid as exc:
            errors[name] = exc.key
    return FormCheck(clean, errors)


def open_account_details(mobile: Any, address: Any, occupation: Any) -> FormCheck:
    """The editable fields of an account opening (the rest comes from the ID document)."""
    return _run([
        ("mobile", fields.mobile_number, mobile),
        ("address", fields.address, address),
        ("occupation", fields.occupation, occupation),
    ])


def credit_details(income: Any, employer: Any) -> FormCheck:
    """A credit card's yearly income (a positive whole number) and employer (required)."""

    def positive_income(raw: str) -> int:
        value = fields.positive_int(raw, "card.income_invalid")
        if value <= 0:
            raise fields.FieldInvalid("card.income_invalid")
        return value

    def employer_name(raw: str) -> str:
        text = " ".join(raw.split())
        if not text:
            raise fields.FieldInvalid("card.employer_required")
        return text

    return _run([("income", positive_income, income), ("employer", employer_name, employer)])


def card_details(card: Any, income: Any = "", employer: Any = "") -> FormCheck:
    """A card application prepared ahead: the card kind, and for credit income and employer.

    The account a debit card is issued on is chosen at the terminal, among the accounts the
    core shows once the customer is identified.
    """
    kind = _text(card).strip().lower()
    if kind not in CARD_KINDS:
        return FormCheck(errors={"card": "card.kind_required"})
    if kind == "debit":
        return FormCheck({"card": "debit"})
    found = credit_details(income, employer)
    return FormCheck({"card": "credit", **found.clean}, found.errors)


def id_number(raw: Any) -> str:
    """A resident ID number (check digit) or a passport number; FieldInvalid otherwise."""
    text = _text(raw).strip().upper().replace(" ", "")
    if len(text) == 18 and cn_id_is_valid(text):
        return text
    if 5 <= len(text) <= 12 and set(text) <= _PASSPORT_CHARS and not text.isdigit():
        return text  # a passport number (letters and digits): its check digit is in the MRZ
    raise fields.FieldInvalid("id_number.invalid")


def check_form(kind: str, form: Mapping[str, Any]) -> FormCheck:
    """Check the whole form of an application of ``kind`` (errors keyed by field name)."""
    if kind == "open_account":
        return open_account_details(form.get("mobile"), form.get("address"),
                                    form.get("occupation"))  # fmt: skip
    if kind == "card_application":
        return card_details(form.get("card"), form.get("income", ""), form.get("employer", ""))
    return FormCheck(errors={"kind": "kind.invalid"})
