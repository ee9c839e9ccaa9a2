"""Take a ticket: choose a service, get a queue number, where to go and the expected wait.

``choose_service`` -> ``submitting`` (the hub issues the ticket; auto) -> ``done`` (printed).
The services offered are the hub's (``SERVICES`` mirrors hub.queue.services by code).
"""

from __future__ import annotations

from kiosk.flows.queue_steps import DONE, QueueJourney, refusal
from kiosk.flows.steps import IdentityLevel, Outcome, StepSpec
from kiosk.queue.client import QueueRefused

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
        with self._lock:
            if self.ended or self._busy or self.step != "submitting":
                return self.step
            service, client = self.data["service"], self.deps.queue
            self._busy = "submit"
        try:
            if client is None:
                raise QueueRefused("unreachable", "no hub configured")
            ticket = self._outside_lock(client.take_ticket, service)
        except QueueRefused as exc:
            with self._lock:
                self._journal("queue.refused", reason=exc.reason)
                self._end(Outcome.REFUSED, refusal(exc.reason, exc.detail))
                return self.step
        with self._lock:
            if not self.ended:
                self._got_ticket(ticket)
            return self.step
