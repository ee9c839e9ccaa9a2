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
from kiosk.outbox.handlers import refused_by
from kiosk.outbox.online import Delivery
from kiosk.reference import new_reference

#: The typed error that refused an action -> the customer's message key (most specific
#: first; a subclass matches its base's entry).
_KEYS_BY_TYPE: tuple[tuple[type[E.CorebankError], str], ...] = (
    (E.InsufficientFunds, "core.insufficient_funds"),
    (E.Duplicate, "core.duplicate"),
    (E.NotFound, "core.not_found"),
    (E.NotAuthenticated, "core.unavailable"),
    (E.Unavailable, "core.unavailable"),
)


def new_action_id(terminal_id: str, kind: str) -> str:
    """A fresh action id: the customer's reference, ``K7-6335-4271-095`` (kiosk.reference).

    ``kind`` is kept for callers; the outbox records the kind of each action itself.
    """
    return new_reference(terminal_id)


def message_key(delivery: Delivery) -> str:
    """The customer's message for an action that was not done ("" when done or pending)."""
    if delivery.status in ("done", "pending"):
        return ""
    if delivery.status == "not_done":
        return "core.unavailable"
    refused = refused_by(delivery.record)
    for error_type, key in _KEYS_BY_TYPE:
        if refused is not None and issubclass(refused, error_type):
            return key
    return "core.rejected"  # validation, a domain rule, or a payload the outbox refused
