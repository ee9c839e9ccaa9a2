"""What the terminal's composition root calls: a TellerLink from the configuration.

With ``hub.start`` it first starts the embedded hub beside the terminal (SQLite in the data
folder, a demo teller, this terminal enrolled) and prints the console's URL and sign-in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kiosk.config import KioskConfig
from kiosk.teller.events import TellerEvent
from kiosk.teller.link import TellerLink
from kiosk.teller.microphone import open_microphone


@dataclass
class TellerService:
    """The terminal's teller link and, when embedded, the hub it started."""

    link: TellerLink
    embedded: Any = None  # hub.embedded.EmbeddedHub

    def stop(self) -> None:
        """Stop the link, then the embedded hub."""
        self.link.stop()
        if self.embedded is not None:
            self.embedded.stop()


def start_teller(cfg: KioskConfig, video: Any = None,
                 on_event: Callable[[TellerEvent], None] | None = None,
                 announce: Callable[[str], None] = print) -> TellerService | None:
    """Start the link (and the embedded hub when configured); None when no hub is set up."""
    embedded = None
    url, key = cfg.hub.url, cfg.hub.key
    if cfg.hub.start:
        from hub.embedded import start_embedded_hub

        embedded = start_embedded_hub(cfg.data_path("hub"), cfg.branch.terminal_id,
                                      cfg.hub.host, cfg.hub.port, branch=cfg.branch.name)
        url, key = embedded.url, embedded.terminal_key
        if not cfg.operations.hub_url:  # operations events go to it too (the /ops/ page)
            cfg.operations.terminal_key, cfg.operations.hub_url = key, url
        announce(embedded.banner())
    if not url:
        return None
    audio, microphone = open_microphone(cfg.hub.microphone)
    if not microphone.live:
        announce(f"teller calls: no microphone ({microphone.reason}); the customer is offered "
                 "the chat")
    link = TellerLink(url, cfg.branch.terminal_id, key, video=video, on_event=on_event,
                      audio=audio, microphone=microphone,
                      relay_only=cfg.hub.relay_only, queue_timeout_s=cfg.hub.queue_timeout_s,
                      recording_dir=cfg.data_path("recordings"))
    # Connecting goes on in the background when the hub is not reachable yet.
    return TellerService(link.start(timeout=5.0), embedded)
