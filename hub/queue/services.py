"""The services a branch queues for: ticket prefix, names, where the customer goes.

``destination`` is where a ticket of the service sends the customer unless what they have
pending says otherwise (:func:`destination_for`): ``self_service`` (this terminal's own
journey), ``video_teller`` (a video teller at this terminal) or ``counter`` (a staffed
counter, called on the waiting-area display).  ``handling_s`` is the mean handling time
assumed until the branch has measured its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Service:
    """One queue of a branch."""

    code: str
    prefix: str
    zh: str
    en: str
    destination: str
    handling_s: float

    def public(self) -> dict[str, Any]:
        """The service as the API shows it."""
        return {"code": self.code, "prefix": self.prefix, "name": {"zh": self.zh, "en": self.en},
                "destination": self.destination}


SERVICES: dict[str, Service] = {s.code: s for s in (
    Service("cash", "A", "现金业务", "Cash and deposits", "counter", 240.0),
    Service("accounts", "B", "开户与账户", "Accounts", "self_service", 300.0),
    Service("cards", "C", "银行卡业务", "Cards", "self_service", 240.0),
    Service("advice", "D", "理财咨询", "Financial advice", "counter", 900.0),
    Service("video", "V", "视频柜员", "Video teller", "video_teller", 360.0),
)}

DESTINATIONS = ("self_service", "video_teller", "counter")
WHERE: dict[str, dict[str, str]] = {
    "self_service": {"zh": "请在本机自助办理", "en": "Please continue here, at this terminal"},
    "video_teller": {"zh": "请在本机等候视频柜员", "en": "A video teller will serve you here"},
    "counter": {"zh": "请留意叫号屏，前往柜台",
                "en": "Watch the display; go to the counter called"},
}


def destination_for(service: Service, pending: list[dict[str, Any]], *,
                    appointment: bool = False) -> str:
    """Where the customer goes.

    A pre-filled application goes to self-service verification, an appointment to its
    counter, anything else where the service itself sends its customers.
    """
    kinds = {str(p.get("kind")) for p in pending}
    if "preapplication" in kinds and service.destination == "self_service":
        return "self_service"
    if appointment or "appointment" in kinds:
        return "counter"
    if "preapplication" in kinds:
        return "self_service"
    return service.destination
