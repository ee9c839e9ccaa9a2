"""Fields of a Chinese resident ID card from OCR lines (front and back).

Front: 姓名 性别 民族 出生 住址 公民身份号码; back: 签发机关 有效期限.  Lines are read in
rows, split at the printed labels, and each label's value is what follows it up to the next
label (the address runs over several lines).  The ID number is validated and repaired with
its GB 11643 check digit; birth date and sex are cross-checked against it by
:mod:`kiosk.identity.consistency` (reported, never overwritten).
"""

from __future__ import annotations

import datetime as _dt
import difflib
import re
from dataclasses import dataclass

from devices.idcard.textblock import ETHNICITIES
from kiosk.identity import idnumber
from kiosk.identity.engines import TextLine

FRONT_LABELS = ("公民身份号码", "姓名", "性别", "民族", "出生", "住址")
BACK_LABELS = ("签发机关", "有效期限")
_LABEL_KEYS = {
    "姓名": "name", "性别": "sex", "民族": "ethnicity", "出生": "birth",
    "住址": "address", "公民身份号码": "id_number", "签发机关": "issuing_authority",
    "有效期限": "validity",
}  # fmt: skip
# Common misreadings of the printed labels.
_LABEL_VARIANTS = {
    "公民身份号码": ("公民身份号码", "公民身份号", "身份号码", "公民身份證号码"),
    "签发机关": ("签发机关", "签发机美", "签发机"),
    "有效期限": ("有效期限", "有效期"),
}
_WATERMARK = {"样本", "样", "本"}
_ETHNIC_NAMES = [v for k, v in ETHNICITIES.items() if int(k) <= 56]
_HAN = re.compile(r"[\u4e00-\u9fff·]")


@dataclass
class CnIdRead:
    """A parsed card side: kind, fields, whether the checks pass, and a confidence 0-1."""

    kind: str
    fields: dict[str, str | None]
    valid: bool
    confidence: float


def _rows(lines: list[TextLine]) -> list[list[TextLine]]:
    """Group lines into rows (vertical overlap), top to bottom, each left to right."""
    rows: list[list[TextLine]] = []
    for line in sorted(lines, key=lambda t: (t.box[1] + t.box[3]) / 2):
        cy = (line.box[1] + line.box[3]) / 2
        if rows:
            last = rows[-1]
            top = min(t.box[1] for t in last)
            bottom = max(t.box[3] for t in last)
            if top <= cy <= bottom:
                last.append(line)
                continue
        rows.append([line])
    return [sorted(r, key=lambda t: t.box[0]) for r in rows]


def _segments(text: str, labels: tuple[str, ...]) -> list[tuple[str | None, str]]:
    """Split ``text`` at label occurrences: [(label or None, value text)]."""
    variants = []
    for label in labels:
        for v in _LABEL_VARIANTS.get(label, (label,)):
            variants.append((v, label))
    variants.sort(key=lambda x: -len(x[0]))
    pattern = re.compile("|".join(re.escape(v) for v, _ in variants))
    out: list[tuple[str | None, str]] = []
    pos = 0
    current: str | None = None
    for m in pattern.finditer(text):
        if m.start() > pos or (current is None and m.start() > 0):
            out.append((current, text[pos : m.start()]))
        current = dict(variants)[m.group()]
        pos = m.end()
        out.append((current, ""))
    if pos < len(text):
        out.append((current, text[pos:]))
    return out


def _collect(lines: list[TextLine], labels: tuple[str, ...]) -> dict[str, str]:
    values: dict[str, str] = {}
    current: str | None = None
    for row in _rows(lines):
        for line in row:
            text = line.text.strip()
            if text in _WATERMARK:
                continue
            for label, value in _segments(text, labels):
                if label is not None and value == "" and label != current:
                    current = label
                    values.setdefault(_LABEL_KEYS[label], "")
                    continue
                if label is not None:
                    current = label
                key = _LABEL_KEYS[current] if current else "_unlabelled"
                values[key] = values.get(key, "") + value
    return values


def classify(lines: list[TextLine]) -> str | None:
    """'cn-id-front', 'cn-id-back' or None from the words on a card."""
    text = "".join(t.text for t in lines)
    front = sum(label in text for label in ("姓名", "性别", "民族", "出生", "住址", "公民身份"))
    back = sum(label in text for label in ("签发机关", "有效期限", "居民身份证", "中华人民共和国"))
    if front >= 2 or (front >= 1 and idnumber.find_id_numbers(text)):
        return "cn-id-front"
    if back >= 2:
        return "cn-id-back"
    return None


_DATE_DIGITS = str.maketrans({"O": "0", "o": "0", "D": "0", "I": "1", "l": "1", "|": "1",
                              "Z": "2", "S": "5", "s": "5", "G": "6", "B": "8"})  # fmt: skip


def _birth(raw: str) -> _dt.date | None:
    text = raw.replace(" ", "").translate(_DATE_DIGITS)  # "2S日" is 25, not 2
    m = re.search(r"(\d{4})\D{0,3}?(\d{1,2})\D{1,3}?(\d{1,2})", text)
    if not m:
        return None
    try:
        return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _ethnicity(raw: str) -> str | None:
    text = "".join(_HAN.findall(raw)).removesuffix("族")
    if not text:
        return None
    if text in _ETHNIC_NAMES:
        return text
    close = difflib.get_close_matches(text, _ETHNIC_NAMES, n=1, cutoff=0.5)
    return close[0] if close else None  # not a GB 3304 name: unread, not invented


def _id_number(values: dict[str, str], lines: list[TextLine]) -> tuple[str | None, bool]:
    """The ID number (repaired if its check digit allows) and whether it was read as is.

    The flag is False when a digit had to be swapped for a look-alike: such a number is
    only trusted once the printed birth date and sex agree with it.
    """
    raw = values.get("id_number", "")
    candidates = idnumber.find_id_numbers(raw) or [raw]
    candidates += idnumber.find_id_numbers("".join(t.text for t in lines))
    for cand in candidates:
        fixed = idnumber.correct_id_number(cand)
        if fixed:
            return fixed, fixed == idnumber.normalise(cand)
    best = idnumber.normalise(candidates[0]) if candidates else ""
    return (best or None), False


def parse_front(lines: list[TextLine]) -> CnIdRead:
    """Fields of a card front from its OCR lines."""
    values = _collect(lines, FRONT_LABELS)
    number, number_ok = _id_number(values, lines)
    born = _birth(values.get("birth", ""))
    sex = next((c for c in values.get("sex", "") if c in "男女"), None)
    if number and idnumber.is_valid(number) and not number_ok:
        # A digit was swapped: accept only if what is printed beside agrees.  What is
        # printed is never overwritten from the number: a disagreement is reported by
        # kiosk.identity.consistency, not corrected.
        number_ok = (born is None or born == idnumber.birth_date(number)) and (
            sex is None or sex == idnumber.sex_from_number(number)
        )
    name = "".join(_HAN.findall(values.get("name", ""))) or None
    address = re.sub(r"\s+", "", values.get("address", "")) or None
    fields: dict[str, str | None] = {
        "name": name,
        "sex": sex,
        "ethnicity": _ethnicity(values.get("ethnicity", "")),
        "birth_date": born.isoformat() if born else None,
        "address": address,
        "id_number": number,
    }
    confidence = sum(t.confidence for t in lines) / len(lines) if lines else 0.0
    complete = all(fields.values())
    return CnIdRead("cn-id-front", fields, bool(number_ok and complete), round(confidence, 3))


_VALIDITY = re.compile(
    r"(\d{4})\D?(\d{2})\D?(\d{2})\s*[-—–~至一]+\s*(?:(\d{4})\D?(\d{2})\D?(\d{2})|(长期))"
)


def parse_back(lines: list[TextLine]) -> CnIdRead:
    """Fields of a card back from its OCR lines."""
    values = _collect(lines, BACK_LABELS)
    authority = "".join(_HAN.findall(values.get("issuing_authority", ""))) or None
    validity = values.get("validity", "") or "".join(t.text for t in lines)
    m = _VALIDITY.search(validity.replace(" ", ""))
    valid_from = valid_to = None
    ok = False
    if m:
        try:
            start = _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            valid_from = start.isoformat()
            if m.group(7):
                valid_to, ok = "长期", True
            else:
                end = _dt.date(int(m.group(4)), int(m.group(5)), int(m.group(6)))
                valid_to, ok = end.isoformat(), end > start
        except ValueError:
            ok = False
    fields: dict[str, str | None] = {
        "issuing_authority": authority,
        "valid_from": valid_from,
        "valid_to": valid_to,
    }
    confidence = sum(t.confidence for t in lines) / len(lines) if lines else 0.0
    return CnIdRead("cn-id-back", fields, bool(ok and authority), round(confidence, 3))


def parse(lines: list[TextLine], kind: str | None = None) -> CnIdRead | None:
    """Classify (unless ``kind`` is given) and parse; None when it is no ID card side."""
    kind = kind or classify(lines)
    if kind == "cn-id-front":
        return parse_front(lines)
    if kind == "cn-id-back":
        return parse_back(lines)
    return None
