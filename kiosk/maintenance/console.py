"""What a technician can do in the diagnostics mode, Qt-free (the screens' view-model calls it).

Every method but the status readers needs the VendorMode to be ``active`` and is journaled
as ``maintenance.action`` with the technician's id.  The methods block (devices, network,
child processes): the UI calls them on a worker thread, never on the GUI thread.

Nothing here returns customer data: device tests show statuses and counts, a card read
in the reader is shown masked, parked outbox actions by id, kind and (redacted) reason,
logs through the redaction filter, and the support bundle is checked the same way.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.config import KioskConfig
from kiosk.logs import redact_text
from kiosk.maintenance.vendor_mode import VendorMode

log = logging.getLogger(__name__)

# Why a technician discards a parked action (typed, so the journal and reports can count).
DISCARD_REASONS = ("duplicate", "settled_at_counter", "customer_withdrew", "test_action",
                   "core_fixed_manually")  # fmt: skip


class NotInMode(PermissionError):
    """A technician action was asked for while the diagnostics mode is not active."""


@dataclass
class ConsoleParts:
    """What the console talks to (the running terminal's own objects).

    Attributes:
        config: the terminal configuration.
        vendor: the VendorMode handshake.
        journal: the electronic journal.
        outbox: the durable outbox.
        operations: the OperationsService (status history, counters, events).
        printer: the receipt printer driver (``EscPosPrinter``), or None.
        reader: the ID card reader, or None.
        camera_factory: makes the customer camera (picklable: it runs in a child process).
        isolated: the identity helper process (OCR), or None.
        core_url: the core bank's URL now.
    """

    config: KioskConfig
    vendor: VendorMode | None = None
    journal: Any = None
    outbox: Any = None
    operations: Any = None
    printer: Any = None
    reader: Any = None
    camera_factory: Callable[[], Any] | None = None
    isolated: Any = None
    core_url: Callable[[], str] = field(default=lambda: "")


class MaintenanceConsole:
    """The diagnostics mode's actions over :class:`ConsoleParts`."""

    def __init__(self, parts: ConsoleParts) -> None:
        if parts.vendor is None:
            raise ValueError("the console needs the VendorMode (DiagnosticsMode.build makes one)")
        self.p = parts
        self.vendor: VendorMode = parts.vendor

    # -- bookkeeping -------------------------------------------------------------------------
    def _technician(self) -> str:
        if not self.vendor.active:
            raise NotInMode("the diagnostics mode is not active")
        return self.vendor.technician

    def _record(self, action: str, result: str, **extra: Any) -> None:
        technician = self.vendor.technician or "-"
        if self.p.journal is not None:
            from kiosk.journal import PersonalDataError

            try:
                self.p.journal.append("maintenance.action", technician=technician,
                                      action=action, result=result, **extra)  # fmt: skip
            except PersonalDataError:  # an action id with a long run of digits: its hash
                hash_id = getattr(self.p.journal, "hash_id", None)
                safe = {k: hash_id(str(v)) if hash_id else "<withheld>" for k, v in extra.items()}
                self.p.journal.append("maintenance.action", technician=technician,
                                      action=action, result=result, **safe)  # fmt: skip
            except Exception:
                log.exception("maintenance action not journaled: %s", action)
        ops = self.p.operations
        if ops is not None:
            fields = {"technician": technician, "action": action, "result": result}
            if "reason_code" in extra:
                fields["reason_code"] = extra["reason_code"]
            ops.recorder.emit("maintenance.action", **fields)

    # -- status ------------------------------------------------------------------------------
    def devices(self) -> dict[str, Any]:
        """Each device's current status and its history of changes (oldest first)."""
        ops = self.p.operations
        if ops is None:
            return {}
        current = ops.history.current()
        return {name: {"status": status, "history": ops.history.entries(name)}
                for name, status in sorted(current.items())}  # fmt: skip

    def reachability(self) -> dict[str, Any]:
        """Core bank and hub: reachable or not, and how long they took to answer."""
        from kiosk.diagnostics.probes import probe_corebank

        out: dict[str, Any] = {}
        url = self.p.core_url()
        out["core"] = probe_corebank(url, self.p.config) if url else {"url": None,
                                                                      "reachable": False}
        out["hub"] = probe_hub(self.p.config.operations.hub_url or self.p.config.hub.url)
        return out

    # -- device tests ------------------------------------------------------------------------
    def print_test_receipt(self) -> dict[str, Any]:
        """Print a test page; return what went out, as text and as a PNG rendering."""
        from devices.printer.document import Columns, Cut, Document, Feed, Line, Qr, Rule
        from devices.printer.render import render

        technician = self._technician()
        printer = self.p.printer
        if printer is None:
            self._record("print_test", "no_printer")
            return {"printed": False, "reason": "no_printer"}
        cfg = self.p.config
        now = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
        doc = Document([
            Line("TEST RECEIPT", "center", bold=True, size=2), Line("测试小票", "center"),
            Rule(), Columns("Terminal", cfg.branch.terminal_id), Columns("Branch", cfg.branch.name),
            Columns("Technician", technician), Columns("Time", now), Rule(),
            Line("ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789"), Line("中文打印测试 汉字"),
            Qr(f"branch-kiosk test {cfg.branch.terminal_id}"), Feed(3), Cut(),
        ])  # fmt: skip
        blocks = printer.encoder.encode(doc)
        result = printer.print_blocks(blocks, f"test-{int(time.time())}")
        rendering = render(b"".join(blocks), paper_width_mm=cfg.printer.paper_width_mm)
        status = (result.status_after or printer.status).as_dict()
        self._record("print_test", result.state)
        return {"printed": result.printed, "state": result.state, "reason": result.reason,
                "status": status, "text": rendering.text,
                "png": rendering.png_bytes()}  # fmt: skip

    def camera_test(self, seconds: float = 2.0) -> dict[str, Any]:
        """Frame rate, face boxes and a preview JPEG with the boxes drawn."""
        from kiosk.maintenance.camera_check import run_in_child

        self._technician()
        if self.p.camera_factory is None:
            self._record("camera_test", "no_camera")
            return {"ok": False, "reason": "no_camera"}
        try:
            out = run_in_child(self.p.camera_factory, seconds)
        except Exception as exc:  # the camera failing is the answer, not a crash
            self._record("camera_test", "failed")
            return {"ok": False, "reason": f"{type(exc).__name__}: {exc}"}
        self._record("camera_test", "ok" if out["ok"] else "no_frames", faces=len(out["faces"]))
        return out

    def read_card(self) -> dict[str, Any]:
        """Read the card on the reader; show that it read and its checks, never its data."""
        from kiosk.identity.idnumber import is_valid  # GB 11643 check digit

        self._technician()
        reader = self.p.reader
        if reader is None:
            self._record("card_read", "no_reader")
            return {"ok": False, "reason": "no_reader"}
        try:
            record = reader.read()
        except Exception as exc:
            self._record("card_read", "failed")
            return {"ok": False, "reason": type(exc).__name__,
                    "status": reader.status.as_dict()}  # fmt: skip
        text, photo_bytes = record.text, len(record.photo_wlt)
        number = str(getattr(text, "id_number", "") or "")
        filled = [k for k, v in vars(text).items() if v not in (None, "")]
        del text, record  # nothing of the card outlives this call
        self._record("card_read", "ok")
        return {"ok": True, "fields_present": sorted(filled), "photo_bytes": photo_bytes,
                "id_number_valid": bool(number) and is_valid(number),
                "status": reader.status.as_dict()}  # fmt: skip

    def ocr_sample(self, seed: int = 7) -> dict[str, Any]:
        """OCR a built-in fictitious specimen card; how many fields came out right."""
        from devices.idcard.specimen import generate

        self._technician()
        if self.p.isolated is None:
            self._record("ocr_sample", "no_ocr")
            return {"ok": False, "reason": "no_ocr"}
        specimen = generate(seed)
        expected = specimen.person.front_fields()
        started = time.perf_counter()
        try:
            read = self.p.isolated.read_image(specimen.front)
        except Exception as exc:
            self._record("ocr_sample", "failed")
            return {"ok": False, "reason": f"{type(exc).__name__}: {exc}"}
        fields = dict(getattr(read, "fields", {}) or {})
        right = sorted(k for k, v in expected.items() if str(fields.get(k, "")) == str(v))
        self._record("ocr_sample", "ok", right=len(right), of=len(expected))
        return {"ok": True, "kind": getattr(read, "kind", None), "fields_right": right,
                "fields_total": len(expected),
                "seconds": round(time.perf_counter() - started, 2)}  # fmt: skip

    # -- outbox ------------------------------------------------------------------------------
    def outbox(self) -> dict[str, Any]:
        """Counts per state and the parked actions (id, kind, code, redacted reason)."""
        from kiosk.outbox.command import parked_items

        box = self.p.outbox
        if box is None:
            return {"counts": {}, "parked": []}
        items = parked_items(box.parked())
        for item in items:
            item["reason"] = redact_text(str(item["reason"] or ""))
        return {"counts": box.counts(), "parked": items}

    def retry(self, action_id: str) -> bool:
        """Send a parked action again (new idempotency keys)."""
        self._technician()
        ok = bool(self.p.outbox.requeue(action_id))
        self._record("outbox_retry", "ok" if ok else "not_parked", outbox_action=action_id)
        return ok

    def discard(self, action_id: str, reason_code: str) -> bool:
        """Give up a parked action for a typed reason (one of ``DISCARD_REASONS``)."""
        self._technician()
        if reason_code not in DISCARD_REASONS:
            raise ValueError(f"reason must be one of {DISCARD_REASONS}")
        ok = bool(self.p.outbox.discard(action_id, f"discarded.{reason_code}",
                                        f"discarded by technician {self.vendor.technician}"))
        self._record("outbox_discard", "ok" if ok else "not_parked", outbox_action=action_id,
                     reason_code=reason_code)  # fmt: skip
        return ok

    # -- counters and logs -------------------------------------------------------------------
    def counters(self) -> dict[str, Any]:
        """Counts since the last reset."""
        ops = self.p.operations
        return ops.counters.snapshot() if ops is not None else {"values": {}}

    def reset_counters(self) -> dict[str, Any]:
        """Reset the counters (journaled with what they were)."""
        self._technician()
        before = self.p.operations.counters.reset()
        self._record("counters_reset", "ok", counted=sum(before["values"].values()))
        return before

    def logs(self, lines: int = 200) -> list[str]:
        """The last ``lines`` lines of the log file, redacted again (belt and braces)."""
        return tail_redacted(self.p.config.log.file, lines)

    def export_bundle(self, target: str | Path | None = None) -> Path:
        """Write the support bundle to the USB mount (or ``target``); return the file."""
        from kiosk.maintenance.bundle import write_bundle

        self._technician()
        folder = Path(target or self.p.config.maintenance.usb_mount)
        try:
            path = write_bundle(self.p.config, folder, self.p.journal, self.p.operations)
        except Exception as exc:
            self._record("bundle_export", "failed")
            raise OSError(f"support bundle not written to {folder}: {exc}") from exc
        self._record("bundle_export", "ok")
        return path

    def send_bundle(self) -> dict[str, Any]:
        """Write the support bundle in the data folder and send it to the hub.

        The file stays in ``data_dir/bundles`` when the hub cannot take it (then
        :meth:`export_bundle` still puts one on a USB stick).
        """
        from kiosk.maintenance.bundle import check_hub, send_bundle, write_bundle

        self._technician()
        ops = self.p.config.operations
        try:
            check_hub(ops.hub_url, ops.terminal_key)
            folder = self.p.config.data_path("bundles")
            folder.mkdir(mode=0o700, exist_ok=True)
            path = write_bundle(self.p.config, folder, self.p.journal, self.p.operations)
            answer = send_bundle(path, ops.hub_url, ops.terminal_key)
        except Exception as exc:
            self._record("bundle_send", "failed")
            raise OSError(f"support bundle not sent to the hub: {exc}") from exc
        path.unlink(missing_ok=True)  # the hub holds it now
        self._record("bundle_send", "ok", bundle=answer["id"])
        return answer


def probe_hub(url: str) -> dict[str, Any]:
    """GET the hub's base URL: reachable (any HTTP answer) and the latency."""
    import requests

    if not url:
        return {"url": None, "reachable": False, "note": "no hub configured"}
    started = time.perf_counter()
    try:
        resp = requests.get(url.rstrip("/") + "/", timeout=(2.0, 3.0))
    except requests.RequestException as exc:
        return {"url": url, "reachable": False, "error": type(exc).__name__}
    return {"url": url, "reachable": True, "status": resp.status_code,
            "latency_ms": round((time.perf_counter() - started) * 1000, 1)}  # fmt: skip


def tail_redacted(file: str, lines: int = 200) -> list[str]:
    """Last lines of a log file through :func:`kiosk.logs.redact_text`."""
    if not file:
        return []
    try:
        with Path(file).expanduser().open("rb") as f:
            f.seek(0, 2)
            f.seek(max(0, f.tell() - 256 * 1024))
            text = f.read().decode("utf-8", "replace")
    except OSError:
        return []
    return [redact_text(line) for line in text.splitlines()[-lines:]]
