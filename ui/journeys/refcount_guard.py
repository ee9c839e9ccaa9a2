"""Work around a PySide6 6.12.0 bug: every ``Signal.emit`` from Python loses a ``True`` ref.

Measured here (PySide6 6.12.0, CPython 3.11): 200 calls of ``SignalInstance.emit()`` — with
or without connections, any argument types, any thread — lower ``sys.getrefcount(True)`` by
exactly 200.  ``True`` starts with a few hundred references, so after some hundreds to
thousands of emits the interpreter aborts with "Fatal Python error: bool_dealloc" (seen in
bench/journeys.py after about a dozen journeys; a terminal running all day would die the
same way).  CPython 3.11's ``True`` is not immortal (3.12 made it so).

``install()`` gives ``True`` a large reserve of references and a timer that tops the reserve
up whenever the count has dropped, so the count never reaches zero.  The references are
added with ``Py_IncRef`` (not held by a list): nothing gives them back at interpreter exit,
where the lost references would otherwise still abort the process.  PySide6 6.11.3 does
not have the bug (same probe: no reference lost); remove this once the project is on a
fixed release (``emit_leaks_true()`` tells).
"""

from __future__ import annotations

import ctypes
import sys
import threading

RESERVE = 200_000  # references added at install: headroom between top-ups
_lock = threading.Lock()
_floor = 0
_timer = None


def emit_leaks_true() -> bool:
    """Whether this PySide6 still drops a reference to True on every emit."""
    from PySide6.QtCore import QObject, Signal

    class _Probe(QObject):
        ping = Signal()

    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(50):
        probe.ping.emit()
    leaked = before - sys.getrefcount(True)
    if leaked > 0:
        top_up(leaked)
    return leaked >= 50


def _add_refs(n: int) -> None:
    incref = ctypes.pythonapi.Py_IncRef
    incref.argtypes = [ctypes.py_object]
    for _ in range(n):
        incref(True)


def top_up(extra: int = 0) -> None:
    """Restore True's references to the level they had at install (plus ``extra``)."""
    with _lock:
        missing = _floor - sys.getrefcount(True) + extra
        if missing > 0:
            _add_refs(missing)


def install(interval_ms: int = 1000) -> None:
    """Add the reserve and start the top-up timer on the current (GUI) thread; idempotent."""
    global _floor, _timer
    if _timer is not None:
        return
    from PySide6.QtCore import QTimer

    with _lock:
        _add_refs(RESERVE)
        _floor = sys.getrefcount(True)
    _timer = QTimer()
    _timer.setInterval(interval_ms)
    _timer.timeout.connect(top_up)
    _timer.start()
