"""A short soak (bench/soak.py's harness): a few dozen sessions on one terminal built by the
composition root, with every kind of device fault and core outage injected in turn.

Every action the customers were told about is in the core exactly once; the terminal
neither leaks file descriptors or threads nor grows its Python heap with the sessions; the
printer simulator keeps a bounded number of pages and every receipt cut short is reprinted.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from devices.printer.simulator import KEEP_PAGES, KEEP_PICTURES

ROOT = Path(__file__).resolve().parents[2]
# Loaded by its path: bench/ on sys.path would shadow packages (bench/ui.py is not ui/).
_spec = importlib.util.spec_from_file_location("bench_soak", ROOT / "bench" / "soak.py")
assert _spec is not None and _spec.loader is not None
soak = importlib.util.module_from_spec(_spec)
sys.modules["bench_soak"] = soak  # dataclasses look their module up by name
_spec.loader.exec_module(soak)


@pytest.mark.slow
def test_short_soak_exactly_once_and_nothing_grows(tmp_path):
    result = soak.run(tmp_path / "soak", sessions=20, seed=7, fault_rate=0.5, warmup=6)
    assert result["sessions"] == 20
    assert result["errors"] == [] and result["crashes"] == 0 and result["stuck_screens"] == 0
    assert set(result["faults"]) == set(soak.FAULTS)  # each fault was injected at least once
    assert result["actions"] > 8 and result["outbox_drained"]
    assert result["lost_actions"] == 0 and result["doubled_actions"] == 0
    assert result["cancelled_but_posted"] == 0
    assert result["outbox"]["queued"] == result["outbox"]["in_flight"] == 0
    assert result["reprints_pending_end"] == 0  # receipts cut short were reprinted
    assert result["printer_pages_kept"] <= KEEP_PAGES
    # The drawn pictures (outside Python's heap, ~1 MB each): only the last printed and the
    # last torn pages keep theirs.
    assert result["printer_pictures_kept"] <= 2 * KEEP_PICTURES
    # Flat from the warm-up on: no descriptor, thread or Python-heap growth per session.
    assert result["fds_end"] == result["fds_at_50"]
    assert result["threads_end"] == result["threads_at_50"]
    assert result["traced_growth_kb"] < 1024, result["traced_growth"]
