"""What the composition root calls: the terminal's ``ArrivalService``, or None.

Recognition needs a hub (the templates live there), the bank's ID secret (the branch key
is derived from it) and a customer camera; without any of them the terminal works on
without recognition (logged once).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from kiosk.config import KioskConfig
from kiosk.recognition.arrival import ArrivalService
from kiosk.recognition.hub_client import HubUnavailable, RecognitionClient
from kiosk.recognition.sealing import TemplateSealer
from kiosk.recognition.watcher import RecognitionWatcher

log = logging.getLogger(__name__)


def start_arrival(cfg: KioskConfig, hub_url: str, terminal_key: str, id_key_hex: str,
                  camera_factory: Callable[[], Any] | None,
                  journal: Callable[..., Any]) -> ArrivalService | None:
    """Start the recognition helper and load the branch's templates (blocking)."""
    rc = cfg.recognition
    if not rc.enabled:
        return None
    if not (hub_url and id_key_hex and camera_factory is not None):
        log.info("recognition on arrival is off: it needs a hub, the terminal's keys and a "
                 "customer camera")
        return None
    watcher = RecognitionWatcher(camera_factory, on_match=lambda *_: None,
                                 threshold=rc.threshold, interval_s=rc.interval_s)
    watcher.start()
    secret = bytes.fromhex(id_key_hex)
    service = ArrivalService(RecognitionClient(hub_url, cfg.branch.terminal_id, terminal_key),
                             TemplateSealer(secret, cfg.branch.name),
                             watcher, journal, id_threshold=cfg.face.threshold)

    def load() -> None:  # the helper loads its models first: do not hold the start-up
        try:
            # The hub's name of the branch, not the configured display name, keys templates:
            # every terminal the hub files under the branch opens the others' templates.
            service.sealer = TemplateSealer(secret, service.client.branch())
            service.refresh()
        except (HubUnavailable, TimeoutError, RuntimeError, OSError) as exc:
            log.warning("recognition: the branch's templates were not loaded (%s)", exc)

    threading.Thread(target=load, name="recognition-load", daemon=True).start()
    return service
