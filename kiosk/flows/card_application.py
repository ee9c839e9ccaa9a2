"""Apply for a card: identify → choose the card → consent → submit → reference and receipt.

A debit card is issued on one of the customer's active accounts; a credit card needs the
yearly income and the employer.  The application is a row of the ``card_application``
datatable on the client, sent through the outbox; its action id is the reference the
customer sees and gets on paper.
"""

from __future__ import annotations

from typing import Any

from kiosk.flows.identify_steps import DOCUMENT_THEN_FACE, ClientSteps
from kiosk.flows.lookup import mask
from kiosk.flows.steps import IdentityLevel, Message, Outcome, StepSpec, result_steps
from kiosk.flows.submission import message_key, new_action_id
from kiosk.forms import applications
from kiosk.outbox.actions import CardApplication

CARD_KINDS = ("debit", "credit")


class CardApplicationJourney(ClientSteps):
    """The card-application state machine."""

    NAME = "card_application"
    F = IdentityLevel.FACE
    STEPS = (
        *DOCUMENT_THEN_FACE,
        StepSpec("choose_card", F, speech_key="card.choose"),
        StepSpec("consent", F, speech_key="card.consent"),
        StepSpec("submitting", F, cancellable=False, speech_key="card.wait"),
        *result_steps("card"),
    )

    def _after_accounts(self) -> None:
        self._go("choose_card")

    def choose_card(
        self,
        kind: str,
        account_id: int | None = None,
        income: str = "",
        employer: str = "",
    ) -> bool:
        """Debit on ``account_id``, or credit with ``income`` and ``employer``."""
        with self._lock:
            self._expect("choose_card")
            self.data["card_input"] = {
                "kind": kind,
                "account_id": account_id,
                "income": income,
                "employer": employer,
            }
            if kind not in CARD_KINDS:
                self._invalid({"kind": "card.kind_required"})
                return False
            if kind == "debit":
                match = [
                    a for a in self.accounts if account_id is not None and a.id == int(account_id)
                ]
                if not match:
                    key = "card.no_accounts" if not self.accounts else "card.account_required"
                    self._invalid({"account": key}, Message(key))
                    return False
                self.data["card"] = {
                    "kind": "debit",
                    "account_id": match[0].id,
                    "account_masked": mask(match[0].account_no),
                }
            else:
                found = applications.credit_details(income, employer)
                if not found.ok:
                    self._invalid(found.errors)
                    return False
                self.data["card"] = {"kind": "credit", **found.clean}
            self._go("consent")
            return True

    def back(self) -> None:
        """From consent back to the card choice, keeping what was entered."""
        with self._lock:
            self._expect("consent")
            self._go("choose_card")

    def give_consent(self, consent: bool) -> bool:
        """Explicit consent to the card terms (and to the credit check for a credit card)."""
        with self._lock:
            self._expect("consent")
            if not consent:
                self._invalid({"consent": "terms.consent_required"})
                return False
            self.data.setdefault("action_id", new_action_id(self.deps.terminal_id, "C"))
            self._go("submitting")
            return True

    def payload(self) -> CardApplication:
        """The outbox action (kiosk.outbox.handlers.card_application)."""
        card = self.data["card"]
        assert self.client_id is not None
        debit = card["kind"] == "debit"
        return CardApplication(
            client_id=self.client_id,
            card_type=card["kind"],
            reference=self.data["action_id"],
            submitted_on=self.deps.now().strftime("%d %B %Y"),
            savings_account_id=card["account_id"] if debit else None,
            annual_income=None if debit else card["income"],
            employer=None if debit else card["employer"],
        )

    def submit(self) -> str:
        """Send the application through the outbox and wait for the core (blocking).

        The wait happens outside the journey's lock (see ``OpenAccountJourney.submit``).
        """
        with self._lock:
            if self.step in ("done", "pending") or self.ended or self._busy:
                return self.step
            self._expect("submitting")
            action_id = self.data["action_id"]
            payload, card_kind = self.payload(), self.data["card"]["kind"]
            self._busy = "submit"
        sub = self._wait_for_core(payload, action_id)
        with self._lock:
            self._journal("card.submitted", action=action_id, state=sub.status, card=card_kind)
            if self.ended:
                return self.step
            if sub.status == "done":
                self._go("done", Message("card.done", {"reference": action_id}))
            elif sub.status == "pending":
                self._go("pending", Message("card.pending", {"reference": action_id}))
            else:
                self._end(Outcome.FAILED, Message(message_key(sub)))
            return self.step

    def print_receipt(self) -> dict[str, Any]:
        """Print the reference (blocking); e-receipt QR on a printer fault."""
        with self._lock:
            self._expect("done", "pending")
            data = {
                "reference": self.data["action_id"],
                "card": self.data["card"]["kind"],
                "state": self.step,
            }
        return self._print_outside_lock("card_application", data)
