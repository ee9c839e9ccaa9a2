"""Random tokens for session ids and action ids."""

from __future__ import annotations

import base64
import os


def token(nbytes: int = 10) -> str:
    """A random lowercase base32 token (letters and the digits 2-7 only).

    So it never looks like an account or ID number to the journal's personal-data guard.
    """
    return base64.b32encode(os.urandom(nbytes)).decode().rstrip("=").lower()
