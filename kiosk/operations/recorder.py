"""OperationsRecorder: turns what the terminal already says into metrics and operations events.

It observes, it does not reach in: the journeys' own journal records (``journey.start``,
``journey.step``, ``journey.end``, ``outbox.done``) through :meth:`Journal.observe`, the
customer session through its listeners (:meth:`attach_session`), and device statuses as
the status poller reads them (:meth:`device_status`).  From these it derives step
durations, the step a customer abandoned on, device faults, recoveries and busy time.

Ids are pseudonymous: a session or journey id becomes a salted hash of letters only, so an
event can be grouped with its session but never joined to a receipt reference or a journal
record.  Events are stored by a writer thread, so a listener called on the GUI thread
never waits on the disk.
"""

from __future__ import annotations

import hashlib
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kiosk.operations.events import EventError, EventQueue
from kiosk.operations.metrics import TerminalMetrics

log = logging.getLogger(__name__)

FAULT_STATES = frozenset({"offline", "powerOff", "noDevice", "hardwareError", "userError"})
PAPER_FAULTS = frozenset({"out", "jammed"})
ABANDONED = frozenset({"cancelled", "timed_out"})


def journey_step_devices(journey: str, step: str) -> tuple[str, ...]:
    """The devices a journey's step declares (``StepSpec.devices``), found by journey name."""
    from kiosk.flows.steps import Journey

    todo = list(Journey.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.NAME == journey:
            try:
                return tuple(cls.spec_of(step).devices)
            except KeyError:
                return ()
    return ()


@dataclass
class _Run:
    """One journey in progress."""

    journey: str
    run: str
    session: str
    started: float
    step: str = ""
    step_started: float = 0.0
    steps: list[str] = field(default_factory=list)


class OperationsRecorder:
    """Metrics and operations events from journal records, session and device changes.

    Args:
        metrics: where counters and histograms go (``None``: events only).
        events: the durable queue (``None``: metrics only).
        salt: makes the pseudonymous ids unlinkable outside this terminal.
        clock: monotonic seconds (tests inject one).
        step_devices: ``(journey, step) -> devices`` for device busy time.
    """

    def __init__(
        self,
        metrics: TerminalMetrics | None,
        events: EventQueue | None,
        salt: str,
        *,
        clock: Callable[[], float] = time.monotonic,
        step_devices: Callable[[str, str], tuple[str, ...]] = journey_step_devices,
    ) -> None:
        self.metrics, self.events, self.salt = metrics, events, salt
        self.clock, self.step_devices = clock, step_devices
        self._lock = threading.Lock()  # held only for in-memory bookkeeping, never for I/O
        self._runs: dict[str, _Run] = {}
        self._session = ""
        self._session_started = 0.0
        self._devices: dict[str, tuple[bool, str, float]] = {}  # device -> (fault, state, since)
        self._out: queue.Queue[tuple[str, dict[str, Any]] | None] = queue.Queue()
        self._writer: threading.Thread | None = None
        self.on_event: Callable[[], None] | None = None  # e.g. wake the sender
        self.on_fault: Callable[[str], None] | None = None  # e.g. the technician counters

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self) -> None:
        """Start the event writer thread."""
        if self._writer is None and self.events is not None:
            self._writer = threading.Thread(target=self._write_loop, name="ops-event-writer",
                                            daemon=True)  # fmt: skip
            self._writer.start()

    def stop(self) -> None:
        """Store what is still in memory, then stop the writer."""
        if self._writer is not None:
            self._out.put(None)
            self._writer.join(10)
            self._writer = None

    def flush(self, timeout: float = 5.0) -> None:
        """Wait until every event emitted so far is stored (tests, bundle export)."""
        if self._writer is None:
            return
        done = threading.Event()
        self._out.put(("__flush__", {"done": done}))
        done.wait(timeout)

    def _write_loop(self) -> None:
        while True:
            item = self._out.get()
            if item is None:
                return
            kind, fields = item
            if kind == "__flush__":
                fields["done"].set()
                continue
            try:
                assert self.events is not None
                self.events.add(kind, **fields)
            except EventError:
                log.exception("operations event refused: %s", kind)
            except Exception:  # a full disk must not stop the terminal; the journal has it
                log.exception("operations event not stored: %s", kind)
                continue
            if self.on_event is not None:
                self.on_event()

    def emit(self, kind: str, **fields: Any) -> None:
        """Queue one operations event for storage (never blocks)."""
        if self.events is not None:
            self._out.put((kind, {k: v for k, v in fields.items() if v not in ("", None)}))

    def opaque(self, value: str) -> str:
        """A salted pseudonym of ``value``: 16 lowercase letters (never digits)."""
        digest = hashlib.sha256(f"{self.salt}:{value}".encode()).digest()
        return "".join(chr(97 + b % 26) for b in digest[:16])

    # -- the customer session ----------------------------------------------------------------
    def attach_session(self, session: Any) -> None:
        """Listen to a :class:`kiosk.session.Session` (its listeners run on its thread)."""
        session.on_state_change(lambda s, state: self.session_state(s.id, state))
        session.on_end(lambda s, reason: self.session_ended(reason))

    def session_state(self, session_id: str, state: str) -> None:
        """A session changed state; a new id in ``active`` is a session start."""
        if state != "active" or not session_id:
            return
        opaque = self.opaque(session_id)
        with self._lock:
            if opaque == self._session:
                return
            self._session, self._session_started = opaque, self.clock()
        if self.metrics is not None:
            self.metrics.sessions_active.set(1)
        self.emit("session.start", session=opaque)

    def session_ended(self, reason: str) -> None:
        """The session ended (``finish``, ``cancel``, ``timeout``...)."""
        with self._lock:
            opaque, self._session = self._session, ""
            duration = self.clock() - self._session_started if opaque else 0.0
        if not opaque:
            return
        reason = reason if reason.isidentifier() else "other"
        if self.metrics is not None:
            self.metrics.sessions_active.set(0)
            self.metrics.sessions.labels(reason).inc()
        self.emit("session.end", session=opaque, reason=reason, duration_s=round(duration, 3))

    # -- journal records ---------------------------------------------------------------------
    def on_journal(self, kind: str, fields: dict[str, Any]) -> None:
        """The journal observer: ``Journal.observe(recorder.on_journal)``."""
        if kind == "outbox.done":
            if self.metrics is not None:
                self.metrics.core_succeeded()
            return
        if not kind.startswith("journey.") or "session" not in fields:
            return
        journey, key = str(fields.get("journey", "")), str(fields["session"])
        if kind == "journey.start":
            self._journey_start(journey, key)
        elif kind == "journey.step":
            self._journey_step(key, str(fields.get("step", "")))
        elif kind == "journey.end":
            self._journey_end(key, str(fields.get("outcome", "")), str(fields.get("step", "")))

    def _journey_start(self, journey: str, key: str) -> None:
        run = _Run(journey, self.opaque(key), self._session, self.clock())
        with self._lock:
            self._runs[key] = run
        self.emit("journey.start", session=run.session, journey=journey, run=run.run)

    def _close_step(self, run: _Run, now: float) -> None:
        """Account for the step ``run`` is leaving (called with the lock released)."""
        if not run.step:
            return
        seconds = max(0.0, now - run.step_started)
        if self.metrics is not None:
            self.metrics.step_seconds.labels(run.journey, run.step).observe(seconds)
        self.emit("journey.step", session=run.session, journey=run.journey, run=run.run,
                  step=run.step, duration_s=round(seconds, 3))  # fmt: skip
        for device in self.step_devices(run.journey, run.step):
            if self.metrics is not None:
                self.metrics.device_busy.labels(device).inc(seconds)
            self.emit("device.busy", device=device, seconds=round(seconds, 3),
                      journey=run.journey, step=run.step)  # fmt: skip

    def _journey_step(self, key: str, step: str) -> None:
        now = self.clock()
        with self._lock:
            run = self._runs.get(key)
            if run is None:
                return
            previous = _Run(**{**run.__dict__, "steps": []})
            run.step, run.step_started = step, now
            run.steps.append(step)
        self._close_step(previous, now)

    def _journey_end(self, key: str, outcome: str, step: str) -> None:
        now = self.clock()
        with self._lock:
            run = self._runs.pop(key, None)
        if run is None:
            return
        self._close_step(run, now)
        last = step or run.step
        fields: dict[str, Any] = dict(session=run.session, journey=run.journey, run=run.run,
                                      outcome=outcome, step=last,
                                      duration_s=round(now - run.started, 3))  # fmt: skip
        if self.metrics is not None:
            self.metrics.journeys.labels(run.journey, outcome).inc()
        if outcome in ABANDONED:
            fields["abandoned_step"] = last
            if self.metrics is not None:
                self.metrics.abandoned.labels(run.journey, last).inc()
        self.emit("journey.end", **fields)

    # -- devices -----------------------------------------------------------------------------
    def device_status(self, device: str, status: dict[str, Any]) -> None:
        """A device's current status (from the poller); faults and recoveries become events."""
        if self.metrics is not None:
            self.metrics.set_device(device, status)
        state = str(status.get("device", "unknown"))
        paper = str(status.get("paper") or "")
        fault = state in FAULT_STATES or paper in PAPER_FAULTS
        label = f"paper.{paper}" if paper in PAPER_FAULTS and state not in FAULT_STATES else state
        now = self.clock()
        with self._lock:
            was_fault, was_label, since = self._devices.get(device, (False, "unknown", now))
            changed = fault != was_fault or (fault and label != was_label)
            if changed or device not in self._devices:
                self._devices[device] = (fault, label, now)
            session = self._session
        if not changed:
            return
        if fault:
            if self.metrics is not None:
                self.metrics.device_faults.labels(device).inc()
            if self.on_fault is not None:
                self.on_fault(device)
            extra = {"paper": paper} if paper else {}
            self.emit("device.fault", device=device, state=state, previous=was_label,
                      session=session, **extra)  # fmt: skip
        else:
            self.emit("device.recovered", device=device, state=state, previous=was_label,
                      down_s=round(now - since, 3))  # fmt: skip
