"""Sending a journey's business action through the outbox and reading what the core said.

The action id is chosen once per confirmed action and kept in the journey's data, so a
double press, a retry or a restart hands the outbox the same id (and so the core the same
Idempotency-Key): nothing is posted twice.  The customer is told "done" only when the outbox
reports the core's confirmation; while the core has not answered the action is "pending"
(the outbox keeps sending it with the same key) and the customer gets a reference.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kiosk.reference import new_reference

DONE = "done"
PENDING = "pending"
FAILED = "failed"

# Substrings of an outbox error (typed error name or Fineract code) -> message key.
_ERROR_KEYS: tuple[tuple[str, str], ...] = (
    ("insufficient", "core.insufficient_funds"),
    ("duplicate", "core.duplicate"),
    ("notfound", "core.not_found"),
    ("not.found", "core.not_found"),
    ("not_found", "core.not_found"),
    ("validation", "core.rejected"),
    ("cancelled", "core.unavailable"),
    ("notauthenticated", "core.unavailable"),
    ("not.authenticated", "core.unavailable"),
    ("unavailable", "core.unavailable"),
)


@dataclass
class Submission:
    """What the outbox reported for one action.

    Attributes:
        state: "done", "pending" or "failed".
        action_id: The stable action id (the reference shown to the customer).
        result: The core's answer when done.
        error_key: A message key when failed.
        error: The outbox's error text (never shown to the customer).
    """

    state: str
    action_id: str
    result: dict[str, Any] = field(default_factory=dict)
    error_key: str = ""
    error: str = ""


def new_action_id(terminal_id: str, kind: str) -> str:
    """A fresh action id: the customer's reference, ``K7-6335-4271-095`` (kiosk.reference).

    ``kind`` is kept for callers; the outbox records the kind of each action itself.
    """
    return new_reference(terminal_id)


def error_key(error: Any) -> str:
    """Map an outbox error (text, exception or dict) to a customer message key."""
    text = str(error or "").replace(" ", "").lower()
    if isinstance(error, BaseException):
        text = type(error).__name__.lower() + text
    for marker, key in _ERROR_KEYS:
        if marker in text:
            return key
    return "core.rejected"


def submit_and_wait(
    outbox: Any, kind: str, payload: dict[str, Any], action_id: str, wait_seconds: float
) -> Submission:
    """Submit (idempotent on ``action_id``) and wait up to ``wait_seconds`` for the core.

    The honest-status policy is the outbox's own (kiosk.outbox.online): a transfer that
    certainly never left the terminal is cancelled and reported not done; anything that may
    have reached the core stays pending and keeps being sent with the same key.
    """
    from kiosk.outbox.online import submit_and_wait as outbox_submit_and_wait

    outcome = outbox_submit_and_wait(outbox, kind, payload, action_id, wait_seconds)
    rec = outcome.record
    if outcome.status == DONE:
        return Submission(DONE, action_id, dict(rec.result or {}))
    if outcome.status == PENDING:
        return Submission(PENDING, action_id)
    if outcome.status == "not_done":
        return Submission(FAILED, action_id, {}, "core.unavailable", str(rec.error_code or ""))
    code = rec.error_code or rec.error or ""
    return Submission(FAILED, action_id, {}, error_key(code), str(code))
