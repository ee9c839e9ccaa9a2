"""The `kiosk` command line: usage, unknown commands, and `kiosk run` start-up checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def kiosk(*args, env=None, timeout=60):
    full_env = dict(os.environ, **(env or {}))
    return subprocess.run(
        [sys.executable, "-m", "kiosk.cli", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=full_env,
    )


def test_help_lists_commands():
    result = kiosk("--help")
    assert result.returncode == 0
    assert "usage: kiosk COMMAND" in result.stdout
    for command in ("run", "ocr", "diagnostics"):
        assert f"\n  {command}" in result.stdout


def test_no_arguments_prints_usage_and_fails():
    result = kiosk()
    assert result.returncode == 2
    assert "usage: kiosk COMMAND" in result.stdout


def test_unknown_command():
    result = kiosk("frobnicate")
    assert result.returncode == 2
    assert "unknown command 'frobnicate'" in result.stderr
    assert "Traceback" not in result.stderr


def test_run_help_shows_options():
    result = kiosk("run", "--help")
    assert result.returncode == 0
    for option in ("--config", "--fullscreen", "--quit-after"):
        assert option in result.stdout


def test_run_with_bad_config_exits_2_naming_the_field(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[session]\nidle_seconds = -3\n[ui]\nwidht = 1024\n", encoding="utf-8")
    result = kiosk("run", "--config", str(bad))
    assert result.returncode == 2
    assert "session.idle_seconds" in result.stderr
    assert "ui.widht: unknown field" in result.stderr
    assert str(bad) in result.stderr
    assert "Traceback" not in result.stderr
    # No window was opened: Qt was never imported, so it printed nothing.
    assert "qt." not in result.stderr.lower()


def test_run_with_missing_config_file(tmp_path):
    result = kiosk("run", "--config", str(tmp_path / "none.toml"))
    assert result.returncode == 2
    assert "not found" in result.stderr


def test_run_with_bad_environment_override():
    result = kiosk("run", env={"KIOSK_UI__WIDTH": "12"})
    assert result.returncode == 2
    assert "ui.width" in result.stderr


@pytest.mark.timeout(120)
def test_run_starts_headless_and_quits(tmp_path):
    """No DISPLAY: falls back to offscreen with a note, opens the window, quits cleanly."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    log = tmp_path / "kiosk.log"
    env.update({"KIOSK_LOG__FILE": str(log), "KIOSK_STORAGE__DATA_DIR": str(tmp_path)})
    result = subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "run", "--quit-after", "1.5"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=110,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert "rendering offscreen" in result.stderr
    text = log.read_text(encoding="utf-8")
    assert "terminal window open" in text


@pytest.mark.timeout(120)
def test_run_registers_journeys_after_the_first_frame(tmp_path):
    """The installed journeys load after the first frame (they are not needed before a touch)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", KIOSK_BENCH_STARTUP="1")
    env.update({"KIOSK_LOG__FILE": str(tmp_path / "k.log"), "KIOSK_LOG__LEVEL": "DEBUG"})
    result = subprocess.run(
        [sys.executable, "-c",
         "import sys, ui.app, ui.shell as s;"
         "orig = s.ShellViewModel.load_journeys;"
         "s.ShellViewModel.load_journeys = lambda self: (print('LOAD_JOURNEYS', flush=True),"
         " orig(self), print('TILES', len(self.registry.all()), flush=True));"
         "import argparse; p = argparse.ArgumentParser(); ui.app.add_arguments(p);"
         "sys.exit(ui.app.run(p.parse_args(['--quit-after', '1.5'])))"],
        cwd=ROOT, capture_output=True, text=True, timeout=110, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = [line.split()[0] for line in result.stdout.splitlines() if line.strip()]
    assert lines.index("KIOSK_FIRST_FRAME") < lines.index("LOAD_JOURNEYS")
    tiles = next(line for line in result.stdout.splitlines() if line.startswith("TILES"))
    assert int(tiles.split()[1]) >= 1  # ui.journeys registered its journeys
