"""One camera device, two users: the call's video in this process and the face check in the
identity helper's (a spawned process).  The simulated camera here refuses a second open, as a
V4L2 device does; through ``SharedCamera`` it is opened once and both users get its frames."""

from __future__ import annotations

import multiprocessing as mp
import threading

import numpy as np
import pytest

from devices.camera.base import CameraError
from devices.camera.shared import SharedCamera
from devices.camera.simulated import SimulatedCamera

_OPEN = threading.Lock()


class ExclusiveCamera(SimulatedCamera):
    """A simulated camera that, like /dev/video0, refuses a second concurrent open."""

    def _open(self) -> None:
        if not _OPEN.acquire(blocking=False):
            raise CameraError("device busy")
        super()._open()

    def _close(self) -> None:
        super()._close()
        if _OPEN.locked():
            _OPEN.release()


def _frames() -> list[np.ndarray]:
    # Frame i is filled with 10 * i + 5: a reader can tell which frames it got.
    return [np.full((48, 64, 3), 10 * i + 5, np.uint8) for i in range(20)]


def _read_remote(factory, n: int, out) -> None:  # noqa: ANN001 - runs in the child
    camera = factory()
    camera.open()
    try:
        out.put([int(camera.read()[0, 0, 0]) for _ in range(n)])
    except Exception as exc:  # reported to the test, which fails with it
        out.put(repr(exc))
    finally:
        camera.close()


def test_exclusive_device_fails_a_second_user_without_sharing() -> None:
    first = ExclusiveCamera(_frames(), fps=30)
    first.open()
    try:
        with pytest.raises(CameraError, match="busy"):
            ExclusiveCamera(_frames(), fps=30).open()
    finally:
        first.close()


def test_call_video_and_face_check_share_one_device() -> None:
    share = SharedCamera(lambda: ExclusiveCamera(_frames(), fps=30), max_size=(64, 48))
    call = share.view()
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    try:
        call.open()  # the call's video holds the device
        seen_by_call = [int(call.read()[0, 0, 0]) for _ in range(3)]
        with share.hold():  # a face check in the helper process, meanwhile
            child = ctx.Process(target=_read_remote, args=(share.remote_factory(), 10, out))
            child.start()
            got = out.get(timeout=30)
            child.join(10)
            meanwhile = [int(call.read()[0, 0, 0]) for _ in range(3)]
            seen_by_call += meanwhile
        assert isinstance(got, list), got
        assert share.opens == 1  # one owner: the device was opened once for both users
        valid = {10 * i + 5 for i in range(20)}
        assert set(got) <= valid and set(seen_by_call) <= valid
        assert len(set(got)) >= 5  # live frames, not one frame repeated
        # The call's picture kept moving meanwhile (successive reads, different frames; which
        # frames depends on where the 20-frame loop stands when the child is done).
        assert len(set(meanwhile)) >= 2, meanwhile
        call.close()
        assert share.device is None  # the last user left: the device is closed
        assert not _OPEN.locked()
        # The next call opens it again.
        again = share.view()
        again.open()
        assert int(again.read()[0, 0, 0]) in valid and share.opens == 2
        again.close()
    finally:
        call.close()
        share.close()


def test_a_device_that_cannot_open_fails_each_users_read() -> None:
    def broken():
        raise CameraError("no /dev/video0")

    share = SharedCamera(broken, max_size=(64, 48), read_timeout_s=0.5)
    view = share.view()
    try:
        view.open()
        with pytest.raises(CameraError, match="video0"):
            view.read()
    finally:
        view.close()
        share.close()
