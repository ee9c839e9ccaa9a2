"""Open an account: ID document → details → face check → terms and signature → submit → receipt.

Someone the core already knows (by the terminal's externalId for their ID number, or by
identifier search) is told so and offered their accounts instead of becoming a second client.
The application goes to the core through the outbox as one ``open_account`` action (client,
identifier, savings account, approve, activate); the account number is shown only when the
core has confirmed it.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from kiosk.flows.identify_steps import TELLER_CHECK, ClientFound, IdentifySteps, look_up_client
from kiosk.flows.identity import Person, client_external_id
from kiosk.flows.lookup import Account
from kiosk.flows.ports import FlowDeps
from kiosk.flows.steps import IdentityLevel, Message, Outcome, StepSpec, result_steps
from kiosk.flows.submission import message_key, new_action_id
from kiosk.flows.view import ShownAccount
from kiosk.forms import applications
from kiosk.outbox.actions import OpenAccount

ID_DOCUMENT_TYPE = {"cn-id": 2, "mrz": 1}  # Fineract: 1 Passport, 2 Id


def signature_digest(signature: bytes) -> str:
    """SHA-256 of the signature, base32: ties the journal to the kept signature."""
    return "sha256:" + base64.b32encode(hashlib.sha256(signature).digest()).decode().rstrip("=")


class OpenAccountJourney(IdentifySteps):
    """The open-an-account state machine."""

    NAME = "open_account"
    STEPS = (
        StepSpec(
            "identity", devices=("idcard",), on_device_fault="identity", speech_key="open.identity"
        ),
        TELLER_CHECK,
        StepSpec("existing_client", IdentityLevel.DOCUMENT, speech_key="open.existing"),
        StepSpec("details", IdentityLevel.DOCUMENT, speech_key="open.details"),
        StepSpec("face", IdentityLevel.DOCUMENT, devices=("camera",), speech_key="face.guide"),
        StepSpec("terms", IdentityLevel.FACE, speech_key="open.terms"),
        StepSpec("teller_approval", IdentityLevel.FACE, speech_key="teller.opening_wait"),
        StepSpec("submitting", IdentityLevel.FACE, cancellable=False, speech_key="open.wait"),
        *result_steps("open"),
    )

    def __init__(self, deps: FlowDeps, **kwargs: Any) -> None:
        super().__init__(deps, **kwargs)
        self._init_identify()
        self.existing_accounts: list[Account] = []

    # --- identity → existing client or details -------------------------------------------
    def _look_up_after_document(self, person: Person) -> ClientFound:
        return look_up_client(self.deps, person)

    def _after_document(self, found: ClientFound) -> None:
        if found.unavailable:
            # Core unreachable: go on; a duplicate identifier at submit time still stops a
            # second client, and the customer is told then.
            self.data["client_check"] = "deferred"
            self._go("details", Message("core.check_deferred"))
            return
        if found.client_id is None:
            self.data["client_check"] = "new"
            self._go("details")
            return
        self.existing_accounts = list(found.accounts)
        self.data["client_check"] = "existing"
        self._go("existing_client", Message("open.already_client"))

    def _shown_accounts(self) -> list[ShownAccount]:
        return [a.shown() for a in self.existing_accounts]

    def finish_existing(self) -> None:
        """The existing client has seen their accounts and leaves."""
        with self._lock:
            self._expect("existing_client")
            self._end(Outcome.EXISTING_CLIENT, Message("open.already_client"))

    # --- details -------------------------------------------------------------------------
    def submit_details(self, mobile: str, address: str, occupation: str) -> bool:
        """Check and keep the editable fields; go to the face check. False: field errors."""
        with self._lock:
            self._expect("details")
            form = self.data["form"]
            form["mobile"]["value"] = mobile
            form["address"]["value"] = address
            form["occupation"]["value"] = occupation
            found = applications.open_account_details(mobile, address, occupation)
            if not found.ok:
                self._invalid(found.errors, Message("form.fix_fields"))
                return False
            self.data["details"] = found.clean
            self._go("face")
            return True

    def _after_face(self, found: Any) -> None:
        self._go("terms")

    # --- terms, signature ------------------------------------------------------------------
    def accept_terms(self, consent: bool, signature: bytes | None) -> bool:
        """Explicit consent and a drawn signature (PNG or SVG bytes) are both required."""
        with self._lock:
            self._expect("terms")
            errors = {}
            if not consent:
                errors["consent"] = "terms.consent_required"
            if not signature:
                errors["signature"] = "terms.signature_required"
            if errors:
                self._invalid(errors, Message("terms.incomplete"))
                return False
            self.data["signature"] = bytes(signature or b"")
            self.data["terms_language"] = self.language
            self._journal(
                "open.terms_accepted",
                language=self.language,
                signature_digest=signature_digest(self.data["signature"]),
            )
            if self.deps.limits.account_opening_needs_teller:
                if self.deps.teller is None:  # policy wants a human, and none is linked
                    self._end(Outcome.STAFF, Message("teller.opening_staff"))
                    return False
                self._go("teller_approval", Message("teller.opening_wait"))
                return True
            self._go("submitting")
            return True

    def await_teller(self) -> str:
        """The bank's policy: a video teller approves the account (blocking, lock released).

        Approved: the application is sent.  Refused: ended with the reason.  No decision in
        time or the call lost: to staff; an approval is never assumed.
        """
        if self.step == "teller_check":
            return super().await_teller()
        with self._lock:
            self._expect("teller_approval")
            if self._busy:
                return self.step
            assert self.person is not None
            details = {"document": self.person.document_kind}  # the teller sees the rest
            self._busy = "teller"
        try:
            decision = self._outside_lock(self.deps.teller.approve, "account_opening", details,
                                          self.language, self.session_id)  # fmt: skip
        except Exception:  # the link failed: not approved
            decision = None
        with self._lock:
            if self.ended or self.step != "teller_approval":
                return self.step
            approved = bool(decision is not None and decision.approved)
            self._journal("open.teller_decision", approved=approved,
                          timed_out=bool(decision is None or decision.timed_out))  # fmt: skip
            if approved:
                self._go("submitting")
            elif decision is None or decision.timed_out:
                self._end(Outcome.STAFF, Message("teller.opening_staff"))
            else:
                self._end(Outcome.REFUSED, Message("teller.refused", {"reason": decision.reason}))
            return self.step

    # --- submit --------------------------------------------------------------------------
    def payload(self) -> OpenAccount:
        """The outbox action of the application (kiosk.outbox.handlers.open_account).

        Address, occupation, terms language and the signature are not in it: the contract's
        client resource has no fields for them; they go to the ApplicationArchive.
        """
        assert self.person is not None
        p, d = self.person, self.data["details"]
        ext = client_external_id(p.id_number, self.deps.id_salt)
        return OpenAccount(
            firstname=(p.given_names or p.surname)[:50],
            lastname=p.surname[:50],
            client_external_id=ext,
            mobile_no=d["mobile"],
            office_id=self.deps.office_id,
            id_number=p.id_number,
            document_type_id=ID_DOCUMENT_TYPE.get(p.document_kind, 4),
            product_id=self.deps.savings_product_id,
            savings_external_id="S-" + ext[2:],
        )

    def submit(self) -> str:
        """Send the application and wait for the core (blocking). Returns the new step.

        The wait happens outside the journey's lock, so cancel, timeout and language switches
        from the GUI thread never wait on the core; a second press returns at once.
        """
        with self._lock:
            if self.step in ("done", "pending") or self.ended or self._busy:
                return self.step  # a second press: the first one's result stands
            self._expect("submitting")
            action_id = self.data.setdefault("action_id", new_action_id(self.deps.terminal_id, "A"))
            archive = self.deps.applications
            if archive is not None:
                d = self.data["details"]
                details = {"address": d["address"], "occupation": d["occupation"]}
                language = self.data.get("terms_language", self.language)
                archive.keep(action_id, "open_account", language, self.data["signature"], details)
            payload = self.payload()
            self._busy = "submit"
        sub = self._wait_for_core(payload, action_id)
        account_no = self._confirmed_account_no(sub.result) if sub.status == "done" else ""
        with self._lock:
            self._journal("open.submitted", action=action_id, state=sub.status)
            if self.ended:  # cancelled or timed out meanwhile: the outbox carries the action on
                return self.step
            if sub.status == "done":
                self.data["account_no"] = account_no
                self.data["result"] = {
                    k: sub.result.get(k) for k in ("client_id", "savings_id") if k in sub.result
                }
                self._go("done", Message("open.done"))
            elif sub.status == "pending":
                self._go("pending", Message("open.pending", {"reference": action_id}))
            elif message_key(sub) == "core.duplicate":
                self._end(Outcome.EXISTING_CLIENT, Message("open.already_client"))
            else:
                self._end(Outcome.FAILED, Message(message_key(sub)))
            return self.step

    def _confirmed_account_no(self, result: dict[str, Any]) -> str:
        account_no = str(result.get("account_no") or "")
        if not account_no and result.get("savings_id"):
            try:
                account_no = self.deps.core.get_savings(int(result["savings_id"])).account_no
            except Exception:  # confirmed but unreadable: the receipt still has the reference
                account_no = ""
        return account_no

    # --- receipt, end ------------------------------------------------------------------------
    def print_receipt(self) -> dict[str, Any]:
        """Print the receipt (blocking); on a printer fault the e-receipt QR is offered."""
        with self._lock:
            self._expect("done", "pending")
            assert self.person is not None
            kind = "account_opened" if self.step == "done" else "account_pending"
            data = {
                "name": self.person.full_name,
                "account_no": self.data.get("account_no", ""),
                "reference": self.data.get("action_id", ""),
            }
        return self._print_outside_lock(kind, data)

    def _wipe_extra(self) -> None:
        super()._wipe_extra()
        self.existing_accounts = []
