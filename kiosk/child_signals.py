"""Helper processes the terminal starts do not take Ctrl+C themselves: the terminal ends them.

A terminal's Ctrl+C sends SIGINT to the whole foreground process group, helpers included.
A helper that gets it raises ``KeyboardInterrupt`` wherever it is (often still importing)
and prints a traceback, while the terminal is about to close its pipe anyway.  So helpers are
started with SIGINT blocked in the starting thread's signal mask, which a child inherits
through fork and exec; SIGTERM still ends them.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def ctrl_c_blocked_for_children() -> Iterator[None]:
    """Processes started inside this block (on this thread) never receive SIGINT.

    The calling process still gets Ctrl+C: the kernel hands it to a thread not blocking it.
    """
    from multiprocessing import resource_tracker

    # Starting the resource tracker unblocks SIGINT in this thread: have it running first.
    resource_tracker.ensure_running()
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)
