"""The customer journeys' tiles and view-models (the journey host contract, docs/ui.md).

``register(registry)`` adds open-an-account, transfer and apply-for-a-card.  A tile shows
once the running terminal (ui.journeys.backend.JourneyBackend around kiosk.terminal.Terminal)
is published in the DeviceDirectory as ``"journeys"``; tests and the benchmark pass their own
``services`` instead.
"""

from __future__ import annotations

import functools
import logging
import threading
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP

from ui.journey_host import HostContext, JourneyRegistry, JourneySpec

log = logging.getLogger(__name__)

SERVICES_NAME = "journeys"

_JOURNEYS = (
    (
        "open_account",
        QT_TRANSLATE_NOOP("Journeys", "Open an account"),
        QT_TRANSLATE_NOOP("Journeys", "With your ID card, a few minutes"),
        10,
    ),
    (
        "transfer",
        QT_TRANSLATE_NOOP("Journeys", "Transfer money"),
        QT_TRANSLATE_NOOP("Journeys", "From your own account"),
        20,
    ),
    (
        "card_application",
        QT_TRANSLATE_NOOP("Journeys", "Apply for a card"),
        QT_TRANSLATE_NOOP("Journeys", "Debit or credit card"),
        30,
    ),
    (
        "prefilled",
        QT_TRANSLATE_NOOP("Journeys", "I have a code"),
        QT_TRANSLATE_NOOP("Journeys", "Filled in on your phone: show its QR code"),
        5,
    ),
)


def _services(ctx: HostContext, given: Any) -> Any:
    """The JourneyServices to use: given, or the published terminal's (made on the GUI thread)."""
    if given is not None:
        return given
    published = ctx.devices.get(SERVICES_NAME)
    return None if published is None else published.services()


def _available(ctx: HostContext, given: Any, journey_id: str = "") -> bool:
    """A tile shows when the services are there; the home screen is up: precompile steps."""
    services = _services(ctx, given)
    if services is None:
        return False
    if journey_id == "prefilled" and getattr(getattr(services, "terminal", None), "preapps",
                                             None) is None:
        return False  # no hub linked: no code can be loaded
    from ui.journeys.precompile import precompile_steps

    precompile_steps()
    return True


def _factory(journey_id: str, given: Any) -> Any:
    def create(ctx: HostContext) -> Any:
        from ui.journeys.viewmodel import FlowViewModel

        services = _services(ctx, given)
        journey = services.start_journey(journey_id, ctx.language())
        ctx.session.personal["journey"] = journey  # wiped with the session
        return FlowViewModel(ctx, journey, services)

    return create


def _preload() -> None:
    """Import the journeys' modules off the GUI thread, so the first tile tap does not."""
    import importlib

    for name in (
        "kiosk.flows.open_account",
        "kiosk.flows.transfer",
        "kiosk.flows.card_application",
        "kiosk.flows.prefilled",
        "ui.journeys.viewmodel",
        "qrcode",
    ):
        try:
            importlib.import_module(name)
        except Exception:  # the tap will import it again and report the error there
            log.exception("preloading %s failed", name)


def _samples(journey_id: str) -> Any:
    def samples(ctx: HostContext) -> Any:
        from ui.journeys.samples import samples_for

        return samples_for(journey_id)(ctx)

    return samples


def register(registry: JourneyRegistry, services: Any = None) -> None:
    """Register the three journeys; ``services`` overrides the published JourneyServices."""
    threading.Thread(target=_preload, name="journeys-preload", daemon=True).start()
    for journey_id, title, description, order in _JOURNEYS:
        registry.register(
            JourneySpec(
                id=journey_id,
                title=title,
                description=description,
                icon=f"{journey_id}.svg",
                order=order,
                create=_factory(journey_id, services),
                available=functools.partial(_available, given=services, journey_id=journey_id),
                samples=_samples(journey_id),
            )
        )
    from ui.journeys import queue_tiles  # appointments and queue tickets (issue 12)

    queue_tiles.register(registry, services)
