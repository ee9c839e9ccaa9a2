"""The session-end check of tests/conftest.py: a test run that leaves a process alive fails,
names it, and ends it; a clean run passes.  Checked on a real pytest run in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from proc_tree import alive

TESTS = Path(__file__).resolve().parent

LEAKY = '''
import subprocess

def test_leaves_a_child_and_an_orphan(tmp_path):
    subprocess.Popen(["sleep", "127"])  # a child never waited for
    # an orphan: its parent (bash) exits at once, so it is nobody's child but the subreaper's
    subprocess.run(["bash", "-c", "sleep 128 & echo $! > " + str(tmp_path / "orphan.pid")])
    (tmp_path.parent.parent / "orphan.pid").write_text((tmp_path / "orphan.pid").read_text())
'''

CLEAN = '''
import subprocess

def test_waits_for_its_child():
    assert subprocess.run(["true"]).returncode == 0
'''


def _pytest(folder: Path, source: str) -> subprocess.CompletedProcess:
    (folder / "test_case.py").write_text(source)
    env = {**os.environ, "PYTHONPATH": f"{TESTS}{os.pathsep}{TESTS.parent}",
           "KIOSK_TEST_CHILD_GRACE": "0.5"}  # fmt: skip
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "conftest", "-q", "-p", "no:cacheprovider",
         "--basetemp", str(folder / "tmp"), "--rootdir", str(folder), "-c", os.devnull,
         str(folder / "test_case.py")],
        capture_output=True, text=True, timeout=120, env=env,
    )  # fmt: skip


def test_a_run_that_leaves_a_process_fails_and_ends_it(tmp_path):
    result = _pytest(tmp_path, LEAKY)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "1 passed" in result.stdout  # the test itself passed: the check failed the run
    assert "left 2 process(es) alive" in result.stderr
    assert "sleep 127" in result.stderr and "sleep 128" in result.stderr
    orphan = int((tmp_path / "orphan.pid").read_text())
    deadline = time.monotonic() + 5
    while alive(orphan) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(orphan)


def test_a_clean_run_passes(tmp_path):
    result = _pytest(tmp_path, CLEAN)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "alive" not in result.stderr
