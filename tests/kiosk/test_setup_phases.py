"""``packaging/setup.sh`` (what ``make run`` and ``make test`` start with) says what it is
doing on a first run, one line per phase, and is quiet on the second.

The script runs for real, on a small project of the same shape in a temporary folder (a
Debian package that is installed, no Python requirements, a one-module package), so the
test creates a real virtual environment but downloads nothing big.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run(tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "packaging/setup.sh"], cwd=tree, capture_output=True,
                          text=True, timeout=300)  # fmt: skip


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    """A project with the repo's setup script and tiny inputs."""
    if shutil.which("dpkg-query") is None:
        pytest.skip("setup.sh checks Debian packages with dpkg-query, absent here")
    (tmp_path / "packaging").mkdir()
    shutil.copy(ROOT / "packaging" / "setup.sh", tmp_path / "packaging" / "setup.sh")
    (tmp_path / "packaging" / "debian-packages.txt").write_text("# always there\ncoreutils\n")
    (tmp_path / "requirements.txt").write_text("# nothing to install\n")
    (tmp_path / "requirements-dev.txt").write_text("")
    (tmp_path / "requirements-nodeps.txt").write_text("")
    (tmp_path / "demo_pkg").mkdir()
    (tmp_path / "demo_pkg" / "__init__.py").write_text("")
    (tmp_path / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n'
        '[project]\nname = "demo-pkg"\nversion = "0"\n'
        '[tool.setuptools]\npackages = ["demo_pkg"]\n'
    )
    return tmp_path


def test_first_run_names_each_phase_and_second_run_is_quiet(tree):
    first = _run(tree)
    assert first.returncode == 0, first.stderr
    lines = first.stdout.splitlines()
    for n, name in enumerate(["Debian packages", "virtual environment", "Python packages",
                              "models"], start=1):  # fmt: skip
        assert any(line.startswith(f"setup: [{n}/4] {name}") for line in lines), first.stdout
    assert lines[-1].startswith("setup: .venv ready")
    assert (tree / ".venv" / "bin" / "python").exists()
    second = _run(tree)
    assert second.returncode == 0 and second.stdout == "" and second.stderr == ""
    (tree / "requirements.txt").write_text("# changed: the stamp no longer matches\n")
    third = _run(tree)
    assert "setup: [2/4] virtual environment: .venv exists" in third.stdout


def test_a_venv_left_without_pip_by_an_interrupted_first_run_is_made_again(tree):
    # What Ctrl+C during `python -m venv` leaves: a python, no pip, no stamp.
    subprocess.run(["python3", "-m", "venv", "--without-pip", str(tree / ".venv")], check=True)
    run = _run(tree)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "incomplete (no pip): creating it again" in run.stdout
    assert subprocess.run([str(tree / ".venv" / "bin" / "python"), "-m", "pip", "--version"],
                          capture_output=True).returncode == 0  # fmt: skip
