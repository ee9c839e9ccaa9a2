"""Transfer limits: per transaction, per day, and the teller-approval threshold.

The per-day total comes from kiosk.stores.daily_totals (per terminal, see docs/journeys.md).
"""

from __future__ import annotations

from decimal import Decimal

from kiosk.config import LimitsConfig


def check_limits(limits: LimitsConfig, amount: Decimal, today_total: Decimal) -> str | None:
    """Return the message key of the first limit ``amount`` breaks, or None if it may go.

    Every figure is a ``Decimal`` (the configured limits too), so a sum equal to a limit
    is equal, never a binary fraction above it.
    """
    if amount > limits.per_transaction:
        return "limit.per_transaction"
    if today_total + amount > limits.per_day:
        return "limit.per_day"
    if amount > limits.teller_approval_above:
        # Amounts above the threshold need a video teller's approval: the transfer asks one
        # when the terminal has a teller link, else refuses and says where to go instead.
        return "limit.teller_approval"
    return None
