"""Face check and OCR in a helper process, so they never stall the terminal's GUI thread.

dlib's Python bindings (face detection, landmarks, encodings) hold the GIL for the whole
call: measured here, a 150-250 ms encoding on a worker thread made the GUI thread's 5 ms
timer fire up to 211 ms late.  Threads cannot fix that; a process can.  ``IsolatedIdentity``
keeps one spawned helper process (models loaded once, in the background) and sends it each
face check or OCR request over a pipe; the device worker thread that asked waits on the pipe
(which releases the GIL) and relays progress messages.  The camera is opened inside the
helper (``camera_factory`` must be picklable, e.g. a ``functools.partial``), so frames never
cross the pipe; images that must (the ID portrait, the scanned document) cross once.

If the helper dies, the next request starts a new one; a request in flight reports the
camera as faulty (the journey then takes its device-fault path).
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import threading
from collections.abc import Callable
from typing import Any

from kiosk.child_signals import ctrl_c_blocked_for_children
from kiosk.devices_io.identity_devices import DeviceProblem, FaceOutcome, IdentityDevices

log = logging.getLogger(__name__)


def _serve(conn: Any, settings: dict[str, Any], cancel: Any) -> None:
    """The helper process: answer requests until the pipe closes.

    ``cancel`` is an Event shared with the terminal: set, it stops the face check running
    here at its next frame (session cancelled or timed out).
    """
    devices = IdentityDevices(**settings)
    devices.cancelled = cancel
    try:
        from kiosk.identity import face_engine

        face_engine.load_models()  # warm up while the customer is still reading the card
    except Exception:  # models missing: each request will report it
        log.exception("face models failed to load in the identity helper")
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        kind, args = request
        try:
            conn.send(_answer(devices, kind, args, conn))
        except (BrokenPipeError, EOFError, OSError):  # the terminal went away: so do we
            return


def _answer(devices: IdentityDevices, kind: str, args: Any, conn: Any) -> tuple[str, Any]:
    try:
        if kind == "face":
            reference, camera_factory = args
            devices.camera_factory = camera_factory
            return "result", devices.check_face_here(
                reference, lambda f, key, jpeg: conn.send(("progress", (f, key, jpeg)))
            )
        if kind == "ocr":
            return "result", devices.read_image(args)
        if kind == "probe":
            devices.camera_factory = args
            return "result", devices.probe_camera_here()
        raise ValueError(kind)
    except (BrokenPipeError, EOFError):
        raise
    except DeviceProblem as exc:
        return "problem", (exc.reason, exc.device)
    except Exception as exc:  # reported to the caller as a device fault, never lost
        log.exception("identity helper request %s failed", kind)
        return "problem", ("camera_fault" if kind == "face" else "unreadable", type(exc).__name__)


class IsolatedIdentity:
    """Runs ``face_check`` and OCR of ``IdentityDevices`` in one helper process."""

    def __init__(self, face_threshold: float = 0.5, liveness_timeout: float = 8.0,
                 challenge: str | None = None) -> None:  # fmt: skip
        self.settings = {"face_threshold": face_threshold, "liveness_timeout": liveness_timeout,
                         "challenge": challenge}  # fmt: skip
        self._ctx = mp.get_context("spawn")
        self._lock = threading.Lock()
        self._proc: Any = None
        self._conn: Any = None
        # Set by cancel() from any thread, read by the helper's liveness loop every frame;
        # cleared before each new face check is sent.
        self._cancel = self._ctx.Event()

    def start(self) -> None:
        """Start the helper (idempotent); call early, off the GUI thread, to hide its start-up."""
        with self._lock:
            if self._proc is not None and self._proc.is_alive():
                return
            parent, child = self._ctx.Pipe()
            self._proc = self._ctx.Process(target=_serve,
                                           args=(child, self.settings, self._cancel),
                                           name="kiosk-identity", daemon=True)  # fmt: skip
            with ctrl_c_blocked_for_children():  # the terminal ends it by closing the pipe
                self._proc.start()
            child.close()
            self._conn = parent

    def _ask(
        self, request: tuple[str, Any], progress: Callable[[float, str, bytes], None] | None
    ) -> Any:
        self.start()
        with self._lock:
            conn = self._conn
            if request[0] == "face":  # a cancel meant for an earlier check must not stop it
                self._cancel.clear()
            try:
                conn.send(request)
                while True:
                    kind, value = conn.recv()
                    if kind == "progress" and progress is not None:
                        progress(*value)
                    elif kind == "result":
                        return value
                    elif kind == "problem":
                        raise DeviceProblem(value[0], str(value[1]))
            except (EOFError, OSError, BrokenPipeError) as exc:
                self._proc = None  # the helper died: the next request starts a new one
                raise DeviceProblem("camera_fault", "identity-helper") from exc

    def face_check(self, reference: Any, camera_factory: Callable[[], Any],
                   progress: Callable[[float, str, bytes], None]) -> FaceOutcome:  # fmt: skip
        """Liveness + comparison in the helper (blocks the calling worker thread only)."""
        return self._ask(("face", (reference, camera_factory)), progress)

    def probe_camera(self, camera_factory: Callable[[], Any]) -> dict[str, Any]:
        """Open the camera in the helper, read a frame, close it; its status as a dict."""
        return self._ask(("probe", camera_factory), None)

    def read_image(self, image: Any) -> Any:
        """OCR of a document image in the helper; returns a DocumentRead."""
        return self._ask(("ocr", image), None)

    def cancel(self) -> None:
        """Stop the helper's face check at its next frame; the next one then starts at once."""
        self._cancel.set()

    def stop(self) -> None:
        """End the helper process (a face check in progress is cancelled first)."""
        self._cancel.set()
        with self._lock:
            if self._conn is not None:
                self._conn.close()
            if self._proc is not None:
                # It holds no state: one still loading its models or mid-check is not
                # waited for (the terminal must stop within 3 s of SIGTERM).
                self._proc.join(timeout=0.5)
                if self._proc.is_alive():
                    self._proc.terminate()
            self._proc = self._conn = None
