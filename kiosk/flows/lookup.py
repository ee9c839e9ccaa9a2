"""Core-bank reads the journeys make: find a client by ID number, list their accounts, a payee.

All functions block on HTTP: a journey calls them with its lock released (see
``Journey._outside_lock``).  They read the core-bank client's typed models
(kiosk.corebank.models); typed errors from kiosk.corebank.errors pass through, except
``NotFound`` which becomes ``None`` where "not there" is an answer rather than a failure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from kiosk.corebank.errors import NotFound
from kiosk.flows.identity import Person, client_external_id
from kiosk.flows.view import ShownAccount

SAVINGS_ACTIVE = 300
_IDENTIFIER_HITS = ("CLIENTIDENTIFIER", "CLIENT_IDENTIFIER")
_SAVINGS_HITS = ("SAVING", "SAVINGS", "SAVINGSACCOUNT")


def mask(account_no: str) -> str:
    """All but the last four digits hidden."""
    return "*" * max(0, len(account_no) - 4) + account_no[-4:]


def money(value: float | str | Decimal | None) -> Decimal | None:
    """A balance from the core's JSON number as an exact ``Decimal`` (its printed digits)."""
    return None if value is None else Decimal(str(value))


@dataclass(frozen=True)
class Account:
    """One of the customer's own savings accounts as the core reports it."""

    id: int
    account_no: str = field(repr=False)  # personal data: never in a repr()
    product: str
    balance: Decimal | None = field(repr=False)
    currency: str
    active: bool

    def masked(self) -> str:
        """The account number with all but the last four digits hidden."""
        return mask(self.account_no)

    def shown(self) -> ShownAccount:
        """As a screen lists it."""
        balance = "" if self.balance is None else f"{self.balance:,.2f}"
        return ShownAccount(
            self.id, self.masked(), self.product, self.currency, balance, self.balance
        )


@dataclass(frozen=True)
class Payee:
    """The savings account a transfer goes to, as the core reports it."""

    account_id: int
    client_id: int
    account_no: str = field(repr=False)
    holder_name: str = field(repr=False)
    active: bool


def find_client(core: Any, person: Person, salt: str) -> int | None:
    """Return the core's client id for this person, or None if they are not a client.

    First the externalId the terminal derives from the ID number; then, for clients opened
    elsewhere, Fineract's identifier search (exact match on the document key).
    """
    try:
        return int(core.get_client_by_external_id(client_external_id(person.id_number, salt)).id)
    except NotFound:
        pass
    for hit in core.search(person.id_number, resources="clientIdentifiers", exact_match=True):
        kind = hit.entity_type.upper()
        if kind in _IDENTIFIER_HITS and hit.parent_id:
            return int(hit.parent_id)
        if kind == "CLIENT":
            return int(hit.entity_id)
    return None


def savings_accounts(core: Any, client_id: int) -> list[Account]:
    """The client's savings accounts with balances (missing balances fetched per account)."""
    accounts = []
    for item in core.client_accounts(client_id):
        balance = money(item.account_balance)
        if balance is None:
            try:
                balance = money(core.get_savings(item.id).summary.account_balance)
            except NotFound:
                balance = None
        accounts.append(
            Account(
                id=item.id,
                account_no=item.account_no,
                product=item.product_name or "",
                balance=balance,
                currency=item.currency.code or "CNY",
                active=bool(item.status.active) or item.status.id == SAVINGS_ACTIVE,
            )
        )
    return accounts


def _payee(account: Any) -> Payee:
    return Payee(
        account_id=account.id,
        client_id=account.client_id,
        account_no=account.account_no,
        holder_name=account.client_name or "",
        active=bool(account.status.active) or account.status.id == SAVINGS_ACTIVE,
    )


def payee_account(core: Any, account_no: str) -> Payee | None:
    """The savings account with this account number, or None if the core has none.

    Fineract's accountNo is the zero-padded id by default; the search endpoint is tried
    first so a bank with another numbering scheme still works.
    """
    try:
        hits = core.search(account_no, resources="savings", exact_match=True)
    except NotFound:
        hits = []
    for hit in hits:
        if hit.entity_type.upper() in _SAVINGS_HITS:
            try:
                return _payee(core.get_savings(hit.entity_id))
            except NotFound:
                return None
    if account_no.isdigit():
        try:
            account = core.get_savings(int(account_no))
        except NotFound:
            return None
        if account.account_no.lstrip("0") == account_no.lstrip("0"):
            return _payee(account)
    return None
