"""The attract screen's recognition, in its own helper process (dlib holds the GIL).

``RecognitionWatcher`` keeps one spawned process with the branch's gallery in its memory.
``watch()`` makes it open the customer camera and look at a frame every ``interval_s``:
each face found is encoded, compared with the gallery and the descriptor dropped at once;
only a match crosses the pipe back (a template id and a distance, nothing of the face).
A face that matches nobody leaves nothing: no file, no log line, no message.  ``pause()``
closes the camera and returns once it is closed, so a journey's face check can open it
(the identity helper process owns it then); the watcher also pauses itself after a match.

``capture(reference)`` (opt-in after a face check) encodes the live face and returns its
descriptor only when it is the person of ``reference`` (the ID photo), at the ID check's
own threshold.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import threading
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from kiosk.child_signals import ctrl_c_blocked_for_children
from kiosk.recognition.gallery import DEFAULT_MARGIN, DEFAULT_THRESHOLD, Gallery

log = logging.getLogger(__name__)


def _descriptor(frame: np.ndarray) -> np.ndarray | None:
    from kiosk.identity import face_engine

    rgb = face_engine.to_rgb(frame)
    boxes = face_engine.detect_faces(rgb, 320, upsample=1)
    return face_engine.encode(rgb, boxes[0]) if boxes else None


class _Helper:
    """The helper process's state (runs there only)."""

    def __init__(self, conn: Any, camera_factory: Any, threshold: float, margin: float,
                 interval_s: float) -> None:
        self.conn = conn
        self.camera_factory = camera_factory
        self.gallery = Gallery(threshold, margin)
        self.interval_s = interval_s
        self.camera: Any = None
        self.frames = self.faces = 0  # counts only (diagnostics, tests)

    def close_camera(self) -> None:
        if self.camera is not None:
            try:
                self.camera.close()
            except Exception:
                log.exception("recognition: closing the camera failed")
            self.camera = None

    def open_camera(self) -> bool:
        if self.camera is None:
            try:
                camera = self.camera_factory()
                camera.open()
                self.camera = camera
            except Exception as exc:  # no camera: no recognition, the terminal works on
                log.warning("recognition: the camera cannot be opened (%s)", type(exc).__name__)
                return False
        return True

    def look(self) -> None:
        """One frame: match it or forget it."""
        try:
            frame = self.camera.read()
        except Exception as exc:
            log.warning("recognition: camera read failed (%s)", type(exc).__name__)
            self.close_camera()
            self.conn.send(("paused", "camera_fault"))
            return
        descriptor = _descriptor(frame)
        frame.fill(0)
        self.frames += 1
        if descriptor is None:
            return
        self.faces += 1
        found = self.gallery.match(descriptor)
        descriptor.fill(0.0)
        if found is not None:
            self.close_camera()  # paused until the terminal watches again
            self.conn.send(("match", (found.template_id, found.distance)))

    def capture(self, reference: np.ndarray, threshold: float, tries: int) -> Any:
        ref = _descriptor(reference)
        if ref is None:
            return ("captured", None)
        if not self.open_camera():
            return ("captured", None)
        try:
            for _ in range(tries):
                live = _descriptor(self.camera.read())
                if live is not None and float(np.linalg.norm(live - ref)) <= threshold:
                    return ("captured", live.tolist())
        finally:
            self.close_camera()
        return ("captured", None)

    def handle(self, kind: str, value: Any) -> bool:
        if kind == "gallery":
            self.gallery.replace({k: np.asarray(v) for k, v in value.items()})
            self.conn.send(("gallery", len(self.gallery)))
        elif kind == "camera":
            self.close_camera()
            self.camera_factory = value
            self.conn.send(("camera", None))
        elif kind == "watch":
            self.conn.send(("watching", self.open_camera()))
        elif kind == "pause":
            self.close_camera()
            self.conn.send(("paused", "asked"))
        elif kind == "capture":
            self.close_camera()
            self.conn.send(self.capture(*value))
        elif kind == "stats":
            self.conn.send(("stats", {"frames": self.frames, "faces": self.faces,
                                      "templates": len(self.gallery)}))
        elif kind == "stop":
            return False
        return True


def _serve(conn: Any, camera_factory: Any, threshold: float, margin: float,
           interval_s: float) -> None:
    from kiosk.identity import face_engine

    helper = _Helper(conn, camera_factory, threshold, margin, interval_s)
    face_engine.load_models()
    conn.send(("ready", None))
    next_look = 0.0
    try:
        while True:
            wait = None if helper.camera is None else max(0.0, next_look - time.monotonic())
            if conn.poll(wait):
                kind, value = conn.recv()
                if not helper.handle(kind, value):
                    return
                continue
            next_look = time.monotonic() + helper.interval_s
            helper.look()
    except (EOFError, OSError, BrokenPipeError):
        return
    finally:
        helper.close_camera()
        helper.gallery.clear()


class RecognitionWatcher:
    """The terminal's side of the recognition helper.

    ``on_match(template_id, distance)`` is called on the watcher's reader thread.
    """

    def __init__(self, camera_factory: Callable[[], Any], on_match: Callable[[str, float], None],
                 threshold: float = DEFAULT_THRESHOLD, margin: float = DEFAULT_MARGIN,
                 interval_s: float = 0.5) -> None:
        self.camera_factory = camera_factory
        self.on_match = on_match
        self.args = (threshold, margin, interval_s)
        self._ctx = mp.get_context("spawn")
        self._proc: Any = None
        self._conn: Any = None
        self._send_lock = threading.Lock()
        self._replies: dict[str, Any] = {}
        self._cond = threading.Condition()
        self._reader: threading.Thread | None = None

    def start(self) -> None:
        """Start the helper process (idempotent; returns before its models are loaded)."""
        if self._proc is not None and self._proc.is_alive():
            return
        with self._cond:
            self._replies.clear()  # a new helper: nothing of the last one's answers holds
        parent, child = self._ctx.Pipe()
        self._proc = self._ctx.Process(target=_serve, name="kiosk-recognition", daemon=True,
                                       args=(child, self.camera_factory, *self.args))
        with ctrl_c_blocked_for_children():
            self._proc.start()
        child.close()
        self._conn = parent
        self._reader = threading.Thread(target=self._read, name="recognition-reader",
                                        daemon=True)
        self._reader.start()

    def _read(self) -> None:
        conn = self._conn
        while True:
            try:
                kind, value = conn.recv()
            except (EOFError, OSError, TypeError):  # TypeError: closed under our feet
                with self._cond:
                    self._replies["dead"] = True
                    self._cond.notify_all()
                return
            if kind == "match":
                try:
                    self.on_match(*value)
                except Exception:
                    log.exception("recognition: the match listener failed")
            with self._cond:
                self._replies[kind] = value
                self._cond.notify_all()

    def _ask(self, kind: str, value: Any, reply: str, timeout: float) -> Any:
        self.start()
        with self._cond:
            self._replies.pop(reply, None)
        with self._send_lock:
            self._conn.send((kind, value))
        with self._cond:
            if not self._cond.wait_for(lambda: reply in self._replies or "dead" in
                                       self._replies, timeout):
                raise TimeoutError(f"the recognition helper did not answer {kind!r}")
            if reply not in self._replies:
                raise RuntimeError("the recognition helper died")
            return self._replies.pop(reply)

    def wait_ready(self, timeout: float = 60.0) -> None:
        """Wait until the helper's models are loaded."""
        self.start()
        with self._cond:
            self._cond.wait_for(lambda: "ready" in self._replies, timeout)

    def set_gallery(self, faces: dict[str, np.ndarray], timeout: float = 30.0) -> int:
        """Give the helper the branch's descriptors (over the pipe, never to disk)."""
        return int(self._ask("gallery", {k: np.asarray(v).tolist() for k, v in faces.items()},
                             "gallery", timeout))

    def use_camera(self, camera_factory: Callable[[], Any], timeout: float = 30.0) -> None:
        """Open another camera from now on (a picklable factory; tests, a camera swap)."""
        self.camera_factory = camera_factory
        self._ask("camera", camera_factory, "camera", timeout)

    def watch(self, timeout: float = 60.0) -> bool:
        """Open the camera and look for opted-in faces; False when the camera cannot open."""
        return bool(self._ask("watch", None, "watching", timeout))

    def pause(self, timeout: float = 30.0) -> None:
        """Close the camera; returns once it is closed (a journey's face check may open it)."""
        self._ask("pause", None, "paused", timeout)

    def capture(self, reference: np.ndarray, threshold: float = 0.5, tries: int = 15,
                timeout: float = 60.0) -> np.ndarray | None:
        """The live face's descriptor when it is the person of ``reference``, else None."""
        value = self._ask("capture", (reference, threshold, tries), "captured", timeout)
        return None if value is None else np.asarray(value, dtype=np.float64)

    def stats(self, timeout: float = 30.0) -> dict[str, int]:
        """Frames looked at and faces found since the start, and the gallery's size."""
        return dict(self._ask("stats", None, "stats", timeout))

    def stop(self) -> None:
        """End the helper (the camera closes with it).

        A helper still loading its models holds nothing else and reads no message until
        loaded (seconds on a busy machine): it is ended at once, so stopping stays quick.
        """
        with self._cond:
            loading = "ready" not in self._replies and "dead" not in self._replies
        if loading and self._proc is not None and self._proc.is_alive():
            self._proc.terminate()
        if self._conn is not None:
            try:
                with self._send_lock:
                    self._conn.send(("stop", None))
            except (OSError, BrokenPipeError):
                pass
        if self._proc is not None:
            self._proc.join(timeout=2.0)
            if self._proc.is_alive():
                self._proc.terminate()
                self._proc.join(timeout=1.0)
        if self._reader is not None:  # the helper's end closed: the reader sees EOF
            self._reader.join(timeout=1.0)
        if self._conn is not None:
            self._conn.close()
        self._proc = self._conn = self._reader = None
