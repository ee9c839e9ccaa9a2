"""Take a ticket: choose a service, get a queue number, where to go and the expected wait.

``choose_service`` -> ``submitting`` (the hub issues the ticket; auto) -> ``done`` (printed).
The services offered are the hub's (``SERVICES`` mirrors hub.queue.services by code).
"""

from __future__ import annotations

from kiosk.flows.queue_steps import DONE, QueueJourney
from kiosk.flows.steps import IdentityLevel, StepSpec

#: Walk-in services: code -> (zh, en), as the hub knows them (hub.queue.services).
SERVICES: dict[str, tuple[str, str]] = {
    "cash": ("现金业务", "Cash and deposits"),
    "accounts": ("开户与账户", "Accounts"),
    "cards": ("银行卡业务", "Cards"),
    "advice": ("理财咨询", "Financial advice"),
    "video": ("视频柜员", "Video teller"),
}


class TakeTicketJourney(QueueJourney):
    """The walk-in ticket state machine."""

    NAME = "queue_ticket"
    STEPS = (
        StepSpec("choose_service", IdentityLevel.NONE, speech_key="queue.choose"),
        StepSpec("submitting", IdentityLevel.NONE, cancellable=False, speech_key="queue.wait"),
        DONE,
    )

    def choose_service(self, service: str) -> bool:
        """The customer chose ``service``; unknown codes stay on the step."""
        with self._lock:
            self._expect("choose_service")
            if service not in SERVICES:
                self._invalid({"service": "queue.service_required"})
                return False
            self.data["service"] = service
            self._go("submitting")
            return True

    def submit(self) -> str:
        """Ask the hub for the ticket (blocking, lock released)."""
        return self._ask_hub("take_ticket", "service")
