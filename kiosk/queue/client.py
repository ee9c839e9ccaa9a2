"""The hub's queue API as the terminal calls it (blocking HTTP: journey worker threads only).

``check_in(code)`` and ``take_ticket(service)`` answer the hub's ticket (number, service and
destination in both languages, people ahead, expected wait); a refusal raises
``QueueRefused`` with the hub's reason (``unknown``, ``cancelled``, ``too_early``,
``checked_in``, ``other_branch``, ``invalid_code``), or ``unreachable`` when the hub cannot be
reached, so the screen says exactly what is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import requests


class QueueRefused(Exception):
    """The hub refused (or could not be asked); ``reason`` names why, ``detail`` the rest."""

    def __init__(self, reason: str, message: str = "", **detail: Any) -> None:
        super().__init__(f"{reason}: {message}")
        self.reason, self.message, self.detail = reason, message, detail


@dataclass
class QueueClient:
    """One terminal's calls to its hub's queue (``Device`` credentials)."""

    hub_url: str
    terminal_id: str
    key: str
    timeout_s: float = 8.0

    def __post_init__(self) -> None:
        self._http = requests.Session()
        self._http.headers["Authorization"] = f"Device {self.terminal_id}:{self.key}"

    def _post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        try:
            r = self._http.post(f"{self.hub_url.rstrip('/')}{path}", json=body,
                                timeout=self.timeout_s)
        except requests.RequestException as exc:
            raise QueueRefused("unreachable", type(exc).__name__) from None
        try:
            data = r.json()
        except ValueError:
            data = {}
        if r.status_code == 201:
            return dict(data)
        reason = str(data.get("reason") or {401: "unauthorised", 422: "invalid"}.get(
            r.status_code, "error"))
        detail = {k: v for k, v in data.items() if k not in ("reason", "error")}
        raise QueueRefused(reason, str(data.get("error", f"HTTP {r.status_code}")), **detail)

    def check_in(self, code: str) -> dict[str, Any]:
        """Check in the appointment ``code`` (typed, or the URL its QR code holds)."""
        return self._post("/api/queue/checkin", {"code": code})

    def take_ticket(self, service: str, id_hash: str = "",
                    pending: tuple[str, ...] = ()) -> dict[str, Any]:
        """A walk-in ticket for ``service`` (``id_hash``/``pending``: an identified customer)."""
        body: dict[str, Any] = {"service": service, "pending": list(pending)}
        if id_hash:
            body["id_hash"] = id_hash
        return self._post("/api/queue/tickets", body)

    def close(self) -> None:
        """Close the HTTP session."""
        self._http.close()
