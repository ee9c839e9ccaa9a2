"""Who may enter the diagnostics mode: a hub-issued one-time code, or the technician's PIN.

A one-time code (:mod:`kiosk.maintenance.otp`) is always accepted; the technician's own
PIN (an argon2 hash in ``[maintenance] technicians``) only while the hub cannot be reached,
since then no code can be issued.  ``max_tries`` wrong answers in a row lock entry for
``lockout_seconds``, and each further lock lasts twice as long as the one before (until a
success).  The count and the lock are kept in a file, so a restart does not clear them.
Every attempt is journaled with the technician id, the method and the result: never the
code or the PIN.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from kiosk.config import MaintenanceConfig
from kiosk.maintenance import otp

log = logging.getLogger(__name__)
MAX_LOCK_SECONDS = 3600.0
_HASHER = PasswordHasher()
# Verified for an unknown technician id, so a wrong id costs as long as a wrong PIN.
_DUMMY_HASH = _HASHER.hash("not-a-pin")


@dataclass(frozen=True)
class EntryResult:
    """What an attempt gave. ``reason`` is a translation key the entry screen shows.

    Attributes:
        ok: the technician may enter.
        technician: the id the attempt named.
        method: ``code`` (one-time code) or ``pin``.
        reason: ``ok``, ``wrong``, ``locked``, ``code_used``, ``pin_needs_code``,
            ``malformed`` (an unknown technician answers ``wrong`` too).
        wait_seconds: while locked, how long until the next try is allowed.
        tries_left: wrong answers left before the next lock.
    """

    ok: bool
    technician: str
    method: str
    reason: str
    wait_seconds: float = 0.0
    tries_left: int = 0


def hash_pin(pin: str, hasher: PasswordHasher | None = None) -> str:
    """The argon2 hash to put in the configuration for ``pin``.

    The hash carries its own cost parameters, which verification then uses; tests pass a
    cheap ``hasher`` to stay fast.
    """
    if not (4 <= len(pin) <= 12 and pin.isdigit()):
        raise ValueError("a technician PIN is 4 to 12 digits")
    return (hasher or _HASHER).hash(pin)


class TechnicianEntry:
    """Checks entry credentials and keeps the lockout state.

    Args:
        cfg: the ``[maintenance]`` section.
        terminal_id: this terminal (codes are bound to it).
        state_path: the JSON file holding failures, lock and used codes.
        journal: ``append(kind, **fields)`` (``None``: not journaled, tests only).
        hub_reachable: whether the hub can issue a code right now (then PINs are refused).
        clock: wall-clock seconds (locks survive restarts).
    """

    def __init__(
        self,
        cfg: MaintenanceConfig,
        terminal_id: str,
        state_path: str | Path,
        journal: Any = None,
        hub_reachable: Callable[[], bool] = lambda: False,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.cfg, self.terminal_id, self.path = cfg, terminal_id, Path(state_path)
        self.journal, self.hub_reachable, self.clock = journal, hub_reachable, clock
        self._lock = threading.Lock()
        self._state = self._load()
        self.observers: list[Callable[[EntryResult], None]] = []

    def _load(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return {"failures": int(data.get("failures", 0)), "locks": int(data.get("locks", 0)),
                    "locked_until": float(data.get("locked_until", 0.0)),
                    "used": [list(u) for u in data.get("used", [])][-200:]}  # fmt: skip
        except (OSError, ValueError, TypeError, AttributeError):
            return {"failures": 0, "locks": 0, "locked_until": 0.0, "used": []}

    def _save(self) -> None:
        tmp = self.path.with_suffix(".tmp")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps(self._state), encoding="utf-8")
        tmp.replace(self.path)

    def locked_for(self) -> float:
        """Seconds until entry may be tried again (0: not locked).

        Lock-free on purpose: the entry screen asks from the GUI thread while an attempt
        may be hashing a PIN under the lock.
        """
        return max(0.0, float(self._state["locked_until"]) - self.clock())

    def technician_ids(self) -> list[str]:
        """The configured technicians."""
        return [t.id for t in self.cfg.technicians]

    def attempt(self, technician: str, secret: str) -> EntryResult:
        """Check ``secret`` (an 8-digit code, else a PIN) for ``technician``; journal it."""
        technician = technician.strip()
        method = "code" if len(secret.strip()) == otp.DIGITS else "pin"
        # Asked before taking the lock: it may wait on the network.
        reachable = method == "pin" and self.hub_reachable()
        with self._lock:
            result = self._check(technician, secret.strip(), method, reachable)
        self._journal(result)
        for observer in list(self.observers):
            observer(result)
        return result

    def _check(self, technician: str, secret: str, method: str, hub: bool) -> EntryResult:
        now = self.clock()
        state = self._state
        if state["locked_until"] > now:
            return EntryResult(False, technician, method, "locked", state["locked_until"] - now)
        known = {t.id: t for t in self.cfg.technicians}
        if not technician or not secret.isdigit():
            return self._wrong(technician, method, "malformed")
        if method == "code":
            counter = otp.matching_counter(self.cfg.otp_secret, self.terminal_id, technician,
                                           secret, self.cfg.otp_step_seconds, now)  # fmt: skip
            if counter is None or technician not in known:
                return self._wrong(technician, method, "wrong")
            if [technician, counter] in state["used"]:
                return self._wrong(technician, method, "code_used")
            state["used"].append([technician, counter])
            return self._success(technician, method)
        if hub:
            # Not a wrong answer (the PIN is not even checked): ask the hub for a code.
            return EntryResult(False, technician, method, "pin_needs_code",
                               tries_left=self.cfg.max_tries - state["failures"])  # fmt: skip
        tech = known.get(technician)
        try:
            _HASHER.verify(tech.pin_hash if tech and tech.pin_hash else _DUMMY_HASH, secret)
            matched = tech is not None and bool(tech.pin_hash)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            matched = False
        if not matched:  # an unknown id answers like a wrong PIN
            return self._wrong(technician, method, "wrong")
        return self._success(technician, method)

    def _wrong(self, technician: str, method: str, reason: str) -> EntryResult:
        state = self._state
        state["failures"] += 1
        wait = 0.0
        if state["failures"] >= self.cfg.max_tries:
            wait = min(self.cfg.lockout_seconds * 2 ** state["locks"], MAX_LOCK_SECONDS)
            state["locks"] += 1
            state["failures"] = 0
            state["locked_until"] = self.clock() + wait
        self._save()
        left = self.cfg.max_tries - state["failures"] if not wait else 0
        return EntryResult(False, technician, method, reason, wait, left)

    def _success(self, technician: str, method: str) -> EntryResult:
        self._state.update(failures=0, locks=0, locked_until=0.0)
        self._save()
        return EntryResult(True, technician, method, "ok", tries_left=self.cfg.max_tries)

    def _journal(self, result: EntryResult) -> None:
        if self.journal is None:
            return
        fields = {"technician": result.technician or "-", "method": result.method,
                  "result": result.reason}  # fmt: skip
        if result.wait_seconds:
            fields["locked_seconds"] = round(result.wait_seconds)
        try:
            self.journal.append("maintenance.entry", **fields)
        except Exception:  # e.g. a technician id that looks like a number: still no secret
            log.exception("maintenance entry not journaled")
            self.journal.append("maintenance.entry", technician="<withheld>",
                                method=result.method, result=result.reason)  # fmt: skip
