"""Parse request dates as Fineract does: a Java ``DateTimeFormatter`` pattern plus a locale.

Fineract reads ``dateFormat`` (e.g. ``dd MMMM yyyy``) and ``locale`` (e.g. ``en``) from the
same JSON body and parses case-insensitively.  Only the pattern letters a date needs are
supported here (``y``/``u`` year, ``M`` month, ``d`` day, quoted literals); any other letter
makes the pattern invalid, as an unknown letter does in Java.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

_EN = "January February March April May June July August September October November December"
MONTH_NAMES: dict[str, tuple[list[str], list[str]]] = {
    "en": (_EN.split(), [m[:3] for m in _EN.split()]),
    "zh": (
        "一月 二月 三月 四月 五月 六月 七月 八月 九月 十月 十一月 十二月".split(),
        [f"{i}月" for i in range(1, 13)],
    ),
    "fr": (
        "janvier février mars avril mai juin juillet août septembre octobre novembre "
        "décembre".split(),
        "janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc.".split(),
    ),
}
LOCALE_RE = re.compile(r"^[a-zA-Z]{2,3}([_-][a-zA-Z]{2}|[_-][0-9]{3})?$")


class PatternError(ValueError):
    """The ``dateFormat`` is not a usable pattern."""


def valid_locale(locale: str) -> bool:
    """Return True for a well-formed locale such as ``en``, ``zh_CN`` or ``en-GB``."""
    return bool(LOCALE_RE.match(locale))


def _tokens(pattern: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "'":
            end = pattern.find("'", i + 1)
            if end < 0:
                raise PatternError(f"unterminated quote in {pattern!r}")
            out.append(("lit", pattern[i + 1 : end] or "'"))
            i = end + 1
        elif ch.isascii() and ch.isalpha():  # Java reserves only A-Z and a-z
            j = i
            while j < len(pattern) and pattern[j] == ch:
                j += 1
            out.append((ch, pattern[i:j]))
            i = j
        else:
            out.append(("lit", ch))
            i += 1
    return out


@lru_cache(maxsize=64)
def _compile(pattern: str, lang: str) -> tuple[re.Pattern[str], tuple[str, ...]]:
    parts: list[str] = []
    fields: list[str] = []
    names = MONTH_NAMES.get(lang)
    for kind, text in _tokens(pattern):
        n = len(text)
        if kind == "lit":
            parts.append(re.escape(text))
        elif kind in "yu":
            parts.append(r"(\d{2})" if n == 2 else r"(\d{4})")
            fields.append("yy" if n == 2 else "y")
        elif kind in "ML":
            if n <= 2:
                parts.append(r"(\d{2})" if n == 2 else r"(\d{1,2})")
                fields.append("M")
            elif n <= 4:
                full, short = names if names else ([], [])
                choices = full if n == 4 else short
                if not choices:
                    parts.append(r"(?!)")  # no month names for this locale: never matches
                else:
                    parts.append("(" + "|".join(re.escape(c) for c in choices) + ")")
                fields.append("MMMM" if n == 4 else "MMM")
            else:
                raise PatternError(f"too many pattern letters: {text}")
        elif kind == "d":
            if n > 2:
                raise PatternError(f"too many pattern letters: {text}")
            parts.append(r"(\d{2})" if n == 2 else r"(\d{1,2})")
            fields.append("d")
        else:
            raise PatternError(f"unsupported pattern letter {kind!r} in {pattern!r}")
    if not {"d"} <= set(fields) or not any(f in fields for f in ("y", "yy")):
        raise PatternError(f"pattern {pattern!r} does not name a day and a year")
    if not any(f.startswith("M") for f in fields):
        raise PatternError(f"pattern {pattern!r} does not name a month")
    return re.compile("^" + "".join(parts) + "$", re.IGNORECASE), tuple(fields)


def parse_date(value: str, pattern: str, locale: str) -> dt.date:
    """Parse ``value`` with Java pattern ``pattern`` in ``locale``.

    Raises:
        PatternError: the pattern itself is unusable.
        ValueError: the value does not match the pattern or is not a real date.
    """
    lang = re.split(r"[_-]", locale)[0].lower()
    regex, fields = _compile(pattern, lang)
    m = regex.match(value.strip()) if isinstance(value, str) else None
    if not m:
        raise ValueError(f"{value!r} does not match {pattern!r}")
    year = month = day = 0
    names = MONTH_NAMES.get(lang, ([], []))
    for field, text in zip(fields, m.groups(), strict=True):
        if field == "y":
            year = int(text)
        elif field == "yy":
            year = 2000 + int(text)  # Java's base year for 'yy' is 2000
        elif field == "M":
            month = int(text)
        elif field in ("MMMM", "MMM"):
            choices = names[0] if field == "MMMM" else names[1]
            month = [c.lower() for c in choices].index(text.lower()) + 1
        else:
            day = int(text)
    return dt.date(year, month, day)  # raises ValueError for 31 February
