"""The "call a teller" panel's view-model: the terminal's TellerLink shown in the QML window.

The link runs on its own asyncio thread; its events reach this object only through a queued
signal, so the GUI thread never waits on the hub.  The slots only queue messages on the link
(``call``, ``hang_up``, ``answer_correction`` return at once).  The teller's video is served
by :class:`TellerImageProvider` (``image://teller/remote/N``), which QML loads asynchronously,
off the GUI thread.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from PySide6.QtCore import Property, QObject, QSize, Signal, Slot
from PySide6.QtGui import QImage
from PySide6.QtQuick import QQuickImageProvider

from kiosk.teller import events as ev
from kiosk.teller.callback_windows import callback_phone, callback_windows
from kiosk.teller.cobrowse import view_state
from ui.journeys.viewmodel import FlowViewModel

log = logging.getLogger(__name__)

#: What the customer may do once the queue wait passed ``hub.queue_timeout_s``.
QUEUE_CHOICES = ("continue_alone", "callback", "see_staff")


class TellerImageProvider(QQuickImageProvider):
    """``remote/N``: the teller's last decoded frame; ``self/N``: the customer's own camera.

    QML loads them with ``Image { asynchronous: true }``, on its loader thread.
    """

    def __init__(self) -> None:
        super().__init__(QQuickImageProvider.ImageType.Image)
        self.link: Any = None
        self.preview: Any = None  # kiosk.teller.call_camera.CallCamera

    def requestImage(self, id_: str, size: QSize, requested: QSize) -> QImage:  # noqa: N802
        """Called on QML's image loader thread when ``asynchronous`` is set."""
        if id_.startswith("self"):
            frame = self.preview() if self.preview is not None else None
        else:
            frame = self.link.last_remote_frame() if self.link is not None else None
        if frame is None:
            image = QImage(2, 2, QImage.Format.Format_RGB888)
            image.fill(0)
        else:
            h, w = frame.shape[:2]
            image = QImage(frame.data, w, h, int(frame.strides[0]),
                           QImage.Format.Format_BGR888).copy()  # fmt: skip
        size.setWidth(image.width())
        size.setHeight(image.height())
        return image


class TellerCallModel(QObject):
    """State of the customer's call, the teller's proposals and help pages, for QML."""

    changed = Signal()
    frameChanged = Signal()
    _event = Signal(object)  # from the link's thread; queued to the GUI thread
    _booked = Signal(object)  # the hub's answer to a callback booking, from the link's thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.link: Any = None
        self.provider = TellerImageProvider()
        self._state = "idle"
        self._position = 0
        self._wait_s = 0
        self._queue_timed_out = False
        self._recorded = False
        self._teller = ""
        self._proposal: dict[str, Any] = {}
        self._help: dict[str, str] = {}
        self._outcome = ""  # how the last call ended for the customer ("callback", ...)
        self._frames = 0
        self._journey: FlowViewModel | None = None  # the journey view-model co-browsed now
        self._mic_live = True
        self._chat: list[str] = []  # the teller's last chat lines (a deaf customer, no mic)
        self._callback_form = False
        self._windows: list[tuple[datetime, datetime]] = []
        self._callback_error = ""  # "phone", "failed" or ""
        self._callback_busy = False
        self._callback: dict[str, Any] = {}  # the booked callback: reference, start, end
        self._event.connect(self._on_event)
        self._booked.connect(self._on_booked)

    # --- wiring --------------------------------------------------------------------------
    def attach(self, link: Any, listeners: list | None = None, preview: Any = None) -> None:
        """Show ``link``'s calls (``listeners``: the Terminal's list its events go to).

        ``preview`` is the customer's own camera during the call (the teller sees it too).
        """
        self.link = self.provider.link = link
        self.provider.preview = preview
        if listeners is not None:
            listeners.append(self._event.emit)
        self.changed.emit()

    def follow_journey(self, vm: Any) -> None:
        """Co-browse ``vm`` (a FlowViewModel): publish its view after every change."""
        if self._journey is not None:
            try:
                self._journey.changed.disconnect(self.publish_journey)
            except (RuntimeError, TypeError):
                pass
        self._journey = vm if isinstance(vm, FlowViewModel) else None
        if self._journey is not None:
            self._journey.changed.connect(self.publish_journey)
            self.publish_journey()

    @Slot()
    def publish_journey(self) -> None:
        """Send the journey's current screen and form to the teller (queued, returns at once)."""
        vm = self._journey
        if self.link is None or vm is None:
            return
        view = vm.current_view()
        screen, fields = view_state(view)
        self.link.publish_state(screen, fields)

    # --- properties ----------------------------------------------------------------------
    available = Property(bool, lambda self: self.link is not None, notify=changed)
    state = Property(str, lambda self: self._state, notify=changed)
    position = Property(int, lambda self: self._position, notify=changed)
    waitSeconds = Property(int, lambda self: self._wait_s, notify=changed)
    queueTimedOut = Property(bool, lambda self: self._queue_timed_out, notify=changed)
    recorded = Property(bool, lambda self: self._recorded, notify=changed)
    tellerName = Property(str, lambda self: self._teller, notify=changed)
    proposal = Property("QVariantMap", lambda self: dict(self._proposal), notify=changed)
    helpPage = Property("QVariantMap", lambda self: dict(self._help), notify=changed)
    outcome = Property(str, lambda self: self._outcome, notify=changed)
    frames = Property(int, lambda self: self._frames, notify=frameChanged)
    chatText = Property(str, lambda self: "\n".join(self._chat), notify=changed)
    microphoneLive = Property(bool, lambda self: self._mic_live, notify=changed)
    callbackForm = Property(bool, lambda self: self._callback_form, notify=changed)
    callbackError = Property(str, lambda self: self._callback_error, notify=changed)
    callbackBusy = Property(bool, lambda self: self._callback_busy, notify=changed)
    callbackWindows = Property(  # start and end in ms since the epoch, for QML's Date
        "QVariantList", lambda self: [{"start": a.timestamp() * 1000, "end": b.timestamp() * 1000}
                                      for a, b in self._windows], notify=changed)
    booked = Property("QVariantMap", lambda self: dict(self._callback), notify=changed)

    # --- the customer's actions ----------------------------------------------------------
    @Slot()
    def call(self) -> None:
        """Ask for a teller (skill ``help``) in the interface's language."""
        if self.link is None or self._state not in ("idle", "ended"):
            return
        self._set(state="calling", position=0, wait_s=0, queue_timed_out=False, outcome="",
                  teller="", proposal={}, help={}, callback={}, callback_form=False,
                  chat=[])  # fmt: skip
        self.link.call("help", self._language())

    @Slot()
    def hangUp(self) -> None:  # noqa: N802 - QML API
        """End the call or leave the queue."""
        self._leave("customer_hang_up", "")

    @Slot(str)
    def chooseAfterWait(self, choice: str) -> None:  # noqa: N802 - QML API
        """Continue alone, book a callback, or see staff (offered after the queue wait)."""
        if choice not in QUEUE_CHOICES:
            log.warning("unknown queue choice %r", choice)
            return
        if choice == "callback":  # the form first; the call stays queued meanwhile
            self._set(callback_form=True, windows=callback_windows(datetime.now()),
                      callback_error="", callback={})  # fmt: skip
            return
        self._leave(choice, choice)

    @Slot(str, int)
    def bookCallback(self, phone: str, window: int) -> None:  # noqa: N802 - QML API
        """Book the callback on the hub (returns at once; the answer comes by signal)."""
        if self.link is None or self._callback_busy or not 0 <= window < len(self._windows):
            return
        number = callback_phone(phone)
        if number is None:
            self._set(callback_error="phone")  # what was typed stays in the field
            return
        start, end = self._windows[window]
        language = self._language()
        self._set(callback_busy=True, callback_error="")
        future = self.link.book_callback(number, (start.timestamp(), end.timestamp()),
                                         language)
        future.add_done_callback(lambda f: self._booked.emit(
            f.result() if not f.exception() else {"ok": False, "error": str(f.exception())}))

    @Slot()
    def closeCallbackForm(self) -> None:  # noqa: N802 - QML API
        """Back to the queue choices without booking."""
        self._set(callback_form=False, callback_error="")

    @Slot(object)
    def _on_booked(self, answer: dict[str, Any]) -> None:
        if not answer.get("ok"):
            log.warning("callback not booked: %s", answer.get("errors") or answer.get("error"))
            bad_phone = any(e.get("field") == "phone" for e in answer.get("errors") or [])
            self._set(callback_busy=False, callback_error="phone" if bad_phone else "failed")
            return
        self._callback = {"reference": answer.get("reference", ""),
                          "start": float(answer["window_start"]) * 1000,
                          "end": float(answer["window_end"]) * 1000}
        self._set(callback_busy=False, callback_form=False)
        self._leave("callback", "callback")

    def _language(self) -> str:
        """The interface's language as the hub names it (the shell's, else the journey's)."""
        language = str(getattr(self.parent(), "language", "") or "")
        if not language and self._journey is not None:
            language = getattr(self._journey, "lang", "") or ""
        return "en" if language.startswith("en") else "zh"

    @Slot(bool)
    def answerProposal(self, accepted: bool) -> None:  # noqa: N802 - QML API
        """The customer confirmed (Yes) or declined (No) the teller's correction."""
        p, self._proposal = self._proposal, {}
        if not p or self.link is None:
            return
        self.link.answer_correction(str(p.get("id", "")), str(p.get("field", "")), accepted)
        if accepted and self._journey is not None:
            self._journey.apply_correction(str(p["field"]), str(p.get("value", "")))
        self.changed.emit()

    @Slot()
    def closeHelpPage(self) -> None:  # noqa: N802 - QML API
        """The customer closed the teller's help page."""
        self._set(help={})

    @Slot()
    def nextFrame(self) -> None:  # noqa: N802 - QML API
        """QML's refresh timer: a new ``image://teller/remote/N`` to load."""
        self._frames += 1
        self.frameChanged.emit()

    # --- inside ----------------------------------------------------------------------------
    def _leave(self, reason: str, outcome: str) -> None:
        if self.link is not None and self._state not in ("idle", "ended"):
            self.link.hang_up(reason)
        self._set(state="idle", outcome=outcome, proposal={}, queue_timed_out=False,
                  callback_form=False)  # fmt: skip

    def _set(self, **values: Any) -> None:
        for key, value in values.items():
            setattr(self, f"_{key}", value)
        self.changed.emit()

    @Slot(object)
    def _on_event(self, event: ev.TellerEvent) -> None:
        d = event.data
        kind = event.kind
        if self._state == "idle" and kind not in (ev.QUEUED, ev.ACCEPTED):
            return  # a late event of a call the customer left
        if kind == ev.QUEUED:
            self._set(state="queued", position=int(d.get("position", 0)),
                      wait_s=int(round(float(d.get("expected_wait_s", 0)))))  # fmt: skip
        elif kind == ev.QUEUE_TIMEOUT:
            self._set(queue_timed_out=True)
        elif kind == ev.ACCEPTED:
            self._set(state="connecting", teller=str(d.get("teller", "")),
                      recorded=bool(d.get("recorded")), queue_timed_out=False,
                      mic_live=bool(d.get("microphone", True)), callback_form=False)  # fmt: skip
            self.publish_journey()
        elif kind in (ev.CONNECTED, ev.REMOTE_VIDEO):
            self._set(state="connected")
        elif kind == ev.CORRECTION_PROPOSED:
            self._set(proposal={k: d.get(k) for k in ("id", "field", "value")})
        elif kind == ev.CHAT:
            self._set(chat=[*self._chat, str(d.get("text", ""))][-3:])
        elif kind == ev.HELP_PAGE:
            self._set(help={"title": str(d.get("title", "")), "body": str(d.get("body", ""))})
        elif kind == ev.NETWORK_LOST:
            self._set(state="reconnecting")
        elif kind == ev.RECONNECTED:
            self._set(state="connecting" if self._state == "reconnecting" else self._state)
        elif kind == ev.TRANSFERRING:
            self._set(state="queued")
        elif kind == ev.ENDED:
            self._set(state="ended", proposal={}, outcome=str(d.get("reason", "")))
