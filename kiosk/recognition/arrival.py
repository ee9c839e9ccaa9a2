"""Recognition on arrival, Qt-free: opt-in, revocation, the match and its second factor.

``ArrivalService`` ties the hub (``RecognitionClient``), the branch's template key
(``TemplateSealer``) and the helper process (``RecognitionWatcher``) together.  Every method
blocks on the network or the helper: call them from a worker thread.

What the screen may show, by stage:

- ``Suggestion`` (a face matched): a service to continue with (``service``) and nothing
  personal; the service comes from the customer's pending items when the hub has them
  (``POST /api/pending``), else it is ``"continue"`` (a generic "welcome back");
- ``Confirmed`` (the ID card read at the terminal is the template's person, or the code sent
  to their phone was typed): the pending items and the ID number, for the session.

Consent, revocation and confirmations are journaled with the template id only.
"""

from __future__ import annotations

import hmac
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from kiosk.recognition.hub_client import HubUnavailable, RecognitionClient
from kiosk.recognition.sealing import Person, TemplateSealer, TemplateUnreadable, new_template_id

log = logging.getLogger(__name__)

#: A pending item's kind -> the service the terminal suggests for it (first item wins).
SERVICE_OF = {
    "open_account": "open_account",
    "card_application": "card_application",
    "preapplication": "open_account",
    "appointment": "appointment_checkin",
    "ticket": "queue_ticket",
}
GENERIC = "continue"


@dataclass(frozen=True)
class Suggestion:
    """What the attract screen shows after a match: a service, nobody's name or items."""

    template_id: str
    service: str


@dataclass(frozen=True)
class Confirmed:
    """A matched customer confirmed by a second factor (personal: memory only)."""

    template_id: str
    id_number: str = field(repr=False)
    pending: list[dict[str, Any]] = field(repr=False, default_factory=list)
    factor: str = ""  # id_card | code


def suggested_service(items: list[dict[str, Any]] | None) -> str:
    """The service the first pending item points to, or the generic one."""
    for item in items or []:
        kind = str(item.get("service") or item.get("kind") or "")
        if kind in SERVICE_OF:
            return SERVICE_OF[kind]
    return GENERIC


def _same_id(a: str, b: str) -> bool:
    return hmac.compare_digest(a.strip().upper().encode(), b.strip().upper().encode())


class ArrivalService:
    """One terminal's recognition on arrival.

    Args:
        client: the hub's recognition API with this terminal's key.
        sealer: the branch's template key.
        watcher: the helper process (``RecognitionWatcher``) or anything with its methods;
            its ``on_match`` is set here.
        journal: ``journal.append`` (kind, **fields) of the terminal.
        on_suggestion: called (on the watcher's thread) with each ``Suggestion``.
        id_threshold: the ID check's threshold, for the opt-in capture.
    """

    def __init__(self, client: RecognitionClient, sealer: TemplateSealer, watcher: Any,
                 journal: Callable[..., Any] | None = None,
                 on_suggestion: Callable[[Suggestion], None] | None = None,
                 id_threshold: float = 0.5) -> None:
        self.client = client
        self.sealer = sealer
        self.watcher = watcher
        self.journal = journal or (lambda kind, **f: None)
        self.on_suggestion = on_suggestion
        self.id_threshold = id_threshold
        watcher.on_match = self._matched
        self._lock = threading.Lock()
        self._sealed: dict[str, str] = {}  # template id -> sealed template (memory only)
        self._current: str | None = None
        self._count = 0

    # --- the gallery ------------------------------------------------------------------------
    def refresh(self) -> int:
        """Load the branch's templates from the hub into the helper's memory; how many."""
        faces: dict[str, np.ndarray] = {}
        sealed: dict[str, str] = {}
        for row in self.client.templates():
            try:
                faces[row["template_id"]] = self.sealer.open_face(row["template_id"],
                                                                  row["sealed"])
            except TemplateUnreadable as exc:  # another key, damaged: skipped, reported
                log.warning("recognition: %s skipped", exc)
                continue
            sealed[row["template_id"]] = row["sealed"]
        count = self.watcher.set_gallery(faces)
        for vec in faces.values():
            vec.fill(0.0)
        with self._lock:
            self._sealed = sealed
            self._count = count
        return count

    def watch(self) -> bool:
        """The attract screen is up: look for opted-in faces.

        When nobody opted in, the camera stays closed and no frame is looked at.
        """
        with self._lock:
            self._current = None
            anyone = self._count > 0
        if not anyone:
            self.watcher.pause()
            return False
        return bool(self.watcher.watch())

    def pause(self) -> None:
        """A session starts: free the camera (returns once it is closed)."""
        self.watcher.pause()

    # --- a match ---------------------------------------------------------------------------
    def _person(self, template_id: str) -> Person | None:
        with self._lock:
            sealed = self._sealed.get(template_id)
        if sealed is None:
            return None
        try:
            return self.sealer.open_person(template_id, sealed)
        except TemplateUnreadable:
            return None

    def _matched(self, template_id: str, distance: float) -> None:
        person = self._person(template_id)
        if person is None:
            return
        with self._lock:
            self._current = template_id
        service = suggested_service(self.client.pending(person.id_number))
        self.journal("recognition_match", template_id=template_id, distance=distance,
                     service=service)
        if self.on_suggestion is not None:
            self.on_suggestion(Suggestion(template_id, service))

    @property
    def current(self) -> str | None:
        """The template matched and not yet confirmed or dismissed."""
        with self._lock:
            return self._current

    def dismiss(self) -> None:
        """The customer said "not me" or walked away: forget the match."""
        with self._lock:
            tid, self._current = self._current, None
        if tid:
            self.journal("recognition_dismissed", template_id=tid)

    def _confirmed(self, tid: str, person: Person, factor: str) -> Confirmed:
        with self._lock:
            self._current = None
        self.journal("recognition_confirmed", template_id=tid, factor=factor)
        return Confirmed(tid, person.id_number, self.client.pending(person.id_number) or [],
                         factor)

    def confirm_with_card(self, id_number: str) -> Confirmed | None:
        """The ID card read now: the match is confirmed when it is the template's person."""
        tid = self.current
        person = self._person(tid) if tid else None
        if tid is None or person is None:
            return None
        if not _same_id(person.id_number, id_number):
            self.journal("recognition_refused", template_id=tid, factor="id_card")
            self.dismiss()
            return None
        return self._confirmed(tid, person, "id_card")

    def send_code(self) -> str | None:
        """Text a one-time code to the matched customer; the masked number, or None."""
        tid = self.current
        person = self._person(tid) if tid else None
        if tid is None or person is None or not person.mobile:
            return None
        return str(self.client.send_code(tid, person.mobile)["sent_to"])

    def confirm_with_code(self, code: str) -> tuple[Confirmed | None, int]:
        """Check a typed code: (the confirmation or None, attempts left)."""
        tid = self.current
        person = self._person(tid) if tid else None
        if tid is None or person is None:
            return None, 0
        answer = self.client.verify_code(tid, code)
        if not answer.get("confirmed"):
            left = int(answer.get("attempts_left", 0))
            if left <= 0:
                self.journal("recognition_refused", template_id=tid, factor="code")
                self.dismiss()
            return None, left
        return self._confirmed(tid, person, "code"), 0

    # --- consent --------------------------------------------------------------------------
    def opt_in(self, id_number: str, mobile: str, reference: np.ndarray) -> str | None:
        """Consent given after identification: enrol the live face; its template id.

        ``reference`` is the ID photo the face check used: the template is taken only from a
        live face that matches it.  None when no such face is in front of the camera.
        """
        descriptor = self.watcher.capture(reference, self.id_threshold)
        if descriptor is None:
            self.journal("recognition_consent_failed", reason="no_matching_face")
            return None
        tid = new_template_id()
        try:
            sealed = self.sealer.seal(tid, descriptor, Person(id_number, mobile))
        finally:
            descriptor.fill(0.0)
        self.client.enrol(tid, id_number, sealed)
        self.journal("recognition_consent", template_id=tid)
        try:
            self.refresh()
        except HubUnavailable:
            log.warning("recognition: the gallery was not reloaded after an opt-in")
        return tid

    def revoke(self, id_number: str) -> int:
        """Consent withdrawn: the hub deletes the templates now; so does this terminal."""
        deleted = self.client.revoke(id_number)
        self.journal("recognition_revoked", deleted=deleted)
        self.refresh()
        return deleted

    def close(self) -> None:
        """Stop the helper and forget everything held."""
        with self._lock:
            self._sealed.clear()
            self._current = None
        self.watcher.stop()
        self.client.close()
