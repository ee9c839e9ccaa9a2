"""Customer references: short, read out over the phone without doubt, checkable.

A reference looks like ``K7-6335-4271-095``: the terminal id, then ten digits in groups and
one check digit (ISO 7064 MOD 11,10, which catches every single wrong digit and most swapped
neighbours).  Only digits after the terminal id, so there is no O/0 or l/1 to confuse.  The
ten digits are the time it was made (last digit of the year, day of the year, second of the
day) and a sequence digit, so a terminal never repeats one within ten years as long as the
clock does not run back and it makes fewer than ten a second (this process also never hands
out the same one twice).  The same string is the outbox's idempotency key, the journal's
action id, and what the screen and the receipt show.
"""

from __future__ import annotations

import datetime as dt
import re
import threading

_lock = threading.Lock()
_last: dict[str, int] = {}
_SHAPE = re.compile(r"^([A-Za-z0-9]{1,12})[-\s]*(\d{4})[-\s]*(\d{4})[-\s]*(\d{3})$")
# The printed form, optionally with a print job's number after it ("K7-...-095-2").
_PRINTED = re.compile(r"^[A-Z0-9]{1,12}-(\d{4})-(\d{4})-(\d{3})(?:-\d{1,6})?$")


def check_digit(digits: str) -> str:
    """ISO 7064 MOD 11,10 check digit of a string of digits."""
    p = 10
    for ch in digits:
        s = (p + int(ch)) % 10 or 10
        p = (s * 2) % 11
    return str((11 - p) % 10)


def is_valid(digits: str) -> bool:
    """True when the last digit is the check digit of the others."""
    return len(digits) > 1 and digits.isdigit() and check_digit(digits[:-1]) == digits[-1]


def _format(terminal_id: str, data: str) -> str:
    full = data + check_digit(data)
    return f"{terminal_id}-{full[:4]}-{full[4:8]}-{full[8:]}"


def new_reference(terminal_id: str, now: dt.datetime | None = None) -> str:
    """A fresh reference for an action of ``terminal_id`` (thread-safe)."""
    now = now or dt.datetime.now()
    day = now.timetuple().tm_yday
    second = now.hour * 3600 + now.minute * 60 + now.second
    stamp = ((now.year % 10) * 1000 + day) * 100_000 + second  # YDDDSSSSS
    value = stamp * 10
    with _lock:  # never twice from this process, even within one second
        last = _last.get(terminal_id, -1)
        if value <= last:
            value = last + 1
        _last[terminal_id] = value
    return _format(terminal_id, f"{value % 10**10:010d}")


def is_reference(text: str) -> bool:
    """True for a reference in its printed form with a right check digit (not personal data).

    A print job's id (the reference and ``-N``) counts too.
    """
    m = _PRINTED.match(text)
    return bool(m) and is_valid("".join(m.groups()))


def normalise(text: str) -> str | None:
    """A reference as typed or read out ("k7 6335 4271 095") in its printed form, or None.

    None when it has not the shape of a reference or its check digit is wrong.
    """
    m = _SHAPE.match(text.strip())
    if not m:
        return None
    terminal, digits = m.group(1).upper(), "".join(m.group(i) for i in (2, 3, 4))
    if not is_valid(digits):
        return None
    return f"{terminal}-{digits[:4]}-{digits[4:8]}-{digits[8:]}"
