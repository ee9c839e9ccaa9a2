"""What a journey offers its screen, one snapshot per change: the view-model contract.

Every journey answers ``view()`` with a ``JourneyView`` taken under its lock, so the UI
never reads half a change, never probes a journey for optional methods and never writes
into its data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

AutoAction = Literal["", "submit", "print", "teller"]


@dataclass(frozen=True)
class ShownAccount:
    """One of the customer's accounts as a screen lists it (number masked)."""

    id: int
    masked: str
    product: str
    currency: str
    balance: str  # "" when the core did not say; else grouped, two decimals
    balance_value: Decimal | None = None  # the same figure, for money as a language writes it


@dataclass(frozen=True)
class JourneyView:
    """A journey's state as its screen shows it (personal data: memory only).

    Attributes:
        name: The journey's id.
        step: The current step.
        ended: True once an outcome is set.
        outcome: The outcome's value, or "".
        message_key, message_params: The message shown (translation key and parameters).
        errors: Field -> translation key of each field error.
        speech_key: The current step's spoken-guidance key.
        language: The journey's language.
        form: The prefilled form (field -> value, editable).
        inputs: What the customer typed, per step (kept across re-renders).
        draft: What is being typed right now (``set_draft``).
        accounts: The accounts the current step offers (own, or an existing client's).
        summary: What the confirm screen shows, or {}.
        account_no: The account number the core confirmed, or "".
        reference: The action id (the reference on the receipt), or "".
        receipt: How the receipt went (``printed``, ``qr``, ``duplicate``, ``reason``), or {}.
        busy: The wait in progress ("lookup", "submit", "print") or "".
        auto: What the step runs by itself: "submit", "print", "teller" (wait for a video
            teller's decision) or "".
        document_source: Where the identity came from ("chip", "ocr") or "".
        amount_info: What the amount screen shows before the customer types (``balance``,
            ``per_transaction``, ``today_left``, ``teller_above`` as Decimals, ``currency``),
            or {}.
    """

    name: str
    step: str
    ended: bool
    outcome: str
    message_key: str
    message_params: dict[str, Any]
    errors: dict[str, str]
    speech_key: str
    language: str
    form: dict[str, Any] = field(default_factory=dict)
    inputs: dict[str, Any] = field(default_factory=dict)
    draft: dict[str, str] = field(default_factory=dict)
    accounts: tuple[ShownAccount, ...] = ()
    summary: dict[str, Any] = field(default_factory=dict)
    account_no: str = ""
    reference: str = ""
    receipt: dict[str, Any] = field(default_factory=dict)
    busy: str = ""
    auto: AutoAction = ""
    document_source: str = ""
    amount_info: dict[str, Any] = field(default_factory=dict)
