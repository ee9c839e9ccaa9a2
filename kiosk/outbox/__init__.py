"""The durable outbox of business actions and its background sender."""

from kiosk.outbox.store import FINAL, KINDS, STATES, ActionRecord, Outbox

__all__ = ["FINAL", "KINDS", "STATES", "ActionRecord", "Outbox"]
