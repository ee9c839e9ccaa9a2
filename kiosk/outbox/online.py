"""What the customer is told: the honest status of an action the journey waits for.

Policy (see docs/corebank.md): a transfer is online.  The journey waits up to ``timeout``
seconds; ``done`` only once the core confirmed it.  If the core has not confirmed by then and
no request for it can have reached the core, the action is cancelled and the customer is told
it was NOT done.  If a request may have reached the core, it cannot be taken back: it keeps
being resent with the same idempotency key and the customer is told "pending" (receipt/SMS
later).  Deposits of accepted cash, account openings and card applications are
store-and-forward: they are never cancelled, so "pending" is their not-yet-confirmed answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from kiosk.outbox.store import ActionRecord, Outbox

ONLINE_ONLY = frozenset({"transfer"})
Status = Literal["done", "refused", "not_done", "pending"]


@dataclass(frozen=True)
class Delivery:
    """What the customer is told of one action; the journeys use it as it is.

    ``status``: done (``result`` is the core's answer), refused (parked, ``reason`` = error
    code), not_done (certainly never reached the core) or pending (the outbox keeps sending).
    """

    status: Status
    record: ActionRecord

    @property
    def result(self) -> dict[str, Any]:
        """The core's answer once done, else {}."""
        return dict(self.record.result or {}) if self.status == "done" else {}

    @property
    def reason(self) -> str | None:
        """The typed error code of a refusal or cancellation."""
        return self.record.error_code


def submit_and_wait(
    outbox: Outbox, kind: str, payload: dict[str, Any], action_id: str, timeout: float = 15.0
) -> Delivery:
    """Submit (idempotently on ``action_id``), wait, and decide what the customer is told."""
    outbox.submit(kind, payload, action_id)
    rec = outbox.wait(action_id, timeout)
    if rec.state == "done":
        return Delivery("done", rec)
    if rec.state == "parked":
        return Delivery("refused", rec)
    if rec.state == "failed":
        return Delivery("not_done", rec)
    if kind in ONLINE_ONLY and outbox.cancel(action_id):
        return Delivery("not_done", outbox.get(action_id))
    rec = outbox.get(action_id)  # it may have finished while we tried to cancel
    if rec.state == "done":
        return Delivery("done", rec)
    if rec.state == "parked":
        return Delivery("refused", rec)
    return Delivery("pending", rec)
