"""Multi-step handlers for each action kind (payloads typed in kiosk.outbox.actions).

Each step runs at most once to completion: its result is saved in the outbox, and its
idempotency key is deterministic (``ActionRecord.key(step)``), so a crash between the core's
answer and the save is deduplicated by the core on replay.  Clients and accounts also carry
external ids derived from the action id, so a lost idempotency store still reconciles through
the external-id GETs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from kiosk.corebank import errors as E
from kiosk.corebank.client import FineractClient
from kiosk.corebank.fineract_codes import DATE_REFUSALS
from kiosk.outbox.actions import CardApplication, Deposit, OpenAccount, Transfer
from kiosk.outbox.store import ActionRecord, Outbox

_NO_DIGITS = str.maketrans("0123456789", "ghijklmnop")


def derived_id(prefix: str, action_id: str) -> str:
    """A stable external id / reference for ``action_id``: 20 hash letters, no digits.

    Without digits it can never look like an account or ID number in a journal or a log.
    """
    digest = hashlib.sha256(action_id.encode()).hexdigest()[:20]
    return f"{prefix}-{digest.translate(_NO_DIGITS)}"


#: The step under which a definite refusal's type is kept (see ``refused_by``).
REFUSAL = "refused"


def refusal(err: E.CorebankError) -> dict[str, str]:
    """What is kept of a definite refusal: its typed error class and the core's code."""
    return {"type": type(err).__name__, "code": str(err.code)}


def retried_refusal(err: E.CorebankError) -> bool:
    """A refusal the sender answers by trying again, so not the action's final answer.

    A body the core could not read (cut on the way) is resent under fresh keys; a date the
    core refused (its business date moved) is asked again (kiosk.outbox.sender).
    """
    if isinstance(err, E.ValidationFailed) and err.code in E.BODY_UNREAD_CODES:
        return True
    codes = {err.code or ""} | {c for _, _, c in getattr(err, "errors", [])}
    return bool(codes & DATE_REFUSALS)


def refused_by(rec: ActionRecord) -> type[E.CorebankError] | None:
    """The typed error class that refused ``rec`` (None: not refused by the core)."""
    name = (rec.steps.get(REFUSAL) or {}).get("type", "")
    for cls in _error_classes(E.CorebankError):
        if cls.__name__ == name:
            return cls
    return None


def _error_classes(base: type[E.CorebankError]) -> list[type[E.CorebankError]]:
    out = [base]
    for sub in base.__subclasses__():
        out += _error_classes(sub)
    return out


class Steps:
    """Runs an action's steps, skipping those already recorded as finished."""

    def __init__(self, outbox: Outbox, client: FineractClient, rec: ActionRecord) -> None:
        self.outbox, self.client, self.rec = outbox, client, rec
        self.done: dict[str, Any] = dict(rec.steps)
        self._marked = False

    def run(self, name: str, call: Callable[[str], Any]) -> Any:
        """Run ``call(key)`` unless step ``name`` already finished; save and return its result."""
        if name in self.done:
            return self.done[name]
        first_contact = not self.rec.maybe_sent and not self._marked
        if first_contact:  # durably, before the request leaves
            self.outbox.mark_maybe_sent(self.rec.action_id)
            self._marked = True
        try:
            result = call(self.rec.key(name))
        except E.Unavailable as err:
            if first_contact and not err.maybe_delivered:
                # The connection itself failed: nothing of this action reached the core yet.
                self.outbox.clear_maybe_sent(self.rec.action_id)
                self._marked = False
            raise
        except E.CorebankError as err:
            if not err.transient and not retried_refusal(err):
                # The sender parks it: keep the refusal's type for the journey.
                self.outbox.save_step(self.rec.action_id, REFUSAL, refusal(err))
            raise
        self.outbox.save_step(self.rec.action_id, name, result)
        self.done[name] = result
        return result


def open_account(s: Steps) -> dict[str, Any]:
    """Client -> ID document -> savings -> approve -> activate -> optional first deposit."""
    a, c, aid = OpenAccount.from_payload(s.rec.payload), s.client, s.rec.action_id
    client_ext = a.client_external_id or derived_id("KC", aid)
    savings_ext = a.savings_external_id or derived_id("KS", aid)

    def create_client(key: str) -> int:
        try:
            return c.create_client(a.firstname, a.lastname, external_id=client_ext,
                                   mobile_no=a.mobile_no, office_id=a.office_id,
                                   idempotency_key=key).resource_id  # fmt: skip
        except E.Duplicate:
            return c.get_client_by_external_id(client_ext).id

    client_id = s.run("client", create_client)

    def add_identifier(key: str) -> int:
        try:
            return c.add_identifier(client_id, a.id_number, a.document_type_id,
                                    idempotency_key=key).resource_id  # fmt: skip
        except E.Duplicate:
            mine = [i.id for i in c.list_identifiers(client_id) if i.document_key == a.id_number]
            if mine:
                return mine[0]
            raise

    if a.id_number:
        s.run("identifier", add_identifier)

    def create_savings(key: str) -> int:
        try:
            return c.create_savings_account(client_id, a.product_id, external_id=savings_ext,
                                            idempotency_key=key).savings_id  # fmt: skip
        except E.Duplicate:
            return c.get_savings_by_external_id(savings_ext).id

    savings_id = s.run("savings", create_savings)

    def transition(command: str, reached: int) -> Callable[[str], int]:
        def call(key: str) -> int:
            try:
                getattr(c, f"{command}_savings")(savings_id, idempotency_key=key)
            except E.ValidationFailed:
                if c.get_savings(savings_id).status.id < reached:
                    raise
            return reached

        return call

    s.run("approve", transition("approve", 200))
    s.run("activate", transition("activate", 300))
    if a.initial_deposit > 0:
        s.run(
            "deposit",
            lambda key: (
                c.deposit(
                    savings_id, a.initial_deposit, idempotency_key=key,
                    receipt_number=a.receipt_number,
                ).resource_id
            ),
        )  # fmt: skip
    account = s.run("account_no", lambda key: c.get_savings(savings_id).account_no)
    return {"client_id": client_id, "savings_id": savings_id, "account_no": account}


def deposit(s: Steps) -> dict[str, Any]:
    """One deposit; the idempotency key is its only protection (deposits have no externalId)."""
    a = Deposit.from_payload(s.rec.payload)
    tid = s.run("deposit", lambda key: s.client.deposit(
        a.savings_id, a.amount, receipt_number=a.receipt_number,
        idempotency_key=key).resource_id)  # fmt: skip
    return {"resource_id": tid, "savings_id": a.savings_id}


def transfer(s: Steps) -> dict[str, Any]:
    """One savings-to-savings transfer (the amount travels as a decimal string)."""
    a = Transfer.from_payload(s.rec.payload)
    description = (a.description or f"kiosk {s.rec.action_id}")[:200]
    tid = s.run("transfer", lambda key: s.client.transfer(
        a.from_client_id, a.from_account_id, a.to_client_id, a.to_account_id,
        a.amount, description, idempotency_key=key).resource_id)  # fmt: skip
    # Kept (sealed with the result) for a duplicate receipt; the rest of the payload is scrubbed.
    receipt = {"from_account_id": a.from_account_id, "to_account_id": a.to_account_id,
               "amount": str(a.amount)}  # fmt: skip
    return {"resource_id": tid, "receipt": receipt}


def card_application(s: Steps) -> dict[str, Any]:
    """A ``card_application`` datatable row on the client; the result names its reference."""
    a = CardApplication.from_payload(s.rec.payload)
    reference = a.reference or derived_id("CA", s.rec.action_id)[:23]
    row: dict[str, Any] = {"card_type": a.card_type, "reference": reference,
                           "status": "submitted"}  # fmt: skip
    for col in ("savings_account_id", "annual_income", "employer"):
        if getattr(a, col) is not None:
            row[col] = getattr(a, col)

    def add(key: str) -> str:
        from kiosk.corebank.client import fmt_date

        body = {k: v for k, v in row.items() if v is not None}
        body["submitted_on"] = a.submitted_on or fmt_date(s.client.business_date())
        try:
            s.client.add_datatable_entry("card_application", a.client_id, body,
                                         idempotency_key=key)  # fmt: skip
        except E.Duplicate:
            rows = s.client.get_datatable_entries("card_application", a.client_id)
            if not any(r.get("reference") == reference for r in rows):
                raise
        return reference

    return {"reference": s.run("card_application", add)}


HANDLERS: dict[str, Callable[[Steps], dict[str, Any]]] = {
    OpenAccount.KIND: open_account,
    Deposit.KIND: deposit,
    Transfer.KIND: transfer,
    CardApplication.KIND: card_application,
}
