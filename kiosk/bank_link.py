"""The terminal's bank link: core-banking client, SQLite outbox with its sender, journal, stores.

``BankLink.open(folder, config, core_url)`` opens the set in one folder; kiosk.terminal
builds it (and starts the embedded sandbox when no core bank is configured).
``BankLink.deps(...)`` builds a journey's ``FlowDeps``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.config import KioskConfig
from kiosk.flows.ports import FlowDeps
from kiosk.stores.applications import ApplicationArchive
from kiosk.stores.daily_totals import DailyTotals

log = logging.getLogger(__name__)


@dataclass
class BankLink:
    """The core-banking side of the journeys.

    Attributes:
        core: kiosk.corebank.FineractClient.
        outbox: kiosk.outbox.Outbox.
        journal: kiosk.journal.Journal.
        daily_totals: per-day transfer totals.
        applications: signed applications (signature, terms language, details).
        config: the terminal configuration (limits, ids, timeouts).
        receipts: receipt printing port (``None``: e-receipt only).
        sender: the running kiosk.outbox.sender.OutboxSender (``None`` when stopped).
        sandbox: the sandbox handle when this link started one.
    """

    core: Any
    outbox: Any
    journal: Any
    daily_totals: DailyTotals
    applications: ApplicationArchive
    config: KioskConfig = field(default_factory=KioskConfig)
    receipts: Any = None
    sender: Any = None
    sandbox: Any = None
    #: The bank's ID secret (hex) keying client externalIds; empty: ``limits.id_salt``.
    id_key: str = ""
    #: kiosk.security.sealing.Sealer of the personal data at rest (``None``: no keys).
    sealer: Any = None

    @classmethod
    def open(
        cls,
        folder: str | Path,
        config: KioskConfig,
        core_url: str,
        *,
        start_sender: bool = True,
        max_retries: int | None = None,
        outbox_path: str | Path | None = None,
        journal_path: str | Path | None = None,
        keys: Any = None,
    ) -> BankLink:
        """Connect to the core bank at ``core_url`` and open the local files in ``folder``.

        ``outbox_path`` and ``journal_path`` override the file names in ``folder`` (the
        terminal passes its configured ones, where ``kiosk outbox status``, ``kiosk journal
        verify`` and ``kiosk diagnostics`` look for them).  Starting the embedded sandbox
        is the composition root's job (kiosk.terminal).
        """
        from kiosk.corebank.client import FineractClient
        from kiosk.journal import Journal
        from kiosk.outbox import Outbox
        from kiosk.outbox.sender import OutboxSender

        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        # The configured TLS settings (verify_tls, ca_file) apply to a real core bank.
        core = FineractClient.from_config(config.corebank, core_url, max_retries)
        # With the terminal's keys (kiosk.security.keys): payloads sealed, ID numbers keyed.
        sealer = None
        if keys is not None:
            from kiosk.security.sealing import Sealer

            sealer = Sealer(keys.data_key)
        journal = Journal(journal_path or folder / "journal.db",
                          keys.id_secret if keys is not None else None)  # fmt: skip
        try:
            outbox = Outbox(outbox_path or folder / "outbox.db", sealer)
        except BaseException:  # a damaged outbox (OutboxDamaged): leave nothing open
            journal.close()
            raise
        retention = config.security.retention_days * 86400
        sender = OutboxSender(outbox, core, journal, retention=retention) if start_sender else None
        if sender is not None:
            sender.start()
        return cls(
            core,
            outbox,
            journal,
            DailyTotals(folder / "transfer_totals.db"),
            ApplicationArchive(folder / "applications.db", sealer),
            config,
            sender=sender,
            id_key=keys.id_secret.hex() if keys is not None else "",
            sealer=sealer,
        )

    def deps(self, language: str | None = None, **overrides: Any) -> FlowDeps:
        """A journey's dependencies, from this link and the configuration."""
        cfg = self.config
        values: dict[str, Any] = dict(
            core=self.core,
            outbox=self.outbox,
            journal=self.journal,
            receipts=self.receipts,
            limits=cfg.limits,
            daily_totals=self.daily_totals,
            applications=self.applications,
            terminal_id=cfg.branch.terminal_id,
            office_id=cfg.branch.office_id,
            savings_product_id=cfg.corebank.savings_product_id,
            id_salt=self.id_key or cfg.limits.id_salt,
            max_face_attempts=cfg.face.max_attempts,
            face_threshold=cfg.face.threshold,
            face_teller_margin=cfg.face.teller_margin,
            submit_wait_seconds=cfg.limits.submit_wait_seconds,
            language=language or cfg.ui.default_language,
        )
        values.update(overrides)
        return FlowDeps(**values)

    def close(self) -> None:
        """Stop the sender and the sandbox (if started here), close the files."""
        if self.sender is not None:
            self.sender.stop()
            self.sender = None
        for closable in (self.outbox, self.journal, self.applications):
            try:
                closable.close()
            except Exception:  # closing twice or a closed database: nothing left to do
                log.debug("close failed", exc_info=True)
        if self.sandbox is not None:
            self.sandbox.stop()
            self.sandbox = None
