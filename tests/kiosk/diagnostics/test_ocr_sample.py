"""The diagnostics mode's "OCR a sample card": a built-in fictitious specimen read by the
terminal's own identity helper process (real RapidOCR), scored field by field."""

from __future__ import annotations

import json

from devices.idcard.specimen import generate
from kiosk.config import KioskConfig
from kiosk.devices_io.identity_process import IsolatedIdentity
from kiosk.maintenance.console import ConsoleParts, MaintenanceConsole
from kiosk.maintenance.vendor_mode import VendorMode


def test_ocr_sample_reads_the_specimen_and_shows_only_the_score():
    helper = IsolatedIdentity()
    helper.start()
    try:
        vendor = VendorMode(lambda: False)
        vendor.request("T01")
        console = MaintenanceConsole(ConsoleParts(KioskConfig(), vendor, isolated=helper))
        out = console.ocr_sample(seed=7)
    finally:
        helper.stop()
    person = generate(7).person.front_fields()
    assert out["ok"] and out["kind"] == "cn-id" and out["fields_total"] == len(person)
    assert {"id_number", "name"} <= set(out["fields_right"])  # the engine's measured strength
    shown = json.dumps(out, ensure_ascii=False)
    assert person["id_number"] not in shown and person["name"] not in shown
