"""The terminal's Prometheus metrics (``/metrics``), in one registry of its own.

Names and labels are an interface: ``packaging/prometheus/alerts.yml`` and the hub's fleet
views rely on them (docs/operations.md lists them).  Device state is a state set in the
XFS4IoT vocabulary (``prometheus_client.Enum``: one series per state, the current one 1).
Outbox figures are read from the outbox file at scrape time, so they are never stale.
The HTTP server is prometheus_client's own, on its own daemon thread: a scrape never
touches the GUI thread and takes no lock the GUI thread holds.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Enum,
    Gauge,
    Histogram,
    Info,
    disable_created_metrics,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import start_http_server

from devices.status import DeviceState

DEVICE_STATES = [str(s) for s in DeviceState]
PAPER_STATES = ["full", "low", "out", "jammed", "unknown"]
MAINTENANCE_STATES = ["service", "requested", "acknowledged", "active"]
# Customers spend seconds to minutes on a step; 0.1-0.5 s catches automatic steps.
STEP_BUCKETS = (0.1, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, float("inf"))
DEVICES = ("printer", "idcard", "camera")
disable_created_metrics()  # the *_created series double the output and nothing reads them


def outbox_figures(path: Path) -> dict[str, float]:
    """Depth (queued + in flight), parked count and oldest waiting age of an outbox file.

    Read-only, through its own short-lived connection, so a scrape never waits on the
    sender's connection or lock.  A missing file is an empty outbox.
    """
    if not path.is_file():
        return {"depth": 0, "parked": 0, "oldest_age": 0.0}
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1.0)
    try:
        depth, oldest = db.execute(
            "SELECT COUNT(*), MIN(created) FROM actions WHERE state IN ('queued', 'in_flight')"
        ).fetchone()
        (parked,) = db.execute("SELECT COUNT(*) FROM actions WHERE state = 'parked'").fetchone()
    finally:
        db.close()
    age = max(0.0, time.time() - oldest) if oldest is not None else 0.0
    return {"depth": depth, "parked": parked, "oldest_age": age}


class _ScrapeTimeCollector:
    """Gauges computed when Prometheus scrapes (outbox, operations queue)."""

    def __init__(self, metrics: TerminalMetrics) -> None:
        self._m = metrics

    def collect(self) -> Iterable[GaugeMetricFamily]:
        figures: dict[str, float] = {"depth": 0, "parked": 0, "oldest_age": 0.0}
        ok = 1.0
        if self._m.outbox_path is not None:
            try:
                figures = outbox_figures(self._m.outbox_path)
            except sqlite3.Error:
                ok = 0.0
        yield GaugeMetricFamily("kiosk_outbox_depth", "Actions waiting for the core (queued "
                                "or in flight)", value=figures["depth"])  # fmt: skip
        yield GaugeMetricFamily("kiosk_outbox_parked", "Actions parked for a technician",
                                value=figures["parked"])  # fmt: skip
        yield GaugeMetricFamily("kiosk_outbox_oldest_age_seconds", "Age of the oldest "
                                "waiting action (0 when none waits)",
                                value=figures["oldest_age"])  # fmt: skip
        yield GaugeMetricFamily("kiosk_outbox_readable", "1 when the outbox file could be read",
                                value=ok)  # fmt: skip
        depth = self._m.events_depth() if self._m.events_depth is not None else 0
        yield GaugeMetricFamily("kiosk_operations_events_queued", "Operations events not yet "
                                "accepted by the hub", value=depth)  # fmt: skip


class TerminalMetrics:
    """Every metric the terminal exports, updated from any thread.

    Args:
        terminal_id: this terminal's id (an ``Info`` metric; Prometheus adds ``instance``).
        branch: the branch name.
        outbox_path: the outbox SQLite file read at scrape time (``None``: no outbox).
    """

    def __init__(self, terminal_id: str, branch: str, outbox_path: Path | None = None) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.outbox_path = outbox_path
        self.events_depth: Callable[[], int] | None = None
        r = self.registry
        self.info = Info("kiosk_terminal", "Which terminal this is", registry=r)
        self.info.info({"terminal_id": terminal_id, "branch": branch})
        self.sessions = Counter("kiosk_sessions", "Customer sessions ended, by how they ended",
                                ["reason"], registry=r)  # fmt: skip
        self.sessions_active = Gauge("kiosk_session_active", "1 while a customer session runs",
                                     registry=r)  # fmt: skip
        self.journeys = Counter("kiosk_journeys", "Journeys ended, by journey and outcome",
                                ["journey", "outcome"], registry=r)  # fmt: skip
        self.abandoned = Counter("kiosk_journey_abandoned", "Journeys cancelled or timed out, "
                                 "by the step the customer left on", ["journey", "step"],
                                 registry=r)  # fmt: skip
        self.step_seconds = Histogram("kiosk_journey_step_duration_seconds", "Time customers "
                                      "spent on each journey step", ["journey", "step"],
                                      buckets=STEP_BUCKETS, registry=r)  # fmt: skip
        self.device_state = Enum("kiosk_device_state", "Each device's XFS4IoT common.device "
                                 "state", ["device"], states=DEVICE_STATES, registry=r)  # fmt: skip
        self.paper = Enum("kiosk_printer_paper", "The receipt printer's XFS4IoT paper state",
                          states=PAPER_STATES, registry=r)  # fmt: skip
        self.device_faults = Counter("kiosk_device_faults", "Device changes from online to a "
                                     "fault state", ["device"], registry=r)  # fmt: skip
        self.device_busy = Counter("kiosk_device_busy_seconds", "Time devices were in use by a "
                                   "journey step", ["device"], registry=r)  # fmt: skip
        self.core_success = Gauge("kiosk_core_last_success_timestamp_seconds", "Unix time "
                                  "of the last successful call to the core bank",
                                  registry=r)  # fmt: skip
        self.started = Gauge("kiosk_terminal_start_time_seconds", "Unix time the terminal's "
                             "operations service started", registry=r)  # fmt: skip
        self.started.set(time.time())
        self.core_latency = Gauge("kiosk_core_probe_latency_seconds", "Latency of the last "
                                  "core-bank reachability probe", registry=r)  # fmt: skip
        self.maintenance = Enum("kiosk_maintenance_mode", "Diagnostics mode (XFS4IoT "
                                "VendorMode) state", states=MAINTENANCE_STATES,
                                registry=r)  # fmt: skip
        self.entry_failures = Counter("kiosk_maintenance_entry_failures", "Wrong technician "
                                      "credentials entered", registry=r)  # fmt: skip
        for device in DEVICES:
            self.device_state.labels(device).state(str(DeviceState.UNKNOWN))
        self.paper.state("unknown")
        r.register(_ScrapeTimeCollector(self))
        self._server: Any = None
        self._thread: threading.Thread | None = None

    def set_device(self, device: str, status: dict[str, Any]) -> None:
        """Record a device's status dict (``{"device": "online", "paper": "low", ...}``)."""
        state = str(status.get("device", DeviceState.UNKNOWN))
        if state not in DEVICE_STATES:
            state = str(DeviceState.UNKNOWN)
        self.device_state.labels(device).state(state)
        if device == "printer":
            paper = str(status.get("paper") or "unknown")
            self.paper.state(paper if paper in PAPER_STATES else "unknown")

    def core_succeeded(self, when: float | None = None) -> None:
        """Note a successful core-bank call (an outbox action done, a probe answered)."""
        self.core_success.set(time.time() if when is None else when)

    # -- serving ------------------------------------------------------------------------------
    def serve(self, host: str, port: int) -> int:
        """Serve ``/metrics`` on ``host:port`` (0: any free port); return the port."""
        server, thread = start_http_server(port, addr=host, registry=self.registry)
        self._server, self._thread = server, thread
        return int(server.server_address[1])

    def stop(self) -> None:
        """Stop the HTTP server (idempotent)."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None
