"""What the terminal knows of a pre-filled application, and why one may be refused."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Refusal reasons (each has a message key ``prefilled.<reason>``).
REASONS = ("unknown", "expired", "completed", "id_mismatch", "locked", "bad_code",
           "unavailable", "wrong_kind")  # fmt: skip


class PreappRefused(Exception):
    """The hub would not give or let use the application; ``reason`` is one of ``REASONS``."""

    def __init__(self, reason: str, message: str = "") -> None:
        super().__init__(message or reason)
        self.reason = reason if reason in REASONS else "unavailable"


@dataclass(frozen=True)
class LoadedPreapp:
    """An application loaded from the hub (its form as the applicant typed it, cleaned)."""

    code: str
    kind: str
    form: dict[str, Any] = field(repr=False)
    status: str = "open"
    expires_at: float = 0.0


@dataclass(frozen=True)
class PendingItem:
    """One item of the personal home (``kind``: preapplication, appointment, ticket ...)."""

    kind: str
    details: dict[str, Any] = field(repr=False)
