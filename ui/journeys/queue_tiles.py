"""The home tiles of appointment check-in and take-a-ticket (shown once a hub is linked)."""

from __future__ import annotations

import functools
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP

from ui.journey_host import HostContext, JourneyRegistry, JourneySpec

_TILES = (
    ("appointment", QT_TRANSLATE_NOOP("Journeys", "Appointment check-in"),
     QT_TRANSLATE_NOOP("Journeys", "Show your booking's QR code"), "appointment.svg", 40),
    ("queue_ticket", QT_TRANSLATE_NOOP("Journeys", "Take a ticket"),
     QT_TRANSLATE_NOOP("Journeys", "Queue for a counter or a teller"), "receipt.svg", 50),
)


def _services(ctx: HostContext, given: Any) -> Any:
    from ui.journeys import _services as journeys_services

    return journeys_services(ctx, given)


def _available(ctx: HostContext, given: Any) -> bool:
    services = _services(ctx, given)
    return services is not None and getattr(services.terminal, "queue", None) is not None


def _factory(journey_id: str, given: Any) -> Any:
    def create(ctx: HostContext) -> Any:
        from ui.journeys.queue_vm import QueueViewModel

        services = _services(ctx, given)
        journey = services.start_journey(journey_id, ctx.language())
        ctx.session.personal["journey"] = journey  # wiped with the session
        return QueueViewModel(ctx, journey, services)

    return create


def _samples(journey_id: str) -> Any:
    def samples(ctx: HostContext) -> Any:
        from ui.journeys.queue_samples import samples_for

        return samples_for(journey_id)(ctx)

    return samples


def register(registry: JourneyRegistry, services: Any = None) -> None:
    """Register the two queue journeys."""
    for journey_id, title, description, icon, order in _TILES:
        registry.register(JourneySpec(
            id=journey_id, title=title, description=description, icon=icon, order=order,
            create=_factory(journey_id, services),
            available=functools.partial(_available, given=services),
            samples=_samples(journey_id)))
