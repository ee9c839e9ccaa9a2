"""A simulated person who does what the terminal's screen asks, and a camera filming him.

A looped clip cannot pass a liveness plan drawn at random: a customer who turns left while
the screen asks for a right turn fails, as he should.  :class:`ActingPerson` is a person
who reads the screen: he is told what it asks (:meth:`ActingPerson.act` with a liveness
guidance key such as ``liveness.turn_left``), and after a reaction time he does it, blinks
again (after another reaction) while a blink is still asked, holds a turn while it is
still asked, and turns back to the camera when the screen moves on.  Between actions his
``still`` frames loop.  Time comes from the clock passed in: the monotonic clock for the
demo's :class:`ActingCamera` (real time), a stepped one for a benchmark fed frame by frame
(kiosk.identity.face_customer.GuidedCustomer).  Faults, pacing and noise are
SimulatedCamera's.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping, Sequence

import numpy as np

from devices.camera.simulated import SimulatedCamera

# A clip source: the frames of an action (``blink``, ``turn_left``, ``turn_right``), or
# None (or nothing) when the person cannot do it.
Clips = Callable[[str], Sequence[np.ndarray] | None]


class ActingPerson:
    """Frames of a person who reacts to what the screen asks (the module says how).

    ``clips(action)`` gives an action's frames each time the person starts it (so each
    blink may differ); a turn's clip ends in the turned pose, which is held, and is played
    backwards to face the camera again.  ``react_s`` is the reaction time, or a callable
    drawing one per reaction.  An action plays in real time at ``clip_fps`` whatever the
    reader's pace: a slow reader sees fewer of its frames, as from a real camera, not a
    blink stretched over seconds (``clip_fps=0``: one clip frame per :meth:`frame`).
    Safe to call :meth:`act` from one thread and :meth:`frame` from another.
    """

    def __init__(
        self,
        still: Sequence[np.ndarray],
        clips: Clips,
        react_s: float | Callable[[], float] = 0.3,
        clip_fps: float = 15.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not still:
            raise ValueError("an acting person needs his still frames")
        self.still = [np.asarray(f) for f in still]
        self._clips = clips
        self.react_s = react_s
        self.clip_fps = clip_fps
        self._clock = clock
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        """Back to looking at the camera, nothing asked."""
        with self._lock:
            self._asked, self._ready_at, self._doing = "", 0.0, ""
            self._queue: list[np.ndarray] = []
            self._turn: list[np.ndarray] = []  # the turn under way or held, to undo it
            self._played, self._began, self._still = 0, 0.0, 0

    def _react(self) -> float:
        return self.react_s() if callable(self.react_s) else float(self.react_s)

    def act(self, guidance_key: str) -> None:
        """What the screen asks now (``liveness.blink``, ``face.turn_left`` ...)."""
        asked = guidance_key.rsplit(".", 1)[-1]
        with self._lock:
            if asked != self._asked:
                self._asked, self._ready_at = asked, self._clock() + self._react()

    def frame(self) -> np.ndarray:
        """The person's frame now."""
        with self._lock:
            return self._next()

    def _from_queue(self) -> np.ndarray | None:
        """The queue's frame due now, or None when it has been played."""
        if self.clip_fps > 0:
            # The epsilon keeps a clock stepped by 1/fps on its frame (0.1 * 30 < 3.0).
            at = int((self._clock() - self._began) * self.clip_fps + 1e-6)
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

    def _next(self) -> np.ndarray:
        if self._queue and (frame := self._from_queue()) is not None:
            return frame
        asked = self._asked
        if self._doing and not self._turn:
            # Done (a blink): he looks at the screen again before doing it again.
            self._doing, self._ready_at = "", self._clock() + self._react()
        if self._turn and asked == self._doing:
            return self._turn[-1]  # still asked: hold the turn
        if self._turn:
            back, self._turn, self._doing = self._turn[::-1], [], ""
            return self._play(back)  # back to the camera
        # The epsilon: a stepped clock's sums (5/15 + 2/15) must meet 7/15.
        if self._clock() + 1e-6 >= self._ready_at and (clip := self._clips(asked)):
            self._doing = asked
            frames = [np.asarray(f) for f in clip]
            if asked.startswith("turn"):
                self._turn = frames
            return self._play(frames)
        self._still = (self._still + 1) % len(self.still)
        return self.still[self._still]


class ActingCamera(SimulatedCamera):
    """Films an :class:`ActingPerson` playing ``clips["still"]`` and ``clips[action]``.

    ``clips`` maps ``"still"`` (required) and any of ``"blink"``, ``"turn_left"``,
    ``"turn_right"`` to BGR frames (see ActingPerson for ``react_s``, ``clip_fps`` and
    ``clock``).
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
        actions = {k: v for k, v in self.clips.items() if k != "still"}
        self.person = ActingPerson(self.clips["still"], actions.get, react_s, clip_fps, clock)

    def act(self, guidance_key: str) -> None:
        """What the screen asks now (``liveness.blink``, ``face.turn_left`` ...); any thread."""
        self.person.act(guidance_key)

    def _next_source_frame(self) -> np.ndarray:
        return self.person.frame()

    def _open(self) -> None:
        super()._open()
        self.person.reset()


def acting_camera(
    still: Sequence[np.ndarray], actions: Mapping[str, Sequence[np.ndarray]], **kwargs
) -> ActingCamera:
    """An ActingCamera over ``still`` and the ``actions`` clips (a picklable factory's target)."""
    return ActingCamera({**actions, "still": still}, **kwargs)
