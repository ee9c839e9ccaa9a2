"""Appointment check-in: show the booking's QR code to the camera, or type its code.

``scan`` -> ``checking`` (the hub is asked; auto) -> ``done`` (the ticket, printed).  The QR
code is read by ``scan_camera`` on the journey's worker thread (zxing-cpp, the camera the
root injected), never on the GUI thread; the lock is not held while it reads or while the
hub answers.  A code that is not one (bad check character) is refused before the hub is
asked; unknown, cancelled, too-early and other refusals end the journey with the hub's
reason as the message.
"""

from __future__ import annotations

import threading

from kiosk.flows.queue_steps import DONE, QueueJourney
from kiosk.flows.steps import IdentityLevel, Message, StepSpec
from kiosk.queue import codes

SCAN_TIMEOUT_S = 20.0


class AppointmentCheckInJourney(QueueJourney):
    """The check-in state machine."""

    NAME = "appointment"
    STEPS = (
        StepSpec("scan", IdentityLevel.NONE, devices=("camera",), on_device_fault="scan",
                 speech_key="queue.scan"),
        StepSpec("submitting", IdentityLevel.NONE, cancellable=False, speech_key="queue.wait"),
        DONE,
    )

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003 - Journey's
        super().__init__(*args, **kwargs)
        self._stop_scan = threading.Event()

    def scan_camera(self, timeout_s: float = SCAN_TIMEOUT_S) -> bool:
        """Read the QR code from the camera (blocking, lock released); True once read."""
        from kiosk.queue.qr_scan import scan

        with self._lock:
            self._expect("scan")
            factory = self.deps.qr_camera
            if factory is None or self._busy:
                return False
            self._busy = "scan"
            self._stop_scan.clear()
        try:
            text = self._outside_lock(scan, factory, timeout_s, self._stop_scan)
        except Exception as exc:  # the camera failed: typing the code still works
            with self._lock:
                self._journal("queue.scan_failed", error=type(exc).__name__)
                self._invalid({"camera": "queue.camera_failed"}, Message("queue.camera_failed"))
            return False
        if text is None:
            return False
        with self._lock:
            if self.ended or self.step != "scan":
                return False
        return self.enter_code(text, source="qr")

    def stop_scan(self) -> None:
        """Stop a camera scan in progress (typing started, cancel, session end)."""
        self._stop_scan.set()

    def enter_code(self, raw: str, source: str = "typed") -> bool:
        """Take a typed code (or the QR's text); a code failing its check stays on the step."""
        with self._lock:
            self._expect("scan")
            code = codes.normalise(raw)
            self.data["code_input"] = {"code": raw if source == "typed" else ""}
            if code is None:
                self._invalid({"code": "queue.code_invalid"})
                return False
            self.data["code"] = code
            self._journal("queue.code", source=source)
            self._stop_scan.set()
            self._go("submitting")
            return True

    def submit(self) -> str:
        """Ask the hub to check the appointment in (blocking, lock released)."""
        return self._ask_hub("check_in", "code")

    def cancel(self) -> bool:
        """Cancel also stops the camera scan."""
        self._stop_scan.set()
        return super().cancel()

    def timed_out(self) -> None:
        """The session timed out: stop the scan too."""
        self._stop_scan.set()
        super().timed_out()

    def _wipe_extra(self) -> None:
        self._stop_scan.set()
