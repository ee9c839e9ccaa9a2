"""Sample states of the two queue journeys for ``make screenshots`` (``JourneySpec.samples``).

Real journeys against a real hub: the sample terminal (ui.journeys.samples) is linked to an
embedded hub started once in a temporary folder (:func:`linked_services`, which the
pre-filled samples share); a booking for tomorrow gives the too-early
refusal whatever the time of day.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable, Iterator
from typing import Any


def linked_services() -> Any:
    """The sample services, linked to the samples' embedded hub (started on first use)."""
    from ui.journeys.samples import _sample_services

    services = _sample_services()
    terminal = services.terminal
    if terminal.queue is None:
        from hub.embedded import start_embedded_hub

        hub = start_embedded_hub(tempfile.mkdtemp(prefix="queue-samples-"),
                                 terminal.config.branch.terminal_id,
                                 branch=terminal.config.branch.name)
        terminal.link_queue(hub.url, hub.terminal_id, hub.terminal_key)
        from kiosk.prearrival.client import PreappClient

        # The same hub keeps the pre-filled applications of ui.journeys.prefilled_samples.
        terminal.preapps = PreappClient(hub.url, hub.terminal_id, hub.terminal_key)
        terminal.closers.append(hub.stop)
    return services


def _tomorrows_code(services: Any) -> str:
    import requests

    terminal = services.terminal
    url, branch = terminal.queue.hub_url, terminal.config.branch.name
    day = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    slots = requests.get(f"{url}/api/book/slots", timeout=10, params={
        "branch": branch, "service": "advice", "day": day}).json()["slots"]
    booked = requests.post(f"{url}/api/appointments", timeout=10, json={
        "branch": branch, "service": "advice", "slot": slots[0]["slot"],
        "mobile": "13800138000"})
    booked.raise_for_status()
    return str(booked.json()["code"])


def _plans(journey_id: str, services: Any) -> Iterator[tuple[str, Callable[[], Any]]]:
    from kiosk.flows.checkin import AppointmentCheckInJourney
    from kiosk.flows.take_ticket import TakeTicketJourney

    def new(cls: Any) -> Any:
        return cls(services.terminal.deps())

    if journey_id == "appointment":
        def mistyped() -> Any:
            x = new(AppointmentCheckInJourney)
            x.data["draft"] = {"code": "ABC"}
            x.enter_code("ABC")
            return x

        def too_early() -> Any:
            x = new(AppointmentCheckInJourney)
            x.enter_code(_tomorrows_code(services))
            x.submit()
            return x

        yield "1-scan", lambda: new(AppointmentCheckInJourney)
        yield "2-code-invalid", mistyped
        yield "3-too-early", too_early
    else:
        def ticket() -> Any:
            x = new(TakeTicketJourney)
            x.choose_service("cash")
            x.submit()
            return x

        yield "1-choose-service", lambda: new(TakeTicketJourney)
        yield "2-ticket", ticket


def samples_for(journey_id: str) -> Callable[[Any], Iterator[tuple[str, Any]]]:
    """The ``samples(ctx)`` function of one queue journey."""

    def samples(ctx: Any) -> Iterator[tuple[str, Any]]:
        from ui.journeys.queue_vm import QueueViewModel

        services = linked_services()
        for name, build in _plans(journey_id, services):
            journey = build()
            journey.set_language(ctx.language())
            yield name, QueueViewModel(ctx, journey, services)

    return samples
