"""Sending a journey's business action through the outbox and reading what the core said.

The action id is chosen once per confirmed action and kept in the journey's data, so a
double press, a retry or a restart hands the outbox the same id (and so the core the same
Idempotency-Key): nothing is posted twice.  The customer is told "done" only when the outbox
reports the core's confirmation; while the core has not answered the action is "pending"
(the outbox keeps sending it with the same key) and the customer gets a reference.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

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
    """A fresh action id: terminal, kind letter and a random part (at most 50 chars)."""
    return f"{terminal_id}-{kind[:1].upper()}-{uuid.uuid4().hex[:20]}"


def error_key(error: Any) -> str:
    """Map an outbox error (text, exception or dict) to a customer message key."""
    text = str(error or "").replace(" ", "").lower()
    if isinstance(error, BaseException):
        text = type(error).__name__.lower() + text
    for marker, key in _ERROR_KEYS:
        if marker in text:
            return key
    return "core.rejected"


def _get(obj: Any, key: str, default: Any = None) -> Any:
    if isinstance(obj, dict):
        return obj.get(key, default)
    return getattr(obj, key, default)


def submit_and_wait(
    outbox: Any, kind: str, payload: dict[str, Any], action_id: str, wait_seconds: float
) -> Submission:
    """Submit (idempotent on ``action_id``) and wait up to ``wait_seconds`` for the core."""
    handle = outbox.submit(kind, payload, action_id)
    record = outbox.wait(handle if handle is not None else action_id, wait_seconds)
    state = str(_get(record, "state", "") or "")
    state = getattr(state, "value", state)
    result = _get(record, "result") or {}
    if state == DONE:
        return Submission(DONE, action_id, dict(result))
    if state in (FAILED, "parked"):
        err = _get(record, "error")
        return Submission(FAILED, action_id, dict(result), error_key(err), str(err or ""))
    return Submission(PENDING, action_id)
