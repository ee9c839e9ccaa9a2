"""One-time entry codes for the diagnostics mode, shared between the hub and the terminals.

The hub issues a code to a named technician for one terminal; the terminal verifies it
offline with the same secret (``[maintenance] otp_secret``, hex), so a code works even if
the hub goes away after issuing it.  The scheme is HOTP (RFC 4226) dynamic truncation over
HMAC-SHA256 of a message that binds the code to the terminal and the technician::

    counter = floor(unix_time / step)                     # step: otp_step_seconds, 300
    msg     = "branch-kiosk-maint:v1:{terminal_id}:{technician_id}:{counter}"   (UTF-8)
    mac     = HMAC-SHA256(bytes.fromhex(secret), msg)
    offset  = mac[31] & 0x0F
    code    = (int.from_bytes(mac[offset:offset + 4], "big") & 0x7FFFFFFF) % 10**8
              written as 8 digits with leading zeros

A code is accepted during its own step and the next one (so it lives 5 to 10 minutes)
and only once: the terminal remembers the (technician, counter) pairs it accepted.
"""

from __future__ import annotations

import hashlib
import hmac
import time

DIGITS = 8
VERSION = "v1"


def code_for(secret_hex: str, terminal_id: str, technician_id: str, counter: int) -> str:
    """The code of ``counter``'s step (what the hub hands out)."""
    msg = f"branch-kiosk-maint:{VERSION}:{terminal_id}:{technician_id}:{counter}".encode()
    mac = hmac.new(bytes.fromhex(secret_hex), msg, hashlib.sha256).digest()
    offset = mac[-1] & 0x0F
    value = (int.from_bytes(mac[offset : offset + 4], "big") & 0x7FFFFFFF) % 10**DIGITS
    return f"{value:0{DIGITS}d}"


def issue(secret_hex: str, terminal_id: str, technician_id: str, step: int = 300,
          when: float | None = None) -> str:  # fmt: skip
    """Issue a code now (the hub's side; tests and the hub engineer's reference)."""
    now = time.time() if when is None else when
    return code_for(secret_hex, terminal_id, technician_id, int(now // step))


def matching_counter(secret_hex: str, terminal_id: str, technician_id: str, code: str,
                     step: int = 300, when: float | None = None) -> int | None:  # fmt: skip
    """The counter ``code`` belongs to (this step or the previous one), or None."""
    code = code.strip()
    if len(code) != DIGITS or not code.isdigit() or not secret_hex:
        return None
    now = time.time() if when is None else when
    current = int(now // step)
    for counter in (current, current - 1):
        if hmac.compare_digest(code_for(secret_hex, terminal_id, technician_id, counter), code):
            return counter
    return None
