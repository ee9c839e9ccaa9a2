"""Does a document agree with itself?  Rules for Chinese ID cards and MRZ documents.

Each function takes the plain field dicts that ``read_document`` (OCR) or the chip reader
(``IdCardText.as_fields()``) give and returns a list of problems, one string per finding,
each starting with the name of the field it is about (``"sex: printed 男, the ID number
says 女"``).  Nothing is corrected here: a contradiction is reported so that the journey can
send the customer to staff or a video teller.

Two kinds of findings: a *contradiction* (a check digit fails, two fields disagree, a date
cannot exist) means the read or the document cannot be trusted; *expiry* (the document is
real-looking but no longer valid) is reported too, and :func:`is_expiry` tells the two
apart, because ``valid`` only speaks about the first.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from collections.abc import Mapping

from kiosk.identity import idnumber

LONG_TERM = "长期"
EXPIRED = "expired"
# GB/T 2261.1 card validity by age at issue (公安部: 居民身份证有效期): under 16 five
# years, 16-25 ten, 26-45 twenty, 46 and over long-term.
_PERIOD_BY_AGE = ((16, 5), (26, 10), (46, 20))
_AUTHORITY = re.compile(r"公安(?:局|厅).*局$|公安局$|公安分局$")

__all__ = [
    "EXPIRED",
    "check_cn_id",
    "check_mrz",
    "check_mrz_against_visual",
    "is_expiry",
    "visual_zone_confirms",
]


def is_expiry(problem: str) -> bool:
    """Whether a finding only says the document has expired (not a contradiction)."""
    return problem.partition(": ")[2].startswith(EXPIRED)


def _iso(value: object) -> _dt.date | None:
    if isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def _add_years(day: _dt.date, years: int) -> _dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _age(born: _dt.date, on: _dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


# ------------------------------------------------------------------------- Chinese ID


def _front_problems(fields: Mapping[str, object], today: _dt.date) -> list[str]:
    out: list[str] = []
    number = str(fields.get("id_number") or "")
    born = _iso(fields.get("birth_date")) if fields.get("birth_date") else None
    if fields.get("birth_date") and born is None:
        out.append(f"birth_date: {fields['birth_date']!r} is not a date")
    if born is not None and born > today:
        out.append(f"birth_date: {born} is in the future")
    if not number:
        return out
    if not idnumber.is_valid(number):
        out.append("id_number: check digit (GB 11643) or coded birth date is wrong")
        return out
    coded_born = idnumber.birth_date(number)
    if born is not None and coded_born != born:
        out.append(f"birth_date: printed {born}, the ID number says {coded_born}")
    sex = fields.get("sex")
    coded_sex = idnumber.sex_from_number(number)
    if sex and sex != coded_sex:
        out.append(f"sex: printed {sex}, the ID number says {coded_sex}")
    return out


def _back_problems(fields: Mapping[str, object], today: _dt.date) -> list[str]:
    out: list[str] = []
    authority = fields.get("issuing_authority")
    if authority is not None and not _AUTHORITY.search(str(authority)):
        out.append(f"issuing_authority: {authority!r} is not a public security bureau")
    raw_from, raw_to = fields.get("valid_from"), fields.get("valid_to")
    start = _iso(raw_from) if raw_from else None
    if raw_from and start is None:
        out.append(f"valid_from: {raw_from!r} is not a date")
    if start is not None and start > today:
        out.append(f"valid_from: issued {start}, after today")
    if not raw_to or raw_to == LONG_TERM:
        return out
    end = _iso(raw_to)
    if end is None:
        out.append(f"valid_to: {raw_to!r} is neither a date nor {LONG_TERM}")
        return out
    if start is not None:
        years = end.year - start.year
        if end <= start:
            out.append(f"valid_to: {end} is not after valid_from {start}")
        elif years not in (5, 10, 20) or _add_years(start, years) != end:
            out.append(f"valid_to: {start} to {end} is not a 5, 10 or 20 year period")
    if end < today:
        out.append(f"valid_to: {EXPIRED} on {end}")
    return out


def _period_problem(fields: Mapping[str, object]) -> list[str]:
    """Front and back together (chip data): the validity period must suit the age at issue."""
    born = _iso(fields.get("birth_date") or "")
    start = _iso(fields.get("valid_from") or "")
    raw_to = fields.get("valid_to")
    if born is None or start is None or not raw_to:
        return []
    age = _age(born, start)
    want = next((years for limit, years in _PERIOD_BY_AGE if age < limit), None)
    if raw_to == LONG_TERM:
        got = None
    else:
        end = _iso(raw_to)
        if end is None:
            return []
        got = end.year - start.year
    if got == want:
        return []
    expect = f"{want} years" if want else LONG_TERM
    return [f"valid_to: issued at age {age}, the period should be {expect}"]


def check_cn_id(fields: Mapping[str, object], today: _dt.date | None = None) -> list[str]:
    """Problems of a Chinese ID card's fields: front, back, or both (chip data).

    Front: the ID number's check digit, its coded birth date and sex against the printed
    ones.  Back: the issuing authority is a public security bureau, the validity dates
    exist, run 5/10/20 years (or 长期) and have not passed.  With both sides, the period
    must suit the holder's age at issue.  Fields that were not read are not judged.
    """
    today = today or _dt.date.today()
    out = _front_problems(fields, today) + _back_problems(fields, today)
    if fields.get("id_number") and fields.get("valid_from"):
        out += _period_problem(fields)
    return out


# ------------------------------------------------------------------------------ MRZ


def _mrz_date(yymmdd: str, today: _dt.date, before: _dt.date | None = None) -> _dt.date | None:
    """A YYMMDD date; with ``before``, the latest such date in the past and before it.

    Birth dates take the latest century that puts them in the past (and before the
    expiry date: 121212 on a passport expiring in 2011 is 1912); expiry dates are taken
    within 50 years of today.
    """
    if not re.fullmatch(r"\d{6}", yymmdd or ""):
        return None
    yy, mm, dd = int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:])
    century = today.year // 100 * 100
    for year in (century + 100 + yy, century + yy, century - 100 + yy):
        try:
            day = _dt.date(year, mm, dd)
        except ValueError:
            return None
        if before is None and abs(day.year - today.year) <= 50:
            return day
        if before is not None and day <= today and day < before and today.year - year < 130:
            return day
    return None


_CHECK_NAMES = {
    "number": "number", "date_of_birth": "date_of_birth",
    "expiration_date": "expiration_date", "personal_number": "personal_number",
    "composite": "lines",
}  # fmt: skip


# MRZ checks that are not check digits (kiosk.identity.mrz.parse_lines).
_NOT_DIGIT_CHECKS = {
    "document_type": "document_type: not a code this format allows",
    "names": "names: a letter four times running, a misread filler run",
}


def check_mrz(
    fields: Mapping[str, object],
    checks: Mapping[str, bool] | None = None,
    today: _dt.date | None = None,
) -> list[str]:
    """Problems of an MRZ read: failed check digits, impossible dates, sex code, expiry."""
    today = today or _dt.date.today()
    out = [
        _NOT_DIGIT_CHECKS.get(name) or f"{_CHECK_NAMES.get(name, name)}: check digit fails ({name})"
        for name, ok in (checks or {}).items()
        if not ok
    ]
    expiry_raw = str(fields.get("expiration_date") or "")
    expiry = _mrz_date(expiry_raw, today)
    if expiry_raw and expiry is None:
        out.append(f"expiration_date: {expiry_raw} is not a date")
    born_raw = str(fields.get("date_of_birth") or "")
    born = _mrz_date(born_raw, today, before=expiry or today + _dt.timedelta(days=1))
    if born_raw and born is None:
        out.append(f"date_of_birth: {born_raw} is not a past date before the expiry date")
    if fields.get("sex") not in (None, "", "M", "F", "X"):
        out.append(f"sex: {fields['sex']!r} is not M, F or X")
    if expiry and expiry < today:
        out.append(f"expiration_date: {EXPIRED} on {expiry}")
    return out


_MONTHS = {m: i + 1 for i, m in enumerate(
    "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split()
)}  # fmt: skip
_VIZ_DATE = re.compile(
    r"\b(\d{1,2})[ .,/-]?(?:([A-Z]{3})[A-Z]*(?:/[A-Z]+)?|(\d{1,2}))[ .,/-]?((?:19|20)\d{2})\b"
)


_VIZ_DATE_GLUED = re.compile(r"(?<!\d)(\d{2})\s?([A-Z0-9]{3})\s?((?:19|20)\d{2})\b")
_MONTH_LETTERS = str.maketrans("0125648", "OIZSGAB")


def visual_dates(texts: list[str]) -> set[str]:
    """Dates printed in a visual zone (``12 AUG 1974``, ``12.08.1974``) as YYMMDD strings."""
    found = set()
    for text in texts:
        upper = text.upper()
        for m in _VIZ_DATE.finditer(upper):
            day, month_name, month_num, year = m.groups()
            month = _MONTHS.get(month_name[:3]) if month_name else int(month_num)
            if not month:
                continue
            try:
                _dt.date(int(year), month, int(day))
            except ValueError:
                continue
            found.add(f"{year[2:]}{month:02d}{int(day):02d}")
        # "040CT1949": a month name with a letter read as a digit.
        for m in _VIZ_DATE_GLUED.finditer(upper):
            day, month_text, year = m.groups()
            month = _MONTHS.get(month_text.translate(_MONTH_LETTERS))
            if not month:
                continue
            try:
                _dt.date(int(year), month, int(day))
            except ValueError:
                continue
            found.add(f"{year[2:]}{month:02d}{int(day):02d}")
    return found


def _differs_by(a: str, b: str) -> int:
    if len(a) != len(b):
        return max(len(a), len(b))
    return sum(x != y for x, y in zip(a, b, strict=True))


def check_mrz_against_visual(fields: Mapping[str, object], texts: list[str]) -> list[str]:
    """Problems between an MRZ read (check digits passed) and the visual zone's text lines.

    Conservative, because the visual zone is read with more OCR noise than the MRZ: the
    document number contradicts the visual zone only when a token of the same length and
    letter/digit pattern is printed there, differs in two or more places, and nothing
    printed there matches the MRZ number within one character; a date contradicts only
    when the visual zone shows at least three dates and each differs from the MRZ's birth
    (or expiry) date in two or more digits.
    """
    out: list[str] = []
    number = str(fields.get("number") or "")
    tokens = {t for text in texts for t in re.findall(r"[A-Z0-9]{6,}", text.upper())}

    def pattern(s: str) -> str:
        return "".join("9" if c.isdigit() else "A" for c in s)

    if number and not any(number in t for t in tokens):
        rivals = [
            t for t in tokens
            if len(t) == len(number) and pattern(t) == pattern(number)
            and _differs_by(t, number) >= 2 and any(c.isdigit() for c in t)
        ]  # fmt: skip
        close = [t for t in tokens if _differs_by(t, number) <= 1]
        if rivals and not close:
            out.append(f"number: the MRZ says {number}, the visual zone {sorted(rivals)[0]}")
    twins = [t for t in tokens if _check_digit_twin(number, t)]
    if number and twins and number not in tokens:
        out.append(f"number: the MRZ says {number}, the visual zone {sorted(twins)[0]} "
                   "(the check digit cannot tell them apart)")  # fmt: skip
    out += _name_problems(fields, texts)
    dates = visual_dates(texts)
    # Three dates (birth, issue, expiry) read show the zone was read well enough to judge.
    if len(dates) >= 3:
        for name in ("date_of_birth", "expiration_date"):
            value = str(fields.get(name) or "")
            if value and all(_differs_by(value, d) >= 2 for d in dates):
                out.append(f"{name}: the MRZ's {value} is not among the visual zone's dates")
    return out


# Characters whose ICAO 9303 values differ by a multiple of ten: swapping one for the other
# leaves every check digit as it was (weights 7, 3, 1 are prime to ten).  Only the pairs an
# OCR engine confuses are listed.
_TWINS = {frozenset(p) for p in ("G6", "S8", "Z5", "L1", "U0", "Q6", "B1", "I8")}


def visual_zone_confirms(fields: Mapping[str, object], texts: list[str]) -> bool:
    """Whether the visual zone prints the MRZ's number and every word of its names.

    A name's words may be run together (the recogniser lost the spaces).  Then
    :func:`check_mrz_against_visual` can find nothing against the number or the names in
    any further line (its findings need them absent; a name printed whole, run together,
    is taken as found); dates have check digits.
    """
    number = str(fields.get("number") or "")
    tokens = {t for text in texts for t in re.findall(r"[A-Z0-9]{6,}", text.upper())}
    if not number or not any(number in t for t in tokens):
        return False
    words = _words(texts)
    for name in ("surname", "names"):
        parts = str(fields.get(name) or "").split()
        if all(w in words for w in parts if len(w) >= 2):
            continue
        # The recogniser often drops the spaces of a printed name (ANNA MARIA read as
        # ANNAMARIA): the whole name in one word, letter for letter, is found as well.
        if len(parts) < 2 or "".join(parts) not in words:
            return False
    return True


def _check_digit_twin(number: str, token: str) -> bool:
    """Whether ``token`` is ``number`` with one look-alike the check digit cannot see."""
    if not number or len(token) != len(number) or token == number:
        return False
    diffs = [(a, b) for a, b in zip(number, token, strict=True) if a != b]
    return len(diffs) == 1 and frozenset(diffs[0]) in _TWINS


_TRANSLIT = str.maketrans({"Ä": "AE", "Ö": "OE", "Ü": "UE", "ß": "SS", "Å": "AA", "Ø": "OE",
                           "Æ": "AE", "Þ": "TH", "Ñ": "N"})  # fmt: skip


def _words(texts: list[str]) -> set[str]:
    """Upper-case words of the visual zone, as printed and transliterated (ICAO 9303-3)."""
    out: set[str] = set()
    for text in texts:
        upper = text.upper()
        for variant in (upper.translate(_TRANSLIT), upper):
            plain = unicodedata.normalize("NFKD", variant).encode("ascii", "ignore").decode()
            out.update(re.findall(r"[A-Z]{2,}", plain))
    return out


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(c in it for c in short)


def _name_problems(fields: Mapping[str, object], texts: list[str]) -> list[str]:
    """Names the MRZ gives with letters missing that the visual zone prints in full.

    A recogniser drops letters of a blurred MRZ (JONES read JNES) and no check digit covers
    names; the visual zone prints the same name.  Only that signature is reported: an MRZ
    word absent from the visual zone while a visual-zone word holds it with one or two
    more letters.  Other differences (transliteration, a misread visual zone) are not.
    """
    words = _words(texts)
    if not words:
        return []
    out = []
    for name in ("surname", "names"):
        parts = str(fields.get(name) or "").split()
        if len(parts) >= 2 and "".join(parts) in words:
            continue  # printed whole with its spaces lost (ANNAMARIA): found, as in confirms
        for word in parts:
            if len(word) < 2 or word in words:
                continue
            fuller = sorted(w for w in words
                            if 1 <= len(w) - len(word) <= 2 and _subsequence(word, w)
                            and w[0] == word[0])  # fmt: skip
            if fuller:
                out.append(f"{name}: the MRZ says {word}, the visual zone {fuller[0]}")
                break
    return out
