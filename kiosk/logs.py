"""Structured (JSON-lines) logging with a redaction filter.

Personal data never reaches a log in clear: Chinese ID numbers, passport numbers in MRZ,
account and card numbers, phone numbers and any value passed under a sensitive key
(``name``, ``address``...) are masked before a record is formatted.  The filter sits on the
handlers, so records from every library are covered.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
from pathlib import Path
from typing import Any

SENSITIVE_KEYS = frozenset(
    {
        "name",
        "firstname",
        "lastname",
        "fullname",
        "surname",
        "names",
        "address",
        "id_number",
        "documentKey",
        "document_key",
        "mobile",
        "mobileNo",
        "phone",
        "account",
        "account_no",
        "accountNo",
        "payee_name",
        "payee_account",
        "birth_date",
        "date_of_birth",
        "signature",
        "photo",
        "embedding",
        "mrz",
        "lines",
    }
)

_PATTERNS: list[tuple[re.Pattern[str], Any]] = [
    # Chinese resident ID number (18 chars, last may be X): keep the first 2 and last 2.
    (
        re.compile(r"(?<![0-9A-Za-z])(\d{2})\d{14}([0-9Xx]{2})(?![0-9A-Za-z])"),
        r"\1**************\2",
    ),
    # MRZ lines: runs of capitals, digits and fillers.
    (re.compile(r"[A-Z0-9<]{20,}"), "<MRZ redacted>"),
    # Phone numbers: +86 / 1xx xxxx xxxx and other long digit runs with separators.
    (re.compile(r"\+?\d{1,3}[ -]?1[3-9]\d[ -]?\d{4}[ -]?\d{4}"), "<phone>"),
    (re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)"), "<phone>"),
    # Card numbers written in groups (6222 0212 3456 7890, 6222-0212-...): keep the last 4.
    (re.compile(r"(?<![\d.])(?:\d{4}[ -]){2,4}\d{0,3}(\d{4})(?![\d.])"), r"****\1"),
    # Account / card numbers: 8+ digit runs keep their last 4.
    (re.compile(r"(?<![\d.])\d{4,}(\d{4})(?![\d.])"), r"****\1"),
]
# Names after a label: 姓名：张伟, name=Li, and quoted forms from reprs/JSON ('name': 'Li Lei').
_NAME_AFTER_LABEL = re.compile(r"(姓名|name|Name)(['\"]?\s*[:=：]\s*)(?:(['\"])(.*?)\3|(\S+))")
_SENSITIVE_LOWER = frozenset(k.lower() for k in SENSITIVE_KEYS)


def redact_text(text: str) -> str:
    """Mask personal data in free text."""
    text = _NAME_AFTER_LABEL.sub(
        lambda m: f"{m.group(1)}{m.group(2)}{m.group(3) or ''}<redacted>{m.group(3) or ''}", text
    )
    for pattern, repl in _PATTERNS:
        text = pattern.sub(repl, text)
    return text


def redact_value(key: str, value: Any) -> Any:
    """Mask a structured value: sensitive keys entirely, other strings by pattern."""
    if isinstance(key, str) and key.lower() in _SENSITIVE_LOWER and value not in (None, ""):
        return "<redacted>"
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, dict):
        return {k: redact_value(k, v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [redact_value(key, v) for v in value]
    return value


class RedactingFilter(logging.Filter):
    """Rewrites a record's message and structured fields so nothing sensitive is emitted."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact ``record`` in place; always keep it."""
        try:
            message = record.getMessage()
        except Exception:  # a bad %-format must not lose the record
            message = str(record.msg)
        record.msg = redact_text(message)
        record.args = None
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            record.fields = {k: redact_value(k, v) for k, v in fields.items()}
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = redact_text(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message and ``fields``."""

    def format(self, record: logging.LogRecord) -> str:
        """Return ``record`` as one JSON line."""
        out: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        fields = getattr(record, "fields", None)
        if fields:
            out["fields"] = fields
        if record.exc_text:
            out["exc"] = record.exc_text
        return json.dumps(out, ensure_ascii=False, default=str)


def setup_logging(level: str = "INFO", file: str | Path | None = None) -> logging.Handler:
    """Install the redacting JSON handler on the root logger; return the handler."""
    root = logging.getLogger()
    for h in list(root.handlers):
        if getattr(h, "_kiosk", False):
            root.removeHandler(h)
    handler: logging.Handler
    if file:
        Path(file).expanduser().parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(Path(file).expanduser(), encoding="utf-8")
    else:
        handler = logging.StreamHandler(sys.stderr)
    handler._kiosk = True  # type: ignore[attr-defined]
    handler.addFilter(RedactingFilter())
    handler.setFormatter(JsonFormatter())
    root.addHandler(handler)
    root.setLevel(level.upper())
    return handler


def log_event(logger: logging.Logger, msg: str, level: int = logging.INFO, **fields: Any) -> None:
    """Log ``msg`` with structured ``fields`` (redacted by the handler's filter)."""
    logger.log(level, msg, extra={"fields": fields})
