"""The diagnostics mode's camera test: frame rate, face boxes and a preview with the box drawn.

Runs in a short-lived child process (``run_in_child``), so dlib's detector never loads into
the terminal's GUI process (the same reason the identity helper is a process of its own).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any


def measure(camera_factory: Callable[[], Any], seconds: float = 2.0,
            detect_side: int = 320) -> dict[str, Any]:  # fmt: skip
    """Read frames for ``seconds``; return fps, frame size, face boxes and a JPEG preview."""
    import cv2

    from kiosk.identity.face_engine import detect_faces, to_rgb

    cam = camera_factory()
    cam.open()
    frames, boxes, last = 0, [], None
    started = time.perf_counter()
    try:
        while time.perf_counter() - started < seconds:
            last = cam.read()
            frames += 1
        elapsed = time.perf_counter() - started
        if last is not None:
            boxes = [tuple(int(v) for v in b) for b in detect_faces(to_rgb(last), detect_side)]
    finally:
        cam.close()
    if last is None:
        return {"ok": False, "frames": 0, "fps": 0.0, "faces": []}
    preview = last.copy()
    for top, right, bottom, left in boxes:  # face_recognition's (top, right, bottom, left)
        cv2.rectangle(preview, (left, top), (right, bottom), (0, 200, 0), 3)
    ok, jpeg = cv2.imencode(".jpg", preview, [cv2.IMWRITE_JPEG_QUALITY, 80])
    return {"ok": True, "frames": frames, "fps": round(frames / elapsed, 1),
            "frame": f"{last.shape[1]}x{last.shape[0]}", "faces": boxes,
            "preview_jpeg": jpeg.tobytes() if ok else b""}  # fmt: skip


def run_in_child(camera_factory: Callable[[], Any], seconds: float = 2.0,
                 timeout: float = 60.0) -> dict[str, Any]:  # fmt: skip
    """:func:`measure` in a spawned child process (blocks the calling worker thread)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=spawn) as pool:
        return pool.submit(measure, camera_factory, seconds).result(timeout=timeout)
