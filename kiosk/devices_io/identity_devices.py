"""Device work of the identity steps: chip read, document scan + OCR, face check with liveness.

Plain blocking Python (no Qt): the UI runs each call on the worker thread that owns the
device.  Heavy modules (dlib, OCR engines) are imported inside the calls, so importing this
module costs nothing before the first frame.

- ``read_card``: the SAM reader's typed card fields; the portrait comes from the WLT decoder
  when one is installed, else from the scanned card front (no decoder ships: licensed).
- ``scan_document``: one frame of the document camera through ``read_document`` (OCR).
- ``face_check``: a random liveness challenge over the camera stream, then the dlib
  comparison of the frame that showed the action with the ID portrait.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

Progress = Callable[[float, str, bytes], None]
PREVIEW_EVERY_S = 0.15  # live preview rate (about 7 per second: enough to frame one's face)


def preview_jpeg(frame: Any, width: int = 320) -> bytes:
    """A small mirrored JPEG of a camera frame for the on-screen preview (memory only)."""
    import cv2

    h, w = frame.shape[:2]
    small = cv2.resize(frame, (width, max(1, int(h * width / w))), interpolation=cv2.INTER_AREA)
    ok, jpeg = cv2.imencode(".jpg", cv2.flip(small, 1), [cv2.IMWRITE_JPEG_QUALITY, 70])
    return jpeg.tobytes() if ok else b""


class DeviceProblem(Exception):
    """A device could not deliver; ``reason`` is the journey's message suffix."""

    def __init__(self, reason: str, device: str) -> None:
        super().__init__(f"{device}: {reason}")
        self.reason = reason
        self.device = device


@dataclass
class DocumentRead:
    """What the reader or OCR delivered, in the journey's terms (personal data: memory only)."""

    kind: str
    fields: dict[str, Any]
    source: str
    valid: bool | None
    photo: Any
    problems: tuple[str, ...] = ()  # names of fields that failed a check (no values)

    def __repr__(self) -> str:
        return f"DocumentRead(kind={self.kind}, source={self.source}, <redacted>)"


@dataclass(frozen=True)
class FaceOutcome:
    """One face-check attempt: passed, the reason when not, and the match distance."""

    passed: bool
    reason: str
    distance: float | None


def chip_contradictions(fields: dict[str, Any]) -> tuple[str, ...]:
    """Fields of a chip read that contradict its ID number (sex, birth date), by name.

    The chip's data is signed, so a contradiction means a damaged or forged card: staff
    look at it, nothing is "corrected".
    """
    from kiosk.identity.idnumber import birth_date, is_valid, sex_from_number

    number = str(fields.get("id_number", "")).strip().upper()
    if not is_valid(number):
        return ()  # a bad check digit is "invalid", judged by the journey
    out = []
    sex = str(fields.get("sex", "")).strip()
    expected = sex_from_number(number)
    if sex and expected and sex not in (expected, {"男": "M", "女": "F"}[expected]):
        out.append("sex")
    born = birth_date(number)
    if fields.get("birth_date") and born is not None and fields["birth_date"] != born.isoformat():
        out.append("birth_date")
    return tuple(out)


class IdentityDevices:
    """The identity devices of one terminal.

    Args:
        reader: a devices.idcard.SamReader (or None: no chip reader).
        scanner: a devices.camera.Camera looking at the document tray (or None).
        camera_factory: returns an unopened customer-facing camera for one face check.
        face_threshold: FaceVerifier distance threshold (config ``face.threshold``).
        liveness_timeout: seconds per liveness attempt (config ``face.liveness_timeout``).
        challenge: fixed liveness challenge (demo, tests); None draws one at random.
        isolated: a kiosk.devices_io.identity_process.IsolatedIdentity: face checks and OCR then
            run in its helper process (dlib holds the GIL; see that module).
        share: a devices.camera.shared.SharedCamera owning the customer camera when it is a
            real device the call's video uses too: the helper then reads its frames from
            shared memory instead of opening the device a second time.
    """

    def __init__(
        self,
        reader: Any = None,
        scanner: Any = None,
        camera_factory: Callable[[], Any] | None = None,
        face_threshold: float = 0.5,
        liveness_timeout: float = 8.0,
        challenge: str | None = None,
        isolated: Any = None,
        share: Any = None,
    ) -> None:
        self.share = share
        self.reader = reader
        self.scanner = scanner
        self.camera_factory = camera_factory
        self.face_threshold = face_threshold
        self.liveness_timeout = liveness_timeout
        self.challenge = challenge
        self.isolated = isolated
        self.cancelled = threading.Event()
        self.timings: dict[str, float] = {}
        self._status_lock = threading.Lock()
        # Not probed yet: "starting", never "online" because a camera is configured.
        self._camera_status: dict[str, Any] = {
            "device": "starting" if camera_factory is not None else "noDevice"
        }

    # --- documents ---------------------------------------------------------------------------
    def _scan_image(self) -> Any:
        if self.scanner is None:
            raise DeviceProblem("reader_fault", "scanner")
        from devices.camera.base import CameraError

        try:
            self.scanner.open()
            try:
                return self.scanner.read()
            finally:
                self.scanner.close()
        except CameraError as exc:
            raise DeviceProblem("reader_fault", "scanner") from exc

    def read_card(self) -> DocumentRead:
        """Find, select and read the card on the chip reader (blocking, reader thread)."""
        from devices.idcard import NoCard, ReaderTimeout
        from devices.idcard.errors import IdCardError
        from devices.idcard.photo import decode_photo

        if self.reader is None:
            raise DeviceProblem("reader_fault", "idcard")
        start = time.perf_counter()
        try:
            record = self.reader.read()
        except NoCard as exc:
            raise DeviceProblem("no_card", "idcard") from exc
        except ReaderTimeout as exc:
            raise DeviceProblem("timeout", "idcard") from exc
        except IdCardError as exc:
            raise DeviceProblem("reader_fault", "idcard") from exc
        self.timings["chip_read_ms"] = (time.perf_counter() - start) * 1000
        photo = decode_photo(record.photo_wlt)
        if photo is None and self.scanner is not None:
            # No WLT decoder (it is licensed): the portrait of the card lying on the tray.
            photo = self._scan_image()
        fields = record.text.as_fields()
        return DocumentRead("cn-id", fields, "chip", None, photo, chip_contradictions(fields))

    def scan_document(self) -> DocumentRead:
        """OCR the document on the tray (blocking, scanner thread)."""
        image = self._scan_image()
        start = time.perf_counter()
        read = self.isolated.read_image(image) if self.isolated else self.read_image(image)
        self.timings["ocr_ms"] = (time.perf_counter() - start) * 1000
        return read

    def read_image(self, image: Any) -> DocumentRead:
        """OCR one document image (blocking; any thread or the helper process)."""
        from kiosk.identity.documents import read_document

        result = read_document(image, "auto")
        kind = result.kind
        if kind is None:
            raise DeviceProblem("unreadable", "scanner")
        kind = "cn-id" if str(kind).startswith("cn-id") else str(kind)
        problems = tuple(result.problems)
        return DocumentRead(kind, dict(result.fields), "ocr", bool(result.valid), image, problems)

    # --- face --------------------------------------------------------------------------------
    def face_check(self, reference: Any, progress: Progress) -> FaceOutcome:
        """Liveness then comparison with ``reference`` (blocking, camera thread)."""
        if reference is None:
            return FaceOutcome(False, "no_match", None)
        if self.camera_factory is None:
            raise DeviceProblem("camera_fault", "camera")
        self._set_camera_status({"device": "deviceBusy"})
        try:
            if self.isolated is not None:
                start = time.perf_counter()
                if self.share is not None:  # one owner of the device: frames by shared memory
                    with self.share.hold():
                        outcome = self.isolated.face_check(reference,
                                                           self.share.remote_factory(), progress)
                else:
                    outcome = self.isolated.face_check(reference, self.camera_factory, progress)
                self.timings["face_check_ms"] = (time.perf_counter() - start) * 1000
            else:
                self.cancelled.clear()
                outcome = self.check_face_here(reference, progress)
        except DeviceProblem as exc:
            self._set_camera_status({"device": "hardwareError", "error": exc.reason})
            raise
        self._set_camera_status({"device": "online"})
        return outcome

    # --- camera status -----------------------------------------------------------------------
    @property
    def camera_status(self) -> dict[str, Any]:
        """The customer camera's last known XFS4IoT status, as its worker last found it."""
        with self._status_lock:
            return dict(self._camera_status)

    def _set_camera_status(self, status: dict[str, Any]) -> None:
        with self._status_lock:
            self._camera_status = dict(status)

    def probe_camera(self) -> dict[str, Any]:
        """Open the customer camera, read a frame, close it (blocking: the camera's worker).

        In the helper process when there is one (the camera is opened there for face
        checks too).  The result becomes ``camera_status``.
        """
        if self.camera_factory is None:
            status: dict[str, Any] = {"device": "noDevice"}
        elif self.share is not None:
            status = self.probe_camera_here()  # through a view of the one owner
        elif self.isolated is not None:
            try:
                status = self.isolated.probe_camera(self.camera_factory)
            except DeviceProblem as exc:
                status = {"device": "hardwareError", "error": exc.reason}
        else:
            status = self.probe_camera_here()
        self._set_camera_status(status)
        return status

    def probe_camera_here(self) -> dict[str, Any]:
        """``probe_camera`` in this process."""
        from devices.camera.base import CameraError

        if self.camera_factory is None:
            return {"device": "noDevice"}
        try:
            camera = self.camera_factory()
        except Exception as exc:  # a bad source is a configuration fault the status names
            return {"device": "hardwareError", "error": type(exc).__name__}
        try:
            camera.open()
            frame = camera.read()
            return {**camera.status.as_dict(), "frame": f"{frame.shape[1]}x{frame.shape[0]}"}
        except CameraError:
            return camera.status.as_dict()
        finally:
            camera.close()

    def check_face_here(self, reference: Any, progress: Progress) -> FaceOutcome:
        """``face_check`` in this process; stops at the first frame after ``cancelled`` is set.

        The identity helper process runs this with ``cancelled`` shared with the terminal.
        """
        from devices.camera.base import CameraError
        from devices.idcard.photo import crop_photo_area
        from kiosk.identity.face import FaceVerifier
        from kiosk.identity.liveness import LivenessSession, LivenessState

        if reference is None:
            return FaceOutcome(False, "no_match", None)
        if self.camera_factory is None:
            raise DeviceProblem("camera_fault", "camera")
        start = time.perf_counter()
        verifier = FaceVerifier(threshold=self.face_threshold)
        faces = verifier.encode_reference(crop_photo_area(reference))
        if faces == 0:
            faces = verifier.encode_reference(reference)
        if faces == 0:
            verifier.clear()
            return FaceOutcome(False, "no_match", None)
        session = LivenessSession(self.challenge, self.liveness_timeout, verifier=verifier)
        progress(0.0, f"face.{session.challenge.value}", b"")
        last_preview = 0.0
        camera = self.camera_factory()
        try:
            camera.open()
            t0 = time.monotonic()
            while not self.cancelled.is_set():
                frame = camera.read()
                now = time.monotonic()
                step = session.feed(frame, now)
                act = getattr(camera, "act", None)
                if act is not None:  # a simulated customer reads the screen, as a person would
                    act(step.guidance_key)
                # Each action has its own time: the bar shows the one asked now.
                started = session.action_started if session.action_started is not None else t0
                fraction = min(0.95, (now - started) / max(self.liveness_timeout, 0.1))
                if step.state is LivenessState.WAITING:
                    key = step.guidance_key.replace("liveness.", "face.")
                    if key == "face.hold_still":
                        key = f"face.{session.challenge.value}"
                    preview = b""
                    if now - last_preview >= PREVIEW_EVERY_S:
                        preview, last_preview = preview_jpeg(frame), now
                    progress(fraction, key, preview)
                    continue
                if step.state is not LivenessState.PASSED:
                    return FaceOutcome(False, "liveness_failed", None)
                progress(1.0, "face.checking", b"")
                # The last action is a turn: compare the frontal face the session began with.
                neutral = session.neutral_frame
                match = verifier.compare(neutral if neutral is not None else frame)
                self.timings["face_check_ms"] = (time.perf_counter() - start) * 1000
                return FaceOutcome(
                    bool(match.match), "" if match.match else "no_match", match.distance
                )
            return FaceOutcome(False, "cancelled", None)
        except CameraError as exc:
            raise DeviceProblem("camera_fault", "camera") from exc
        finally:
            try:
                camera.close()
            finally:
                session.clear()
                verifier.clear()

    def cancel(self) -> None:
        """Stop a running face check at its next frame (session end), in the helper too."""
        self.cancelled.set()
        if self.isolated is not None:
            self.isolated.cancel()
