"""The shared skeleton of every customer journey: step declarations, outcomes, the base machine.

A journey is a plain-Python state machine.  The UI calls its methods (one worker thread per
session runs them, because some of them talk to the core bank) and reads what the journey
offers after each call (``view()``).  Every step declares what it needs (identity
level, devices), its spoken-guidance key, and where timeout, cancel and a device fault lead;
whatever happens, a session ends with exactly one ``Outcome`` and its personal data wiped.
"""

from __future__ import annotations

import copy
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from typing import Any, ClassVar, TypeVar

from kiosk.flows import receipting
from kiosk.flows.ports import FlowDeps
from kiosk.flows.tokens import token
from kiosk.flows.view import AutoAction, JourneyView, ShownAccount
from kiosk.outbox.actions import Action
from kiosk.outbox.online import Delivery, submit_and_wait

log = logging.getLogger(__name__)
T = TypeVar("T")


class IdentityLevel(IntEnum):
    """How sure the terminal is of who stands in front of it."""

    NONE = 0
    DOCUMENT = 1  # an ID document was read and validated
    FACE = 2  # ... and the live face matched the document's photo after liveness


class Outcome(StrEnum):
    """How a journey ended. Every session ends in exactly one of these."""

    COMPLETED = "completed"
    PENDING = "pending"  # accepted locally, the core has not confirmed yet (outbox retries)
    CANCELLED = "cancelled"
    TIMED_OUT = "timed_out"
    REFUSED = "refused"  # a rule said no (limits, teller approval needed, not a client)
    FAILED = "failed"  # the core said no (insufficient funds, unknown payee...)
    STAFF = "staff"  # sent to a member of staff (face check failed, device fault)
    EXISTING_CLIENT = "existing_client"  # open-account for someone who already is a client


@dataclass(frozen=True)
class StepSpec:
    """What one step needs and where it leads when things go wrong.

    Attributes:
        name: The step's id (also the QML screen's file stem).
        identity: Identity level required before the step may be shown.
        devices: Device classes the step uses ("idcard", "camera", "printer").
        timeout_seconds: Step-specific inactivity limit; ``None`` uses the session's.
        on_timeout: Outcome when inactivity ends the session during this step.
        on_cancel: Outcome when the customer cancels during this step.
        on_device_fault: Step to go to on a device fault, or ``None`` to end with STAFF.
        speech_key: Key of the spoken guidance prompt for the step.
        cancellable: ``False`` while the core is being written to (cancel is then refused).
    """

    name: str
    identity: IdentityLevel = IdentityLevel.NONE
    devices: tuple[str, ...] = ()
    timeout_seconds: float | None = None
    on_timeout: Outcome = Outcome.TIMED_OUT
    on_cancel: Outcome = Outcome.CANCELLED
    on_device_fault: str | None = None
    speech_key: str = ""
    cancellable: bool = True


def result_steps(speech_prefix: str) -> tuple[StepSpec, ...]:
    """The ``done`` and ``pending`` steps a journey ends on, after the face check.

    A printer fault stays on the step (the e-receipt is offered there); cancel and timeout
    keep the outcome the core already gave: completed, or pending.  ``Journey.finish``
    leaves them.
    """
    return tuple(
        StepSpec(
            name,
            IdentityLevel.FACE,
            devices=("printer",),
            on_device_fault=name,
            on_cancel=outcome,
            on_timeout=outcome,
            speech_key=f"{speech_prefix}.{name}",
        )
        for name, outcome in (("done", Outcome.COMPLETED), ("pending", Outcome.PENDING))
    )


@dataclass(frozen=True)
class Message:
    """A user-facing message as a translation key plus non-personal parameters."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)


class FlowError(Exception):
    """A method was called that the current step does not accept (a UI bug, not a user error)."""


class Journey:
    """Base class of the journeys: step bookkeeping, journal, cancel/timeout/fault, wipe.

    Subclasses declare ``NAME`` and ``STEPS`` (ordered) and add the step methods.  Methods
    are serialised by a lock so a double press from two threads cannot run a step twice.
    """

    NAME: ClassVar[str] = ""
    STEPS: ClassVar[tuple[StepSpec, ...]] = ()
    #: True when the ``submitting`` step sends by itself (``submit``); the transfer's
    #: ``confirm`` moves through it instead.
    AUTO_SUBMIT: ClassVar[bool] = True

    def __init__(self, deps: FlowDeps, *, session_id: str | None = None) -> None:
        self.deps = deps
        self.session_id = session_id or token(5)
        self.step: str = self.STEPS[0].name
        self.identity_level = IdentityLevel.NONE
        self.data: dict[str, Any] = {}
        self.errors: dict[str, str] = {}
        self.message: Message | None = None
        self.outcome: Outcome | None = None
        self.language = deps.language
        self.large_text = False
        # Held only while the machine changes, never across a wait on the core or the printer:
        # the GUI thread takes it too (cancel, timeout, language, wipe) and must never wait.
        self._lock = threading.RLock()
        self._busy: str | None = None  # the blocking call in progress ("lookup", "submit"...)
        self._journal("journey.start")
        self._journal("journey.step", step=self.step)

    # --- reading the machine -------------------------------------------------------------
    @classmethod
    def spec_of(cls, name: str) -> StepSpec:
        """Return the declaration of step ``name``."""
        for spec in cls.STEPS:
            if spec.name == name:
                return spec
        raise KeyError(name)

    @property
    def spec(self) -> StepSpec:
        """The current step's declaration."""
        return self.spec_of(self.step)

    @property
    def ended(self) -> bool:
        """True once an outcome is set; nothing else is accepted then."""
        return self.outcome is not None

    @property
    def busy(self) -> str:
        """The call waiting on the core or the printer ("lookup", "submit", "print") or ""."""
        return self._busy or ""

    def view(self) -> JourneyView:
        """What the screen shows now, as one consistent snapshot."""
        with self._lock:
            d = self.data
            m = self.message
            params = dict(m.params) if m else {"reference": d.get("action_id", "")}
            return JourneyView(
                name=self.NAME,
                step=self.step,
                ended=self.ended,
                outcome=self.outcome.value if self.outcome else "",
                message_key=m.key if m else "",
                message_params=params,
                errors=dict(self.errors),
                speech_key=self.spec.speech_key,
                language=self.language,
                form=copy.deepcopy(d.get("form", {})),
                inputs=copy.deepcopy(
                    {k: v for k, v in d.items() if k.endswith("_input") or k == "details"}
                ),
                draft=dict(d.get("draft", {})),
                accounts=tuple(self._shown_accounts()),
                summary=self._summary(),
                account_no=str(d.get("account_no", "")),
                reference=str(d.get("action_id", "")),
                receipt=dict(d.get("receipt") or {}),
                busy=self.busy,
                auto=self._auto_action(),
                document_source=self._document_source(),
                amount_info=self._amount_info(),
            )

    def _shown_accounts(self) -> list[ShownAccount]:
        """The accounts the current step lists (subclasses that have some)."""
        return []

    def _summary(self) -> dict[str, Any]:
        """What the confirm screen shows (subclasses that have one)."""
        return {}

    def _document_source(self) -> str:
        """Where the identity came from (journeys that identify the customer)."""
        return ""

    def _amount_info(self) -> dict[str, Any]:
        """Balance and limits before an amount is typed (journeys that take one)."""
        return {}

    def _auto_action(self) -> AutoAction:
        if self.ended or self._busy:
            return ""
        if self.step in ("done", "pending") and "receipt" not in self.data:
            return "print"
        if self.step == "submitting" and self.AUTO_SUBMIT:
            return "submit"
        if self.step in ("teller_approval", "teller_check"):
            return "teller"
        return ""

    def run_auto(self) -> None:
        """Run what the current step does by itself (send, or print the receipt); blocking."""
        action = self.view().auto
        if action == "submit":
            self.submit()
        elif action == "print":
            self.print_receipt()
        elif action == "teller":
            self.await_teller()

    def await_teller(self) -> str:
        """Wait for the video teller's decision (journeys with a teller approval step)."""
        raise FlowError(f"{self.NAME}: no teller approval")

    def submit(self) -> str:
        """Send the journey's business action (journeys with ``AUTO_SUBMIT``)."""
        raise FlowError(f"{self.NAME}: nothing to submit")

    def print_receipt(self) -> dict[str, Any]:
        """Print the result step's receipt (every journey that ends on ``result_steps``)."""
        raise FlowError(f"{self.NAME}: no receipt")

    def set_draft(self, key: str, value: str) -> None:
        """Keep what is being typed, so a re-rendered screen shows it again."""
        with self._lock:
            if not self.ended:
                self.data.setdefault("draft", {})[key] = value

    def abort(self, error: str) -> None:
        """A step failed unexpectedly (a bug or an unknown fault): end it as cancelled there."""
        with self._lock:
            if self.ended:
                return
            self._journal("journey.error", step=self.step, error=error)
            self._end(self.spec.on_cancel)

    # --- moving ----------------------------------------------------------------------------
    def _expect(self, *steps: str) -> None:
        if self.ended:
            raise FlowError(f"{self.NAME}: journey already ended ({self.outcome})")
        if self.step not in steps:
            raise FlowError(f"{self.NAME}: '{self.step}' does not accept this (wants {steps})")

    def _go(self, step: str, message: Message | None = None) -> None:
        spec = self.spec_of(step)
        if self.identity_level < spec.identity:
            raise FlowError(f"{self.NAME}: step '{step}' needs identity {spec.identity.name}")
        self.step = step
        self.errors = {}
        self.message = message
        self._journal("journey.step", step=step)

    def _invalid(self, errors: dict[str, str], message: Message | None = None) -> None:
        """Stay on the step, keep the data, show field errors."""
        self.errors = dict(errors)
        self.message = message
        self._journal("journey.invalid", step=self.step, fields=sorted(errors))

    def _end(self, outcome: Outcome, message: Message | None = None, **fields: Any) -> None:
        if self.ended:
            return
        self.outcome = outcome
        if message is not None:
            self.message = message
        self._journal(
            "journey.end",
            step=self.step,
            outcome=outcome.value,
            reason=message.key if message else "",
            **fields,
        )

    # --- what every step accepts -----------------------------------------------------------
    def cancel(self) -> bool:
        """The customer pressed cancel: end with the step's cancel outcome. False if refused."""
        with self._lock:
            if self.ended:
                return True
            if not self.spec.cancellable:
                self._journal("journey.cancel_refused", step=self.step)
                return False
            self._end(self.spec.on_cancel, Message("journey.cancelled"))
            return True

    def timed_out(self) -> None:
        """The session's inactivity countdown ran out."""
        with self._lock:
            if not self.ended:
                self._end(self.spec.on_timeout, Message("journey.timed_out"))

    def help_requested(self) -> None:
        """The help button: journaled; the shell shows help (and later calls a teller)."""
        with self._lock:
            self._journal("journey.help", step=self.step)

    def device_fault(self, device: str, status: str) -> None:
        """A device the current step uses failed: go to the step's fallback or to staff."""
        with self._lock:
            if self.ended:
                return
            self._journal("journey.device_fault", step=self.step, device=device, status=status)
            if device not in self.spec.devices:
                return
            target = self.spec.on_device_fault
            if target is None:
                self._end(Outcome.STAFF, Message("device.fault", {"device": device}))
            else:
                self._go(target, Message("device.fault", {"device": device}))

    def finish(self) -> None:
        """The customer leaves the result screen (the ``result_steps``)."""
        with self._lock:
            self._expect("done", "pending")
            self._end(Outcome.COMPLETED if self.step == "done" else Outcome.PENDING)

    def set_language(self, language: str) -> None:
        """Switch the language mid-journey; everything entered is kept."""
        with self._lock:
            self.language = language
            self._journal("journey.language", step=self.step, language=language)

    def set_large_text(self, on: bool) -> None:
        """Switch large text mid-journey; everything entered is kept."""
        with self._lock:
            self.large_text = bool(on)

    def wipe(self) -> None:
        """Drop every piece of personal data this journey held (session end)."""
        with self._lock:
            self.data.clear()
            self.errors = {}
            self._wipe_extra()

    def _wipe_extra(self) -> None:
        """Subclasses drop their own held objects (photos, accounts)."""

    def _outside_lock(self, call: Callable[..., T], *args: Any) -> T:
        """Run ``call(*args)`` (a wait on the core) with the journey's lock released.

        The caller set ``self._busy`` under the lock and released it; the mark is cleared
        here, even when the call raises.  The caller re-takes the lock and checks ``ended``
        before it uses the answer.
        """
        try:
            return call(*args)
        finally:
            with self._lock:
                self._busy = None

    def _wait_for_core(self, action: Action, action_id: str) -> Delivery:
        """Submit ``action`` through the outbox and wait for the core, the lock released.

        The caller set ``self._busy = "submit"`` under the lock; it is cleared here, even
        when the submission raises.
        """
        return self._outside_lock(
            submit_and_wait,
            self.deps.outbox,
            action.KIND,
            action.to_payload(),
            action_id,
            self.deps.submit_wait_seconds,
        )

    def _print_outside_lock(self, kind: str, data: dict[str, Any]) -> dict[str, Any]:
        """Print receipt ``kind`` without holding the lock; keep the outcome in ``data``.

        A second call while one prints returns the receipt known so far (nothing prints
        twice).
        """
        with self._lock:
            if self._busy == "print":
                return dict(self.data.get("receipt") or {})
            self._busy = "print"
        try:
            outcome = receipting.print_receipt(self, kind, data)
        finally:
            with self._lock:
                self._busy = None
        with self._lock:
            if not self.ended:
                self.data["receipt"] = outcome
                return outcome

    # --- journal ---------------------------------------------------------------------------
    def _journal(self, event: str, **fields: Any) -> None:
        journal = self.deps.journal
        if journal is None:
            return
        try:
            journal.append(event, journey=self.NAME, session=self.session_id, **fields)
        except Exception:  # the journal failing must be visible but not crash the customer
            log.exception("journal append failed (%s)", event)
