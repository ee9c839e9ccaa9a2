"""The shipped alert rules: valid for promtool, unit-tested, and naming metrics we export."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import requests
import yaml

from kiosk.operations.metrics import TerminalMetrics

ROOT = Path(__file__).resolve().parents[3]
RULES = ROOT / "packaging" / "prometheus" / "alerts.yml"
TESTS = sorted((ROOT / "packaging" / "prometheus" / "tests").glob("*.yml"))
PROMTOOL = shutil.which("promtool")


def _promtool(*args: str) -> subprocess.CompletedProcess:
    if PROMTOOL is None:
        if os.environ.get("CI"):
            pytest.fail("promtool (Debian's prometheus) is not installed")
        pytest.skip("promtool not installed (Debian package prometheus)")
    return subprocess.run([PROMTOOL, *args], capture_output=True, text=True, timeout=60)


def test_rules_pass_promtool_check():
    result = _promtool("check", "rules", str(RULES))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS: 8 rules found" in result.stdout


def test_rules_unit_tests_pass():
    assert TESTS, "no promtool rule tests in packaging/prometheus/tests"
    result = _promtool("test", "rules", *map(str, TESTS))
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_metric_a_rule_names_is_exported(tmp_path):
    rules = yaml.safe_load(RULES.read_text())["groups"][0]["rules"]
    wanted = {"KioskPrinterPaperLow", "KioskPrinterOut", "KioskDeviceOffline",
              "KioskOutboxBackingUp", "KioskCoreUnreachable", "KioskNotScraped"}  # fmt: skip
    assert wanted <= {r["alert"] for r in rules}
    named = {m for r in rules for m in re.findall(r"\bkiosk_[a-z_]+", r["expr"])}
    metrics = TerminalMetrics("K7", "Test", tmp_path / "outbox.db")
    port = metrics.serve("127.0.0.1", 0)
    try:
        text = requests.get(f"http://127.0.0.1:{port}/metrics", timeout=5).text
    finally:
        metrics.stop()
    exported = set(re.findall(r"^(kiosk_[a-z_]+)", text, re.M))
    assert named and named <= exported, named - exported


def test_the_example_scrape_configuration_is_valid():
    example = RULES.parent / "prometheus.example.yml"
    result = _promtool("check", "config", str(example))
    assert result.returncode == 0, result.stdout + result.stderr
    assert yaml.safe_load(example.read_text())["scrape_configs"][0]["job_name"] == "kiosk"
