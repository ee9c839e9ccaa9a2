"""What the journeys need from the rest of the terminal, as small protocols.

The real implementations are kiosk.corebank.FineractClient, kiosk.outbox.Outbox,
kiosk.journal.Journal and kiosk.receipts.ReceiptService; the journeys only rely on the
methods named here, so they stay testable and the layering stays one-way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from kiosk.config import LimitsConfig


class JournalPort(Protocol):
    """An append-only journal (kiosk.journal.Journal)."""

    def append(self, kind: str, **fields: Any) -> Any:
        """Append one record."""


class OutboxPort(Protocol):
    """The durable outbox (kiosk.outbox.Outbox)."""

    def submit(self, kind: str, payload: dict[str, Any], action_id: str) -> Any:
        """Store an action (idempotent on ``action_id``) and return its id."""

    def wait(self, action_id: Any, timeout: float) -> Any:
        """Block until the action is done/failed/parked or ``timeout`` passes; return its record."""


class CoreBankPort(Protocol):
    """The read side of the core bank the journeys use (kiosk.corebank.FineractClient)."""

    def get_client_by_external_id(self, external_id: str) -> dict[str, Any]:
        """GET /clients/external-id/{externalId}; raises NotFound."""

    def client_accounts(self, client_id: int) -> Any:
        """GET /clients/{id}/accounts."""

    def get_savings(self, account_id: int) -> Any:
        """GET /savingsaccounts/{id}; raises NotFound."""


class ReceiptsPort(Protocol):
    """Builds and prints receipts (kiosk.receipts)."""

    def print_for(self, kind: str, language: str, data: dict[str, Any]) -> Any:
        """Print a receipt; return an outcome with ``printed`` or an e-receipt QR payload."""


@dataclass
class FlowDeps:
    """Everything a journey talks to, injected by whoever starts the session.

    Attributes:
        core: Core-banking reads (blocking HTTP).
        outbox: Durable outbox for every write.
        journal: Electronic journal (may be ``None`` in pure unit tests).
        receipts: Receipt printing (``None``: every receipt becomes an e-receipt).
        limits: Transfer limits.
        daily_totals: Per-day transfer totals store (kiosk.flows.limits.DailyTotals).
        applications: Where signed applications are kept (kiosk.flows.applications).
        terminal_id: This terminal's id, used in references and descriptions.
        office_id: Fineract office of new clients.
        savings_product_id: Product of new savings accounts.
        id_salt: Salt of the externalId derived from an ID number.
        max_face_attempts: Failed face checks before the customer is sent to staff.
        submit_wait_seconds: How long the customer waits for the core before "pending".
        language: Current UI language (receipts, terms).
        now: Clock (tests pin it).
    """

    core: Any
    outbox: Any
    journal: Any = None
    receipts: Any = None
    limits: LimitsConfig = field(default_factory=LimitsConfig)
    daily_totals: Any = None
    applications: Any = None
    terminal_id: str = "K7"
    office_id: int = 1
    savings_product_id: int = 1
    id_salt: str = "branch-kiosk"
    max_face_attempts: int = 3
    submit_wait_seconds: float = 8.0
    language: str = "zh_CN"
    now: Callable[[], datetime] = datetime.now
