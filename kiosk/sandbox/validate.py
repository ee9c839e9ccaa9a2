"""Request validation as Fineract's ``DataValidatorBuilder`` and ``FromJsonHelper`` do it.

Unknown parameters are refused first (``error.msg.parameter.unsupported``); then every field
check runs and all failures are reported together in one 400, with codes of the form
``validation.msg.<resource>.<parameter>.<rule>``.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from kiosk.sandbox import errors as E
from kiosk.sandbox.dates import PatternError, parse_date, valid_locale

_MISSING = object()
# Numbers as Fineract's ``en`` locale parses them: digits, optional grouping commas, a point.
# Python alone would also take "1_000", "١٢" (other scripts' digits) or "1e999999".
_DECIMAL_RE = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$", re.ASCII)
_INTEGER_RE = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)$", re.ASCII)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: Fineract's id columns are Java longs.
MAX_ID = 2**63 - 1
#: Fineract's amount columns are DECIMAL(19,6): at most 13 digits before the point.
MAX_AMOUNT = Decimal("9999999999999")


def check_supported(body: Any, supported: set[str]) -> dict[str, Any]:
    """Return ``body`` as a dict or raise 400 for a non-object or an unsupported parameter."""
    if not isinstance(body, dict):
        # Fineract's FromJsonHelper: a blank body raises InvalidJsonException, an array or a
        # scalar fails to parse as the command's map; both map to the same 400.
        raise E.invalid_body()
    unknown = [k for k in body if k not in supported]
    if unknown:
        raise E.validation(
            [
                E.param_error(
                    "error.msg.parameter.unsupported",
                    f"The parameter {k} is not supported.",
                    k,
                    None,
                    k,
                )
                for k in unknown
            ]
        )
    return body


class Checker:
    """Collects parameter errors for one resource and raises them together."""

    def __init__(self, resource: str, body: dict[str, Any]) -> None:
        self.resource = resource
        self.body = body
        self.errors: list[dict[str, Any]] = []

    def _fail(self, param: str, rule: str, message: str, value: Any = None) -> None:
        code = f"validation.msg.{self.resource}.{param}.{rule}"
        self.errors.append(E.param_error(code, message, param, value))

    def raise_if_any(self) -> None:
        """Raise 400 with every collected error."""
        if self.errors:
            raise E.validation(self.errors)

    def present(self, param: str) -> bool:
        """True when the parameter is in the body and not null."""
        return self.body.get(param) is not None

    def text(self, param: str, *, required: bool = False, max_len: int | None = None) -> str | None:
        """A string parameter (blank counts as missing)."""
        value = self.body.get(param)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self._fail(param, "cannot.be.blank", f"The parameter `{param}` is mandatory.")
            return None
        if not isinstance(value, str):
            self._fail(param, "format.is.invalid",
                       f"The parameter `{param}` must be text, not {type(value).__name__}.",
                       value if isinstance(value, (int, float)) else None)  # fmt: skip
            return None
        if _CONTROL_RE.search(value):
            self._fail(param, "does.not.match.regexp",
                       f"The parameter `{param}` holds a control character.")  # fmt: skip
            return None
        if max_len is not None and len(value) > max_len:
            self._fail(
                param,
                "exceeds.max.length",
                f"The parameter `{param}` exceeds max length of {max_len}.",
                value,
            )
            return None
        return value

    def integer(self, param: str, *, required: bool = False, positive: bool = True) -> int | None:
        """An integer id parameter (a numeric string is accepted, as Fineract does)."""
        value = self.body.get(param)
        if value is None or value == "":
            if required:
                self._fail(param, "cannot.be.blank", f"The parameter `{param}` is mandatory.")
            return None
        try:
            if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                raise ValueError
            if isinstance(value, str) and not _INTEGER_RE.match(value.strip()):
                raise ValueError
            if not isinstance(value, (int, float, str)):
                raise ValueError
            number = int(value.strip().replace(",", "")) if isinstance(value, str) else int(value)
            if abs(number) > MAX_ID:
                raise ValueError
        except (ValueError, OverflowError):
            self.errors.append(
                E.param_error(
                    "validation.msg.invalid.integer.format",
                    f"The parameter `{param}` has value: {value} which is invalid integer value "
                    f"for provided locale of [{self.body.get('locale') or 'en'}].",
                    param,
                    value,
                )
            )
            return None
        if positive and number <= 0:
            self._fail(
                param,
                "not.greater.than.zero",
                f"The parameter `{param}` must be greater than 0.",
                number,
            )
            return None
        return number

    def decimal(self, param: str, *, required: bool = False) -> Decimal | None:
        """A positive amount; strings may use the locale's grouping commas (``en``)."""
        value = self.body.get(param)
        if value is None or value == "":
            if required:
                self._fail(param, "cannot.be.blank", f"The parameter `{param}` is mandatory.")
            return None
        try:
            if isinstance(value, bool) or not isinstance(value, (int, float, str)):
                raise InvalidOperation
            if isinstance(value, str) and not _DECIMAL_RE.match(value.strip()):
                raise InvalidOperation
            text = value.replace(",", "") if isinstance(value, str) else repr(value)
            number = Decimal(text.strip())
            if not number.is_finite():
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            self.errors.append(
                E.param_error(
                    "validation.msg.invalid.decimal.format",
                    f"The parameter `{param}` has value: {value} which is invalid decimal value "
                    f"for provided locale of [{self.body.get('locale') or 'en'}].",
                    param,
                    value,
                )
            )
            return None
        if number <= 0:
            self._fail(
                param,
                "not.greater.than.zero",
                f"The parameter `{param}` must be greater than 0.",
                str(number),
            )
            return None
        if number > MAX_AMOUNT:
            self._fail(param, "is.greater.than.max",
                       f"The parameter `{param}` value {number} must not be more than "
                       f"{MAX_AMOUNT}.", str(number))  # fmt: skip
            return None
        return number

    def scale(self, param: str, number: Decimal | None, places: int) -> Decimal | None:
        """Refuse an amount finer than the currency's minor unit (Fineract's scale check)."""
        if number is not None and number != number.quantize(Decimal(1).scaleb(-places)):
            self._fail(param, f"scale.is.greater.than.{places}",
                       f"The parameter `{param}` value {number} must not have more than "
                       f"{places} decimal places", str(number))  # fmt: skip
            return None
        return number

    def boolean(self, param: str, *, required: bool = False) -> bool | None:
        """A boolean (``true``/``false`` strings accepted)."""
        value = self.body.get(param)
        if value is None:
            if required:
                self._fail(param, "cannot.be.blank", f"The parameter `{param}` is mandatory.")
            return None
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        self.errors.append(
            E.param_error(
                "validation.msg.invalid.boolean.format",
                f"The parameter `{param}` has value: {value} which is invalid boolean value.",
                param,
                value,
            )
        )
        return None

    def date(self, param: str, *, required: bool = False) -> dt.date | None:
        """A date string parsed with the body's ``dateFormat`` and ``locale``."""
        value = self.body.get(param)
        if value is None or value == "":
            if required:
                self._fail(param, "cannot.be.blank", f"The parameter `{param}` is mandatory.")
            return None
        fmt, locale = self.body.get("dateFormat"), self.body.get("locale")
        if not isinstance(fmt, str) or not fmt.strip():
            self.errors.append(
                E.param_error(
                    "validation.msg.missing.dateFormat.parameter",
                    f"The parameter `{param}` requires a `dateFormat` parameter to be passed "
                    "with it.",
                    param,
                )
            )
            return None
        if not isinstance(locale, str) or not locale.strip():
            self.errors.append(
                E.param_error(
                    "validation.msg.missing.locale.parameter",
                    f"The parameter `{param}` requires a `locale` parameter to be passed with it.",
                    param,
                )
            )
            return None
        if not valid_locale(locale):
            self.errors.append(
                E.param_error(
                    "validation.msg.invalid.locale.format",
                    f"The parameter `locale` has an invalid language value {locale} .",
                    "locale",
                    locale,
                )
            )
            return None
        try:
            return parse_date(str(value), fmt, locale)
        except PatternError:
            self.errors.append(
                E.param_error(
                    "validation.msg.invalid.dateFormat.format",
                    f"Dateformat: {fmt} is invalid",
                    "dateFormat",
                    fmt,
                )
            )
        except ValueError:
            self.errors.append(
                E.param_error(
                    "validation.msg.invalid.dateFormat.format",
                    f"The parameter `{param}` is invalid based on the dateFormat: `{fmt}` and "
                    f"locale: `{locale}` provided:",
                    param,
                    value,
                    fmt,
                )
            )
        return None


class DatatableChecker(Checker):
    """A datatable row's checks, with the codes of Fineract's ``SearchUtil.parseColumnValue``.

    Datatable columns are not validated by a ``DataValidatorBuilder``: a missing mandatory
    column is ``error.msg.column.mandatory``, a long text
    ``validation.msg.datatable.entry.column.exceeds.maxlength``, a value outside a code
    column's list ``error.msg.invalid.columnValue``.
    """

    _CODES = {"cannot.be.blank": ("error.msg.column.mandatory", "Mandatory"),
              "exceeds.max.length": ("validation.msg.datatable.entry.column.exceeds.maxlength",
                                     None)}  # fmt: skip

    def _fail(self, param: str, rule: str, message: str, value: Any = None) -> None:
        code, text = self._CODES.get(rule, ("error.msg.invalid.columnValue", None))
        if rule == "exceeds.max.length":
            text = f"The column `{param}` exceeds its defined max-length "
        self.errors.append(E.param_error(code, text or message, param, value))


NAME_RE = re.compile(r"^[A-Za-z0-9_]+$")
