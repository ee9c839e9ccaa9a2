"""Transfer money: identify → own account → payee → amount → confirm → submit → receipt.

The payee's account must exist in the core and its holder's name must match what the
customer typed.  Limits come from LimitsConfig; an amount above the teller-approval threshold
waits for a video teller's decision (``teller_approval``, run by ``await_teller`` with the
lock released) when the terminal has a teller link, and is refused without one.  The
transfer's action id is fixed when the confirm screen is shown, so a double press or a
restart hands the outbox, and so the core's Idempotency-Key, the same id: nothing is
posted twice.
"""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

from kiosk.corebank.errors import CorebankError, Unavailable
from kiosk.flows import validation
from kiosk.flows.identify_steps import DOCUMENT_THEN_FACE, ClientSteps
from kiosk.flows.limits import check_limits
from kiosk.flows.lookup import Account, Payee, mask, payee_account
from kiosk.flows.ports import FlowDeps
from kiosk.flows.steps import IdentityLevel, Message, Outcome, StepSpec, result_steps
from kiosk.flows.submission import message_key, new_action_id
from kiosk.outbox.actions import Transfer

log = logging.getLogger(__name__)

MAX_PAYEE_ATTEMPTS = 3


class TransferJourney(ClientSteps):
    """The transfer state machine."""

    NAME = "transfer"
    AUTO_SUBMIT = False  # confirm() moves through "submitting" itself
    F = IdentityLevel.FACE
    STEPS = (
        *DOCUMENT_THEN_FACE,
        StepSpec("choose_account", F, speech_key="transfer.choose_account"),
        StepSpec("payee", F, speech_key="transfer.payee"),
        StepSpec("amount", F, speech_key="transfer.amount"),
        StepSpec("teller_approval", F, speech_key="teller.approval_wait"),
        StepSpec("confirm", F, speech_key="transfer.confirm"),
        StepSpec("submitting", F, cancellable=False, speech_key="transfer.wait"),
        *result_steps("transfer"),
    )

    def __init__(self, deps: FlowDeps, **kwargs: Any) -> None:
        super().__init__(deps, **kwargs)
        self.source: Account | None = None
        self.payee: Payee | None = None
        self._payee_attempts = 0

    # --- identified: the client's accounts ----------------------------------------------
    def _after_accounts(self) -> None:
        if not self.accounts:
            self._end(Outcome.REFUSED, Message("transfer.no_accounts"))
            return
        self._go("choose_account")

    # --- choices ---------------------------------------------------------------------------
    def choose_account(self, account_id: int) -> bool:
        """The customer picked one of their own active accounts."""
        with self._lock:
            self._expect("choose_account")
            match = [a for a in self.accounts if a.id == int(account_id)]
            if not match:
                self._invalid({"account": "transfer.account_unknown"})
                return False
            self.source = match[0]
            self.data["source_id"] = self.source.id
            self._go("payee")
            return True

    def submit_payee(self, account_no: str, name: str) -> bool:
        """Check the payee account in the core (lock released) and the holder's name."""
        with self._lock:
            self._expect("payee")
            if self._busy:  # a second press while the core is asked
                return False
            assert self.source is not None
            self.data["payee_input"] = {"account_no": account_no, "name": name}
            try:
                number = validation.account_number(account_no)
            except validation.FieldInvalid as exc:
                self._invalid({"payee_account": exc.key})
                return False
            if not name.strip():
                self._invalid({"payee_name": "payee.name_required"})
                return False
            if number.lstrip("0") == self.source.account_no.lstrip("0"):
                self._invalid({"payee_account": "payee.same_account"})
                return False
            self._busy = "lookup"
        try:
            account = self._outside_lock(payee_account, self.deps.core, number)
        except Unavailable:
            with self._lock:
                if not self.ended:
                    self._end(Outcome.FAILED, Message("core.unavailable"))
            return False
        with self._lock:
            if self.ended or self.step != "payee":
                return False  # cancelled or timed out while the core answered
            error = None
            if account is None:
                error = ("payee_account", "payee.unknown_account")
            elif not validation.names_match(name, account.holder_name):
                error = ("payee_name", "payee.name_mismatch")
            elif not account.active:
                error = ("payee_account", "payee.account_inactive")
            if error is not None:
                self._payee_attempts += 1
                self._journal(
                    "transfer.payee_rejected", reason=error[1], attempt=self._payee_attempts
                )
                if self._payee_attempts >= MAX_PAYEE_ATTEMPTS:
                    self._end(Outcome.FAILED, Message(error[1]))
                else:
                    self._invalid({error[0]: error[1]}, Message(error[1]))
                return False
            assert account is not None
            self.payee = account
            self.data["payee"] = {"account_no": number, "name": name.strip()}
            self._go("amount")
            return True

    def submit_amount(self, raw: str) -> bool:
        """Check the amount against format, balance and limits; then the confirm screen."""
        with self._lock:
            self._expect("amount")
            assert self.source is not None and self.client_id is not None
            self.data["amount_input"] = raw
            try:
                amount = validation.amount(raw)
            except validation.FieldInvalid as exc:
                self._invalid({"amount": exc.key})
                return False
            if self.source.balance is not None and amount > self.source.balance:
                self._invalid(
                    {"amount": "core.insufficient_funds"}, Message("core.insufficient_funds")
                )
                return False
            today = self.deps.now().date()
            total = (
                self.deps.daily_totals.total(self.client_id, today)
                if self.deps.daily_totals
                else Decimal(0)
            )
            refused = check_limits(self.deps.limits, amount, total)
            if refused is not None:
                self._journal("transfer.limit", rule=refused)
                if refused == "limit.teller_approval" and self.deps.teller is not None:
                    self.data["amount"] = amount
                    self._go("teller_approval", Message("teller.approval_wait"))
                    return True
                # Above a limit: ask for a smaller amount on the spot, never end the journey.
                params = {"threshold": f"{self.deps.limits.teller_approval_above:,.2f}"}
                self._invalid({"amount": refused}, Message(refused, params))
                return False
            self.data["amount"] = amount
            # One id per confirmed set of details: a double press reuses it.
            self.data["action_id"] = new_action_id(self.deps.terminal_id, "T")
            self._go("confirm")
            return True

    def await_teller(self) -> str:
        """Ask the video teller to approve the amount and wait (blocking, lock released).

        Approved: the confirm screen.  Refused, no decision in time, or the call lost: the
        journey ends refused with the reason; an approval is never assumed.
        """
        if self.step == "teller_check":  # the document, before the transfer itself
            return super().await_teller()
        with self._lock:
            self._expect("teller_approval")
            if self._busy:  # already waiting
                return self.step
            threshold = f"{self.deps.limits.teller_approval_above:.2f}"
            details = {**self.summary(), "threshold": threshold}
            self._busy = "teller"
            self._journal("transfer.teller_asked")
        try:
            decision = self._outside_lock(self.deps.teller.approve, "large_transfer", details,
                                          self.language, self.session_id)  # fmt: skip
        except Exception as exc:  # the link failed: not approved
            log.warning("teller approval failed: %s", exc)
            decision = None
        with self._lock:
            if self.ended or self.step != "teller_approval":
                return self.step  # cancelled or timed out meanwhile
            approved = bool(decision is not None and decision.approved)
            self._journal("transfer.teller_decision", approved=approved,
                          timed_out=bool(decision is None or decision.timed_out))  # fmt: skip
            if approved:
                self.data["action_id"] = new_action_id(self.deps.terminal_id, "T")
                self._go("confirm", Message("teller.approved"))
            elif decision is None or decision.timed_out:
                self._end(Outcome.REFUSED, Message("teller.no_decision"))
            else:
                self._end(Outcome.REFUSED, Message("teller.refused", {"reason": decision.reason}))
            return self.step

    def back(self) -> None:
        """Go back one input step (confirm → amount → payee → choose_account), keeping data."""
        with self._lock:
            order = ("choose_account", "payee", "amount", "confirm")
            self._expect(*order[1:])
            if self.step == "confirm":  # new details will get a new action id
                self.data.pop("action_id", None)
            self._go(order[order.index(self.step) - 1])

    def summary(self) -> dict[str, Any]:
        """Everything the confirm screen shows (account numbers masked)."""
        assert self.source is not None
        payee = self.data.get("payee", {})
        return {
            "from": mask(self.source.account_no),
            "to": mask(payee.get("account_no", "")),
            "payee_name": payee.get("name", ""),
            "amount": str(self.data.get("amount", "")),
            "currency": self.source.currency,
            "reference": self.data.get("action_id", ""),
        }

    def _summary(self) -> dict[str, Any]:
        return self.summary() if self.data.get("amount") else {}

    def _amount_info(self) -> dict[str, Any]:
        # Only the amount screen shows it: view() runs on every change, under the lock, and
        # the daily total is a read of its SQLite file.
        if self.step != "amount" or self.source is None or self.client_id is None:
            return {}
        limits, used = self.deps.limits, Decimal(0)
        if self.deps.daily_totals is not None:
            try:
                used = self.deps.daily_totals.total(self.client_id, self.deps.now().date())
            except Exception:  # a help for the screen, not a rule: submit_amount checks again
                log.warning("daily transfer total unavailable for the amount screen")
        per_day = limits.per_day
        return {
            "balance": self.source.balance,
            "currency": self.source.currency or "CNY",
            "per_transaction": limits.per_transaction,
            "today_left": max(per_day - used, Decimal(0)),
            "teller_above": limits.teller_approval_above,
        }

    # --- submit ----------------------------------------------------------------------------
    def payload(self) -> Transfer:
        """The outbox action (kiosk.outbox.handlers.transfer); the amount stays a Decimal."""
        assert self.source is not None and self.payee is not None
        assert self.client_id is not None
        return Transfer(
            from_client_id=self.client_id,
            from_account_id=self.source.id,
            to_client_id=self.payee.client_id,
            to_account_id=self.payee.account_id,
            amount=self.data["amount"],
            description=f"kiosk {self.data['action_id']}",
        )

    def confirm(self) -> str:
        """Post the transfer through the outbox and wait for the core (blocking).

        A second press while or after the first runs returns the first one's step.  The wait
        happens outside the journey's lock, so the GUI thread (cancel, timeout, language)
        never waits on the core.
        """
        with self._lock:
            if self.step in ("submitting", "done", "pending") or self.ended:
                return self.step
            self._expect("confirm")
            self._go("submitting")
            action_id = self.data["action_id"]
            amount: Decimal = self.data["amount"]
            assert self.client_id is not None
            if self.deps.daily_totals is not None:
                self.deps.daily_totals.add(
                    action_id, self.client_id, self.deps.now().date(), amount
                )
            payload = self.payload()
            self._busy = "submit"
        try:
            sub = self._wait_for_core(payload, action_id)
        except CorebankError:
            with self._lock:
                if not self.ended:
                    self._end(Outcome.FAILED, Message("core.unavailable"))
                return self.step
        with self._lock:
            self._journal("transfer.submitted", action=action_id, state=sub.status)
            if sub.status not in ("done", "pending") and self.deps.daily_totals is not None:
                self.deps.daily_totals.remove(action_id)  # refused: it doesn't count
            if self.ended:  # timed out meanwhile: the outbox carries the transfer on
                return self.step
            if sub.status == "done":
                self.data["transfer_id"] = sub.result.get("resource_id")
                self._go("done", Message("transfer.done"))
            elif sub.status == "pending":
                self._go("pending", Message("transfer.pending", {"reference": action_id}))
            else:
                self._end(Outcome.FAILED, Message(message_key(sub)))
            return self.step

    # --- receipt, end ------------------------------------------------------------------------
    def print_receipt(self) -> dict[str, Any]:
        """Print the transfer receipt (done or pending); e-receipt on a printer fault."""
        with self._lock:
            self._expect("done", "pending")
            kind = "transfer_done" if self.step == "done" else "transfer_pending"
            data = self.summary()
        return self._print_outside_lock(kind, data)

    def _wipe_extra(self) -> None:
        super()._wipe_extra()
        self.source, self.payee = None, None
