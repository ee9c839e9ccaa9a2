"""Probes of each part of the terminal, as a technician runs them from a shell.

Each probe returns a JSON-friendly dict and never raises: a fault is a status, not a crash.
Device probes open the configured port themselves, so they are only used when the terminal
is not running (see :mod:`kiosk.diagnostics.runtime_state`); a ``simulator`` driver is
probed by starting the simulator and talking to it through the real driver, which checks
the driver's protocol code end to end.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from kiosk.config import KioskConfig


def _failed(driver: str, exc: BaseException, state: str = "noDevice") -> dict[str, Any]:
    return {"driver": driver, "device": state, "error": f"{type(exc).__name__}: {exc}"}


def probe_printer(cfg: KioskConfig) -> dict[str, Any]:
    """DLE EOT status of the configured printer (or of a freshly started simulator)."""
    from devices.printer import PrinterSimulator, open_printer

    pc = cfg.printer
    sim = None
    try:
        url = pc.url
        if pc.driver == "simulator":
            sim = PrinterSimulator(paper_width_mm=pc.paper_width_mm)
            url = sim.start()
        printer = open_printer(url, pc.baudrate, 48 if pc.paper_width_mm == 80 else 32)
        try:
            status = printer.query_status()
        finally:
            printer.close()
        return {"driver": pc.driver, "url": url if sim is None else "simulator", **status.as_dict()}
    except Exception as exc:  # any fault is reported, never raised
        return _failed(pc.driver, exc)
    finally:
        if sim is not None:
            sim.stop()


def probe_idcard(cfg: KioskConfig) -> dict[str, Any]:
    """SAM module status of the configured ID card reader."""
    from devices.idcard import open_reader

    ic = cfg.idcard
    if ic.driver == "none":
        return {"driver": "none", "device": "noDevice", "note": "no ID card reader configured"}
    reader = None
    try:
        reader = open_reader(ic.driver, ic.url, ic.baudrate, ic.timeout)
        assert reader is not None
        sam_ok = reader.sam_status()
        return {"driver": ic.driver, "sam_ok": sam_ok, **reader.status.as_dict()}
    except Exception as exc:
        return _failed(ic.driver, exc)
    finally:
        if reader is not None:
            sim = getattr(reader, "simulator", None)
            reader.close()
            if sim is not None:
                sim.stop()


def probe_camera(cfg: KioskConfig) -> dict[str, Any]:
    """Open the configured camera and read one frame."""
    from devices.camera import open_camera

    cc = cfg.camera
    try:
        cam = open_camera(cc.driver, cc.source, cc.width, cc.height, cc.simulator_source)
        cam.open()
        try:
            frame = cam.read()
            return {"driver": cc.driver, **cam.status.as_dict(),
                    "frame": f"{frame.shape[1]}x{frame.shape[0]}"}  # fmt: skip
        finally:
            cam.close()
    except Exception as exc:
        return _failed(cc.driver, exc)


def probe_corebank(url: str, cfg: KioskConfig) -> dict[str, Any]:
    """Authenticate against the core bank at ``url``; report latency or the error."""
    from kiosk.corebank.client import FineractClient
    from kiosk.corebank.errors import CorebankError

    cb = cfg.corebank
    client = FineractClient.from_config(cb, url, max_retries=0)  # the terminal's TLS settings
    started = time.perf_counter()
    try:
        client.authenticate(*client.t.auth)  # the sandbox's demo user when no url is set
        return {"url": url, "reachable": True, "authenticated": True,
                "latency_ms": round((time.perf_counter() - started) * 1000, 1)}  # fmt: skip
    except CorebankError as exc:
        reachable = type(exc).__name__ not in ("Unavailable",)
        return {"url": url, "reachable": reachable, "authenticated": False,
                "error": f"{type(exc).__name__}: {exc}"}  # fmt: skip
    finally:
        client.close()


def probe_outbox(path: Path) -> dict[str, Any]:
    """Counts per state and the parked actions with their reasons."""
    from kiosk.outbox import Outbox
    from kiosk.outbox.command import parked_items

    if not path.is_file():
        return {"db": str(path), "exists": False, "depth": 0}
    try:
        box = Outbox(path, read_only=True)  # diagnostics never write to the terminal's stores
        try:
            counts, parked = box.counts(), box.parked()
        finally:
            box.close()
    except Exception as exc:  # OutboxDamaged: the terminal is out of service until fixed
        damaged = type(exc).__name__ == "OutboxDamaged"
        return {"db": str(path), "exists": True, "error": f"{type(exc).__name__}: {exc}",
                **({"damaged": True} if damaged else {})}  # fmt: skip
    return {
        "db": str(path), "exists": True, "counts": counts,
        "depth": counts.get("queued", 0) + counts.get("in_flight", 0),
        "parked": parked_items(parked),
    }  # fmt: skip


def probe_operations(cfg: KioskConfig) -> dict[str, Any]:
    """Operations events waiting for the hub, counters since reset, recent status changes."""
    import json
    import sqlite3

    from kiosk.operations.history import StatusHistory

    out: dict[str, Any] = {"hub_url": cfg.operations.hub_url or None}
    events = cfg.data_path("operations.db", cfg.operations.events_db)
    if events.is_file():
        try:
            db = sqlite3.connect(f"file:{events}?mode=ro", uri=True, timeout=1.0)
            try:
                (out["events_queued"],) = db.execute(
                    "SELECT COUNT(*) FROM events WHERE sent IS NULL").fetchone()
            finally:
                db.close()
        except sqlite3.Error as exc:
            out["events_error"] = f"{type(exc).__name__}: {exc}"
    try:
        out["counters"] = json.loads(cfg.data_path("counters.json").read_text("utf-8"))
    except (OSError, ValueError):
        out["counters"] = None
    out["status_changes"] = StatusHistory(cfg.data_path("status_history.jsonl")).entries()[-20:]
    return out
