"""Face verification: the live face against the ID photo, with dlib's 128-d embeddings.

``FaceVerifier`` wraps face_recognition (dlib ResNet embeddings, Euclidean distance).  The
models load lazily; call :meth:`FaceVerifier.warm_up` from a worker thread at start-up so
the first customer does not wait.  A session encodes the ID photo once
(:meth:`encode_reference`), compares camera frames with :meth:`compare`, and calls
:meth:`clear` at the end.  Images and embeddings live only in memory: nothing here logs
or writes them (log records carry distances and counts only).

The default threshold comes from the calibration written down in docs/face.md.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from kiosk.identity import face_engine
from kiosk.identity.image_limits import check_pixels
from kiosk.logs import log_event

log = logging.getLogger(__name__)

DEFAULT_THRESHOLD = 0.5


class ImageUnreadable(Exception):
    """A file that is missing or is not an image OpenCV can decode."""


def load_image(path: str | Path) -> np.ndarray:
    """Read an image file as BGR (EXIF orientation applied); raise ImageUnreadable."""
    p = Path(path)
    if not p.is_file():
        raise ImageUnreadable(f"{p}: no such file")
    check_pixels(p, ImageUnreadable)  # before decoding: a bomb is refused unread
    data = np.fromfile(str(p), dtype=np.uint8)
    img = cv2.imdecode(data, cv2.IMREAD_COLOR) if data.size else None
    if img is None:
        raise ImageUnreadable(f"{p}: not a readable image")
    return img


@dataclass(frozen=True)
class FaceMatch:
    """The result of comparing two faces; ``reason`` says why when there is no comparison."""

    match: bool
    distance: float | None
    threshold: float
    reference_faces: int
    probe_faces: int
    elapsed_ms: float
    reason: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-friendly dict."""
        return asdict(self)


@dataclass
class _Encoded:
    faces: int
    embedding: np.ndarray | None


class FaceVerifier:
    """Compares faces with dlib embeddings; thread-safe; holds one session's reference."""

    def __init__(
        self,
        threshold: float = DEFAULT_THRESHOLD,
        detect_side: int = 320,
        num_jitters: int = 1,
    ) -> None:
        self.threshold = float(threshold)
        self.detect_side = detect_side
        self.num_jitters = num_jitters
        self._lock = threading.Lock()
        self._reference: _Encoded | None = None

    @staticmethod
    def warm_up() -> float:
        """Load the models now (call from a worker thread); return the load time in seconds."""
        return face_engine.load_models()

    def _encode(self, bgr: np.ndarray) -> _Encoded:
        rgb = face_engine.to_rgb(bgr)
        boxes = face_engine.detect_faces(rgb, self.detect_side, upsample=1)
        if not boxes and max(rgb.shape[:2]) > self.detect_side:
            # Small faces in a large picture: one slower pass at twice the scale.
            boxes = face_engine.detect_faces(rgb, self.detect_side * 2, upsample=1)
        if not boxes:
            return _Encoded(0, None)
        # The largest face is the customer (or the ID photo's holder).
        return _Encoded(len(boxes), face_engine.encode(rgb, boxes[0], self.num_jitters))

    def _result(self, ref: _Encoded, probe: _Encoded, start: float) -> FaceMatch:
        elapsed = round((time.perf_counter() - start) * 1000, 1)
        if ref.embedding is None or probe.embedding is None:
            which = "reference" if ref.embedding is None else "probe"
            return FaceMatch(
                False,
                None,
                self.threshold,
                ref.faces,
                probe.faces,
                elapsed,
                reason=f"no_face_in_{which}",
            )
        distance = float(np.linalg.norm(ref.embedding - probe.embedding))
        result = FaceMatch(
            distance <= self.threshold,
            round(distance, 4),
            self.threshold,
            ref.faces,
            probe.faces,
            elapsed,
        )
        log_event(
            log, "face compared", match=result.match, distance=result.distance, elapsed_ms=elapsed
        )
        return result

    def verify(self, reference_img: np.ndarray, probe_img: np.ndarray) -> FaceMatch:
        """Compare the largest face of two BGR images (stateless; keeps nothing)."""
        start = time.perf_counter()
        return self._result(self._encode(reference_img), self._encode(probe_img), start)

    def encode_reference(self, reference_img: np.ndarray) -> int:
        """Encode the session's reference (ID photo) once; return how many faces it shows."""
        enc = self._encode(reference_img)
        with self._lock:
            self._reference = enc
        return enc.faces

    @property
    def has_reference(self) -> bool:
        """Whether a reference face is held."""
        with self._lock:
            return self._reference is not None and self._reference.embedding is not None

    def compare(self, probe_frame: np.ndarray) -> FaceMatch:
        """Compare a camera frame with the reference from :meth:`encode_reference`."""
        start = time.perf_counter()
        with self._lock:
            ref = self._reference
        if ref is None:
            raise RuntimeError("encode_reference() must be called before compare()")
        return self._result(ref, self._encode(probe_frame), start)

    def distance_to_reference(self, embedding: np.ndarray) -> float | None:
        """Distance from an embedding computed elsewhere (e.g. the liveness loop)."""
        with self._lock:
            ref = self._reference
        if ref is None or ref.embedding is None:
            return None
        return float(np.linalg.norm(ref.embedding - embedding))

    def clear(self) -> None:
        """Drop the reference embedding (end of session)."""
        with self._lock:
            if self._reference is not None and self._reference.embedding is not None:
                self._reference.embedding.fill(0.0)
            self._reference = None
