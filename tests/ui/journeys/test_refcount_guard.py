"""The PySide6 emit reference bug and its guard (ui/journeys/refcount_guard.py)."""

import sys

from PySide6.QtCore import QObject, Signal

from ui.journeys import refcount_guard


class Pinger(QObject):
    ping = Signal(object)


def test_many_emits_survive_with_the_guard(qapp):
    refcount_guard.install()
    leaks = refcount_guard.emit_leaks_true()  # documents whether PySide6 still has the bug
    p = Pinger()
    got = []
    p.ping.connect(got.append)
    start = sys.getrefcount(True)
    for i in range(20_000):  # far more than True's own references: aborts without the guard
        p.ping.emit(None if i % 2 else True)
        if i % 5000 == 0:
            refcount_guard.top_up()
    refcount_guard.top_up()
    assert len(got) == 20_000
    assert sys.getrefcount(True) >= min(start, refcount_guard._floor) - 1
    print("PySide6 emit leaks a True reference:", leaks)
