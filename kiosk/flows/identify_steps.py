"""Identity steps every journey shares: read the ID document, then the face check.

A mixin for ``Journey`` subclasses that have an ``identity`` and a ``face`` step.  The UI's
device workers do the reading and the face comparison; the journey only judges the facts
they report, so it stays testable without devices.
"""

from __future__ import annotations

from typing import Any

from kiosk.corebank.errors import Unavailable
from kiosk.flows.identity import FaceCheckCounter, Person, person_from_document
from kiosk.flows.lookup import Account, find_client, savings_accounts
from kiosk.flows.ports import FlowDeps
from kiosk.flows.steps import IdentityLevel, Journey, Message, Outcome, StepSpec

#: The first two steps of a journey that starts by identifying the customer: read the ID
#: document (a reader fault stays there, OCR being the fallback), then the face check.
DOCUMENT_THEN_FACE = (
    StepSpec(
        "identity", devices=("idcard",), on_device_fault="identity", speech_key="identify.card"
    ),
    StepSpec("face", IdentityLevel.DOCUMENT, devices=("camera",), speech_key="face.guide"),
)


class IdentifySteps(Journey):
    """Document read and face check with liveness, with the attempt limit."""

    person: Person | None = None
    face_counter: FaceCheckCounter

    def _init_identify(self) -> None:
        self.person = None
        self.face_counter = FaceCheckCounter(limit=self.deps.max_face_attempts)

    # --- document --------------------------------------------------------------------------
    def document_read(
        self,
        kind: str,
        fields: Any,
        *,
        source: str,
        valid: bool | None = None,
        photo: Any = None,
    ) -> None:
        """The reader or OCR delivered a document. Blocking (may ask the core)."""
        with self._lock:
            self._expect("identity")
            person = person_from_document(kind, fields, source=source, valid=valid, photo=photo)
            if person is None:
                self._journal("identity.document", result="unreadable", source=source)
                self._invalid({"document": "document.unreadable"}, Message("document.unreadable"))
                return
            if not person.valid:
                self._journal("identity.document", result="invalid", source=source)
                self._invalid({"document": "document.invalid"}, Message("document.invalid"))
                return
            if person.expired:
                self._journal("identity.document", result="expired", source=source)
                self._invalid({"document": "document.expired"}, Message("document.expired"))
                return
            self.person = person
            self.identity_level = IdentityLevel.DOCUMENT
            self.data["form"] = person.form()
            self._journal(
                "identity.document",
                result="ok",
                source=source,
                document=person.document_kind,
                id_hash=self._id_hash(person.id_number),
            )
            self._after_document()

    def document_failed(self, reason: str) -> None:
        """The reader timed out, found no card, or OCR found nothing: stay and say so."""
        with self._lock:
            self._expect("identity")
            self._journal("identity.document", result="failed", reason=reason)
            self._invalid({"document": f"document.{reason}"}, Message(f"document.{reason}"))

    # --- face --------------------------------------------------------------------------------
    @property
    def reference_photo(self) -> Any:
        """The ID photo the live face is compared with (memory only)."""
        return self.person.photo if self.person else None

    def face_result(self, passed: bool, reason: str = "", distance: float | None = None) -> None:
        """One face check (liveness + comparison) finished. Blocking for some journeys."""
        with self._lock:
            self._expect("face")
            self._journal(
                "identity.face",
                passed=bool(passed),
                reason=reason,
                attempt=self.face_counter.failures + 1,
                distance=None if distance is None else round(float(distance), 3),
            )
            if passed:
                self.identity_level = IdentityLevel.FACE
                self._after_face()
                return
            if self.face_counter.record(False, reason):
                self._invalid(
                    {"face": f"face.{reason or 'no_match'}"},
                    Message("face.retry", {"remaining": self.face_counter.remaining}),
                )
                return
            self._end(Outcome.STAFF, Message("face.see_staff"))

    # --- hooks ---------------------------------------------------------------------------
    def _after_document(self) -> None:
        raise NotImplementedError

    def _after_face(self) -> None:
        raise NotImplementedError

    def _id_hash(self, id_number: str) -> str:
        journal = self.deps.journal
        if journal is not None and hasattr(journal, "hash_id"):
            return str(journal.hash_id(id_number))
        from kiosk.journal import hash_id

        return hash_id(id_number, self.deps.id_salt)

    def _wipe_extra(self) -> None:
        self.person = None


class ClientSteps(IdentifySteps):
    """Identification for journeys only an existing client may take (transfer, card).

    Document, then face; then the client is looked up in the core with their active savings
    accounts (blocking) and the journey goes on in ``_after_accounts``.  Not a client ends
    REFUSED, an unreachable core FAILED.
    """

    def __init__(self, deps: FlowDeps, **kwargs: Any) -> None:
        super().__init__(deps, **kwargs)
        self._init_identify()
        self.client_id: int | None = None
        self.accounts: list[Account] = []

    def _after_document(self) -> None:
        self._go("face")

    def _after_face(self) -> None:
        assert self.person is not None
        try:
            client = find_client(self.deps.core, self.person, self.deps.id_salt)
            if client is None:
                self._end(Outcome.REFUSED, Message("identify.not_a_client"))
                return
            self.client_id = int(client.get("id") or client.get("clientId") or 0)
            self.accounts = [
                a for a in savings_accounts(self.deps.core, self.client_id) if a.active
            ]
        except Unavailable:
            self._end(Outcome.FAILED, Message("core.unavailable"))
            return
        self._after_accounts()

    def _after_accounts(self) -> None:
        raise NotImplementedError

    def _wipe_extra(self) -> None:
        super()._wipe_extra()
        self.accounts, self.client_id = [], None
