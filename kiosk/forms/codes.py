"""Pre-application codes: 8 characters, the last a check character, no look-alike glyphs.

The alphabet leaves out 0/O, 1/I/L so a code read aloud or typed from a phone's screen is
unambiguous.  The check character is a weighted sum modulo 31 (the alphabet's size, a prime)
with weights 1..7: any single wrong character and any swap of two neighbours changes it,
so the terminal refuses a mistyped code before asking the hub.
"""

from __future__ import annotations

import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 8
_INDEX = {c: i for i, c in enumerate(ALPHABET)}


def check_char(body: str) -> str:
    """The check character of the 7-character ``body``."""
    total = sum((i + 1) * _INDEX[c] for i, c in enumerate(body))
    return ALPHABET[total % len(ALPHABET)]


def new_code() -> str:
    """A fresh random code (7 random characters, about 34 bits, plus the check character)."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH - 1))
    return body + check_char(body)


def normalise(raw: str) -> str:
    """Upper case without spaces or dashes (what a customer may type around the code)."""
    return "".join(ch for ch in (raw or "").upper() if ch not in " -\t")


def is_valid(code: str) -> bool:
    """True when ``code`` (normalised) has the right length, alphabet and check character."""
    return (len(code) == LENGTH and all(c in _INDEX for c in code)
            and check_char(code[:-1]) == code[-1])  # fmt: skip


def from_text(text: str) -> str | None:
    """The code in a typed code or in a scanned URL ending ``/m/p/CODE``; None if none is."""
    value = (text or "").strip()
    if "/m/p/" in value:
        value = value.rsplit("/m/p/", 1)[1].split("?", 1)[0].split("#", 1)[0].strip("/")
    code = normalise(value)
    return code if is_valid(code) else None
