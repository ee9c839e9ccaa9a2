"""A short soak through the UI (bench/soak_ui.py's harness): twenty customers tap the real
QML window of one terminal, with every kind of device fault and core outage injected in turn.

Every action the customers were told about is in the core exactly once; from the warm-up
on, the window holds as many QObjects and items as before, Python wraps as many Qt objects
(no view-model, step screen or looked-up item kept alive), and neither descriptors,
threads nor the Python heap grow with the sessions.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load(name: str, path: Path):
    # By its path: bench/ on sys.path would shadow packages (bench/ui.py is not ui/).
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


soak_ui = _load("bench_soak_ui", ROOT / "bench" / "soak_ui.py")


@pytest.mark.slow
def test_short_ui_soak_exactly_once_and_the_window_stays_flat(qapp, tmp_path):
    result = soak_ui.run(tmp_path / "soak", sessions=20, seed=7, fault_rate=0.5, warmup=6,
                         progress=0)  # fmt: skip
    assert result["sessions"] == 20
    assert result["errors"] == [] and result["crashes"] == 0 and result["stuck_screens"] == 0
    assert set(result["faults"]) == set(soak_ui.soak.FAULTS)  # each fault at least once
    assert result["actions"] > 8 and result["outbox_drained"]
    assert result["lost_actions"] == 0 and result["doubled_actions"] == 0
    assert result["cancelled_but_posted"] == 0
    assert result["outbox"]["queued"] == result["outbox"]["in_flight"] == 0
    assert result["reprints_pending_end"] == 0
    # The Qt side from the warm-up on: the attract screen is the same tree again.
    assert result["qobjects_end"] == result["qobjects_at_50"]
    assert result["items_end"] == result["items_at_50"]
    assert result["shell_qobjects_end"] == result["shell_qobjects_at_50"]
    assert result["wrappers_end"] == result["wrappers_at_50"], result["wrappers_growth"]
    # A connection the client keeps alive to the in-process core has both its ends here.
    assert result["fds_end"] <= result["fds_at_50"] + 2
    assert result["terminal_threads_end"] == result["terminal_threads_at_50"], (
        result["threads_growth"], result["threads_gone"])  # fmt: skip
    assert result["traced_growth_kb"] < 1024, result["traced_growth"]
