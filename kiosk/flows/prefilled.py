"""Complete a pre-filled application: code → confirm → ID card → face → consent → submit.

The customer prepared the application on their phone (the hub's ``/m/``); at the terminal
they show its QR code or type its code.  The terminal loads the form from the hub
(``FlowDeps.preapps``, kiosk.prearrival.client), shows it for confirmation, then runs only
identity and consent.  The application is used only if the identity read matches the one
the applicant gave: the hub compares the keyed hashes when the terminal claims it (after a
good document, before the face check).  A mismatch ends REFUSED, nothing is submitted, and
the journal says why (``prefilled.refused``).  Submission goes through the outbox exactly as
in the full journeys; the hub is told afterwards (``complete``) so the code cannot be used
twice.
"""

from __future__ import annotations

from typing import Any

from kiosk.flows.identify_steps import TELLER_CHECK, ClientFound, look_up_client
from kiosk.flows.identity import Person
from kiosk.flows.lookup import mask
from kiosk.flows.open_account import OpenAccountJourney
from kiosk.flows.steps import IdentityLevel, Message, Outcome, StepSpec, result_steps
from kiosk.flows.submission import message_key, new_action_id
from kiosk.forms import applications, codes
from kiosk.outbox.actions import CardApplication
from kiosk.prearrival.model import LoadedPreapp, PreappRefused

F = IdentityLevel.FACE
#: Refusals of a code that leave the customer on the code step to try another one.
_RETRY_CODE = ("unknown", "expired", "completed", "bad_code", "unavailable", "locked")


class PrefilledJourney(OpenAccountJourney):
    """A pre-filled account opening or card application, completed after identification."""

    NAME = "prefilled"
    STEPS = (
        StepSpec("code", devices=("camera",), on_device_fault="code", speech_key="prefilled.code"),
        StepSpec("confirm_application", speech_key="prefilled.confirm"),
        StepSpec("identity", devices=("idcard",), on_device_fault="identity",
                 speech_key="identify.card"),  # fmt: skip
        TELLER_CHECK,
        StepSpec("face", IdentityLevel.DOCUMENT, devices=("camera",), speech_key="face.guide"),
        StepSpec("choose_account", F, speech_key="card.choose"),
        StepSpec("terms", F, speech_key="open.terms"),
        StepSpec("consent", F, speech_key="card.consent"),
        StepSpec("teller_approval", F, speech_key="teller.opening_wait"),
        StepSpec("submitting", F, cancellable=False, speech_key="prefilled.wait"),
        *result_steps("prefilled"),
    )

    def __init__(self, deps: Any, **kwargs: Any) -> None:
        super().__init__(deps, **kwargs)
        self.client_id: int | None = None
        self.accounts: list[Any] = []

    @property
    def kind(self) -> str:
        """The application's kind once loaded ("open_account", "card_application") or ""."""
        with self._lock:
            return str(self.data.get("preapp", {}).get("kind", ""))

    # --- code and confirmation -----------------------------------------------------------
    def enter_code(self, text: str) -> str:
        """A typed code or a scanned QR text: load the application (blocking, lock released)."""
        with self._lock:
            self._expect("code")
            if self._busy:
                return self.step
            code = codes.from_text(text)
            if code is None:
                self._journal("prefilled.code", result="bad_code")
                self._invalid({"code": "prefilled.bad_code"}, Message("prefilled.bad_code"))
                return self.step
            if self.deps.preapps is None:
                self._end(Outcome.STAFF, Message("prefilled.unavailable"))
                return self.step
            self._busy = "lookup"
        try:
            loaded: LoadedPreapp | PreappRefused = self._outside_lock(self.deps.preapps.fetch,
                                                                      code)  # fmt: skip
        except PreappRefused as exc:
            loaded = exc
        with self._lock:
            if self.ended or self.step != "code":
                return self.step
            if isinstance(loaded, PreappRefused):
                self._journal("prefilled.code", result=loaded.reason)
                key = f"prefilled.{loaded.reason}"
                self._invalid({"code": key}, Message(key))
                return self.step
            found = applications.check_form(loaded.kind, loaded.form)
            if not found.ok:  # the hub checked it with the same rules: a rule changed since
                self._journal("prefilled.code", result="form_invalid", fields=sorted(found.errors))
                self._end(Outcome.STAFF, Message("prefilled.form_invalid"))
                return self.step
            self.data["preapp"] = {"code": loaded.code, "kind": loaded.kind, "form": found.clean,
                                   "expires_at": loaded.expires_at}  # fmt: skip
            self._journal("prefilled.code", result="loaded", application=loaded.kind)
            self._go("confirm_application")
            return self.step

    def scan_failed(self, reason: str) -> None:
        """No QR code was seen (or the camera failed): stay and offer typing the code."""
        with self._lock:
            self._expect("code")
            self._journal("prefilled.code", result="no_qr", reason=reason)
            if self.errors.get("code", "") not in ("", "prefilled.no_qr", "prefilled.no_camera"):
                return  # a typed code's refusal is on screen: the customer is typing, keep it
            key = "prefilled.no_camera" if reason == "camera_fault" else "prefilled.no_qr"
            self._invalid({"code": key}, Message(key))

    def confirm_application(self) -> None:
        """The customer confirms the loaded application: identity next."""
        with self._lock:
            self._expect("confirm_application")
            self._go("identity")

    def other_code(self) -> None:
        """Not the right application: back to the code step."""
        with self._lock:
            self._expect("confirm_application")
            self.data.pop("preapp", None)
            self._go("code")

    def _summary(self) -> dict[str, Any]:
        preapp = self.data.get("preapp")
        if not preapp:
            return {}
        summary = {"code": preapp["code"], "kind": preapp["kind"], **preapp["form"]}
        card = self.data.get("card")
        if card and card.get("account_masked"):
            summary["account_masked"] = card["account_masked"]
        return summary

    # --- identity: the hub checks the ID number -------------------------------------------
    def _preapp(self) -> dict[str, Any]:
        with self._lock:  # briefly: the look-ups run with the lock released
            return dict(self.data.get("preapp") or {})

    def _look_up_after_document(self, person: Person) -> Any:
        preapp = self._preapp()
        if not preapp:  # wiped meanwhile: the answer is dropped anyway
            return PreappRefused("unavailable")
        try:
            self.deps.preapps.claim(preapp["code"], person.id_number, self.session_id)
        except PreappRefused as exc:
            return exc
        if preapp["kind"] == "open_account":
            return look_up_client(self.deps, person)
        return None

    def _after_document(self, found: Any) -> None:
        if isinstance(found, PreappRefused):
            # The reason only: neither ID number is written anywhere.
            self._journal("prefilled.refused", reason=found.reason)
            key = "prefilled.id_mismatch" if found.reason == "id_mismatch" else \
                f"prefilled.{found.reason}"
            self._end(Outcome.REFUSED, Message(key))
            return
        self._journal("prefilled.claimed", application=self.data["preapp"]["kind"])
        if isinstance(found, ClientFound) and found.client_id is not None:
            self._end(Outcome.EXISTING_CLIENT, Message("open.already_client"))
            return
        if self.data["preapp"]["kind"] == "open_account":
            self.data["details"] = dict(self.data["preapp"]["form"])
            if isinstance(found, ClientFound) and found.unavailable:
                self.data["client_check"] = "deferred"
                self._go("face", Message("core.check_deferred"))
                return
            self.data["client_check"] = "new"
        self._go("face")

    def _look_up_after_face(self, person: Person) -> Any:
        if self._preapp().get("kind") == "card_application":
            return look_up_client(self.deps, person)
        return None

    def _after_face(self, found: Any) -> None:
        if self.data["preapp"]["kind"] == "open_account":
            self._go("terms")
            return
        if found.unavailable:
            self._end(Outcome.FAILED, Message("core.unavailable"))
            return
        if found.client_id is None:
            self._end(Outcome.REFUSED, Message("identify.not_a_client"))
            return
        self.client_id = found.client_id
        self.accounts = [a for a in found.accounts if a.active]
        form = self.data["preapp"]["form"]
        if form["card"] == "credit":
            self.data["card"] = {"kind": "credit", "income": form["income"],
                                 "employer": form["employer"]}  # fmt: skip
            self._go("consent")
        elif len(self.accounts) == 1:
            self._set_debit(self.accounts[0])
            self._go("consent")
        elif not self.accounts:
            self._end(Outcome.REFUSED, Message("card.no_accounts"))
        else:
            self._go("choose_account")

    def _set_debit(self, account: Any) -> None:
        self.data["card"] = {"kind": "debit", "account_id": account.id,
                             "account_masked": mask(account.account_no)}  # fmt: skip

    def choose_account(self, account_id: int) -> bool:
        """The account a debit card is issued on (when the customer has several)."""
        with self._lock:
            self._expect("choose_account")
            match = [a for a in self.accounts if a.id == int(account_id)]
            if not match:
                self._invalid({"account": "card.account_required"})
                return False
            self._set_debit(match[0])
            self._go("consent")
            return True

    def _shown_accounts(self) -> list[Any]:
        if self.step == "choose_account":
            return [a.shown() for a in self.accounts]
        return []

    def give_consent(self, consent: bool) -> bool:
        """A card application's explicit consent (and to the credit check for credit)."""
        with self._lock:
            self._expect("consent")
            if not consent:
                self._invalid({"consent": "terms.consent_required"})
                return False
            self.data.setdefault("action_id", new_action_id(self.deps.terminal_id, "C"))
            self._go("submitting")
            return True

    # --- submit --------------------------------------------------------------------------
    def submit(self) -> str:
        """Send the application through the outbox, then tell the hub (both blocking)."""
        kind = self._preapp().get("kind")
        step = super().submit() if kind == "open_account" else self._submit_card()
        self._complete_on_hub()
        return step

    def _submit_card(self) -> str:
        with self._lock:
            if self.step in ("done", "pending") or self.ended or self._busy:
                return self.step
            self._expect("submitting")
            card = self.data["card"]
            action_id = self.data["action_id"]
            assert self.client_id is not None
            debit = card["kind"] == "debit"
            payload = CardApplication(
                client_id=self.client_id, card_type=card["kind"], reference=action_id,
                submitted_on=self.deps.now().strftime("%d %B %Y"),
                savings_account_id=card["account_id"] if debit else None,
                annual_income=None if debit else card["income"],
                employer=None if debit else card["employer"],
            )
            self._busy = "submit"
        sub = self._wait_for_core(payload, action_id)
        with self._lock:
            self._journal("card.submitted", action=action_id, state=sub.status, card=card["kind"])
            if self.ended:
                return self.step
            if sub.status == "done":
                self._go("done", Message("card.done", {"reference": action_id}))
            elif sub.status == "pending":
                self._go("pending", Message("card.pending", {"reference": action_id}))
            else:
                self._end(Outcome.FAILED, Message(message_key(sub)))
            return self.step

    def _complete_on_hub(self) -> None:
        """Once the outbox holds the action, the code is spent on the hub.

        A failure is only journaled: the hub's claim already ties the code to this person.
        """
        with self._lock:
            if self.step not in ("done", "pending") or self.data.get("hub_completed"):
                return
            code, reference = self.data["preapp"]["code"], self.data["action_id"]
            self.data["hub_completed"] = True
        try:
            self.deps.preapps.complete(code, reference)
            result = "ok"
        except PreappRefused as exc:
            result = exc.reason
        with self._lock:
            self._journal("prefilled.completed", action=reference, hub=result)

    def print_receipt(self) -> dict[str, Any]:
        """The receipt of the application's kind."""
        if self._preapp().get("kind") == "open_account":
            return super().print_receipt()
        with self._lock:
            self._expect("done", "pending")
            data = {"reference": self.data["action_id"], "card": self.data["card"]["kind"],
                    "state": self.step}  # fmt: skip
        return self._print_outside_lock("card_application", data)

    def _wipe_extra(self) -> None:
        super()._wipe_extra()
        self.accounts, self.client_id = [], None
