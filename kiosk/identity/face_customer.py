"""A bona fide customer who follows the terminal's guidance, drawn from a face photo.

kiosk.identity.face_attacks.live_session plays a plan's actions at fixed times, whatever
the terminal says: a customer whose blink the terminal did not see turns his head anyway,
while the screen still asks for a blink.  A person in front of a terminal reads it: asked
to blink, he blinks, and blinks again if the screen still asks; asked to turn, he turns
and holds until the screen moves on.  :class:`GuidedCustomer` is that person: ask it for
each frame with the guidance the session last answered.

Its actions are face_attacks' bona fide renderings (blinks of varied speed, turns of 12-20
degrees, light changes, sway), started after a reaction time of 0.4-0.8 s at 15 fps.
"""

from __future__ import annotations

import numpy as np

from kiosk.identity import face_attacks as fa


class GuidedCustomer:
    """Frames of a live customer reacting to the guidance keys of a liveness session."""

    def __init__(self, frame: np.ndarray, seed: int = 0) -> None:
        self._rng = np.random.default_rng(seed + 3000)
        self._seed = seed
        self._face = frame
        self._clip: list[np.ndarray] = []
        self._doing = ""  # what the clip under way answers
        self._actions = 0
        self._turned: np.ndarray | None = None  # the held pose once a turn is done

    def _react(self) -> list[np.ndarray]:
        """Reading the screen before acting: 0.4-0.8 s of the still face."""
        return [self._face] * int(self._rng.integers(6, 13))

    def _start(self, doing: str) -> None:
        self._actions += 1
        seed = self._seed + 17 * self._actions
        self._doing = doing
        self._turned = None
        if doing == "blink":
            self._clip = self._react() + fa.live_blink(self._face, seed, still=0)
        elif doing in ("turn_left", "turn_right"):
            side = 1 if doing == "turn_left" else -1  # the customer's left is image right
            clip = fa.live_turn(self._face, side, seed, still=0)
            self._clip = self._react() + clip
            self._turned = clip[-1]
        else:
            self._clip = [self._face]

    def frame(self, guidance_key: str) -> np.ndarray:
        """The next camera frame, the customer having read ``guidance_key`` last."""
        asked = guidance_key.removeprefix("liveness.")
        if asked in ("hold_still", "no_face", "come_closer", "in_progress"):
            asked = "hold"
        if not self._clip:
            if asked == self._doing and self._turned is not None:
                return self._turned  # still asked to turn: hold the turn
            if self._doing.startswith("turn") and asked != self._doing:
                self._turned = None  # the next instruction: face the camera again
            self._start(asked)
        return self._clip.pop(0)
