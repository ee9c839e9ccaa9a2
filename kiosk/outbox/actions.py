"""One typed payload per business action, shared by its journey and its outbox handler.

The journey writes it, kiosk.outbox.handlers sends it.  Each action is a frozen dataclass:
its defaults are the only defaults (the handler reads the typed action, never
``payload.get(name, default)``).  ``to_payload()`` gives the JSON the outbox stores, money
as exact decimal strings; ``from_payload()`` reads it back and raises ``ValueError`` or
``TypeError`` for a payload that does not fit (the sender then parks the action as invalid
instead of retrying it).  Money is ``Decimal`` end to end and travels to the core as a
decimal string, never a float.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar, TypeVar

A = TypeVar("A", bound="Action")


def money(value: Any) -> Decimal:
    """An amount as an exact ``Decimal`` (from a Decimal, an int, or its decimal text)."""
    if isinstance(value, bool) or value is None:
        raise ValueError(f"not an amount: {value!r}")
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"not an amount: {value!r}") from None
    if not amount.is_finite():
        raise ValueError(f"not an amount: {value!r}")
    return amount


class Action:
    """Base of the typed actions: ``KIND`` names the handler, ``MONEY`` the amount fields."""

    KIND: ClassVar[str] = ""
    MONEY: ClassVar[tuple[str, ...]] = ()

    def to_payload(self) -> dict[str, Any]:
        """The JSON the outbox stores (amounts as decimal strings)."""
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            out[f.name] = str(value) if isinstance(value, Decimal) else value
        return out

    @classmethod
    def from_payload(cls: type[A], payload: dict[str, Any]) -> A:
        """The action a stored payload holds; ``TypeError``/``ValueError`` if it does not fit."""
        names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
        unknown = sorted(set(payload) - names)
        if unknown:
            raise TypeError(f"{cls.KIND}: unknown fields {unknown}")
        values = dict(payload)
        for name in cls.MONEY:
            if values.get(name) is not None:
                values[name] = money(values[name])
        return cls(**values)


@dataclass(frozen=True)
class OpenAccount(Action):
    """Client, identity document, savings account (approved, activated), optional deposit."""

    KIND: ClassVar[str] = "open_account"
    MONEY: ClassVar[tuple[str, ...]] = ("initial_deposit",)

    firstname: str
    lastname: str = ""
    mobile_no: str | None = None
    office_id: int = 1
    id_number: str = ""
    document_type_id: int = 2  # Fineract: 1 Passport, 2 Id
    product_id: int = 1
    client_external_id: str = ""  # "": derived from the action id
    savings_external_id: str = ""
    initial_deposit: Decimal = Decimal(0)
    receipt_number: str | None = None


@dataclass(frozen=True)
class Deposit(Action):
    """One deposit into a savings account."""

    KIND: ClassVar[str] = "deposit"
    MONEY: ClassVar[tuple[str, ...]] = ("amount",)

    savings_id: int
    amount: Decimal
    receipt_number: str | None = None


@dataclass(frozen=True)
class Transfer(Action):
    """One savings-to-savings transfer."""

    KIND: ClassVar[str] = "transfer"
    MONEY: ClassVar[tuple[str, ...]] = ("amount",)

    from_client_id: int
    from_account_id: int
    to_client_id: int
    to_account_id: int
    amount: Decimal
    description: str = ""  # "": "kiosk <action id>"


@dataclass(frozen=True)
class CardApplication(Action):
    """A row of the client's ``card_application`` datatable."""

    KIND: ClassVar[str] = "card_application"

    client_id: int
    card_type: str  # "debit" or "credit"
    reference: str = ""  # "": derived from the action id
    submitted_on: str = ""  # "": the day it is sent
    savings_account_id: int | None = None  # debit
    annual_income: int | None = None  # credit
    employer: str | None = None  # credit


ACTIONS: dict[str, type[Action]] = {
    a.KIND: a for a in (OpenAccount, Deposit, Transfer, CardApplication)
}
