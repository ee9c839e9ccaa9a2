"""What the terminal's teller link reports: events, the call's state, approval decisions."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class CallState(StrEnum):
    """Where the terminal's call is (for the screen's call indicator)."""

    IDLE = "idle"  # no call
    CALLING = "calling"  # sent, not yet queued
    QUEUED = "queued"  # waiting for a teller (position and wait in the last 'queued' event)
    CONNECTING = "connecting"  # a teller accepted; media being set up
    CONNECTED = "connected"  # media flowing
    RECONNECTING = "reconnecting"  # network lost mid-call; the journey keeps its data
    ENDED = "ended"


# Event kinds (``TellerEvent.kind``).
QUEUED = "queued"  # data: call_id, position, expected_wait_s
ACCEPTED = "accepted"  # data: call_id, teller
CONNECTED = "connected"  # the peer connection is up
REMOTE_VIDEO = "remote_video"  # the first teller video frame was decoded
CORRECTION_PROPOSED = "correction_proposed"  # data: id, field, value (customer must confirm)
APPROVAL_DECIDED = "approval_decided"  # data: id, approved, reason
CHAT = "chat"  # data: text
HELP_PAGE = "help_page"  # data: title, body
TRANSFERRING = "transferring"
ENDED = "ended"  # data: reason
QUEUE_TIMEOUT = "queue_timeout"  # waited ``queue_timeout_s``: offer continue alone / callback
NETWORK_LOST = "network_lost"
RECONNECTED = "reconnected"
ERROR = "error"  # data: error


@dataclass(frozen=True)
class TellerEvent:
    """One thing that happened on the link (delivered on the link's own thread)."""

    kind: str
    data: dict[str, Any] = field(default_factory=dict)
    at: float = field(default_factory=time.monotonic)


@dataclass(frozen=True)
class ApprovalDecision:
    """A teller's decision; never assumed: a timeout or a lost call is not an approval."""

    approved: bool
    reason: str = ""
    timed_out: bool = False
    request_id: str = ""
