"""The shell's view-model: which screen is shown, the session, language, help and countdown.

The QML window binds to one :class:`ShellViewModel` (``required property QtObject shell``).
Screens: ``attract`` -> (touch) ``language`` -> ``home`` -> ``journey`` -> back to
``attract`` when the session ends (finish, cancel or inactivity).  The inactivity machine
itself is the Qt-free :class:`kiosk.session.Session`; a ``QTimer`` only ticks it.
"""

from __future__ import annotations

import logging
import os
import tempfile
from typing import Any

from PySide6.QtCore import (
    Property,
    QCoreApplication,
    QEvent,
    QObject,
    QTimer,
    Signal,
    Slot,
)

from kiosk.config import KioskConfig
from kiosk.logs import log_event
from kiosk.session import Session, SessionState
from ui.i18n import Translations
from ui.journey_host import (
    HostContext,
    JourneyRegistry,
    JourneyViewModel,
    load_installed_journeys,
)
from ui.services import DeviceDirectory
from ui.teller_call import TellerCallModel

log = logging.getLogger(__name__)

SCREENS = ("attract", "language", "home", "journey")
_ACTIVITY_EVENTS = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.TouchBegin,
    QEvent.Type.KeyPress,
    QEvent.Type.Wheel,
}


class ActivityFilter(QObject):
    """Application-wide event filter: any touch, click or key press is customer activity."""

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """Note activity; never consumes the event."""
        if event.type() in _ACTIVITY_EVENTS:
            self._session.touch()
        return False


class ShellViewModel(QObject):
    """State of the terminal's shell, bound by ``ui/qml/Main.qml``.

    Args:
        config: the typed configuration.
        registry: the journeys offered on the home screen.
        translations: the language switcher (already holding the shipped languages).
        devices: device workers published by the background services.
        clock: monotonic clock for the session (tests inject a fake one).
    """

    screenChanged = Signal()
    languageChanged = Signal()
    sessionChanged = Signal()
    countdownChanged = Signal()
    helpChanged = Signal()
    tilesChanged = Signal()
    journeyChanged = Signal()
    tellerChanged = Signal()
    cancelAskedChanged = Signal()
    mobileChanged = Signal()
    outOfServiceChanged = Signal()

    def __init__(
        self,
        config: KioskConfig,
        registry: JourneyRegistry,
        translations: Translations,
        devices: DeviceDirectory | None = None,
        clock: Any = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.config = config
        self.registry = registry
        self.translations = translations
        self.devices = devices or DeviceDirectory(self)
        kwargs = {"clock": clock} if clock is not None else {}
        self.session = Session(
            config.session.idle_seconds, config.session.countdown_seconds, **kwargs
        )
        self.session.on_state_change(self._on_session_state)
        self.session.on_end(self._on_session_end)
        self.ctx = HostContext(config, self.session, self.devices, language=lambda: self.language)
        self.theme: QObject | None = None
        self._screen = "attract"
        self._help = False
        self._teller = False
        self.teller_call = TellerCallModel(self)  # attached once the teller link is up
        from ui.journeys.personal_home import PersonalHomeModel

        self.personal_home = PersonalHomeModel(self)  # pending items once identified
        self._journey: JourneyViewModel | None = None
        self._journey_id = ""
        self._cancel_asked = False
        self._out_of_service = ""
        self._guidance: Any = None  # created on first use (the engine may take a second)
        self._tiles: list[dict[str, str]] = []
        self.registry_failed: set[str] = set()  # journeys whose create() raised: tile hidden
        self._ticker = QTimer(self)
        self._ticker.setInterval(250)
        self._ticker.timeout.connect(self.tick)
        self.activity = ActivityFilter(self.session, self)
        self.devices.changed.connect(self._on_devices_changed)
        translations.languageChanged.connect(self._on_language)
        self.refresh_tiles()
        from ui.arrival import ArrivalModel

        self._arrival = ArrivalModel(self, self)  # recognition on arrival (issue 12)

    # -- properties -----------------------------------------------------------------------

    screen = Property(str, lambda self: self._screen, notify=screenChanged)
    language = Property(str, lambda self: self.translations.current, notify=languageChanged)
    branchName = Property(str, lambda self: self.config.branch.name, constant=True)
    terminalId = Property(str, lambda self: self.config.branch.terminal_id, constant=True)
    sessionActive = Property(bool, lambda self: self.session.active, notify=sessionChanged)
    warning = Property(
        bool, lambda self: self.session.state is SessionState.WARNING, notify=sessionChanged
    )
    countdown = Property(
        int, lambda self: int(self.session.countdown_remaining() + 0.999), notify=countdownChanged
    )
    helpOpen = Property(bool, lambda self: self._help, notify=helpChanged)
    #: Why the terminal serves nobody ("outbox_damaged"), or "" (kiosk.out_of_service).
    outOfService = Property(str, lambda self: self._out_of_service, notify=outOfServiceChanged)
    tellerAvailable = Property(bool, lambda self: self._teller, notify=tellerChanged)
    tiles = Property("QVariantList", lambda self: self._tiles, notify=tilesChanged)
    journey = Property(QObject, lambda self: self._journey, notify=journeyChanged)
    journeyId = Property(str, lambda self: self._journey_id, notify=journeyChanged)
    # The back end is still starting and nothing is offered yet: "starting…", not "ask staff".
    starting = Property(
        bool, lambda self: self.devices.starting and not self._tiles, notify=tilesChanged
    )
    cancelAsked = Property(bool, lambda self: self._cancel_asked, notify=cancelAskedChanged)
    tellerCall = Property(QObject, lambda self: self.teller_call, constant=True)
    arrival = Property(QObject, lambda self: self._arrival, constant=True)
    personalHome = Property(QObject, lambda self: self.personal_home, constant=True)
    # The hub's phone page and its QR code (a PNG data URL) for the attract screen, or "".
    mobileUrl = Property(str, lambda self: getattr(self, "_mobile_url", ""), notify=mobileChanged)
    mobileQr = Property(str, lambda self: getattr(self, "_mobile_qr", ""), notify=mobileChanged)

    def set_mobile_url(self, url: str) -> None:
        """Show the QR code of ``url`` (the hub's ``/m/``) on the attract screen."""
        if not url or url == getattr(self, "_mobile_url", ""):
            return
        from ui.journeys.viewmodel import qr_data_url

        self._mobile_url, self._mobile_qr = url, qr_data_url(url)
        self.mobileChanged.emit()

    def _keyboard_data_path(self) -> str:
        base = os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir()
        return os.path.join(base, "branch-kiosk", "keyboard")

    keyboardDataPath = Property(str, _keyboard_data_path, constant=True)

    def _languages(self) -> list[dict[str, str]]:
        wanted = [c for c in self.config.ui.languages if c in self.translations.languages]
        return [{"code": c, "name": self.translations.languages[c].name} for c in wanted]

    languages = Property("QVariantList", _languages, constant=True)

    def set_teller_available(self, available: bool) -> None:
        """Show or hide "call a teller" (wired when video tellers exist)."""
        if available != self._teller:
            self._teller = available
            self.tellerChanged.emit()

    # -- navigation -----------------------------------------------------------------------

    def _go(self, screen: str) -> None:
        if screen not in SCREENS:
            raise ValueError(f"unknown screen {screen!r}")
        if screen != self._screen:
            self._screen = screen
            if screen == "home":
                self.refresh_tiles()
            log_event(log, "screen", screen=screen)
            self.screenChanged.emit()

    @Slot()
    def touchStart(self) -> None:  # noqa: N802 - QML API
        """The customer touched the attract screen: start a session, ask the language."""
        if self._out_of_service:  # nothing a customer starts could be kept
            return
        self.session.start()
        self._go("language")

    @Slot(str)
    def chooseLanguage(self, code: str) -> None:  # noqa: N802 - QML API
        """Language screen: set the language and go on to the home screen."""
        self.setLanguage(code)
        self._go("home")

    @Slot(str)
    def setLanguage(self, code: str) -> None:  # noqa: N802 - QML API
        """Switch the interface language live (any screen)."""
        if code != self.translations.current:
            self.translations.switch(code)

    @Slot()
    def nextLanguage(self) -> None:  # noqa: N802 - QML API
        """Top-bar language button: cycle through the offered languages."""
        codes = [lang["code"] for lang in self._languages()]
        if codes:
            i = codes.index(self.language) if self.language in codes else -1
            self.setLanguage(codes[(i + 1) % len(codes)])

    @Slot(str)
    def startJourney(self, journey_id: str) -> None:  # noqa: N802 - QML API
        """Home tile: create the journey's view-model and show its first step."""
        spec = self.registry.get(journey_id)
        if not self.session.active:
            self.session.start()
        try:
            vm = spec.create(self.ctx)
        except Exception:  # a broken journey must not take the terminal down
            log.exception("journey %s failed to start", spec.id)
            self.registry_failed.add(spec.id)
            self.refresh_tiles()
            return
        self.show_journey(spec.id, vm)

    def show_journey(self, journey_id: str, vm: JourneyViewModel) -> None:
        """Host ``vm`` (replacing any running journey) and show its current step."""
        self._drop_journey(cancel=True)
        vm.finished.connect(self._on_journey_finished)
        self._journey, self._journey_id = vm, journey_id
        self.teller_call.follow_journey(vm)  # co-browsing: the teller sees this journey
        log_event(log, "journey started", journey=journey_id)
        self.journeyChanged.emit()
        self._go("journey")

    @Slot()
    def home(self) -> None:
        """Back to the service tiles (drops a running journey)."""
        self._drop_journey(cancel=True)
        self._go("home")

    @Slot()
    def cancel(self) -> None:
        """End the session from any screen (the answer Yes to the cancel question)."""
        self._set_cancel_asked(False)
        self.end_session("cancel")

    @Slot()
    def askCancel(self) -> None:  # noqa: N802 - QML API
        """Top-bar Cancel: mid-journey ask "End and clear everything?" first; else end."""
        if self._screen == "journey" and not self._journey_at_result():
            self._set_cancel_asked(True)
        elif self._screen == "journey" and self._journey is not None:
            self._set_cancel_asked(False)
            leave = getattr(self._journey, "leave", None)  # "Done" on a result screen
            if leave is not None:
                leave()
            if self.session.active:
                self.end_session("finish")
        else:
            self.cancel()

    @Slot(str)
    def speak(self, text: str) -> None:
        """Say ``text`` aloud in the current language (the countdown warning, in two senses)."""
        if self._guidance is None:
            from ui.journeys.speech import Guidance, engine_for

            self._guidance = Guidance(engine_for(self.config), self)
        self._guidance.say(text, self.language)

    @Slot()
    def keepGoing(self) -> None:  # noqa: N802 - QML API
        """The answer No to the cancel question: back to where the customer was."""
        self._set_cancel_asked(False)

    def _set_cancel_asked(self, value: bool) -> None:
        if value != self._cancel_asked:
            self._cancel_asked = value
            self.cancelAskedChanged.emit()

    def _journey_at_result(self) -> bool:
        vm = self._journey
        if vm is None:
            return True
        return bool(vm.property("atResult"))

    @Slot()
    def moreTime(self) -> None:  # noqa: N802 - QML API
        """Countdown dialog: "yes, I need more time"."""
        self.session.extend()

    @Slot()
    def endNow(self) -> None:  # noqa: N802 - QML API
        """Countdown dialog: "no, end the session"."""
        self.end_session("cancel")

    @Slot()
    def openHelp(self) -> None:  # noqa: N802 - QML API
        """Show the help panel."""
        self._set_help(True)

    @Slot()
    def closeHelp(self) -> None:  # noqa: N802 - QML API
        """Hide the help panel."""
        self._set_help(False)

    def _set_help(self, value: bool) -> None:
        if value != self._help:
            self._help = value
            self.helpChanged.emit()

    # -- session --------------------------------------------------------------------------

    def end_session(self, reason: str) -> None:
        """End the session (``finish``, ``cancel``, ``timeout``) and return to attract."""
        if self.session.active:
            self.session.end(reason)  # -> _on_session_end
        else:
            self._reset_to_attract()

    @Slot()
    def tick(self) -> None:
        """Advance the inactivity machine (QTimer, 4 Hz)."""
        self.session.tick()
        if self.session.state is SessionState.WARNING:
            self.countdownChanged.emit()

    def _on_session_state(self, session: Session, state: str) -> None:
        if session.active:
            self._ticker.start()
        else:
            self._ticker.stop()
        self.sessionChanged.emit()
        self.countdownChanged.emit()

    def _on_session_end(self, session: Session, reason: str) -> None:
        self._set_cancel_asked(False)
        self._drop_journey(cancel=reason != "finish", timed_out=reason == "timeout")
        self._reset_to_attract()

    def _on_journey_finished(self, outcome: str) -> None:
        log_event(log, "journey finished", journey=self._journey_id, outcome=outcome)
        self.end_session("finish")

    def _drop_journey(self, cancel: bool, timed_out: bool = False) -> None:
        vm, self._journey, self._journey_id = self._journey, None, ""
        if vm is None:
            return
        self.teller_call.follow_journey(None)
        self.journeyChanged.emit()  # QML unloads the step before the view-model goes
        if cancel:
            try:
                if timed_out:
                    vm.time_out()
                else:
                    vm.cancel()
            except Exception:
                log.exception("journey cancel failed")
        vm.finished.disconnect(self._on_journey_finished)
        vm.ctx = None
        vm.deleteLater()

    def _reset_to_attract(self) -> None:
        self._set_help(False)
        self.personal_home.clear()  # the customer's pending items go with the session
        if self.theme is not None:
            self.theme.setProperty("largeText", self.config.ui.large_text)
        default = self.config.ui.default_language
        if default in self.translations.languages and default != self.language:
            self.translations.switch(default)
        self._go("attract")

    # -- tiles and language ---------------------------------------------------------------

    def load_journeys(self) -> None:
        """Register the installed journeys (``ui.journeys.register``) and refresh the tiles."""
        try:
            load_installed_journeys(self.registry)
        except Exception:  # a broken journey package must not keep the terminal down
            log.exception("loading the installed journeys failed; no journeys offered")
        self.refresh_tiles()

    @Slot()
    def refresh_tiles(self) -> None:
        """Re-check which journeys are available and publish their tiles."""
        tiles = [
            {"id": s.id, "title": s.title, "description": s.description, "icon": s.icon_url()}
            for s in self.registry.available(self.ctx)
            if s.id not in self.registry_failed
        ]
        if tiles != self._tiles:
            self._tiles = tiles
            self.tilesChanged.emit()

    @Slot()
    def callTeller(self) -> None:  # noqa: N802 - QML API
        """"Call a teller" (top bar or help): close help, queue the call (returns at once)."""
        self._set_help(False)
        self.teller_call.call()

    def attach_teller(self, terminal: Any) -> None:
        """Show "call a teller" once ``terminal`` (kiosk.terminal.Terminal) has a teller link."""
        teller = getattr(terminal, "teller", None)
        if teller is None or self.teller_call.link is not None:
            return
        self.teller_call.attach(teller.link, terminal.teller_listeners,
                                getattr(terminal, "call_camera", None))
        self.set_teller_available(True)

    def _on_devices_changed(self) -> None:
        stopped = self.devices.get("out_of_service")
        reason = str(getattr(stopped, "reason", "")) if stopped is not None else ""
        if reason != self._out_of_service:
            self._out_of_service = reason
            if reason and self.session.active:
                self.end_session("out_of_service")
            self.outOfServiceChanged.emit()
        backend = self.devices.get("journeys")
        if backend is not None:
            self.attach_teller(getattr(backend, "terminal", None))
            terminal = getattr(backend, "terminal", None)
            self._arrival.attach(getattr(terminal, "arrival", None),
                                 getattr(terminal, "identity", None))
            self.set_mobile_url(getattr(getattr(backend, "terminal", None), "mobile_url", ""))
            if self.personal_home.services is None:
                self.personal_home.attach(backend.services())
        self.registry_failed.clear()  # what failed may work with the new device
        self.refresh_tiles()
        self.tilesChanged.emit()  # "starting" may have ended without a tile changing

    def _on_language(self, code: str) -> None:
        self.languageChanged.emit()
        self.personal_home.retranslate()
        if self._journey is not None:
            self._journey.retranslate()


def translate(text: str) -> str:
    """Translate a shell string from Python (context ``Shell``)."""
    return QCoreApplication.translate("Shell", text)
