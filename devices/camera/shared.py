"""One owner of a camera device, its frames fanned out to every user (call video, face check).

A real camera (V4L2) opens once: a second ``open`` by the face check while the call's video
holds the device fails or starves.  ``SharedCamera`` owns the device on one reader thread,
opened while at least one user is attached and closed after the last one leaves, and hands
each frame to every user:

- in this process, ``view()`` is a ``Camera`` whose ``read`` returns the next frame;
- in another process (the identity helper), ``remote_factory()`` is a picklable factory of
  ``ShmCamera``, which reads the frames from a shared-memory block (a sequence-locked copy of
  the latest frame), so frames do not cross a pipe.  The owner writes there only while it is
  attached through ``hold()``.

Frames are delivered at the device's pace; a user slower than the device gets the latest
frame, as from a camera driver.
"""

from __future__ import annotations

import functools
import struct
import threading
import time
from collections.abc import Callable
from multiprocessing import shared_memory

import numpy as np

from devices.camera.base import Camera, CameraError

_HEADER = struct.Struct("<QIII")  # sequence (odd while written), height, width, channels
MAX_FPS = 30.0  # pace a source that does not pace itself (a file, a fast simulator)


class SharedCamera:
    """Owns one camera made by ``factory`` and fans its frames out (see the module text)."""

    def __init__(self, factory: Callable[[], Camera], max_size: tuple[int, int] = (1920, 1080),
                 read_timeout_s: float = 2.0) -> None:
        self._factory = factory
        self._timeout = read_timeout_s
        self._cond = threading.Condition()
        self._users = 0
        self._thread: threading.Thread | None = None
        self._frame: np.ndarray | None = None
        self._seq = 0
        self._error: Exception | None = None
        self._generation = 0  # one per device opening; a view notices a reopen
        w, h = max_size
        self._shm = shared_memory.SharedMemory(create=True, size=_HEADER.size + w * h * 3)
        _HEADER.pack_into(self._shm.buf, 0, 0, 0, 0, 0)
        self._shm_writers = 0
        self.opens = 0  # how many times the device was opened (tests, diagnostics)
        self.device: Camera | None = None

    # -- users --------------------------------------------------------------------------------

    def view(self) -> SharedView:
        """An unopened ``Camera`` reading this device's frames in this process."""
        return SharedView(self)

    def remote_factory(self) -> Callable[[], Camera]:
        """A picklable factory of ``ShmCamera`` for another process (``hold()`` it meanwhile)."""
        return functools.partial(ShmCamera, self._shm.name, self._timeout)

    def hold(self) -> _Hold:
        """Keep the device open and publishing to shared memory (``with share.hold(): ...``)."""
        return _Hold(self)

    def attach(self, publish: bool = False) -> None:
        """A user arrives: open the device if it is the first (on the reader thread)."""
        with self._cond:
            self._users += 1
            self._shm_writers += int(publish)
            if self._thread is None or not self._thread.is_alive():
                self._error = None
                self._thread = threading.Thread(target=self._run, name="shared-camera",
                                                daemon=True)
                self._thread.start()

    def detach(self, publish: bool = False) -> None:
        """A user leaves: the last one closes the device."""
        with self._cond:
            self._users = max(0, self._users - 1)
            self._shm_writers = max(0, self._shm_writers - int(publish))
            self._cond.notify_all()
        if self._users == 0 and self._thread is not None:
            self._thread.join(self._timeout + 1)

    def next_frame(self, after: int, timeout: float) -> tuple[int, np.ndarray]:
        """The first frame newer than sequence ``after``; CameraError on a fault or timeout."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._seq <= after or self._frame is None:
                if self._error is not None:
                    raise CameraError(str(self._error))
                left = deadline - time.monotonic()
                if left <= 0:
                    raise CameraError("the shared camera delivered no frame in time")
                self._cond.wait(left)
            return self._seq, self._frame

    @property
    def sequence(self) -> int:
        """The latest frame's number (0 before the first)."""
        return self._seq

    # -- the owner thread ---------------------------------------------------------------------

    def _run(self) -> None:
        try:
            camera = self._factory()
            camera.open()
        except Exception as exc:  # users see it as their read failing
            with self._cond:
                self._error = exc
                self._cond.notify_all()
            return
        self.device = camera
        self.opens += 1
        try:
            while True:
                with self._cond:
                    if self._users == 0:
                        return
                started = time.monotonic()
                try:
                    frame = camera.read()
                except CameraError as exc:
                    with self._cond:
                        self._error = exc
                        self._cond.notify_all()
                    time.sleep(0.2)  # the camera's status says why; keep trying
                    continue
                with self._cond:
                    self._error = None
                    self._frame = frame
                    self._seq += 1
                    publish = self._shm_writers > 0
                    self._cond.notify_all()
                if publish:
                    self._publish(frame)
                spare = 1.0 / MAX_FPS - (time.monotonic() - started)
                if spare > 0:
                    time.sleep(spare)
        finally:
            camera.close()
            self.device = None

    def _publish(self, frame: np.ndarray) -> None:
        h, w = frame.shape[:2]
        c = frame.shape[2] if frame.ndim == 3 else 1
        if _HEADER.size + frame.nbytes > self._shm.size:
            return  # larger than configured: the remote user times out and says so
        buf = self._shm.buf
        seq = _HEADER.unpack_from(buf, 0)[0]
        _HEADER.pack_into(buf, 0, seq + 1, h, w, c)  # odd: being written
        buf[_HEADER.size:_HEADER.size + frame.nbytes] = np.ascontiguousarray(frame).tobytes()
        _HEADER.pack_into(buf, 0, seq + 2, h, w, c)

    def close(self) -> None:
        """Free the shared memory (after every user left)."""
        with self._cond:
            self._users = 0
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(self._timeout + 1)
        self._shm.close()
        try:
            self._shm.unlink()
        except FileNotFoundError:
            pass


class _Hold:
    def __init__(self, share: SharedCamera) -> None:
        self._share = share

    def __enter__(self) -> SharedCamera:
        self._share.attach(publish=True)
        return self._share

    def __exit__(self, *exc: object) -> None:
        self._share.detach(publish=True)


class SharedView(Camera):
    """A user of a ``SharedCamera`` in this process: ``read`` gives the next frame."""

    def __init__(self, share: SharedCamera) -> None:
        super().__init__()
        self._share = share
        self._seen = 0
        self._attached = False

    def _open(self) -> None:
        self._share.attach()
        self._attached = True
        self._seen = self._share.sequence

    def _read(self) -> np.ndarray:
        self._seen, frame = self._share.next_frame(self._seen, self._share._timeout)
        return frame

    def _close(self) -> None:
        if self._attached:
            self._attached = False
            self._share.detach()


class ShmCamera(Camera):
    """A user of a ``SharedCamera`` in another process, through its shared-memory block."""

    def __init__(self, name: str, timeout_s: float = 2.0) -> None:
        super().__init__()
        self._name, self._timeout = name, timeout_s
        self._shm: shared_memory.SharedMemory | None = None
        self._seen = 0

    def _open(self) -> None:
        try:
            self._shm = shared_memory.SharedMemory(name=self._name)
        except FileNotFoundError as exc:
            raise CameraError(f"shared camera {self._name} is gone") from exc
        # A spawned child shares its parent's resource tracker: registering the block again
        # is a no-op there, and the owner unlinks it.
        self._seen = _HEADER.unpack_from(self._shm.buf, 0)[0]

    def _read(self) -> np.ndarray:
        assert self._shm is not None
        buf = self._shm.buf
        deadline = time.monotonic() + self._timeout
        while time.monotonic() < deadline:
            seq, h, w, c = _HEADER.unpack_from(buf, 0)
            if seq % 2 == 0 and seq > self._seen and h:
                n = h * w * c
                data = bytes(buf[_HEADER.size:_HEADER.size + n])
                if _HEADER.unpack_from(buf, 0)[0] == seq:  # not rewritten while copied
                    self._seen = seq
                    shape: tuple[int, ...] = (h, w, c) if c > 1 else (h, w)
                    return np.frombuffer(data, np.uint8).reshape(shape)
            time.sleep(0.004)
        raise CameraError("the shared camera delivered no frame in time")

    def _close(self) -> None:
        if self._shm is not None:
            self._shm.close()
            self._shm = None

