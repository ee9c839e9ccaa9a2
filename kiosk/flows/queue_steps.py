"""What the two queue journeys share: the hub's ticket as the screen and the paper show it.

Appointment check-in (kiosk.flows.checkin) and take-a-ticket (kiosk.flows.take_ticket) both
end on ``done`` with the hub's ticket, printed on the receipt printer (``queue_ticket``), or
end refused with the hub's reason as a message key (``queue.<reason>``).
"""

from __future__ import annotations

import math
from typing import Any

from kiosk.flows.steps import IdentityLevel, Journey, Message, Outcome, StepSpec
from kiosk.queue.client import QueueRefused

#: The hub's refusal reasons the screens have a message for (others: ``queue.error``).
REASONS = ("unknown", "cancelled", "too_early", "checked_in", "other_branch", "invalid_code",
           "unreachable", "invalid")

DONE = StepSpec("done", IdentityLevel.NONE, devices=("printer",), on_device_fault="done",
                on_cancel=Outcome.COMPLETED, on_timeout=Outcome.COMPLETED,
                speech_key="queue.done")


def refusal(reason: str, detail: dict[str, Any]) -> Message:
    """The message of a refused ticket (``queue.too_early`` says from when)."""
    key = f"queue.{reason}" if reason in REASONS else "queue.error"
    # The branch's local date and time check-in opens ("2026-12-02 08:30").
    opens = str(detail.get("opens", ""))[:16].replace("T", " ")
    params = {"opens": opens} if reason == "too_early" else {}
    return Message(key, params)


def ticket_view(ticket: dict[str, Any], language: str) -> dict[str, Any]:
    """The ticket as the screen shows it, in ``language`` (zh_CN or en)."""
    lang = "zh" if language.startswith("zh") else "en"
    wait_min = int(math.ceil(float(ticket.get("expected_wait_s") or 0) / 60))
    return {
        "number": ticket["number"],
        "service": ticket["service_name"][lang],
        "where": ticket["where"][lang],
        "destination": ticket["destination"],
        "ahead": int(ticket.get("position") or 0),
        "wait_min": wait_min,
        "late": bool(ticket.get("late")),
        "appointment": bool(ticket.get("appointment")),
    }


class QueueJourney(Journey):
    """A journey ending on a queue ticket: keeps it, shows it, prints it."""

    def _ask_hub(self, method: str, key: str) -> str:
        """Call the hub's queue client ``method`` with ``data[key]`` (lock released)."""
        with self._lock:
            if self.ended or self._busy or self.step != "submitting":
                return self.step
            arg, client = self.data[key], self.deps.queue
            self._busy = "submit"
        try:
            if client is None:
                raise QueueRefused("unreachable", "no hub configured")
            ticket = self._outside_lock(getattr(client, method), arg)
        except QueueRefused as exc:
            with self._lock:
                self._journal("queue.refused", reason=exc.reason)
                self._end(Outcome.REFUSED, refusal(exc.reason, exc.detail))
                return self.step
        with self._lock:
            if not self.ended:
                self._got_ticket(ticket)
            return self.step

    def _got_ticket(self, ticket: dict[str, Any]) -> None:
        self.data["ticket"] = ticket
        self.data["action_id"] = ticket["number"]
        key = "queue.late" if ticket.get("late") else "queue.ticket"
        self._journal("queue.ticket", number=ticket["number"], service=ticket["service"],
                      destination=ticket["destination"], late=bool(ticket.get("late")))
        self._go("done", Message(key, {"number": ticket["number"]}))

    def _summary(self) -> dict[str, Any]:
        ticket = self.data.get("ticket")
        return ticket_view(ticket, self.language) if ticket else {}

    def print_receipt(self) -> dict[str, Any]:
        """Print the ticket (blocking); the e-receipt QR on a printer fault."""
        with self._lock:
            self._expect("done")
            t = self.data["ticket"]
            data = {"reference": t["number"], "ticket_no": t["number"],
                    "service_name": t["service_name"], "where": t["where"],
                    "ahead": t.get("position", 0), "expected_wait_s": t.get("expected_wait_s"),
                    "late": bool(t.get("late"))}
        return self._print_outside_lock("queue_ticket", data)

    def finish(self) -> None:
        """The customer takes the ticket and leaves."""
        with self._lock:
            self._expect("done")
            self._end(Outcome.COMPLETED)
