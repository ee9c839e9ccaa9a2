"""Runs one full account-opening session with a fictitious customer on a terminal built by
``kiosk.terminal.terminal_bank`` (data folder secured, demo keys, sealed storage), its receipt
cut short by the paper running out (a pending reprint on disk), then exits.

``python session_worker.py DATA_DIR CORE_DB``; HOME and TMPDIR are set by the test.
"""

from __future__ import annotations

import sys

from kiosk.config import load_config
from kiosk.flows.open_account import OpenAccountJourney
from kiosk.receipts.journey_adapter import ReceiptsAdapter
from kiosk.receipts.setup import open_configured_printer
from kiosk.sandbox.store import cn_id
from kiosk.terminal import terminal_bank

CUSTOMER = {
    "name": "司马晴川", "sex": "女", "birth_date": "1987-06-05",
    "address": "浙江省杭州市西湖区虚构路88号", "id_number": cn_id("33010619870605002"),
    "valid_to": "2037-01-01",
}  # fmt: skip
MOBILE, NEW_ADDRESS, OCCUPATION = "13655501297", "浙江省杭州市西湖区假想街17号", "天文学家"


def main(data_dir: str, core_db: str) -> int:
    cfg = load_config(environ={"KIOSK_STORAGE__DATA_DIR": data_dir, "KIOSK_SANDBOX__DB": core_db})
    bank = terminal_bank(cfg)
    # The configured (virtual) printer, whose paper runs out mid-receipt: the receipt, with
    # the customer's name and account, waits on disk as a pending reprint.
    setup = open_configured_printer(cfg, bank.journal.append, monitor=False, sealer=bank.sealer)
    setup.simulator.faults.paper_out_after = 120
    receipts = ReceiptsAdapter(setup.service, cfg.branch.name, cfg.branch.terminal_id)
    try:
        j = OpenAccountJourney(bank.deps(receipts=receipts))
        j.document_read("cn-id", dict(CUSTOMER), source="chip")
        assert j.submit_details(MOBILE, NEW_ADDRESS, OCCUPATION), j.errors
        j.face_result(True, "", 0.3)
        assert j.accept_terms(True, b"<svg>signed-by-sima</svg>")
        assert j.submit() == "done"
        print("ACCOUNT", j.data["account_no"], flush=True)
        receipt = j.print_receipt()
        assert not receipt["printed"] and setup.service.pending, receipt
        print("PENDING", len(setup.service.pending), flush=True)
        j.finish()
        j.wipe()
    finally:
        setup.close()
        bank.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
