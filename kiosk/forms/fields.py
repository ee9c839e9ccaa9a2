"""Field checks for what customers type: mobile numbers, amounts, account numbers, names.

Each check returns the normalised value or raises ``FieldInvalid`` with a translation key,
so the screen can say exactly what is wrong and keep what was typed.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

# Mainland China mobile numbers: 11 digits starting 13-19, optionally with +86 / 0086.
_CN_MOBILE = re.compile(r"^(?:\+?86|0086)?(1[3-9]\d{9})$")
_ACCOUNT_NO = re.compile(r"^\d{6,20}$")
MAX_ADDRESS = 200
MAX_OCCUPATION = 100


class FieldInvalid(ValueError):
    """A typed value failed its check; ``key`` is the message's translation key."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def mobile_number(raw: str) -> str:
    """Return ``+86`` and the 11 digits, or raise FieldInvalid("mobile.invalid")."""
    digits = re.sub(r"[\s\-()]", "", raw or "")
    match = _CN_MOBILE.match(digits)
    if not match:
        raise FieldInvalid("mobile.invalid")
    return "+86" + match.group(1)


def address(raw: str) -> str:
    """Return the trimmed address; required, at most 200 characters."""
    text = " ".join((raw or "").split())
    if not text:
        raise FieldInvalid("address.required")
    if len(text) > MAX_ADDRESS:
        raise FieldInvalid("address.too_long")
    return text


def occupation(raw: str) -> str:
    """Return the trimmed occupation; required, at most 100 characters."""
    text = " ".join((raw or "").split())
    if not text:
        raise FieldInvalid("occupation.required")
    if len(text) > MAX_OCCUPATION:
        raise FieldInvalid("occupation.too_long")
    return text


def amount(raw: str | float | Decimal) -> Decimal:
    """Return a positive amount with at most 2 decimals, or raise FieldInvalid("amount.*")."""
    text = str(raw).strip().replace(",", "").replace("¥", "").replace("￥", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise FieldInvalid("amount.invalid") from None
    if not value.is_finite() or value <= 0:
        raise FieldInvalid("amount.invalid")
    if value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise FieldInvalid("amount.too_many_decimals")
    return value.quantize(Decimal("0.01"))


def account_number(raw: str) -> str:
    """Return the account number's digits (6-20), or raise FieldInvalid("payee.account_invalid")."""
    digits = re.sub(r"[\s\-]", "", raw or "")
    if not _ACCOUNT_NO.match(digits):
        raise FieldInvalid("payee.account_invalid")
    return digits


def comparable_name(name: str) -> str:
    """Fold a name for comparison: NFKC, case, spaces and middle dots ignored."""
    text = unicodedata.normalize("NFKC", name or "").casefold()
    return re.sub(r"[\s·.\-]", "", text)


def _has_han(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" for ch in text)


def names_match(entered: str, on_account: str) -> bool:
    """Whether the payee name typed matches the account holder's name.

    Fineract's display name is "firstname lastname", so "伟 张" is 张伟 and "Na Li" is Li Na:
    the holder's name parts are accepted in either order.  A holder's Chinese name also
    matches its pinyin without tones ("Li Na" for 李娜), as a customer on the English screen
    writes it; the account number, not the name, says where the money goes.
    """
    a = comparable_name(entered)
    parts = (on_account or "").split()
    candidates = {comparable_name(on_account), comparable_name(" ".join(reversed(parts)))}
    if _has_han(on_account) and not _has_han(entered):
        from pypinyin import lazy_pinyin  # its dictionary loads on the first Latin name

        for order in (parts, list(reversed(parts))):
            candidates.add(comparable_name("".join(lazy_pinyin("".join(order)))))
    return bool(a) and a in candidates


def positive_int(raw: str | int, key: str) -> int:
    """Return a non-negative integer (income), or raise FieldInvalid(key)."""
    try:
        value = int(str(raw).strip().replace(",", ""))
    except ValueError:
        raise FieldInvalid(key) from None
    if value < 0:
        raise FieldInvalid(key)
    return value
