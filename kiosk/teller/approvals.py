"""What a journey asks a video teller: approve a step, over the terminal's TellerLink.

``TellerDesk.approve`` is the journeys' approval port (``FlowDeps.teller``): it places a
call with the step's skill when none is up, waits for a teller to accept, then asks for the
decision.  It blocks (the journey worker thread calls it with the journey's lock released);
a timeout, a lost call or no teller is never an approval.
"""

from __future__ import annotations

import time
from typing import Any

from kiosk.teller.events import ApprovalDecision, CallState
from kiosk.teller.link import TellerLink

#: Which routing skill each approval kind asks the hub for.
SKILLS: dict[str, str] = {
    "large_transfer": "large_transfer_approval",
    "document_check": "account_opening_verification",
    "face_check": "account_opening_verification",
    "typed_id_check": "account_opening_verification",
    "account_opening": "account_opening_verification",
}
_ON_CALL = (CallState.CONNECTING, CallState.CONNECTED, CallState.RECONNECTING)


class TellerDesk:
    """Approvals through one terminal's teller link (thread-safe: the link serialises)."""

    def __init__(self, link: TellerLink, timeout_s: float = 120.0, poll_s: float = 0.05) -> None:
        self.link = link
        self.timeout_s = timeout_s
        self._poll_s = poll_s

    @property
    def available(self) -> bool:
        """True while the hub socket is open (a teller can be asked)."""
        return self.link.connected_to_hub

    def approve(self, kind: str, details: dict[str, Any], language: str = "zh",
                session_ref: str = "", timeout: float | None = None) -> ApprovalDecision:
        """Block until a teller decides on ``kind`` or ``timeout`` passes (then: not approved)."""
        deadline = time.monotonic() + (self.timeout_s if timeout is None else timeout)
        if self.link.state not in _ON_CALL:
            self.link.call(SKILLS.get(kind, "help"), "en" if language.startswith("en") else "zh",
                           session_ref=session_ref)
        while self.link.state not in _ON_CALL:
            if time.monotonic() >= deadline:
                return ApprovalDecision(False, "no teller answered in time", True)
            time.sleep(self._poll_s)
        left = max(0.1, deadline - time.monotonic())
        return self.link.request_approval_async(kind, details, left).result()
