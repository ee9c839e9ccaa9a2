"""Multi-step handlers for each action kind.

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
from kiosk.outbox.store import ActionRecord, Outbox

_NO_DIGITS = str.maketrans("0123456789", "ghijklmnop")


def derived_id(prefix: str, action_id: str) -> str:
    """A stable external id / reference for ``action_id``: 20 hash letters, no digits.

    Without digits it can never look like an account or ID number in a journal or a log.
    """
    digest = hashlib.sha256(action_id.encode()).hexdigest()[:20]
    return f"{prefix}-{digest.translate(_NO_DIGITS)}"


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
        self.outbox.save_step(self.rec.action_id, name, result)
        self.done[name] = result
        return result


def open_account(s: Steps) -> dict[str, Any]:
    """Client -> ID document -> savings -> approve -> activate -> optional first deposit."""
    p, c, aid = s.rec.payload, s.client, s.rec.action_id
    client_ext = p.get("client_external_id") or derived_id("KC", aid)
    savings_ext = p.get("savings_external_id") or derived_id("KS", aid)

    def create_client(key: str) -> int:
        try:
            return c.create_client(p["firstname"], p["lastname"], external_id=client_ext,
                                   mobile_no=p.get("mobile_no"), office_id=p.get("office_id", 1),
                                   idempotency_key=key).resource_id  # fmt: skip
        except E.Duplicate:
            return c.get_client_by_external_id(client_ext).id

    client_id = s.run("client", create_client)

    def add_identifier(key: str) -> int:
        try:
            return c.add_identifier(client_id, p["id_number"], p.get("document_type_id", 2),
                                    idempotency_key=key).resource_id  # fmt: skip
        except E.Duplicate:
            mine = [i.id for i in c.list_identifiers(client_id) if i.document_key == p["id_number"]]
            if mine:
                return mine[0]
            raise

    if p.get("id_number"):
        s.run("identifier", add_identifier)

    def create_savings(key: str) -> int:
        try:
            return c.create_savings_account(client_id, p.get("product_id", 1),
                                            external_id=savings_ext,
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
    amount = p.get("initial_deposit") or 0
    if amount > 0:
        s.run(
            "deposit",
            lambda key: (
                c.deposit(
                    savings_id, amount, idempotency_key=key, receipt_number=p.get("receipt_number")
                ).resource_id
            ),
        )
    account = s.run("account_no", lambda key: c.get_savings(savings_id).account_no)
    return {"client_id": client_id, "savings_id": savings_id, "account_no": account}


def deposit(s: Steps) -> dict[str, Any]:
    """One deposit; the idempotency key is its only protection (deposits have no externalId)."""
    p = s.rec.payload
    tid = s.run("deposit", lambda key: s.client.deposit(
        p["savings_id"], p["amount"], receipt_number=p.get("receipt_number"),
        idempotency_key=key).resource_id)  # fmt: skip
    return {"resource_id": tid, "savings_id": p["savings_id"]}


def transfer(s: Steps) -> dict[str, Any]:
    """One savings-to-savings transfer."""
    p = s.rec.payload
    tid = s.run("transfer", lambda key: s.client.transfer(
        p["from_client_id"], p["from_account_id"], p["to_client_id"], p["to_account_id"],
        p["amount"], p.get("description") or f"kiosk {s.rec.action_id}"[:200],
        idempotency_key=key).resource_id)  # fmt: skip
    return {"resource_id": tid}


def card_application(s: Steps) -> dict[str, Any]:
    """A ``card_application`` datatable row on the client; the result names its reference."""
    p = s.rec.payload
    reference = p.get("reference") or derived_id("CA", s.rec.action_id)[:23]
    row = {"card_type": p.get("card_type", "debit"), "reference": reference,
           "status": "submitted", "submitted_on": p.get("submitted_on")}  # fmt: skip
    for col in ("savings_account_id", "annual_income", "employer"):
        if p.get(col) is not None:
            row[col] = p[col]

    def add(key: str) -> str:
        from kiosk.corebank.client import fmt_date

        body = {k: v for k, v in row.items() if v is not None}
        body.setdefault("submitted_on", fmt_date(s.client.business_date()))
        try:
            s.client.add_datatable_entry("card_application", p["client_id"], body,
                                         idempotency_key=key)  # fmt: skip
        except E.Duplicate:
            rows = s.client.get_datatable_entries("card_application", p["client_id"])
            if not any(r.get("reference") == reference for r in rows):
                raise
        return reference

    return {"reference": s.run("card_application", add)}


HANDLERS: dict[str, Callable[[Steps], dict[str, Any]]] = {
    "open_account": open_account,
    "deposit": deposit,
    "transfer": transfer,
    "card_application": card_application,
}
