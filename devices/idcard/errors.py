"""Typed errors of the ID-card reader, so callers can tell the customer what to do."""

from __future__ import annotations


class IdCardError(Exception):
    """Base class for every ID-card reader failure."""


class ReaderError(IdCardError):
    """The SAM answered with a status other than success (``sw3`` holds the code)."""

    def __init__(self, message: str, sw3: int | None = None) -> None:
        super().__init__(message)
        self.sw3 = sw3


class NoCard(ReaderError):
    """No card on the reader (find-card status 0x80) or it was taken away (0x81)."""


class CardReadError(ReaderError):
    """The card was found but its data could not be read or authenticated."""


class ChecksumError(IdCardError):
    """A frame's XOR checksum does not match (ours as received, or the reader saw ours bad)."""


class ReaderTimeout(IdCardError):
    """The reader did not answer within the timeout."""


class PartialFrame(IdCardError):
    """The reader started a frame but stopped before its announced length."""


class ReaderUnplugged(IdCardError):
    """The serial link is gone (port closed, device removed, socket dropped)."""


class FrameError(IdCardError, ValueError):
    """A frame breaks the protocol (length field, announced blocks).

    A length field too short for the status words and checksum, a length that does not
    match the frame, a read response shorter than its blocks.  Also a ``ValueError``, as
    the protocol's parsers raised before it had a type.
    """
