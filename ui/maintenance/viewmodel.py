"""The diagnostics mode's view-model: the hidden gesture, the entry pad, the technician's screens.

It holds a :class:`kiosk.maintenance.mode.DiagnosticsMode` built over the running
terminal's back end once the background services publish it.  Every console call runs on a
worker thread; results come back through a queued signal, so the GUI thread never waits on
a device, the network or a child process.  Stages: ``hidden``, ``entry`` (the PIN / code
pad), ``waiting`` (a customer is still mid-journey), ``active`` (the technician's screens).
"""

from __future__ import annotations

import base64
import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Property, QCoreApplication, QObject, Signal, Slot

from kiosk.maintenance.gesture import CornerGesture

log = logging.getLogger(__name__)

CONTEXT = "Diagnostics"
ENTRY_MESSAGES = {
    "wrong": QT_TRANSLATE_NOOP("Diagnostics", "Wrong technician id, code or PIN."),
    "malformed": QT_TRANSLATE_NOOP("Diagnostics", "Enter your technician id and a code or PIN."),
    "code_used": QT_TRANSLATE_NOOP("Diagnostics", "This code was used already: ask for a new one."),
    "pin_needs_code": QT_TRANSLATE_NOOP("Diagnostics", "The hub is reachable: ask for a code."),
    "locked": QT_TRANSLATE_NOOP("Diagnostics", "Entry is locked after too many wrong tries."),
}
STARTING = QT_TRANSLATE_NOOP("Diagnostics", "The terminal is still starting.")
TRY_AGAIN = QT_TRANSLATE_NOOP("Diagnostics", "Try again in %1 s.")


def tr(text: str) -> str:
    """Translate one of this module's strings into the interface language."""
    return QCoreApplication.translate(CONTEXT, text)


def _data_uri(kind: str, data: bytes) -> str:
    return f"data:image/{kind};base64,{base64.b64encode(data).decode()}" if data else ""


def for_qml(action: str, result: Any) -> Any:
    """A console result as QML can show it (pictures as data URIs, no bytes)."""
    if isinstance(result, dict):
        out = {k: v for k, v in result.items() if not isinstance(v, bytes)}
        if result.get("png"):
            out["image"] = _data_uri("png", result["png"])
        if result.get("preview_jpeg"):
            out["image"] = _data_uri("jpeg", result["preview_jpeg"])
        if action == "devices":
            out = {"rows": [{"name": name, "state": d["status"].get("device", "?"),
                             "detail": ", ".join(f"{k}={v}" for k, v in d["status"].items()
                                                 if k != "device"),
                             "changes": len(d["history"]),
                             "history": [f"{h['ts']:.0f} {h['status'].get('device', '?')}"
                                         for h in d["history"][-8:]]}
                            for name, d in result.items()]}  # fmt: skip
        if action == "counters":
            out["rows"] = [{"name": k, "value": v} for k, v in result.get("values", {}).items()]
        return out
    if isinstance(result, list):
        return {"lines": [str(x) for x in result]}
    return {"value": str(result)}


class DiagnosticsViewModel(QObject):
    """Bound by ``ui/maintenance/qml/DiagnosticsOverlay.qml``.

    Args:
        shell: the :class:`ui.shell.ShellViewModel` (its session and device directory).
        services_name: the name the back end is published under.
    """

    changed = Signal()
    resultsChanged = Signal()
    _done = Signal(str, object)
    _mode_changed = Signal(str)

    def __init__(self, shell: Any, services_name: str = "journeys",
                 parent: QObject | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.shell = shell
        self.services_name = services_name
        self.mode: Any = None
        self.gesture = CornerGesture()
        self._stage = "hidden"
        self._message = ""
        self._busy = ""
        self._results: dict[str, Any] = {}
        self._done.connect(self._on_done)
        self._mode_changed.connect(self._on_mode)
        shell.devices.changed.connect(self._attach)

    # -- wiring ------------------------------------------------------------------------------
    def _attach(self) -> None:
        if self.mode is not None:
            return
        backend = self.shell.devices.get(self.services_name)
        if backend is None:  # out of service: the mode over what still works (the journal)
            backend = self.shell.devices.get("out_of_service")
        if backend is None:
            return
        self.attach(backend)

    def attach(self, backend: Any) -> None:
        """Build the mode over a running back end (``ui.journeys.backend.JourneyBackend``)."""
        from kiosk.maintenance.console import ConsoleParts
        from kiosk.maintenance.mode import DiagnosticsMode

        bank = backend.bank
        printer = getattr(getattr(backend.receipts, "service", None), "printer", None)
        ident = backend.identity
        parts = ConsoleParts(
            self.shell.config, None, bank.journal, bank.outbox,
            getattr(backend, "operations", None), printer=printer, reader=ident.reader,
            camera_factory=ident.camera_factory, isolated=ident.isolated,
            core_url=lambda: bank.core.base_url,
        )  # fmt: skip
        self.mode = DiagnosticsMode.build(parts, self.shell.session, poll_in_thread=True)
        # Listeners may run on a worker thread: hop to the GUI thread through a signal.
        self.mode.vendor.on_change(lambda state, tech: self._mode_changed.emit(str(state)))
        self.changed.emit()

    # -- properties --------------------------------------------------------------------------
    stage = Property(str, lambda self: self._stage, notify=changed)
    message = Property(str, lambda self: self._message, notify=changed)
    busy = Property(str, lambda self: self._busy, notify=changed)
    available = Property(bool, lambda self: self.mode is not None, notify=changed)
    outOfService = Property(  # noqa: N815 - QML API
        bool, lambda self: self.mode is not None and self.mode.vendor.blocks_customers,
        notify=changed)  # fmt: skip
    technician = Property(
        str, lambda self: self.mode.vendor.technician if self.mode else "", notify=changed)
    results = Property("QVariantMap", lambda self: self._results, notify=resultsChanged)

    def _set(self, stage: str | None = None, message: str | None = None) -> None:
        if stage is not None:
            self._stage = stage
        if message is not None:
            self._message = message
        self.changed.emit()

    # -- gesture and entry -------------------------------------------------------------------
    @Slot(str)
    def cornerHeld(self, corner: str) -> None:  # noqa: N802 - QML API
        """A corner's long press (from the overlay's hidden corner areas)."""
        if self._stage == "hidden" and self.gesture.held(corner):
            msg = "" if self.mode is not None else tr(STARTING)
            self._set("entry", msg)

    @Slot(str, str)
    def submit(self, technician: str, secret: str) -> None:
        """The entry pad's OK: check the credential off the GUI thread."""
        if self.mode is None or self._busy:
            return
        self._work("enter", lambda: self.mode.enter(technician, secret))

    @Slot()
    def cancelEntry(self) -> None:  # noqa: N802 - QML API
        """Close the pad, or withdraw a request still waiting for a customer."""
        if self._stage == "waiting" and self.mode is not None:
            self._work("cancel", self.mode.vendor.cancel)
        self._set("hidden", "")

    @Slot()
    def leave(self) -> None:
        """Exit the mode: back to service."""
        if self.mode is not None:
            self._work("leave", self.mode.leave)
        self._results = {}
        self.resultsChanged.emit()

    # -- the technician's actions ------------------------------------------------------------
    @Slot(str)
    def run(self, action: str) -> None:
        """Run a console action by name (devices, print_test_receipt, camera_test, ...)."""
        names = {"devices", "print_test_receipt", "camera_test", "read_card", "ocr_sample",
                 "reachability", "outbox", "counters", "reset_counters", "logs",
                 "export_bundle", "send_bundle"}  # fmt: skip
        if self.mode is None or action not in names:
            return
        self._work(action, getattr(self.mode.console, action))

    @Slot(str)
    def retry(self, action_id: str) -> None:
        """Send a parked action again."""
        self._work("retry", lambda: self.mode.console.retry(action_id), then="outbox")

    @Slot(str, str)
    def discard(self, action_id: str, reason: str) -> None:
        """Discard a parked action for a typed reason."""
        self._work("discard", lambda: self.mode.console.discard(action_id, reason),
                   then="outbox")  # fmt: skip

    def _work(self, action: str, fn: Callable[[], Any], then: str = "") -> None:
        self._busy = action
        self.changed.emit()

        def target() -> None:
            try:
                result: Any = fn()
            except Exception as exc:  # shown to the technician, never raised into Qt
                log.warning("diagnostics action %s failed: %s", action, exc)
                result = exc
            self._done.emit(action, result)
            if then and not isinstance(result, Exception):
                self._done.emit(then, self.mode.console.outbox())

        threading.Thread(target=target, name=f"diagnostics-{action}", daemon=True).start()

    @Slot(str, object)
    def _on_done(self, action: str, result: Any) -> None:
        if self._busy == action:
            self._busy = ""
        if action == "enter":
            entry, state = result if not isinstance(result, Exception) else (None, "")
            if entry is None or not entry.ok:
                reason = entry.reason if entry is not None else "malformed"
                text = tr(ENTRY_MESSAGES.get(reason, reason))
                if entry is not None and entry.wait_seconds:
                    text += " " + tr(TRY_AGAIN).replace("%1", str(int(entry.wait_seconds + 0.999)))
                self._set(message=text)
                return
            self._on_mode(str(state))
            return
        if isinstance(result, Exception):
            tab = "export_bundle" if action == "send_bundle" else action  # the bundle's tab
            self._results = {**self._results, tab: {"error": str(result)}}
        elif action == "export_bundle":
            self._results = {**self._results, action: {"value": str(result)}}
        elif action == "send_bundle":  # shown on the bundle's tab, beside the USB copy
            sent = f"{result['name']} → hub ({result['size']} bytes, id {result['id']})"
            self._results = {**self._results, "export_bundle": {"value": sent}}
        elif action not in ("cancel", "leave", "retry", "discard"):
            self._results = {**self._results, action: for_qml(action, result)}
        self.resultsChanged.emit()
        self.changed.emit()

    @Slot(str)
    def _on_mode(self, state: str) -> None:
        stage = {"requested": "waiting", "acknowledged": "waiting", "active": "active"}
        self._set(stage.get(state, "hidden"), "")
        if state == "active":
            self.run("devices")
