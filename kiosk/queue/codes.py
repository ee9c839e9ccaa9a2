"""Booking codes: 8 characters from an alphabet without look-alikes, the last a check character.

The check character is a weighted sum modulo the alphabet's size (Luhn mod N), so one mistyped
character or two swapped neighbours are caught before the hub is even asked.
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L
LENGTH = 8
_N = len(ALPHABET)


def check_char(body: str) -> str:
    """The Luhn mod N check character of ``body``."""
    factor, total = 2, 0
    for ch in reversed(body):
        addend = factor * ALPHABET.index(ch)
        total += addend // _N + addend % _N
        factor = 1 if factor == 2 else 2
    return ALPHABET[(_N - total % _N) % _N]


def new_code() -> str:
    """A fresh random code."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH - 1))
    return body + check_char(body)


def normalise(raw: str) -> str | None:
    """The code in ``raw`` (typed, or a URL holding ``code=``), upper-cased; None if invalid."""
    text = (raw or "").strip()
    found = re.search(r"[?&#]code=([A-Za-z0-9]+)", text)
    if found:
        text = found.group(1)
    code = re.sub(r"[\s\-]", "", text).upper()
    if len(code) != LENGTH or any(c not in ALPHABET for c in code):
        return None
    return code if check_char(code[:-1]) == code[-1] else None
