"""Regression probe for PySide6 6.12.0, where every Signal.emit() from Python dropped one
reference to ``True`` and the process aborted (bool_dealloc) after a few thousand emits:
a terminal running all day would die.  requirements.txt pins a release without the leak."""

import subprocess
import sys

PROBE = """
import sys
from PySide6.QtCore import QObject, Signal

class Pinger(QObject):
    ping = Signal(object)

p = Pinger()
got = [0]

def count(value):
    got[0] += 1

p.ping.connect(count)
before = sys.getrefcount(True)
for i in range(20_000):
    p.ping.emit(i % 2 == 0)
print(got[0], sys.getrefcount(True) - before)
"""


def test_signal_emits_keep_true_alive():
    # In a subprocess: with the leak the interpreter aborts, which must fail this test only.
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    count, delta = map(int, out.stdout.split())
    assert count == 20_000
    assert abs(delta) < 100, f"Signal.emit() leaks references to True: {delta}"
