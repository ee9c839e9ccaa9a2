"""Sending a journey's business action through the outbox and what the customer is told.

The action id is chosen once per confirmed action and kept in the journey's data, so a
double press, a retry or a restart hands the outbox the same id (and so the core the same
Idempotency-Key): nothing is posted twice.  The answer is the outbox's own
``kiosk.outbox.online.Delivery`` (done, pending, refused, not_done): one vocabulary from
the outbox to the journey's outcome.  The customer is told "done" only when the outbox
reports the core's confirmation; "pending" while it keeps sending with the same key.
"""

from __future__ import annotations

from kiosk.corebank import errors as E
from kiosk.flows.tokens import token
from kiosk.outbox.online import Delivery

#: Error code of a refused action (the typed error's code, or the outbox's own) -> the
#: customer's message key.  Exact codes only: anything else is "the core refused it".
_KEYS_BY_CODE: dict[str, str] = {
    E.InsufficientFunds.code: "core.insufficient_funds",
    E.Duplicate.code: "core.duplicate",
    "error.msg.client.duplicate.externalId": "core.duplicate",
    "error.msg.clientIdentifier.identityKey.duplicate": "core.duplicate",
    "error.msg.savingsaccount.duplicate.externalId": "core.duplicate",
    E.NotFound.code: "core.not_found",
    E.ValidationFailed.code: "core.rejected",
    E.NotAuthenticated.code: "core.unavailable",
    E.Unavailable.code: "core.unavailable",
    "cancelled.unsent": "core.unavailable",
}


def new_action_id(terminal_id: str, kind: str) -> str:
    """A fresh action id: terminal, kind letter and a random part (at most 50 chars)."""
    return f"{terminal_id}-{kind[:1].upper()}-{token(10)}"


def message_key(delivery: Delivery) -> str:
    """The customer's message for an action that was not done ("" when done or pending)."""
    if delivery.status in ("done", "pending"):
        return ""
    if delivery.status == "not_done":
        return "core.unavailable"
    return _KEYS_BY_CODE.get(delivery.reason or "", "core.rejected")
