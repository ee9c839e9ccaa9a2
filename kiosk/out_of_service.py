"""A terminal that cannot serve customers: why, recorded, and what a technician still gets.

When the outbox is damaged (kiosk.outbox.integrity.OutboxDamaged) the terminal must not
take a single customer action: it could not be kept.  Instead of a crash the front end
shows an out-of-service screen, the journal and the log say why, and the diagnostics mode
stays reachable over the parts that still work (the journal; no outbox, no core link).
``OutOfService`` has the attributes the diagnostics mode reads of a running back end.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from kiosk.config import KioskConfig
from kiosk.logs import log_event

log = logging.getLogger(__name__)

#: The name the front end publishes an ``OutOfService`` under (beside "journeys").
PUBLISHED_NAME = "out_of_service"


@dataclass
class _Core:
    base_url: str = ""


@dataclass
class _Bank:
    journal: Any = None
    outbox: Any = None  # the damaged file is never opened for writing
    core: _Core = field(default_factory=_Core)


@dataclass
class _Identity:
    reader: Any = None
    camera_factory: Any = None
    isolated: Any = None


@dataclass
class OutOfService:
    """Why the terminal is out of service (``reason``: a code; ``detail``: for technicians)."""

    reason: str
    detail: str
    bank: _Bank = field(default_factory=_Bank)
    identity: _Identity = field(default_factory=_Identity)
    receipts: Any = None
    operations: Any = None
    closers: list[Any] = field(default_factory=list)

    def close(self) -> None:
        """Close the journal opened to record it."""
        if self.bank.journal is not None:
            self.bank.journal.close()
            self.bank.journal = None


def out_of_service(cfg: KioskConfig, reason: str, exc: BaseException) -> OutOfService:
    """Record that the terminal stays out of service because of ``exc`` (log and journal).

    The journal records the reason code and the damaged file's name, never its contents.
    A journal that cannot be opened either is logged; the screen still says it.
    """
    detail = str(exc)
    path = getattr(exc, "path", "")
    log.error("terminal out of service (%s): %s", reason, detail)
    log_event(log, "terminal.out_of_service", reason=reason)
    state = OutOfService(reason, detail)
    state.bank.core.base_url = cfg.corebank.url
    try:
        from kiosk.journal import Journal
        from kiosk.security.keys import config_keys

        try:
            secret = config_keys(cfg, create=False).id_secret
        except Exception:  # no keys: the journal's own salt (nothing personal is hashed here)
            secret = None
        journal = Journal(cfg.data_path("journal.db", cfg.storage.journal_db), secret)
        journal.append("terminal.out_of_service", reason=reason,
                       file=getattr(path, "name", str(path)))  # fmt: skip
        state.bank.journal = journal
    except Exception:
        log.exception("out of service, and the journal could not record it")
    return state
