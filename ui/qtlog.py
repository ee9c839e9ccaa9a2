"""Route Qt's own messages (QML ``console.log``, warnings) into Python logging.

Without this, a QML ``console.log(field.text)`` would print personal data to stderr past the
redaction filter; through logging it is redacted and lands in the same JSON log.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}
# Known harmless noise on terminals without PipeWire (Qt Multimedia probing for audio).
_QUIET = ("pipewire-0.3", "overrides a member of the base object")
log = logging.getLogger("qt")


def _handler(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    level = _LEVELS.get(kind, logging.WARNING)
    if any(q in message for q in _QUIET):
        level = logging.DEBUG
    where = f"{context.file}:{context.line}" if context.file else ""
    log.log(level, message, extra={"fields": {"category": context.category, "at": where}})


def install_qt_message_handler() -> Any:
    """Install the handler; return the previous one (to restore it)."""
    return qInstallMessageHandler(_handler)


def restore_qt_message_handler(previous: Any) -> None:
    """Put back the handler ``install_qt_message_handler`` replaced."""
    qInstallMessageHandler(previous)
