"""XFS4IoT's VendorMode handshake for the diagnostics mode, as a small state machine.

::

    service --request(tech)--> requested --(no customer mid-journey)--> acknowledged --> active
    active --exit()--> service          requested --cancel()--> service

``request`` comes after the technician's credential was accepted.  From ``requested`` on,
no new customer session may start (the attract screen says "out of service for
maintenance"); a customer already in a session finishes or leaves first, and the
session's end calls :meth:`poll` again.  Each change is journaled and told to listeners
(the metrics' state set, the operations events, the UI).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from enum import StrEnum
from typing import Any

log = logging.getLogger(__name__)


class ModeState(StrEnum):
    """Where the handshake is (the names of the ``kiosk_maintenance_mode`` state set)."""

    SERVICE = "service"
    REQUESTED = "requested"
    ACKNOWLEDGED = "acknowledged"
    ACTIVE = "active"


Listener = Callable[[ModeState, str], None]


class VendorMode:
    """The handshake.

    Args:
        customer_busy: True while a customer session is running.
        journal: ``append(kind, **fields)`` for every change (``None`` in unit tests).
    """

    def __init__(self, customer_busy: Callable[[], bool], journal: Any = None) -> None:
        self.customer_busy = customer_busy
        self.journal = journal
        self.state = ModeState.SERVICE
        self.technician = ""
        self._lock = threading.Lock()  # in-memory only: never held across I/O
        self._listeners: list[Listener] = []

    def on_change(self, listener: Listener) -> None:
        """Call ``listener(state, technician)`` after every change."""
        self._listeners.append(listener)

    @property
    def blocks_customers(self) -> bool:
        """True once a technician asked to enter: no new session may start."""
        return self.state is not ModeState.SERVICE

    @property
    def active(self) -> bool:
        """True while the technician has the terminal."""
        return self.state is ModeState.ACTIVE

    def request(self, technician: str) -> ModeState:
        """Ask to enter (credential already checked); acknowledged at once if nobody waits."""
        with self._lock:
            if self.state is not ModeState.SERVICE:
                return self.state
            self.technician = technician
            changes = [self._set(ModeState.REQUESTED)]
        self._tell(changes)
        return self.poll()

    def poll(self) -> ModeState:
        """Acknowledge and activate a pending request once no customer is mid-journey."""
        if self.state is not ModeState.REQUESTED or self.customer_busy():
            return self.state
        with self._lock:
            if self.state is not ModeState.REQUESTED:
                return self.state
            changes = [self._set(ModeState.ACKNOWLEDGED), self._set(ModeState.ACTIVE)]
        self._tell(changes)
        return self.state

    def cancel(self) -> ModeState:
        """Withdraw a request that is still waiting for a customer."""
        with self._lock:
            if self.state is not ModeState.REQUESTED:
                return self.state
            changes = [self._set(ModeState.SERVICE)]
        self._tell(changes)
        return self.state

    def exit(self) -> ModeState:
        """Leave the mode: the terminal is back in service."""
        with self._lock:
            if self.state is ModeState.SERVICE:
                return self.state
            changes = [self._set(ModeState.SERVICE)]
        self._tell(changes)
        return self.state

    def _set(self, state: ModeState) -> tuple[ModeState, str]:
        self.state = state
        return state, self.technician

    def _tell(self, changes: list[tuple[ModeState, str]]) -> None:
        for state, technician in changes:
            if self.journal is not None:
                try:
                    self.journal.append("maintenance.mode", state=str(state),
                                        technician=technician or "-")  # fmt: skip
                except Exception:
                    log.exception("maintenance mode change not journaled")
            for listener in list(self._listeners):
                try:
                    listener(state, technician)
                except Exception:
                    log.exception("maintenance mode listener failed")
        if self.state is ModeState.SERVICE:
            self.technician = ""
