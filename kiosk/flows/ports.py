"""What the journeys talk to, injected by the composition root (kiosk.terminal).

The real parts are kiosk.corebank.FineractClient, kiosk.outbox.Outbox, kiosk.journal.Journal,
kiosk.receipts.journey_adapter.ReceiptsAdapter and the stores in kiosk.stores.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, Protocol

from kiosk.config import LimitsConfig
from kiosk.corebank.client import FineractClient
from kiosk.journal import Journal
from kiosk.outbox import Outbox


class ReceiptPrinting(Protocol):
    """Prints a journey's receipt (kiosk.receipts.journey_adapter.ReceiptsAdapter)."""

    def print_for(self, kind: str, language: str, data: dict[str, Any]) -> dict[str, Any]:
        """Print ``kind``; answers ``printed``, ``duplicate``, ``qr`` and ``reason``."""
        ...


class DailyTotalsStore(Protocol):
    """Per-client, per-day transfer totals (kiosk.stores.daily_totals.DailyTotals)."""

    def total(self, client_id: int, day: dt.date) -> Decimal:
        """What the client has transferred on ``day``."""
        ...

    def add(self, action_id: str, client_id: int, day: dt.date, amount: Decimal) -> None:
        """Count a transfer (idempotent per ``action_id``)."""
        ...

    def remove(self, action_id: str) -> None:
        """Uncount a transfer the core refused."""
        ...


class ApplicationStore(Protocol):
    """Where signed applications are kept (kiosk.stores.applications.ApplicationArchive)."""

    def keep(self, action_id: str, kind: str, language: str, signature: bytes,
             details: dict[str, Any]) -> None:
        """Keep the signed application of ``action_id``."""
        ...


class ApprovalDecisionView(Protocol):
    """A teller's decision (kiosk.teller.approvals.ApprovalDecision)."""

    @property
    def approved(self) -> bool:
        """The teller approved."""
        ...

    @property
    def reason(self) -> str:
        """Why not, in the teller's words (or a code)."""
        ...

    @property
    def timed_out(self) -> bool:
        """No decision in time (never an approval)."""
        ...


class TellerApprovals(Protocol):
    """The video teller's approval port (kiosk.teller.approvals.TellerDesk)."""

    def approve(self, kind: str, details: dict[str, Any], language: str = "zh",
                session_ref: str = "", timeout: float | None = None) -> ApprovalDecisionView:
        """Block until a teller decides on ``kind`` (timeout: not approved)."""
        ...


@dataclass
class FlowDeps:
    """Everything a journey talks to, injected by whoever starts the session.

    Attributes:
        core: Core-banking reads (blocking HTTP).
        outbox: Durable outbox for every write.
        journal: Electronic journal (may be ``None`` in pure unit tests).
        receipts: Receipt printing (``None``: every receipt becomes an e-receipt).
        limits: Transfer limits.
        daily_totals: Per-day transfer totals store (kiosk.stores.daily_totals.DailyTotals).
        applications: Where signed applications are kept (kiosk.stores.applications).
        terminal_id: This terminal's id, used in references and descriptions.
        office_id: Fineract office of new clients.
        savings_product_id: Product of new savings accounts.
        id_salt: Salt of the externalId derived from an ID number.
        max_face_attempts: Failed face checks before the customer is sent to staff.
        submit_wait_seconds: How long the customer waits for the core before "pending".
        language: Current UI language (receipts, terms).
        now: Clock (tests pin it).
        teller: The video teller's approval port (kiosk.teller.approvals.TellerDesk:
            ``approve(kind, details, language=..., session_ref=...)`` blocks and gives a
            decision with ``approved``, ``reason``, ``timed_out``), or ``None`` when the
            terminal has no teller link (steps that need a human then refuse or send to staff).
        preapps: The hub's pre-filled applications (kiosk.prearrival.client.PreappClient:
            ``fetch``, ``claim``, ``complete``, blocking), or ``None`` without a hub.
        face_threshold, face_teller_margin: a face distance within the margin of the
            threshold is borderline: the teller decides (margin 0: never).
        queue: the hub's queue API (kiosk.queue.client.QueueClient), or ``None`` without a
            hub (the queue journeys then refuse with ``queue.unreachable``).
        qr_camera: opens the camera a booking's QR code is shown to (a camera factory), or
            ``None`` (the code is typed).
    """

    core: FineractClient
    outbox: Outbox
    journal: Journal | None = None
    receipts: ReceiptPrinting | None = None
    limits: LimitsConfig = field(default_factory=LimitsConfig)
    daily_totals: DailyTotalsStore | None = None
    applications: ApplicationStore | None = None
    terminal_id: str = "K7"
    office_id: int = 1
    savings_product_id: int = 1
    id_salt: str = "branch-kiosk"
    max_face_attempts: int = 3
    submit_wait_seconds: float = 8.0
    language: str = "zh_CN"
    now: Callable[[], datetime] = datetime.now
    teller: TellerApprovals | None = None
    face_threshold: float = 0.5
    face_teller_margin: float = 0.0
    preapps: Any = None
    queue: Any = None
    qr_camera: Any = None
