"""The 256-byte UCS-2 LE text block of a second-generation resident ID card.

Fixed-width fields, padded with spaces: name (30 bytes), sex code (2), ethnicity code (4),
birth date YYYYMMDD (16), address (70), ID number (36), issuing authority (30), valid from
(16), valid to (16, a date or 长期 = long-term), reserved (36).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from devices.idcard.protocol import TEXT_LEN

LAYOUT: list[tuple[str, int]] = [
    ("name", 30), ("sex_code", 2), ("ethnicity_code", 4), ("birth", 16), ("address", 70),
    ("id_number", 36), ("issuing_authority", 30), ("valid_from", 16), ("valid_to", 16),
    ("reserved", 36),
]  # fmt: skip

SEX = {"0": "未知", "1": "男", "2": "女", "9": "未说明"}  # GB/T 2261.1

# GB 3304-1991 codes of China's ethnic groups, as printed on the card (without 族).
ETHNICITIES = {
    "01": "汉", "02": "蒙古", "03": "回", "04": "藏", "05": "维吾尔", "06": "苗", "07": "彝",
    "08": "壮", "09": "布依", "10": "朝鲜", "11": "满", "12": "侗", "13": "瑶", "14": "白",
    "15": "土家", "16": "哈尼", "17": "哈萨克", "18": "傣", "19": "黎", "20": "傈僳",
    "21": "佤", "22": "畲", "23": "高山", "24": "拉祜", "25": "水", "26": "东乡", "27": "纳西",
    "28": "景颇", "29": "柯尔克孜", "30": "土", "31": "达斡尔", "32": "仫佬", "33": "羌",
    "34": "布朗", "35": "撒拉", "36": "毛南", "37": "仡佬", "38": "锡伯", "39": "阿昌",
    "40": "普米", "41": "塔吉克", "42": "怒", "43": "乌孜别克", "44": "俄罗斯", "45": "鄂温克",
    "46": "德昂", "47": "保安", "48": "裕固", "49": "京", "50": "塔塔尔", "51": "独龙",
    "52": "鄂伦春", "53": "赫哲", "54": "门巴", "55": "珞巴", "56": "基诺", "97": "其他",
    "98": "外国血统中国籍人士",
}  # fmt: skip
ETHNICITY_CODES = {v: k for k, v in ETHNICITIES.items()}
LONG_TERM = "长期"


@dataclass(frozen=True)
class IdCardText:
    """The typed content of a card's text block.  ``valid_to`` is None for 长期 (long-term)."""

    name: str
    sex_code: str
    ethnicity_code: str
    birth_date: _dt.date
    address: str
    id_number: str
    issuing_authority: str
    valid_from: _dt.date
    valid_to: _dt.date | None

    @property
    def sex(self) -> str:
        """The sex as printed (男/女), from the code."""
        return SEX.get(self.sex_code, "未知")

    @property
    def ethnicity(self) -> str:
        """The ethnicity name per GB 3304, from the code."""
        return ETHNICITIES.get(self.ethnicity_code, "未知")

    def as_fields(self) -> dict[str, str]:
        """Fields named as the OCR results (``cn-id-front`` + ``cn-id-back``)."""
        return {
            "name": self.name,
            "sex": self.sex,
            "ethnicity": self.ethnicity,
            "birth_date": self.birth_date.isoformat(),
            "address": self.address,
            "id_number": self.id_number,
            "issuing_authority": self.issuing_authority,
            "valid_from": self.valid_from.isoformat(),
            "valid_to": self.valid_to.isoformat() if self.valid_to else LONG_TERM,
        }

    def __repr__(self) -> str:  # personal data must not leak through reprs in logs
        return "IdCardText(<redacted>)"


def _date(raw: str, field: str) -> _dt.date:
    try:
        return _dt.datetime.strptime(raw, "%Y%m%d").date()
    except ValueError as exc:
        raise ValueError(f"text block field {field} is not a YYYYMMDD date") from exc


def parse_text_block(block: bytes) -> IdCardText:
    """Decode the 256-byte block; ValueError if it is not one."""
    if len(block) != TEXT_LEN:
        raise ValueError(f"text block is {len(block)} bytes, expected {TEXT_LEN}")
    raw: dict[str, str] = {}
    offset = 0
    for name, size in LAYOUT:
        try:
            raw[name] = block[offset : offset + size].decode("utf-16-le").strip(" \x00")
        except UnicodeDecodeError as exc:
            raise ValueError(f"text block field {name} is not UCS-2") from exc
        offset += size
    valid_to = None if raw["valid_to"] in (LONG_TERM, "") else _date(raw["valid_to"], "valid_to")
    return IdCardText(
        name=raw["name"],
        sex_code=raw["sex_code"],
        ethnicity_code=raw["ethnicity_code"],
        birth_date=_date(raw["birth"], "birth"),
        address=raw["address"],
        id_number=raw["id_number"],
        issuing_authority=raw["issuing_authority"],
        valid_from=_date(raw["valid_from"], "valid_from"),
        valid_to=valid_to,
    )


def build_text_block(card: IdCardText) -> bytes:
    """Encode ``card`` as the reader sends it (the simulator uses this)."""
    values = {
        "name": card.name, "sex_code": card.sex_code, "ethnicity_code": card.ethnicity_code,
        "birth": card.birth_date.strftime("%Y%m%d"), "address": card.address,
        "id_number": card.id_number, "issuing_authority": card.issuing_authority,
        "valid_from": card.valid_from.strftime("%Y%m%d"),
        "valid_to": card.valid_to.strftime("%Y%m%d") if card.valid_to else LONG_TERM,
        "reserved": "",
    }  # fmt: skip
    out = b""
    for name, size in LAYOUT:
        data = values[name].encode("utf-16-le")
        if len(data) > size:
            raise ValueError(f"{name} is too long for its {size}-byte field")
        out += data + " ".encode("utf-16-le") * ((size - len(data)) // 2)
    return out
