"""DLE EOT real-time status bytes and their mapping to the XFS4IoT vocabulary.

``DLE EOT n`` (``10 04 n``) makes the printer answer one byte at once, even while it is
offline or out of paper.  A valid answer has bits 1 and 4 set and bits 0 and 7 clear.

* n=1 printer: bit 2 drawer pin 3 high, bit 3 offline, bit 5 waiting for online recovery,
  bit 6 paper-feed button pressed.
* n=2 offline cause: bit 2 cover open, bit 3 paper fed by the button, bit 5 printing
  stopped at paper end, bit 6 an error occurred.
* n=3 error cause: bit 2 mechanical (recoverable) error, bit 3 autocutter error,
  bit 5 unrecoverable error, bit 6 automatically recoverable error (head temperature).
* n=4 paper roll sensor: bits 2-3 paper near end, bits 5-6 paper end.

No answer means ``offline`` with paper and cover ``unknown``: the terminal never
assumes paper it has not been told about.
"""

from __future__ import annotations

from dataclasses import dataclass

from devices.status import DeviceState, DeviceStatus

DLE_EOT = b"\x10\x04"
STATUS_REQUESTS = (1, 2, 3, 4)


def is_valid_status(byte: int) -> bool:
    """Whether ``byte`` has the fixed bits of a DLE EOT answer (1 and 4 set, 0 and 7 clear)."""
    return byte & 0x93 == 0x12


@dataclass(frozen=True)
class RawStatus:
    """The four DLE EOT answers; ``None`` where the printer did not answer validly."""

    printer: int | None = None
    offline_cause: int | None = None
    error_cause: int | None = None
    paper_sensor: int | None = None

    @classmethod
    def from_answers(cls, answers: dict[int, bytes]) -> RawStatus:
        """Build from ``{n: answer bytes}``; empty or invalid answers become ``None``."""

        def pick(n: int) -> int | None:
            data = answers.get(n, b"")
            return data[0] if len(data) == 1 and is_valid_status(data[0]) else None

        return cls(pick(1), pick(2), pick(3), pick(4))


def _bit(value: int | None, bit: int) -> bool | None:
    return None if value is None else bool(value & (1 << bit))


def decode(raw: RawStatus) -> DeviceStatus:
    """Map the four answers to ``DeviceStatus``; details: paper, cover, errors, flags."""
    if raw.printer is None:
        return DeviceStatus(
            DeviceState.OFFLINE, {"paper": "unknown", "cover": "unknown", "errors": ["noResponse"]}
        )
    errors: list[str] = []
    offline = bool(_bit(raw.printer, 3))
    cover = {None: "unknown", True: "open", False: "closed"}[_bit(raw.offline_cause, 2)]
    paper = "unknown"
    if raw.paper_sensor is not None:
        if raw.paper_sensor & 0x60:
            paper = "out"
        elif raw.paper_sensor & 0x0C:
            paper = "low"
        else:
            paper = "full"
    if _bit(raw.offline_cause, 5):
        paper = "out"
    if _bit(raw.offline_cause, 6):
        errors.append("errorOccurred")
    if _bit(raw.error_cause, 2):
        errors.append("mechanicalError")
    if _bit(raw.error_cause, 3):
        errors.append("autocutterError")
        paper = "jammed"
    if _bit(raw.error_cause, 5):
        errors.append("unrecoverableError")
    if _bit(raw.error_cause, 6):
        errors.append("autoRecoverableError")
    if {"mechanicalError", "autocutterError", "unrecoverableError"} & set(errors):
        device = DeviceState.HARDWARE_ERROR
    elif offline or cover == "open" or paper == "out":
        device = DeviceState.OFFLINE
    else:
        device = DeviceState.ONLINE
    details = {
        "paper": paper,
        "cover": cover,
        "errors": errors,
        "drawer_pin3_high": bool(_bit(raw.printer, 2)),
        "waiting_online_recovery": bool(_bit(raw.printer, 5)),
        "feed_button_pressed": bool(_bit(raw.printer, 6)),
        "feeding_by_button": bool(_bit(raw.offline_cause, 3)),
    }
    return DeviceStatus(device, details)


def ready_to_print(status: DeviceStatus) -> tuple[bool, str]:
    """Whether a job may start; else the reason (``paperOut``, ``coverOpen``, ``offline``...)."""
    d = status.details
    if status.device == DeviceState.UNKNOWN:
        return False, "statusUnknown"
    if status.device == DeviceState.HARDWARE_ERROR:
        return False, "hardwareError" if d.get("paper") != "jammed" else "paperJammed"
    if d.get("paper") == "out":
        return False, "paperOut"
    if d.get("paper") == "jammed":
        return False, "paperJammed"
    if d.get("cover") == "open":
        return False, "coverOpen"
    if status.device != DeviceState.ONLINE:
        return False, "offline" if "noResponse" not in d.get("errors", []) else "noResponse"
    if d.get("paper") not in ("full", "low"):
        return False, "paperUnknown"
    return True, ""
