"""Wiring the journeys to the real core-banking pieces: client, outbox + sender, journal.

``BankLink`` holds what every journey talks to; ``BankLink.local(folder)`` starts the whole
local set (sandbox over HTTP, SQLite outbox with its sender, journal, daily totals) in one
folder, which is what the tests, the benchmark and a terminal without a bank use.
``BankLink.deps(...)`` builds a journey's ``FlowDeps``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.config import KioskConfig
from kiosk.flows.applications import ApplicationArchive
from kiosk.flows.limits import DailyTotals
from kiosk.flows.ports import FlowDeps

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

    @classmethod
    def local(
        cls,
        folder: str | Path,
        config: KioskConfig | None = None,
        *,
        sandbox_url: str | None = None,
        start_sender: bool = True,
        max_retries: int | None = None,
        outbox_path: str | Path | None = None,
        journal_path: str | Path | None = None,
        sandbox_db: str | Path | None = None,
        sandbox_host: str = "127.0.0.1",
        sandbox_port: int = 0,
        keys: Any = None,
    ) -> BankLink:
        """Start a sandbox (or use ``sandbox_url``) and open the local files in ``folder``.

        ``outbox_path``, ``journal_path`` and ``sandbox_db`` override the file names in
        ``folder`` (the terminal passes its configured ones: see :meth:`for_terminal`).
        """
        from kiosk.corebank.client import FineractClient
        from kiosk.journal import Journal
        from kiosk.outbox import Outbox
        from kiosk.outbox.sender import OutboxSender
        from kiosk.sandbox.server import start_sandbox

        cfg = config or KioskConfig()
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        sandbox = None
        if sandbox_url is None:
            sandbox = start_sandbox(sandbox_db or folder / "sandbox.db", sandbox_host, sandbox_port)
            sandbox_url = sandbox.url
        # The configured TLS settings (verify_tls, ca_file) apply to a real core bank.
        core = FineractClient.from_config(cfg.corebank, sandbox_url, max_retries)
        # With the terminal's keys (kiosk.security.keys): payloads sealed, ID numbers keyed.
        sealer = None
        if keys is not None:
            from kiosk.security.sealing import Sealer

            sealer = Sealer(keys.data_key)
        journal = Journal(journal_path or folder / "journal.db",
                          keys.id_secret if keys is not None else None)  # fmt: skip
        outbox = Outbox(outbox_path or folder / "outbox.db", sealer)
        retention = cfg.security.retention_days * 86400
        sender = OutboxSender(outbox, core, journal, retention=retention) if start_sender else None
        if sender is not None:
            sender.start()
        return cls(
            core,
            outbox,
            journal,
            DailyTotals(folder / "transfer_totals.db"),
            ApplicationArchive(folder / "applications.db", sealer),
            cfg,
            sender=sender,
            sandbox=sandbox,
            id_key=keys.id_secret.hex() if keys is not None else "",
        )

    @classmethod
    def for_terminal(cls, cfg: KioskConfig) -> BankLink:
        """The running terminal's link: the files, core bank and sandbox ``cfg`` names.

        The outbox and journal are where ``kiosk outbox status``, ``kiosk journal verify``
        and ``kiosk diagnostics`` look for them.
        """
        from kiosk.security.keys import load_keys
        from kiosk.security.permissions import secure_data_dir

        st, sb = cfg.storage, cfg.sandbox
        folder = cfg.data_path("")
        for fixed in secure_data_dir(folder):  # 0700 / 0600, checked at every start
            log.warning("data folder permission tightened: %s", fixed)
        keys = load_keys(cfg.security.key_file, folder, demo=not cfg.corebank.url)
        return cls.local(
            cfg.data_path(""),
            cfg,
            sandbox_url=cfg.corebank.url or None,
            outbox_path=cfg.data_path("outbox.db", st.outbox_db),
            journal_path=cfg.data_path("journal.db", st.journal_db),
            sandbox_db=cfg.data_path("sandbox.db", sb.db),
            sandbox_host=sb.host,
            sandbox_port=sb.port,
            keys=keys,
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
