"""Opening the printer from the typed configuration."""

from kiosk.config import load_config
from kiosk.receipts.service import PRINTED
from kiosk.receipts.setup import open_configured_printer
from kiosk.receipts.templates import build_receipt


def test_simulator_from_default_config(tmp_path):
    cfg = load_config(
        environ={"KIOSK_STORAGE__DATA_DIR": str(tmp_path), "KIOSK_PRINTER__PAPER_WIDTH_MM": "58"}
    )
    journal = []
    setup = open_configured_printer(cfg, lambda kind, **f: journal.append(kind), monitor=False)
    try:
        assert setup.printer.columns == 32 and setup.simulator is not None
        receipt = build_receipt(
            "appointment_ticket", "en", {"reference": "K7-1", "ticket_no": "B002"}
        )
        assert setup.service.print_receipt(receipt).outcome == PRINTED
        assert journal == ["receipt_printed"]
        assert setup.service.pending_path == tmp_path / "pending-reprints.json"
    finally:
        setup.close()
