"""Chinese second-generation resident ID card readers (SAM_A frame protocol) and simulator.

``open_reader(driver, url, ...)`` is the factory; it takes plain parameters so the driver
layer never depends on the terminal's configuration classes.
"""

from __future__ import annotations

from devices.idcard.errors import (
    CardReadError,
    ChecksumError,
    FrameError,
    IdCardError,
    NoCard,
    PartialFrame,
    ReaderError,
    ReaderTimeout,
    ReaderUnplugged,
)
from devices.idcard.reader import CardRecord, SamReader
from devices.idcard.textblock import IdCardText

__all__ = [
    "CardReadError", "CardRecord", "ChecksumError", "FrameError", "IdCardError", "IdCardText",
    "NoCard",
    "PartialFrame", "ReaderError", "ReaderTimeout", "ReaderUnplugged", "SamReader", "open_reader",
]  # fmt: skip


def open_reader(
    driver: str = "simulator", url: str = "", baudrate: int = 115200, timeout: float = 2.0
) -> SamReader | None:
    """Open a reader: ``sam`` on ``url``, ``simulator`` (demo card on a pseudo-terminal), ``none``.

    The simulator started here lives as long as the returned reader (``reader.simulator``).
    """
    if driver == "none":
        return None
    if driver == "sam":
        return SamReader.open(url, baudrate, timeout)
    if driver == "simulator":
        from devices.idcard.simulator import SimulatedSamReader

        sim = SimulatedSamReader()
        reader = SamReader.open(sim.start(), baudrate, timeout)
        reader.simulator = sim  # type: ignore[attr-defined]  # keeps it alive with the reader
        return reader
    raise ValueError(f"unknown ID card reader driver {driver!r} (sam, simulator, none)")
