"""Recognition on arrival, on screen: the view-model of ``ArrivalPanel.qml``.

It follows the shell: on the attract screen the terminal's ``ArrivalService`` watches the
camera; on any other screen the camera is freed for the journeys.  A match shows a
suggested service and nothing personal (``stage`` ``"suggested"``) until the customer
confirms with the ID card or a code sent to their phone; then the session starts on the
home screen with their pending items (``"confirmed"``).  During a session the customer can
opt in (ID card + face check + consent) or withdraw consent (ID card).

Every call into the service blocks (hub, camera, helper process): it runs on one worker
thread, and results come back to the GUI thread through a queued signal.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import Property, QObject, Signal, Slot

log = logging.getLogger(__name__)


class ArrivalModel(QObject):
    """The recognition panel's state; ``attach(service, identity)`` once the terminal runs."""

    changed = Signal()
    _result = Signal(object)  # a callable run on the GUI thread

    def __init__(self, shell: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.shell = shell
        self.service: Any = None
        self.identity: Any = None
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="arrival")
        self._stage = ""
        self._service_kind = ""
        self._message = ""
        self._busy = False
        self._sent_to = ""
        self._items: list[dict[str, str]] = []
        self._confirmed: Any = None
        self._result.connect(lambda fn: fn())
        shell.screenChanged.connect(self._on_screen)

    # -- properties ----------------------------------------------------------------------
    available = Property(bool, lambda self: self.service is not None, notify=changed)
    stage = Property(str, lambda self: self._stage, notify=changed)
    suggestedService = Property(str, lambda self: self._service_kind, notify=changed)
    message = Property(str, lambda self: self._message, notify=changed)
    busy = Property(bool, lambda self: self._busy, notify=changed)
    sentTo = Property(str, lambda self: self._sent_to, notify=changed)
    pendingItems = Property("QVariantList", lambda self: self._items, notify=changed)

    def _set(self, **values: Any) -> None:
        for name, value in values.items():
            setattr(self, f"_{name}", value)
        self.changed.emit()

    @property
    def confirmed(self) -> Any:
        """The confirmed customer of the running session (kiosk.recognition Confirmed)."""
        return self._confirmed

    # -- wiring --------------------------------------------------------------------------
    def attach(self, service: Any, identity: Any = None) -> None:
        """Use the terminal's ``ArrivalService`` and identity devices (ID card, face check)."""
        if service is None or self.service is not None:
            return
        self.service, self.identity = service, identity
        service.on_suggestion = lambda s: self._result.emit(lambda: self._suggested(s))
        self.changed.emit()
        self._on_screen()

    def _run(self, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        self._set(busy=True)

        def job() -> None:
            try:
                value = work()
            except Exception as exc:  # the hub or a device failed: say so, lose nothing
                log.warning("recognition: %s", exc)
                self._result.emit(lambda: self._set(busy=False, message="unavailable"))
                return
            self._result.emit(lambda: (self._set(busy=False), done(value)))

        self._pool.submit(job)

    def _on_screen(self) -> None:
        if self.service is None:
            return
        if self.shell.screen == "attract":
            if self._stage not in ("suggested", "code"):
                self._set(stage="", message="", items=[], sent_to="")
                self._confirmed = None
                self._pool.submit(self._quietly, self.service.watch)
        else:
            self._pool.submit(self._quietly, self.service.pause)
            if self._stage in ("suggested", "code"):  # touched "start" instead: not them
                self._pool.submit(self._quietly, self.service.dismiss)
                self._set(stage="")

    @staticmethod
    def _quietly(fn: Callable[[], Any]) -> None:
        try:
            fn()
        except Exception as exc:
            log.warning("recognition: %s", exc)

    # -- a match and its second factor -----------------------------------------------------
    def _suggested(self, suggestion: Any) -> None:
        if self.shell.screen == "attract":
            self._set(stage="suggested", service_kind=suggestion.service, message="")

    def _read_card(self) -> Any:
        if self.identity is None or self.identity.reader is None:
            raise RuntimeError("no ID card reader")
        return self.identity.read_card()

    @Slot()
    def confirmWithCard(self) -> None:  # noqa: N802 - QML API
        """"Confirm with my ID card": read the card in the reader."""
        self._run(lambda: self.service.confirm_with_card(
            str(self._read_card().fields.get("id_number", ""))), self._after_confirm)

    @Slot()
    def sendCode(self) -> None:  # noqa: N802 - QML API
        """"Send a code to my phone"."""
        def sent(masked: Any) -> None:
            if masked:
                self._set(stage="code", sent_to=str(masked), message="")
            else:
                self._set(message="no_phone")
        self._run(self.service.send_code, sent)

    @Slot(str)
    def enterCode(self, code: str) -> None:  # noqa: N802 - QML API
        """The code the customer typed."""
        def checked(result: Any) -> None:
            confirmed, left = result
            if confirmed is not None:
                self._after_confirm(confirmed)
            elif left > 0:
                self._set(message="wrong_code")
            else:
                self._set(stage="", message="refused")
                self._pool.submit(self._quietly, self.service.watch)
        self._run(lambda: self.service.confirm_with_code(code.strip()), checked)

    def _after_confirm(self, confirmed: Any) -> None:
        if confirmed is None:
            self._set(stage="", message="refused")
            self._pool.submit(self._quietly, self.service.watch)
            return
        self._confirmed = confirmed
        items = [{"kind": str(i.get("kind", "")), "title": str(i.get("title") or
                                                               i.get("kind", ""))}
                 for i in confirmed.pending]
        self._set(stage="confirmed", items=items, message="")
        self.shell.session.start()
        self.shell.chooseLanguage(self.shell.language)  # straight to home, as they left it

    @Slot()
    def notMe(self) -> None:  # noqa: N802 - QML API
        """"Not me": forget the match and look again."""
        self._set(stage="", message="")
        self._pool.submit(self._quietly, self.service.dismiss)
        self._pool.submit(self._quietly, self.service.watch)

    # -- consent -----------------------------------------------------------------------------
    @Slot()
    def askOptIn(self) -> None:  # noqa: N802 - QML API
        """"Recognise me next time": show the consent text."""
        self._set(stage="optin", message="")

    @Slot(str)
    def optIn(self, mobile: str) -> None:  # noqa: N802 - QML API
        """Consent given: ID card, face check with liveness, then the template is enrolled."""
        def work() -> str:
            card = self._read_card()
            outcome = self.identity.face_check(card.photo, lambda *_: None)
            if not outcome.passed:
                return "face_failed"
            tid = self.service.opt_in(str(card.fields.get("id_number", "")),
                                      mobile.replace(" ", ""), card.photo)
            return "enrolled" if tid else "face_failed"
        self._run(work, lambda result: self._set(stage="done", message=str(result)))

    @Slot()
    def revoke(self) -> None:
        """"Stop recognising me": read the card, delete the templates on the hub now."""
        def work() -> str:
            number = str(self._read_card().fields.get("id_number", ""))
            return "revoked" if self.service.revoke(number) else "nothing_to_revoke"
        self._run(work, lambda result: self._set(stage="done", message=str(result)))

    @Slot()
    def close(self) -> None:
        """Hide the consent panel."""
        if self._stage in ("optin", "done"):
            self._set(stage="confirmed" if self._confirmed is not None else "", message="")

    def shutdown(self) -> None:
        """Stop the worker (the service itself is closed with the terminal)."""
        self._pool.shutdown(wait=False, cancel_futures=True)
