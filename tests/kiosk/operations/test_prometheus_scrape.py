"""A real Prometheus (Debian's) scrapes a running terminal's /metrics and answers queries."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import requests
from ops_terminal import free_port

PROMETHEUS = shutil.which("prometheus")
RULES = Path(__file__).resolve().parents[3] / "packaging" / "prometheus" / "alerts.yml"


def _query(base: str, expr: str) -> list[dict]:
    resp = requests.get(f"{base}/api/v1/query", params={"query": expr}, timeout=5)
    resp.raise_for_status()
    return resp.json()["data"]["result"]


def _wait_for(base: str, expr: str, timeout: float = 40.0) -> list[dict]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            result = _query(base, expr)
            if result:
                return result
        except requests.RequestException:
            pass  # Prometheus still starting
        time.sleep(0.5)
    raise AssertionError(f"Prometheus never had a value for {expr}")


@pytest.fixture
def prometheus(tmp_path, terminal):
    if PROMETHEUS is None:
        if os.environ.get("CI"):
            pytest.fail("Debian's prometheus is not installed")
        pytest.skip("Debian's prometheus is not installed (packaging/debian-packages.txt)")
    metrics_port = terminal.ops.serve_metrics("127.0.0.1", 0)
    config = tmp_path / "prometheus.yml"
    config.write_text(
        "global: {scrape_interval: 1s, evaluation_interval: 1s}\n"
        f"rule_files: ['{RULES}']\n"
        "scrape_configs:\n"
        "  - job_name: kiosk\n"
        f"    static_configs: [{{targets: ['127.0.0.1:{metrics_port}'],"
        " labels: {terminal: K7}}]\n"
    )
    port = free_port()
    proc = subprocess.Popen(
        [PROMETHEUS, f"--config.file={config}", f"--storage.tsdb.path={tmp_path / 'tsdb'}",
         f"--web.listen-address=127.0.0.1:{port}", "--log.level=warn"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def test_prometheus_scrapes_the_terminal(terminal, prometheus):
    terminal.sim.faults.paper = "low"
    terminal.transfer()
    terminal.transfer(cancel_at="payee")
    assert _wait_for(prometheus, 'up{job="kiosk"} == 1')
    done = _wait_for(prometheus, 'kiosk_journeys_total{journey="transfer",outcome="completed"}')
    assert float(done[0]["value"][1]) == 1.0
    assert done[0]["metric"]["terminal"] == "K7"
    left = _wait_for(prometheus, 'kiosk_journey_abandoned_total{journey="transfer"}')
    assert left[0]["metric"]["step"] == "payee"
    # Compared in PromQL: a scrape may have landed between the two customers.
    assert _wait_for(prometheus, "sum(kiosk_sessions_total) == 2")
    paper = _wait_for(prometheus, 'kiosk_printer_paper{kiosk_printer_paper="low"} == 1')
    assert paper[0]["metric"]["job"] == "kiosk"
    online = _wait_for(prometheus, 'kiosk_device_state{device="printer"} == 1')
    assert online[0]["metric"]["kiosk_device_state"] == "online"
    # Both customers passed the face step.
    assert _wait_for(
        prometheus, 'kiosk_journey_step_duration_seconds_count{journey="transfer",step="face"} == 2'
    )
    core = _wait_for(prometheus, "time() - kiosk_core_last_success_timestamp_seconds < 60")
    assert core
    assert _wait_for(prometheus, "kiosk_outbox_depth == 0")  # the sender delivered it
    # The shipped rules run on the real series: paper low is pending (it fires after 1m).
    deadline = time.monotonic() + 20
    pending: list = []
    while not pending and time.monotonic() < deadline:
        alerts = requests.get(f"{prometheus}/api/v1/alerts", timeout=5).json()["data"]["alerts"]
        pending = [a for a in alerts if a["labels"]["alertname"] == "KioskPrinterPaperLow"]
        time.sleep(0.5)
    assert pending and pending[0]["state"] == "pending"
    assert pending[0]["labels"]["terminal"] == "K7"
    # The terminal goes away: Prometheus sees it unscraped (what KioskNotScraped fires on).
    terminal.ops.metrics.stop()
    assert _wait_for(prometheus, 'up{job="kiosk"} == 0')
