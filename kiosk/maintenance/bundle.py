"""The support bundle: one zip a technician takes away on a USB stick (or sends to the hub).

It holds the logs (through the redaction filter again), the configuration without its
secrets, the device status history, the technician counters, the outbox's counts and
parked actions (ids, kinds, redacted reasons), the journal's verification result and the
versions of what runs.  Never the journal's records, the outbox payloads or a session.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import sys
import zipfile
from importlib import metadata
from pathlib import Path
from typing import Any

from kiosk.config import KioskConfig
from kiosk.logs import redact_text

REMOVED = "<removed>"
# (section, field) of every secret in the configuration.
SECRETS = [("corebank", "password"), ("operations", "terminal_key"),
           ("maintenance", "otp_secret"), ("limits", "id_salt")]  # fmt: skip
PACKAGES = ("PySide6", "pydantic", "requests", "pyserial", "python-escpos",
            "opencv-python-headless", "rapidocr-onnxruntime", "dlib-bin", "prometheus-client",
            "argon2-cffi")  # fmt: skip
MAX_LOG_BYTES = 8 * 1024 * 1024


def config_without_secrets(cfg: KioskConfig) -> dict[str, Any]:
    """The configuration as a dict, every secret replaced by ``<removed>``."""
    data = cfg.model_dump(mode="json")
    for section, name in SECRETS:
        if data.get(section, {}).get(name):
            data[section][name] = REMOVED
    for tech in data.get("maintenance", {}).get("technicians", []):
        if tech.get("pin_hash"):
            tech["pin_hash"] = REMOVED
    return data


def versions() -> dict[str, Any]:
    """Versions of the terminal, Python, the OS and the main libraries."""
    out: dict[str, Any] = {"python": sys.version.split()[0], "platform": platform.platform()}
    for name in ("branch-kiosk", *PACKAGES):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def _redacted_log(path: str) -> str:
    if not path:
        return ""
    try:
        with Path(path).expanduser().open("rb") as f:
            f.seek(0, 2)
            f.seek(max(0, f.tell() - MAX_LOG_BYTES))
            text = f.read().decode("utf-8", "replace")
    except OSError as exc:
        return f"log file not readable: {exc.strerror}\n"
    return "".join(redact_text(line) + "\n" for line in text.splitlines())


def _outbox_summary(cfg: KioskConfig) -> dict[str, Any]:
    from kiosk.diagnostics.probes import probe_outbox

    report = probe_outbox(cfg.data_path("outbox.db", cfg.storage.outbox_db))
    for item in report.get("parked", []):
        item["reason"] = redact_text(str(item.get("reason") or ""))
    return report


def write_bundle(cfg: KioskConfig, folder: str | Path, journal: Any = None,
                 operations: Any = None) -> Path:  # fmt: skip
    """Write ``support-<terminal>-<time>.zip`` into ``folder``; return its path.

    Raises:
        OSError: the folder is missing or not writable (a USB stick not mounted).
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder} is not mounted (no such folder)")
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = folder / f"support-{cfg.branch.terminal_id}-{stamp}.zip"
    verdict: dict[str, Any] = {"checked": False}
    if journal is not None:
        v = journal.verify()
        verdict = {"checked": True, "ok": v.ok, "count": v.count,
                   "first_bad_seq": v.first_bad_seq, "reason": v.reason}  # fmt: skip
    files: dict[str, str] = {
        "configuration.json": json.dumps(config_without_secrets(cfg), indent=2,
                                         ensure_ascii=False),  # fmt: skip
        "versions.json": json.dumps(versions(), indent=2),
        "journal_verify.json": json.dumps(verdict, indent=2),
        "outbox.json": json.dumps(_outbox_summary(cfg), indent=2, ensure_ascii=False),
        "logs/terminal.log": _redacted_log(cfg.log.file),
    }
    if operations is not None:
        files["status_history.json"] = json.dumps(operations.history.entries(), indent=2)
        files["counters.json"] = json.dumps(operations.counters.snapshot(), indent=2)
        files["operations.json"] = json.dumps({"events_queued": operations.events.depth(),
                                               "last_core_probe": operations.last_core_probe},
                                              indent=2, default=str)  # fmt: skip
    files["manifest.json"] = json.dumps({"terminal_id": cfg.branch.terminal_id,
                                         "created": stamp, "files": sorted(files)}, indent=2)
    tmp = target.with_suffix(".part")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in files.items():
            zf.writestr(name, text)
    with open(tmp, "rb+") as f:  # on the stick before we say it is there
        os.fsync(f.fileno())
    tmp.replace(target)
    return target


def check_hub(hub_url: str, terminal_key: str) -> None:
    """Raise OSError unless a hub and this terminal's key are configured."""
    if not hub_url or not terminal_key:
        raise OSError("no hub configured ([operations] hub_url and terminal_key)")


def send_bundle(path: str | Path, hub_url: str, terminal_key: str,
                timeout: float = 30.0) -> dict[str, Any]:  # fmt: skip
    """Send a written bundle to the hub (``POST /api/ops/support-bundles``, the terminal key).

    Returns the hub's answer (``id``, ``name``, ``size``, ``sha256``, checked against the
    file).  Raises OSError with the reason when there is no hub, it is unreachable or it
    refuses the bundle; the file stays where it was written.
    """
    import hashlib

    import requests

    check_hub(hub_url, terminal_key)
    path = Path(path)
    data = path.read_bytes()
    try:
        resp = requests.post(f"{hub_url.rstrip('/')}/api/ops/support-bundles", data=data,
                             params={"name": path.name}, timeout=timeout,
                             headers={"Authorization": f"Bearer {terminal_key}",
                                      "Content-Type": "application/zip"})  # fmt: skip
    except requests.RequestException as exc:
        raise OSError(f"hub not reachable: {type(exc).__name__}") from exc
    if resp.status_code != 201:
        try:
            reason = resp.json().get("error", "")
        except ValueError:
            reason = ""
        raise OSError(f"the hub refused the bundle ({resp.status_code}) {reason}".rstrip())
    answer = resp.json()
    if answer.get("sha256") != hashlib.sha256(data).hexdigest():
        raise OSError("the hub's copy differs from the bundle sent")
    return answer
