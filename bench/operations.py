"""Operations figures: `kiosk diagnostics --json` with all devices, and a /metrics scrape.

Writes bench/results/operations.json:

- ``diagnostics_json_s``: wall time of the whole command (a fresh process: imports, the
  printer and ID reader simulators behind the real drivers, a camera frame, the sandbox
  core bank's login, the outbox and operations files), median of 5 runs (aim: under 1 s).
  ``diagnostics_json_cpu_s`` is the same runs' CPU time (user + system): on a machine shared
  with other work the wall time grows with the load average, the CPU time much less.
- ``metrics_scrape_ms``: one HTTP GET of a running terminal's /metrics after 30 journeys
  (step histograms filled, outbox read at scrape time), median of 200 scrapes.

The hub-side figures (``dashboard_query_ms_*``, ``events_ingest_per_s``) are measured by
bench/ops_hub.py (described there); ``--hub`` measures only those and keeps the others in
the file.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "kiosk" / "flows"))

import requests  # noqa: E402

from kiosk.config import KioskConfig, StorageConfig  # noqa: E402
from kiosk.flows.transfer import TransferJourney  # noqa: E402
from kiosk.operations.service import OperationsService  # noqa: E402
from kiosk.sandbox.server import start_sandbox  # noqa: E402
from kiosk.terminal import terminal_bank  # noqa: E402

FACE = ROOT.parent / "shared" / "testdata" / "face" / "face_recognition" / "obama.jpg"
KIOSK = Path(sys.executable).parent / "kiosk"


def diagnostics_runs(folder: Path, runs: int = 5) -> dict:
    folder.mkdir(parents=True, exist_ok=True)
    sandbox = start_sandbox(folder / "sandbox.db")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KIOSK_STORAGE__DATA_DIR": str(folder),
           "KIOSK_COREBANK__URL": sandbox.url,
           "KIOSK_COREBANK__PASSWORD": "password"}  # the sandbox demo user (a named core needs one)
    if FACE.is_file():
        env["KIOSK_CAMERA__SIMULATOR_SOURCE"] = str(FACE)
    times, cpu, report = [], [], {}
    try:
        for _ in range(runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            out = subprocess.run([str(KIOSK), "diagnostics", "--json"], env=env,
                                 capture_output=True, text=True, timeout=120)
            times.append(time.perf_counter() - started)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
            if not out.stdout:
                raise SystemExit(f"kiosk diagnostics printed nothing:\n{out.stderr}")
            report = json.loads(out.stdout)
    finally:
        sandbox.stop()
    return {"times": times, "cpu": cpu, "healthy": report.get("healthy"),
            "devices": {k: v.get("device") for k, v in report.get("devices", {}).items()}}


def scrape_runs(folder: Path, journeys: int = 30, scrapes: int = 200) -> dict:
    from flow_people import ZHANG_WEI_ID

    cfg = KioskConfig(storage=StorageConfig(data_dir=str(folder)))
    bank = terminal_bank(cfg)
    ops = OperationsService.start(cfg, bank.journal, core_url=lambda: bank.core.base_url,
                                  status_source=lambda: {"printer": {"device": "online",
                                                                     "paper": "full"}})
    port = ops.serve_metrics("127.0.0.1", 0)
    try:
        for i in range(journeys):
            j = TransferJourney(bank.deps())
            j.document_read("cn-id", {"name": "张伟", "id_number": ZHANG_WEI_ID, "sex": "男",
                                      "address": "北京"}, source="chip")
            j.face_result(True, "", 0.3)
            j.choose_account(1)
            if i % 3 == 0:
                j.cancel()
                continue
            j.submit_payee("000000002", "Li Na")
            j.submit_amount("1.00")
            j.confirm()
            j.finish()
        http = requests.Session()
        size, times = 0, []
        for _ in range(scrapes):
            started = time.perf_counter()
            body = http.get(f"http://127.0.0.1:{port}/metrics", timeout=5).content
            times.append((time.perf_counter() - started) * 1000)
            size = len(body)
    finally:
        ops.stop()
        bank.close()
    return {"times": times, "bytes": size}


def main() -> None:
    out = ROOT / "bench" / "results" / "operations.json"
    if "--hub" in sys.argv:
        from ops_hub import hub_figures

        result = json.loads(out.read_text()) if out.exists() else {}
        result |= hub_figures()
        result["hub_date"] = time.strftime("%Y-%m-%d")
        result["hub_load_avg_1m"] = round(os.getloadavg()[0], 2)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, indent=2, ensure_ascii=False))
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return
    with tempfile.TemporaryDirectory() as tmp:
        diag = diagnostics_runs(Path(tmp) / "diag")
        scrape = scrape_runs(Path(tmp) / "scrape")
    d, s = diag["times"], sorted(scrape["times"])
    result = {
        "diagnostics_json_s": round(statistics.median(d), 3),
        "diagnostics_json_s_max": round(max(d), 3),
        "diagnostics_json_cpu_s": round(statistics.median(diag["cpu"]), 3),
        "diagnostics_devices": diag["devices"],
        "diagnostics_healthy": diag["healthy"],
        "metrics_scrape_ms": round(statistics.median(s), 2),
        "metrics_scrape_ms_p90": round(s[int(len(s) * 0.9)], 2),
        "metrics_scrape_bytes": scrape["bytes"],
        "camera_source": "shared face sample" if FACE.is_file() else "simulator default",
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                    "load_avg_1m": round(os.getloadavg()[0], 2)},
        "date": time.strftime("%Y-%m-%d"),
    }
    if out.exists():  # keep the hub figures of an earlier --hub run
        result = {**{k: v for k, v in json.loads(out.read_text()).items()
                     if k.startswith(("dashboard_", "events_ingest", "hub_"))}, **result}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
