"""Chinese resident identity numbers (GB 11643-1999): check digit, birth date, OCR repair.

The 18th character is an ISO 7064 MOD 11-2 check character over the first 17 digits
('X' stands for 10).  Characters 7-14 are the birth date YYYYMMDD.  OCR confuses a few
glyph pairs; :func:`correct_id_number` tries the usual substitutions and keeps the only
candidate whose check digit and birth date both hold.
"""

from __future__ import annotations

import datetime as _dt
import itertools
import re

_WEIGHTS = [pow(2, 17 - i, 11) for i in range(17)]  # 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2
_CHECK = "10X98765432"
_ID_RE = re.compile(r"^\d{17}[\dX]$")

# What an OCR engine may print for a digit (and for the check character X).
_DIGIT_CONFUSIONS: dict[str, str] = {
    "O": "0", "o": "0", "D": "0", "Q": "0", "U": "0",
    "I": "1", "l": "1", "|": "1", "i": "1", "J": "1", "!": "1",
    "Z": "2", "z": "2",
    "S": "5", "s": "5",
    "G": "6", "b": "6",
    "T": "7",
    "B": "8",
    "g": "9", "q": "9",
    "x": "X", "×": "X", "K": "X", "Y": "X",
}  # fmt: skip
# Digits that look alike, tried when a plain read fails its check digit.
_LOOKALIKE_DIGITS: dict[str, str] = {
    "0": "86", "1": "7", "3": "8", "5": "6", "6": "58", "7": "1", "8": "036", "9": "0",
}  # fmt: skip


def check_char(first17: str) -> str:
    """Return the MOD 11-2 check character for 17 digits."""
    if len(first17) != 17 or not first17.isdigit():
        raise ValueError("need exactly 17 digits")
    total = sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


def birth_date(number: str) -> _dt.date | None:
    """Return the birth date coded in an 18-character number, or None if it is no date."""
    try:
        born = _dt.datetime.strptime(number[6:14], "%Y%m%d").date()
    except ValueError:
        return None
    if born.year < 1880 or born > _dt.date.today():
        return None
    return born


def is_valid(number: str) -> bool:
    """Whether ``number`` is well formed, has a real birth date and a matching check digit."""
    number = number.strip().upper()
    return (
        bool(_ID_RE.match(number))
        and check_char(number[:17]) == number[17]
        and birth_date(number) is not None
    )


def sex_from_number(number: str) -> str | None:
    """Return '男' or '女' from the 17th digit (odd = male), or None if not a digit."""
    if len(number) < 17 or not number[16].isdigit():
        return None
    return "男" if int(number[16]) % 2 else "女"


def normalise(raw: str) -> str:
    """Map common OCR confusions to digits and drop spaces and punctuation."""
    out = []
    for ch in raw:
        ch = _DIGIT_CONFUSIONS.get(ch, ch)
        if ch.isdigit() or ch == "X":
            out.append(ch)
    return "".join(out)


def correct_id_number(raw: str, max_changes: int = 1) -> str | None:
    """Return the valid number ``raw`` most plausibly is, or None.

    Tries the text as read (after mapping letter/digit confusions), then up to
    ``max_changes`` look-alike digit substitutions.  A correction is accepted only when
    exactly one candidate at the smallest number of changes passes the check digit and
    birth-date test; with two equally good candidates the read stays unresolved.  A
    substituted number is only as good as that uniqueness: callers cross-check it with what
    is printed beside it (birth date, sex), as :mod:`kiosk.identity.cnid` does.
    """
    text = normalise(raw)
    if len(text) != 18 or "X" in text[:-1]:
        return None
    if is_valid(text):
        return text
    positions = [i for i, c in enumerate(text) if c in _LOOKALIKE_DIGITS]
    for changes in range(1, max_changes + 1):
        found: set[str] = set()
        for combo in itertools.combinations(positions, changes):
            pools = [_LOOKALIKE_DIGITS[text[i]] for i in combo]
            for subs in itertools.product(*pools):
                cand = list(text)
                for i, s in zip(combo, subs, strict=True):
                    cand[i] = s
                joined = "".join(cand)
                if is_valid(joined):
                    found.add(joined)
        if len(found) == 1:
            return found.pop()
        if found:
            return None
    return None


def find_id_numbers(text: str) -> list[str]:
    """Return 18-character candidates (before validation) found in free OCR text.

    A longer run of digits (a stray mark read as a digit) yields each 18-character window.
    """
    cleaned = re.sub(r"[\s\-_.,:：]", "", text)
    mapped = "".join(_DIGIT_CONFUSIONS.get(c, c) for c in cleaned)
    out: list[str] = []
    for run in re.findall(r"\d{17,}X?", mapped):
        if len(run) == 17:
            continue
        out += [run[i : i + 18] for i in range(len(run) - 17)]
    return out


def typed_problem(raw: str) -> str | None:
    """What is wrong with an ID number a customer typed, as a message key; None when valid.

    ``id_number.length`` (not 18 characters), ``id_number.chars`` (a letter other than a last
    X), ``id_number.birth_date`` (characters 7-14 are no date), ``id_number.check_digit``
    (the last character does not match the first 17: a digit is mistyped).
    """
    number = re.sub(r"[\s\-]", "", raw or "").upper()
    if len(number) != 18:
        return "id_number.length"
    if not _ID_RE.match(number):
        return "id_number.chars"
    if birth_date(number) is None:
        return "id_number.birth_date"
    if check_char(number[:17]) != number[17]:
        return "id_number.check_digit"
    return None
