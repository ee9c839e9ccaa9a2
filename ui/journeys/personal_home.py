"""The home screen's personal part: what is pending for the customer once identified.

Nothing shows before the ID card identifies the customer, and everything goes when the
session ends (``clear``).  The card is read on the reader's worker, the hub asked on this
model's own worker (kiosk.prearrival.home), and the result comes back as a signal: the GUI
thread never waits on either.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Property, QObject, Signal, Slot

from ui.journeys import texts
from ui.journeys.runner import Worker
from ui.journeys.viewmodel import FlowViewModel

log = logging.getLogger(__name__)
# The journey an item opens, its code entered: a pre-filled application, today's booking.
_OPENS = {"preapplication": "prefilled", "appointment": "appointment"}


class PersonalHomeModel(QObject):
    """Pending items of the identified customer, for one session."""

    changed = Signal()

    def __init__(self, shell: Any) -> None:
        super().__init__(shell)
        self.shell = shell
        self.services: Any = None
        self.worker = Worker("personal-home", self)
        self._items: list[dict[str, Any]] = []
        self._busy = False
        self._error = ""
        self._identified = False
        self._generation = 0  # a late answer from an ended session is dropped

    def attach(self, services: Any) -> None:
        """Use ``services`` (ui.journeys.services.JourneyServices) of the running terminal."""
        self.services = services
        self.changed.emit()

    def _terminal(self) -> Any:
        return getattr(self.services, "terminal", None)

    def _available(self) -> bool:
        return getattr(self._terminal(), "preapps", None) is not None

    def _lang(self) -> str:
        return str(self.shell.property("language") or "zh_CN")

    available = Property(bool, _available, notify=changed)
    items = Property("QVariantList", lambda self: list(self._items), notify=changed)
    busy = Property(bool, lambda self: self._busy, notify=changed)
    identified = Property(bool, lambda self: self._identified, notify=changed)
    nothingText = Property(str, lambda self: texts.text("home.nothing", self._lang()),
                           notify=changed)
    identifyText = Property(str, lambda self: texts.text("home.identify", self._lang()),
                            notify=changed)
    continueText = Property(str, lambda self: texts.text("button.continue", self._lang()),
                            notify=changed)
    errorText = Property(str, lambda self: texts.text(self._error, self._lang())
                         if self._error else "", notify=changed)  # fmt: skip

    @Slot()
    def identify(self) -> None:
        """Read the ID card, then ask the hub what is pending (both off the GUI thread)."""
        if self._busy or not self._available():
            return
        self._busy, self._error = True, ""
        self.changed.emit()
        generation = self._generation
        self.services.identity.read_card_async(
            self, lambda read, error: self._on_read(generation, read, error))

    def _on_read(self, generation: int, read: Any, error: BaseException | None) -> None:
        if generation != self._generation:
            return
        if error is not None or read is None:
            reason = getattr(error, "reason", "unreadable")
            self._done(generation, None, f"document.{reason}")
            return
        from kiosk.prearrival.home import pending_for_document

        terminal = self._terminal()
        self.worker.submit(
            lambda: pending_for_document(read, terminal.preapps, terminal.bank.journal),
            lambda home, err: self._done(generation, home, "prefilled.unavailable" if err else ""))

    def _done(self, generation: int, home: Any, error: str) -> None:
        if generation != self._generation:
            return
        self._busy = False
        self._error = error or (home.error if home is not None else "")
        self._identified = not self._error
        lang = self._lang()
        self._items = [] if home is None else [
            {"kind": i.kind, "code": str(i.details.get("code", "")),
             "application": str(i.details.get("application", "")),
             "title": _title(i.kind, lang), "detail": _detail(i.kind, i.details, lang),
             "details": dict(i.details)}
            for i in home.items
        ]  # fmt: skip
        self.changed.emit()

    @Slot(int)
    def open(self, index: int) -> None:  # noqa: A003 - QML API
        """Continue with item ``index`` (a pre-filled application: its journey, code entered)."""
        if not 0 <= index < len(self._items):
            return
        item = self._items[index]
        journey = _OPENS.get(item["kind"])
        if journey is None:
            return  # a ticket already taken: shown, nothing to start
        self.shell.startJourney(journey)
        vm = self.shell.property("journey")
        if isinstance(vm, FlowViewModel):
            vm.enterCode(item["code"])

    def clear(self) -> None:
        """The session ended: nothing of the customer stays."""
        self._generation += 1
        self._items, self._busy, self._error, self._identified = [], False, "", False
        self.changed.emit()

    def retranslate(self) -> None:
        """Language switched: the items' words follow."""
        lang = self._lang()
        for item in self._items:
            item["title"] = _title(item["kind"], lang)
            item["detail"] = _detail(item["kind"], item["details"], lang)
        self.changed.emit()


def _title(kind: str, lang: str) -> str:
    key = f"home.item.{kind}"
    return texts.text(key, lang) if key in texts.T else kind


def _detail(kind: str, details: dict[str, Any], lang: str) -> str:
    """The item's second line: the application's kind, or the booking's service and time."""
    if kind == "preapplication":
        key = f"kind.{details.get('application', '')}"
        return texts.text(key, lang) if key in texts.T else ""
    names = details.get("service_name") or {}
    service = str(names.get("zh" if lang.startswith("zh") else "en", "")) if names else ""
    if kind == "appointment":
        return " ".join(p for p in (service, str(details.get("time", ""))[11:16]) if p)
    if kind == "ticket":
        return " ".join(p for p in (str(details.get("number", "")), service) if p)
    return ""
