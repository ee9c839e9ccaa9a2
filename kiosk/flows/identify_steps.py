"""Identity steps every journey shares: read the ID document, then the face check.

A mixin for ``Journey`` subclasses that have an ``identity`` and a ``face`` step.  The UI's
device workers do the reading and the face comparison; the journey only judges the facts
they report, so it stays testable without devices.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from kiosk.corebank.errors import Unavailable
from kiosk.flows.identity import FaceCheckCounter, Person, person_from_document
from kiosk.flows.lookup import Account, find_client, savings_accounts
from kiosk.flows.ports import FlowDeps
from kiosk.flows.steps import IdentityLevel, Journey, Message, Outcome, StepSpec
from kiosk.flows.view import ShownAccount

#: The first two steps of a journey that starts by identifying the customer: read the ID
#: document (a reader fault stays there, OCR being the fallback), then the face check.
DOCUMENT_THEN_FACE = (
    StepSpec(
        "identity", devices=("idcard",), on_device_fault="identity", speech_key="identify.card"
    ),
    StepSpec("face", IdentityLevel.DOCUMENT, devices=("camera",), speech_key="face.guide"),
)

#: A video teller looks at what the terminal could not settle (a document flagged
#: inconsistent): journeys that declare it ask the teller link (``FlowDeps.teller``) there.
TELLER_CHECK = StepSpec("teller_check", speech_key="teller.check_wait")
DOCUMENT_THEN_FACE = (*DOCUMENT_THEN_FACE, TELLER_CHECK)


class IdentifySteps(Journey):
    """Document read and face check with liveness, with the attempt limit.

    What the core must be asked after a step (is this person a client? their accounts) is
    asked with the journey's lock released: ``_look_up_after_*`` run outside it and return
    what they found; ``_after_*`` then move the machine under the lock, unless the journey
    ended or moved on meanwhile (a late answer never revives an ended journey).
    """

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
        problems: Sequence[str] = (),
    ) -> None:
        """The reader or OCR delivered a document. Blocking (may ask the core, lock released).

        ``problems`` names each field that failed a check or contradicts another (the read's
        own ``problems``); a document with problems goes to a video teller when the terminal
        has a teller link (``teller_check``), else to staff; it is never "corrected" here.
        """
        with self._lock:
            self._expect("identity")
            if self._busy:  # a second read while the first is being looked up
                return
            person = person_from_document(
                kind, fields, source=source, valid=valid, photo=photo, problems=problems
            )
            if person is None:
                self._journal("identity.document", result="unreadable", source=source)
                self._invalid({"document": "document.unreadable"}, Message("document.unreadable"))
                return
            if person.problems:
                # Field names only: the values are personal data.
                self._journal(
                    "identity.document",
                    result="problems",
                    source=source,
                    document=person.document_kind,
                    problems=list(person.problems),
                )
                if self.deps.teller is not None and self._declares("teller_check"):
                    self._teller_person = person
                    self._go("teller_check", Message("teller.check_wait"))
                else:
                    self._end(Outcome.STAFF, Message("document.see_staff"))
                return
            if not person.valid:
                self._journal("identity.document", result="invalid", source=source)
                self._invalid({"document": "document.invalid"}, Message("document.invalid"))
                return
            if person.expired:
                self._journal("identity.document", result="expired", source=source)
                self._invalid({"document": "document.expired"}, Message("document.expired"))
                return
            self._accept_document(person, source)
        self._look_up_document(person, "identity")

    def id_number_typed(self, id_number: str, name: str) -> None:
        """The card cannot be read: the customer typed the number and name (GB 11643 checked).

        Nothing typed identifies a customer by itself: a video teller, who sees the customer
        and the card held to the camera, approves it (``teller_check``; the teller's look is
        the face check), else staff do.
        """
        from kiosk.identity.idnumber import typed_problem

        with self._lock:
            self._expect("identity")
            if self._busy:
                return
            errors = {}
            problem = typed_problem(id_number)
            if problem is not None:
                errors["typed_id_number"] = problem
            if not (name or "").strip():
                errors["typed_name"] = "typed_name.required"
            if errors:
                self._journal("identity.typed", result="invalid", problems=sorted(errors))
                first = errors.get("typed_id_number") or errors["typed_name"]
                self._invalid(errors, Message(first))
                return
            number = "".join((id_number or "").split()).upper()
            person = person_from_document("cn-id", {"id_number": number, "name": name.strip()},
                                          source="typed")  # fmt: skip
            assert person is not None
            self._journal("identity.typed", result="ok", id_hash=self._id_hash(number))
            if self.deps.teller is not None and self._declares("teller_check"):
                self._teller_person = person
                self._teller_typed = True
                self._go("teller_check", Message("teller.typed_id_wait"))
            else:
                self._end(Outcome.STAFF, Message("id_number.see_staff"))

    def _accept_document(self, person: Person, source: str) -> None:
        """Under the lock: the document identifies the customer; the core is asked next."""
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
        self._busy = "lookup"

    def _look_up_document(self, person: Person, step: str) -> None:
        found = self._outside_lock(self._look_up_after_document, person)
        with self._lock:
            if self.ended or self.step != step or self.person is not person:
                return  # ended or wiped while the core answered: the answer is dropped
            self._after_document(found)

    def _declares(self, step: str) -> bool:
        return any(spec.name == step for spec in self.STEPS)

    def await_teller(self) -> str:
        """A video teller checks the flagged document (blocking, lock released).

        Approved: the journey goes on as with a consistent document.  Refused: ended with
        the teller's reason.  No decision in time or the call lost: to staff, as without a
        teller; an approval is never assumed.
        """
        with self._lock:
            self._expect("teller_check")
            face = bool(getattr(self, "_teller_face", False))
            person = self.person if face else getattr(self, "_teller_person", None)
            if self._busy or person is None:
                return self.step
            typed = bool(getattr(self, "_teller_typed", False))
            kind = "face_check" if face else "typed_id_check" if typed else "document_check"
            details = ({"face": "borderline", "document": person.document_kind} if face else
                       {"document": person.document_kind, "source": "typed"} if typed else
                       {"document": person.document_kind, "problems": list(person.problems)})
            self._busy = "teller"
        try:
            decision = self._outside_lock(self.deps.teller.approve, kind, details,
                                          self.language, self.session_id)  # fmt: skip
        except Exception:  # the link failed: not approved
            decision = None
        with self._lock:
            if self.ended or self.step != "teller_check":
                return self.step
            approved = bool(decision is not None and decision.approved)
            self._journal("identity.teller_decision", approved=approved,
                          timed_out=bool(decision is None or decision.timed_out))  # fmt: skip
            if not approved:
                if decision is None or decision.timed_out:
                    self._end(Outcome.STAFF,
                              Message("face.see_staff" if face else "document.see_staff"))
                else:
                    self._end(Outcome.REFUSED, Message("teller.refused",
                                                       {"reason": decision.reason}))  # fmt: skip
                return self.step
            if face:
                self._teller_face = False
                self._face_passed()
            elif typed:  # the teller saw the customer and the card: document and face
                self._teller_typed = False
                self._accept_document(person, "teller")
                self._face_passed()
                face = True
            else:
                self._accept_document(person, "teller")
        if face:
            self._look_up_face(person, "teller_check")
        else:
            self._look_up_document(person, "teller_check")
        return self.step

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
        with self._lock:
            return self.person.photo if self.person else None

    def face_result(self, passed: bool, reason: str = "", distance: float | None = None) -> None:
        """One face check (liveness + comparison) finished. Blocking for some journeys."""
        with self._lock:
            self._expect("face")
            if self._busy:  # the passed check is being followed up already
                return
            self._journal(
                "identity.face",
                passed=bool(passed),
                reason=reason,
                attempt=self.face_counter.failures + 1,
                distance=None if distance is None else round(float(distance), 3),
            )
            if self._face_borderline(passed, reason, distance):
                self._teller_face = True
                self._go("teller_check", Message("teller.check_wait"))
                return
            if not passed:
                if self.face_counter.record(False, reason):
                    self._invalid(
                        {"face": f"face.{reason or 'no_match'}"},
                        Message("face.retry", {"remaining": self.face_counter.remaining}),
                    )
                    return
                self._end(Outcome.STAFF, Message("face.see_staff"))
                return
            person = self._face_passed()
        self._look_up_face(person, "face")

    def _face_passed(self) -> Person:
        """Under the lock: the face matches the document; the core is asked next."""
        self.identity_level = IdentityLevel.FACE
        person = self.person
        assert person is not None
        self._busy = "lookup"
        return person

    def _look_up_face(self, person: Person, step: str) -> None:
        found = self._outside_lock(self._look_up_after_face, person)
        with self._lock:
            if self.ended or self.step != step or self.person is not person:
                return  # ended or wiped while the core answered: the answer is dropped
            self._after_face(found)

    def _face_borderline(self, passed: bool, reason: str, distance: float | None) -> bool:
        margin = self.deps.face_teller_margin
        if (margin <= 0 or distance is None or self.deps.teller is None
                or not self._declares("teller_check")):
            return False
        if not passed and reason not in ("", "no_match"):
            return False  # liveness failed: no teller can see past that
        return abs(float(distance) - self.deps.face_threshold) <= margin

    # --- hooks ---------------------------------------------------------------------------
    def _look_up_after_document(self, person: Person) -> Any:
        """Core reads after a good document (lock released); the result goes to the hook."""
        return None

    def _after_document(self, found: Any) -> None:
        raise NotImplementedError

    def _look_up_after_face(self, person: Person) -> Any:
        """Core reads after a passed face check (lock released)."""
        return None

    def _after_face(self, found: Any) -> None:
        raise NotImplementedError

    def _id_hash(self, id_number: str) -> str:
        journal = self.deps.journal
        if journal is not None:  # the journal's own per-terminal salt
            return str(journal.hash_id(id_number))
        from kiosk.journal import hash_id

        return hash_id(id_number, self.deps.id_salt)

    def _wipe_extra(self) -> None:
        self.person = None
        self._teller_person = None
        self._teller_face = False
        self._teller_typed = False


@dataclass(frozen=True)
class ClientFound:
    """What the core said about an identified customer (``client_id`` None: not a client)."""

    client_id: int | None
    accounts: tuple[Account, ...] = ()
    unavailable: bool = False


def look_up_client(deps: FlowDeps, person: Person) -> ClientFound:
    """The customer's client id and savings accounts (blocking HTTP, lock released)."""
    try:
        client_id = find_client(deps.core, person, deps.id_salt)
        if client_id is None:
            return ClientFound(None)
        return ClientFound(client_id, tuple(savings_accounts(deps.core, client_id)))
    except Unavailable:
        return ClientFound(None, unavailable=True)


class ClientSteps(IdentifySteps):
    """Identification for journeys only an existing client may take (transfer, card).

    Document, then face; then the client is looked up in the core with their active savings
    accounts (lock released) and the journey goes on in ``_after_accounts``.  Not a client
    ends REFUSED, an unreachable core FAILED.
    """

    def __init__(self, deps: FlowDeps, **kwargs: Any) -> None:
        super().__init__(deps, **kwargs)
        self._init_identify()
        self.client_id: int | None = None
        self.accounts: list[Account] = []

    def _after_document(self, found: Any) -> None:
        self._go("face")

    def _look_up_after_face(self, person: Person) -> ClientFound:
        return look_up_client(self.deps, person)

    def _after_face(self, found: ClientFound) -> None:
        if found.unavailable:
            self._end(Outcome.FAILED, Message("core.unavailable"))
            return
        if found.client_id is None:
            self._end(Outcome.REFUSED, Message("identify.not_a_client"))
            return
        self.client_id = found.client_id
        self.accounts = [a for a in found.accounts if a.active]
        self._after_accounts()

    def _after_accounts(self) -> None:
        raise NotImplementedError

    def _shown_accounts(self) -> list[ShownAccount]:
        return [a.shown() for a in self.accounts]

    def _document_source(self) -> str:
        return self.person.source if self.person is not None else ""

    def _wipe_extra(self) -> None:
        super()._wipe_extra()
        self.accounts, self.client_id = [], None
