"""A bona fide customer who follows the terminal's guidance, drawn from a face photo.

kiosk.identity.face_attacks.live_session plays a plan's actions at fixed times, whatever
the terminal says: a customer whose blink the terminal did not see turns his head anyway,
while the screen still asks for a blink.  A person in front of a terminal reads it: asked
to blink, he blinks, and blinks again if the screen still asks; asked to turn, he turns
and holds until the screen moves on.  :class:`GuidedCustomer` is that person
(devices.camera.acting.ActingPerson, the demo camera's, on a clock stepped one frame at a
time): ask it for each frame with the guidance the session last answered.

Its actions are face_attacks' bona fide renderings (blinks of varied speed, turns of 12-20
degrees, light changes, sway), each drawn afresh, started after a reaction time of
0.4-0.8 s at 15 fps.
"""

from __future__ import annotations

import numpy as np

from devices.camera.acting import ActingPerson
from kiosk.identity import face_attacks as fa

FPS = 15.0


class GuidedCustomer:
    """Frames of a live customer reacting to the guidance keys of a liveness session."""

    def __init__(self, frame: np.ndarray, seed: int = 0) -> None:
        self._rng = np.random.default_rng(seed + 3000)
        self._seed = seed
        self._face = frame
        self._actions = 0
        self._frames = 0  # the stepped clock: one frame is 1/FPS s
        self._person = ActingPerson([frame], self._clip, self._reaction, FPS, self._now)

    def _now(self) -> float:
        return self._frames / FPS

    def _reaction(self) -> float:
        """Reading the screen before acting: 0.4-0.8 s."""
        return int(self._rng.integers(6, 13)) / FPS

    def _clip(self, action: str) -> list[np.ndarray] | None:
        """A fresh rendering of ``action`` (each blink and turn differs)."""
        if action not in ("blink", "turn_left", "turn_right"):
            return None
        self._actions += 1
        seed = self._seed + 17 * self._actions
        if action == "blink":
            return fa.live_blink(self._face, seed, still=0)
        side = 1 if action == "turn_left" else -1  # the customer's left is image right
        return fa.live_turn(self._face, side, seed, still=0)

    def frame(self, guidance_key: str) -> np.ndarray:
        """The next camera frame, the customer having read ``guidance_key`` last."""
        self._person.act(guidance_key)
        frame = self._person.frame()
        self._frames += 1
        return frame
