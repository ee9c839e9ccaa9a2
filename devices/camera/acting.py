"""A simulated camera filming someone who does what the terminal's screen asks.

A looped clip cannot pass a liveness plan drawn at random: a customer who turns left while
the screen asks for a right turn fails, as he should.  :class:`ActingCamera` plays the
frames of a person who reads the screen: the consumer tells it what the screen asks
(:meth:`ActingCamera.act` with a liveness guidance key such as ``liveness.turn_left``), and
after a reaction time of ``react_s`` seconds the person does it, blinks again (after
another reaction) while a blink is still asked, holds a turn while it is still asked, and
turns back to the camera when the screen moves on.  Between actions the ``still`` frames
loop.  Faults, pacing and noise are SimulatedCamera's.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence

import numpy as np

from devices.camera.simulated import SimulatedCamera


class ActingCamera(SimulatedCamera):
    """Plays ``clips["still"]``, and ``clips[action]`` when the screen asks for ``action``.

    ``clips`` maps ``"still"`` (required) and any of ``"blink"``, ``"turn_left"``,
    ``"turn_right"`` to BGR frames; a turn's clip ends in the turned pose, which is held.
    An action plays in real time at ``clip_fps`` whatever the reader's pace: a slow reader
    sees fewer of its frames, as from a real camera, not a blink stretched over seconds
    (``clip_fps=0``: one clip frame per read).
    """

    def __init__(
        self,
        clips: Mapping[str, Sequence[np.ndarray]],
        react_s: float = 0.3,
        clip_fps: float = 15.0,
        clock: Callable[[], float] = time.monotonic,
        **kwargs,
    ) -> None:
        if not clips.get("still"):
            raise ValueError("an acting camera needs the person's still frames")
        super().__init__(list(clips["still"]), **kwargs)
        self.clips = {k: [np.asarray(f) for f in v] for k, v in clips.items()}
        self.react_s = react_s
        self.clip_fps = clip_fps
        self._clock = clock
        self._asked, self._ready_at = "", 0.0
        self._doing = ""
        self._queue: list[np.ndarray] = []
        self._played, self._began = 0, 0.0  # frames of the queue read, when it began
        self._still = 0

    def act(self, guidance_key: str) -> None:
        """What the screen asks now (``liveness.blink``, ``face.turn_left`` ...); any thread."""
        asked = guidance_key.rsplit(".", 1)[-1]
        with self._fault_lock:
            if asked != self._asked:
                self._asked, self._ready_at = asked, self._clock() + self.react_s

    def _still_frame(self) -> np.ndarray:
        still = self.clips["still"]
        self._still = (self._still + 1) % len(still)
        return still[self._still]

    def _from_queue(self) -> np.ndarray | None:
        """The queue's frame due now, or None when it has been played."""
        if self.clip_fps > 0:
            at = int((self._clock() - self._began) * self.clip_fps)
        else:
            at, self._played = self._played, self._played + 1
        if at >= len(self._queue):
            self._queue = []
            return None
        return self._queue[at]

    def _play(self, frames: list[np.ndarray]) -> np.ndarray:
        self._queue, self._played, self._began = frames, 0, self._clock()
        frame = self._from_queue()
        assert frame is not None
        return frame

    def _next_source_frame(self) -> np.ndarray:
        if self._queue and (frame := self._from_queue()) is not None:
            return frame
        with self._fault_lock:
            asked = self._asked
            if self._doing and not self._doing.startswith("turn"):
                # Done (a blink): he looks at the screen again before doing it again.
                self._doing, self._ready_at = "", self._clock() + self.react_s
            ready = self._clock() >= self._ready_at
        if asked == self._doing and asked.startswith("turn"):
            return self.clips[asked][-1]  # still asked: hold the turn
        if self._doing.startswith("turn"):
            doing, self._doing = self._doing, ""
            return self._play(self.clips[doing][::-1])  # back to the camera
        if asked in self.clips and asked != "still" and ready:
            self._doing = asked
            return self._play(list(self.clips[asked]))
        return self._still_frame()

    def _open(self) -> None:
        super()._open()
        self._asked, self._ready_at, self._doing, self._queue, self._still = "", 0.0, "", [], 0
        self._played, self._began = 0, 0.0


def acting_camera(
    still: Sequence[np.ndarray], actions: Mapping[str, Sequence[np.ndarray]], **kwargs
) -> ActingCamera:
    """An ActingCamera over ``still`` and the ``actions`` clips (a picklable factory's target)."""
    return ActingCamera({**actions, "still": still}, **kwargs)
