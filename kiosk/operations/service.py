"""The terminal's operations side, started from the configuration in one call.

``OperationsService.start(cfg, journal, status_source=..., core_url=...)`` builds the
metrics (served on ``[metrics] port`` when set), the durable event queue and its sender
(when ``[operations] hub_url`` is set), the recorder observing the journal, the technician
counters and the device status history, and a poller thread that reads the devices'
statuses and probes the core bank every ``[metrics] poll_seconds``.  Everything runs on
its own threads; nothing here is called from, or waits on, the GUI thread.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kiosk.config import KioskConfig
from kiosk.operations.counters import Counters
from kiosk.operations.events import EventQueue
from kiosk.operations.history import StatusHistory
from kiosk.operations.metrics import TerminalMetrics
from kiosk.operations.recorder import OperationsRecorder
from kiosk.operations.sender import EventSender

log = logging.getLogger(__name__)

StatusSource = Callable[[], dict[str, dict[str, Any]]]


@dataclass
class OperationsService:
    """Metrics, events, counters and status history of one running terminal."""

    config: KioskConfig
    metrics: TerminalMetrics
    events: EventQueue
    recorder: OperationsRecorder
    counters: Counters
    history: StatusHistory
    sender: EventSender | None = None
    metrics_port: int = 0
    status_source: StatusSource | None = None
    core_url: Callable[[], str] | None = None
    last_core_probe: dict[str, Any] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)
    _poller: threading.Thread | None = None

    @classmethod
    def start(
        cls,
        cfg: KioskConfig,
        journal: Any,
        *,
        status_source: StatusSource | None = None,
        core_url: Callable[[], str] | None = None,
        serve: bool = True,
    ) -> OperationsService:
        """Build and start everything ``cfg`` asks for; ``journal`` gets two observers."""
        outbox_path = cfg.data_path("outbox.db", cfg.storage.outbox_db)
        metrics = TerminalMetrics(cfg.branch.terminal_id, cfg.branch.name, outbox_path)
        events = EventQueue(cfg.data_path("operations.db", cfg.operations.events_db),
                            cfg.branch.terminal_id)  # fmt: skip
        metrics.events_depth = events.depth
        recorder = OperationsRecorder(metrics, events, getattr(journal, "salt", "") or "ops")
        counters = Counters(cfg.data_path("counters.json"))
        history = StatusHistory(cfg.data_path("status_history.jsonl"))
        svc = cls(cfg, metrics, events, recorder, counters, history,
                  status_source=status_source, core_url=core_url)  # fmt: skip
        recorder.on_fault = lambda device: counters.add(f"faults.{device}")
        if journal is not None:
            journal.observe(recorder.on_journal)
            journal.observe(counters.on_journal)
        recorder.start()
        svc._connect_sender()
        if serve and cfg.metrics.port:
            svc.metrics_port = metrics.serve(cfg.metrics.host, cfg.metrics.port)
            log.info("metrics on http://%s:%s/metrics", cfg.metrics.host, svc.metrics_port)
        svc._poller = threading.Thread(target=svc._poll_loop, name="ops-poller", daemon=True)
        svc._poller.start()
        return svc

    def _connect_sender(self) -> None:
        # Also from the poller: an embedded hub started after us sets [operations] hub_url.
        op = self.config.operations
        if self.sender is not None or not op.hub_url:
            return
        self.sender = EventSender(self.events, op.hub_url, op.terminal_key,
                                  branch=self.config.branch.name, batch_size=op.batch_size,
                                  interval=op.send_seconds)  # fmt: skip
        self.recorder.on_event = self.sender.wake
        self.sender.start()

    def serve_metrics(self, host: str, port: int) -> int:
        """Serve ``/metrics`` now (tests and benchmarks pick a free port)."""
        self.metrics_port = self.metrics.serve(host, port)
        return self.metrics_port

    def poll_once(self) -> None:
        """Read every device's status and probe the core bank once."""
        if self.status_source is not None:
            try:
                statuses = self.status_source()
            except Exception:  # a broken driver is reported by its status next time
                log.warning("device status poll failed", exc_info=True)
                statuses = {}
            for name, status in statuses.items():
                self.recorder.device_status(name, status)
                self.history.record(name, status)
        url = self.core_url() if self.core_url is not None else ""
        if url:
            self.probe_core(url)

    def probe_core(self, url: str) -> dict[str, Any]:
        """Authenticate against the core; a success moves the last-success time."""
        from kiosk.diagnostics.probes import probe_corebank

        result = probe_corebank(url, self.config)
        self.last_core_probe = {**result, "ts": time.time()}
        if result.get("authenticated"):
            self.metrics.core_succeeded()
            self.metrics.core_latency.set(result.get("latency_ms", 0.0) / 1000)
        return result

    def _poll_loop(self) -> None:
        period = self.config.metrics.poll_seconds
        prune_every, last_prune = 3600.0, 0.0
        while not self._stop.is_set():
            self._connect_sender()
            self.poll_once()
            self.counters.save()
            if time.monotonic() - last_prune > prune_every:
                last_prune = time.monotonic()
                try:
                    self.events.prune(self.config.operations.keep_sent_days * 86400)
                except Exception:
                    log.warning("operations events not pruned", exc_info=True)
            self._stop.wait(period)

    def stop(self) -> None:
        """Stop the poller, the sender, the writer and the metrics server; close the queue."""
        self._stop.set()
        if self._poller is not None:
            self._poller.join(10)
        self.recorder.stop()
        self.counters.save()
        if self.sender is not None:
            self.sender.stop()
        self.metrics.stop()
        self.events.close()
