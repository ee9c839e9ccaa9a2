"""``kiosk diagnostics [--json] [--config FILE]``: every device, the core bank, the outbox.

While the terminal runs, device status comes from its snapshot (the terminal owns the
ports); otherwise each device is probed directly.  Exit 0 when everything is healthy,
1 when something needs a technician, 2 for a bad configuration.
"""

from __future__ import annotations

import argparse
import json
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from kiosk.diagnostics import probes
from kiosk.diagnostics.runtime_state import FILE_NAME, read_state

DEVICE_PROBES = {"printer": probes.probe_printer, "idcard": probes.probe_idcard,
                 "camera": probes.probe_camera}  # fmt: skip


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the command's options."""
    parser.add_argument("--config", default=None, help="terminal TOML configuration")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def collect(cfg: Any) -> dict[str, Any]:
    """Gather the whole report (never raises); the probes run side by side.

    A status query loads no receipt-encoding library (python-escpos is loaded by the
    printer only to print), so the command does not pay its 0.1-0.4 s import.
    """
    running = read_state(cfg.data_path(FILE_NAME))
    report: dict[str, Any] = {
        "terminal": {"running": running is not None, "branch": cfg.branch.name,
                     "terminal_id": cfg.branch.terminal_id},
        "devices": {},
    }  # fmt: skip
    url = cfg.corebank.url or (running or {}).get("corebank_url", "")
    with ThreadPoolExecutor(max_workers=4, thread_name_prefix="diagnostics") as pool:
        core = pool.submit(probes.probe_corebank, url, cfg) if url else None
        futures = {}
        for name, probe in DEVICE_PROBES.items():
            snap = (running or {}).get("devices", {}).get(name)
            if snap:
                report["devices"][name] = {**snap, "source": "terminal"}
            else:
                futures[name] = pool.submit(probe, cfg)
        for name in DEVICE_PROBES:  # the report keeps the devices' order
            if name in futures:
                report["devices"][name] = {**futures[name].result(), "source": "probe"}
        report["devices"] = {n: report["devices"][n] for n in DEVICE_PROBES}
    if core is not None:
        report["corebank"] = core.result()
    else:
        note = "local sandbox: started by `kiosk run`, not running"
        report["corebank"] = {"url": None, "reachable": False, "note": note}
    report["outbox"] = probes.probe_outbox(cfg.data_path("outbox.db", cfg.storage.outbox_db))
    report["operations"] = probes.probe_operations(cfg)
    return report


def healthy(report: dict[str, Any]) -> bool:
    """True when every device is online, the core bank answers and nothing is parked."""
    devices_ok = all(d.get("device") == "online" for d in report["devices"].values())
    parked = report["outbox"].get("counts", {}).get("parked", 0)
    core_ok = report["corebank"].get("reachable") or report["corebank"].get("url") is None
    outbox_ok = "error" not in report["outbox"]  # unreadable, or not an outbox at all
    return devices_ok and bool(core_ok) and not parked and outbox_ok


def run(args: argparse.Namespace) -> int:
    """Print the report; exit 0 healthy, 1 needs attention, 2 bad configuration."""
    from kiosk.config import load_config_for

    cfg = load_config_for("kiosk diagnostics", args.config)
    if cfg is None:
        return 2
    report = collect(cfg)
    report["healthy"] = healthy(report)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, default=str))
    else:
        print(f"terminal {report['terminal']['terminal_id']} ({report['terminal']['branch']}), "
              f"{'running' if report['terminal']['running'] else 'not running'}")  # fmt: skip
        for name, d in report["devices"].items():
            extra = ", ".join(f"{k}={v}" for k, v in d.items() if k not in ("device", "driver"))
            print(f"  {name:<8} {d.get('device', '?'):<14} [{d.get('driver')}] {extra}")
        cb = report["corebank"]
        state = "not running" if cb.get("url") is None else (
            "reachable" if cb.get("reachable") else "UNREACHABLE")  # fmt: skip
        print(f"  corebank {state} {cb.get('url') or ''} "
              f"{cb.get('error') or cb.get('note') or ''}".rstrip())  # fmt: skip
        ob = report["outbox"]
        if "error" in ob:
            print(f"  outbox   UNREADABLE {ob['error']}")
        else:
            print(f"  outbox   depth {ob.get('depth', 0)} {ob.get('counts', '')}")
        for p in ob.get("parked", []):
            print(f"    parked {p['action_id']} ({p['kind']}): {p['code']}: {p['reason']}")
    return 0 if report["healthy"] else 1
