"""Core-bank reads the journeys make: find a client by ID number, list their accounts, a payee.

All functions block on HTTP: the UI runs journey methods on the session's worker thread.
Typed errors from kiosk.corebank.errors pass through, except ``NotFound`` which becomes
``None`` where "not there" is an answer rather than a failure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from kiosk.corebank.errors import NotFound
from kiosk.flows.identity import Person, client_external_id

SAVINGS_ACTIVE = 300


def mask(account_no: str) -> str:
    """All but the last four digits hidden."""
    return "*" * max(0, len(account_no) - 4) + account_no[-4:]


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


def as_dict(obj: Any) -> dict[str, Any]:
    """A core reply as a dict with Fineract's own (camelCase) names."""
    if obj is None:
        return {}
    if isinstance(obj, dict):
        return obj
    dump = getattr(obj, "model_dump", None)
    if dump is not None:
        return dump(by_alias=True)
    return dict(vars(obj))


def _get(obj: Any, key: str, default: Any = None) -> Any:
    value = as_dict(obj).get(key, default)
    return default if value is None else value


def find_client(core: Any, person: Person, salt: str) -> dict[str, Any] | None:
    """Return the core's client for this person, or None if they are not a client.

    First the externalId the terminal derives from the ID number; then, for clients opened
    elsewhere, Fineract's identifier search (exact match on the document key).
    """
    try:
        return as_dict(core.get_client_by_external_id(client_external_id(person.id_number, salt)))
    except NotFound:
        pass
    search = getattr(core, "search", None)
    if search is None:
        return None
    hits = search(person.id_number, resources="clientIdentifiers", exact_match=True)
    for hit in hits or []:
        entity_type = str(_get(hit, "entityType", "")).upper()
        parent = _get(hit, "parentId") or _get(hit, "clientId")
        if entity_type in ("CLIENTIDENTIFIER", "CLIENT_IDENTIFIER") and parent:
            try:
                return as_dict(core.get_client(int(parent)))
            except (NotFound, AttributeError):
                return {"id": int(parent)}
        if entity_type == "CLIENT" and _get(hit, "entityId"):
            return {"id": int(_get(hit, "entityId"))}
    return None


def _status_active(status: Any) -> bool:
    if isinstance(status, dict):
        return bool(status.get("active")) or status.get("id") == SAVINGS_ACTIVE
    return bool(_get(status, "active", False))


def _balance(raw: Any) -> Decimal | None:
    summary = _get(raw, "summary")
    for source, key in ((raw, "accountBalance"), (summary, "availableBalance"), (raw, "balance")):
        value = _get(source, key) if source is not None else None
        if value is not None:
            return Decimal(str(value))
    return None


def savings_accounts(core: Any, client_id: int) -> list[Account]:
    """The client's savings accounts with balances (missing balances fetched per account)."""
    raw = core.client_accounts(client_id)
    items = raw.get("savingsAccounts", []) if isinstance(raw, dict) else list(raw or [])
    accounts = []
    for item in items:
        balance = _balance(item)
        if balance is None:
            try:
                balance = _balance(core.get_savings(int(_get(item, "id"))))
            except NotFound:
                balance = None
        currency = _get(item, "currency") or {}
        accounts.append(
            Account(
                id=int(_get(item, "id")),
                account_no=str(_get(item, "accountNo", "")),
                product=str(_get(item, "productName", "") or ""),
                balance=balance,
                currency=str(_get(currency, "code", "CNY") or "CNY"),
                active=_status_active(_get(item, "status", {})),
            )
        )
    return accounts


def payee_account(core: Any, account_no: str) -> dict[str, Any] | None:
    """The savings account with this account number, or None if the core has none.

    Fineract's accountNo is the zero-padded id by default; the search endpoint is tried
    first so a bank with another numbering scheme still works.
    """
    search = getattr(core, "search", None)
    if search is not None:
        try:
            hits = search(account_no, resources="savings", exact_match=True) or []
        except NotFound:
            hits = []
        for hit in hits:
            if str(_get(hit, "entityType", "")).upper() in ("SAVING", "SAVINGS", "SAVINGSACCOUNT"):
                try:
                    return as_dict(core.get_savings(int(_get(hit, "entityId"))))
                except NotFound:
                    return None
    if account_no.isdigit():
        try:
            account = as_dict(core.get_savings(int(account_no)))
        except NotFound:
            return None
        if str(account.get("accountNo", "")).lstrip("0") == account_no.lstrip("0"):
            return account
    return None
