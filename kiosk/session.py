"""A customer session: its personal data in one place and its inactivity state machine.

Qt-free on purpose: the UI's ``QTimer`` only calls :meth:`Session.tick`, and tests drive the
same machine with a fake clock.  States::

    IDLE --start()--> ACTIVE --(idle_seconds without touch)--> WARNING
    WARNING --extend()--> ACTIVE       (a plain touch does not answer the question)
    WARNING --(countdown_seconds without answer)--> IDLE   (ended: "timeout")
    ACTIVE/WARNING --end(reason)--> IDLE                   (ended: "finish", "cancel", ...)

Ending a session wipes :attr:`Session.personal` (the only place a journey may keep names, ID
and account numbers, phone numbers or face data) and tells the listeners, which drop their
own references (view-models, QML screens) so nothing of the customer stays reachable.
"""

from __future__ import annotations

import enum
import logging
import time
import uuid
from collections.abc import Callable
from typing import Any

from kiosk.logs import log_event

log = logging.getLogger(__name__)


class SessionState(enum.StrEnum):
    """Where the session's inactivity machine is."""

    IDLE = "idle"
    ACTIVE = "active"
    WARNING = "warning"


Listener = Callable[["Session", str], None]


class Session:
    """One customer session at a time, reused for the next customer after ``end``.

    Args:
        idle_seconds: inactivity before the "Do you need more time?" warning.
        countdown_seconds: how long the warning waits for an answer before ending.
        clock: monotonic seconds; injected so tests control time.
    """

    def __init__(
        self,
        idle_seconds: float,
        countdown_seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if idle_seconds <= 0 or countdown_seconds <= 0:
            raise ValueError("idle_seconds and countdown_seconds must be positive")
        self.idle_seconds = float(idle_seconds)
        self.countdown_seconds = float(countdown_seconds)
        self._clock = clock
        self.state = SessionState.IDLE
        self.id = ""
        self.personal: dict[str, Any] = {}
        self._last_activity = 0.0
        self._warning_since = 0.0
        self._on_state: list[Listener] = []
        self._on_end: list[Listener] = []

    # -- listeners ------------------------------------------------------------------------

    def on_state_change(self, listener: Listener) -> None:
        """Call ``listener(session, new_state)`` on every state change."""
        self._on_state.append(listener)

    def on_end(self, listener: Listener) -> None:
        """Call ``listener(session, reason)`` after a session ended and was wiped."""
        self._on_end.append(listener)

    def _set_state(self, state: SessionState) -> None:
        if state is self.state:
            return
        self.state = state
        for listener in list(self._on_state):
            listener(self, state.value)

    # -- lifecycle ------------------------------------------------------------------------

    @property
    def active(self) -> bool:
        """True while a customer session is running (including the warning)."""
        return self.state is not SessionState.IDLE

    def start(self) -> str:
        """Start a session (a touch on the attract screen); return its opaque id."""
        if self.active:
            self.touch()
            return self.id
        self.id = uuid.uuid4().hex[:12]
        self._last_activity = self._clock()
        self._set_state(SessionState.ACTIVE)
        log_event(log, "session started", session=self.id)
        return self.id

    def touch(self) -> None:
        """Note customer activity: restarts the idle time (ignored while warning).

        During the warning only an answer counts: a press on "No, end session" must not
        first count as activity and dismiss the question under the customer's finger.
        """
        if self.state is SessionState.ACTIVE:
            self._last_activity = self._clock()

    def extend(self) -> None:
        """The customer answered "yes, more time": back to active, idle time restarts."""
        if self.active:
            self._last_activity = self._clock()
            self._set_state(SessionState.ACTIVE)

    def end(self, reason: str) -> None:
        """End the session (``finish``, ``cancel``, ``timeout``...) and wipe its data."""
        if not self.active:
            return
        ended = self.id
        self.wipe()
        self._set_state(SessionState.IDLE)
        log_event(log, "session ended", session=ended, reason=reason)
        for listener in list(self._on_end):
            listener(self, reason)

    def wipe(self) -> None:
        """Forget every personal value: clear the dict in place, then replace it."""
        for key in list(self.personal):
            self.personal[key] = None
        self.personal.clear()
        self.personal = {}
        self.id = ""

    # -- time -----------------------------------------------------------------------------

    def idle_for(self) -> float:
        """Seconds since the last customer activity (0 when no session)."""
        return max(0.0, self._clock() - self._last_activity) if self.active else 0.0

    def countdown_remaining(self) -> float:
        """Seconds left on the warning's countdown (``countdown_seconds`` when not warning)."""
        if self.state is not SessionState.WARNING:
            return self.countdown_seconds
        return max(0.0, self.countdown_seconds - (self._clock() - self._warning_since))

    def tick(self) -> SessionState:
        """Advance the machine to the clock's current time; return the state."""
        if self.state is SessionState.ACTIVE and self.idle_for() >= self.idle_seconds:
            self._warning_since = self._last_activity + self.idle_seconds
            self._set_state(SessionState.WARNING)
        if self.state is SessionState.WARNING and self.countdown_remaining() <= 0:
            self.end("timeout")
        return self.state
