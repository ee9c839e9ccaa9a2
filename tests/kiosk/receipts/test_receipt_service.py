"""ReceiptService against the real driver and the simulator: fallback and duplicate reprint."""

import json
import time

import pytest

from devices.printer import PrinterSimulator, open_printer
from kiosk.receipts.service import OFFER_E_RECEIPT, PRINTED, REPRINTED_DUPLICATE, ReceiptService
from kiosk.receipts.templates import build_receipt

ACCOUNT = "6222020200112345678"


def receipt(ref="K7-20261128-0042"):
    return build_receipt("transfer_done", "zh_CN", {
        "reference": ref, "from_account": ACCOUNT, "to_account": "6217000010012349876",
        "amount": "88.00", "time": "2026-11-28 10:00:00",
    })  # fmt: skip


@pytest.fixture
def rig(tmp_path):
    sim = PrinterSimulator("pty")
    sim.start()
    printer = open_printer(sim.url, 115200, 48, True, status_timeout=1.0)
    journal = []
    service = ReceiptService(
        printer, lambda kind, **f: journal.append((kind, f)), tmp_path / "pending.json"
    )
    yield sim, printer, service, journal
    service.close()
    printer.close()
    sim.stop()


def wait_for(cond, timeout=8.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(0.01)
    return False


def dup_count(pages):
    return sum("DUPLICATE / 重打" in p.lines for p in pages)


def test_printed(rig):
    sim, _, service, journal = rig
    out = service.print_receipt(receipt())
    assert out.outcome == PRINTED and out.job_id == "K7-20261128-0042-1"
    assert wait_for(lambda: len(sim.pages) == 1)
    assert "****5678" in sim.pages[0].text and ACCOUNT not in sim.pages[0].text
    assert journal == [
        (
            "receipt_printed",
            {
                "reference": "K7-20261128-0042",
                "receipt_kind": "transfer_done",
                "job_id": "K7-20261128-0042-1",
                "bytes": journal[0][1]["bytes"],
            },
        )
    ]


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        ("paper_out", "paperOut"),
        ("cover_open", "coverOpen"),
        ("silent", "noResponse"),
        ("cutter_jam", "paperJammed"),
    ],
)
def test_fault_before_printing_offers_e_receipt(rig, fault, reason):
    sim, _, service, journal = rig
    if fault == "paper_out":
        sim.faults.paper = "out"
    else:
        setattr(sim.faults, fault, True)
    out = service.print_receipt(receipt())
    assert out.outcome == OFFER_E_RECEIPT and out.reason == reason and not out.reprint_pending
    assert out.qr_payload == "https://e-receipt.invalid/r/K7-20261128-0042"
    assert journal[-1][0] == "receipt_not_printed" and journal[-1][1]["offered"] == "e_receipt"
    assert journal[-1][1]["reason"] == reason
    assert service.pending == []
    time.sleep(0.1)
    assert sim.pages == []


def test_paper_out_mid_receipt_reprints_once_marked_duplicate(rig, tmp_path):
    sim, printer, service, journal = rig
    sim.faults.paper_out_after = 300
    out = service.print_receipt(receipt())
    assert out.outcome == OFFER_E_RECEIPT and out.reason == "paperOut" and out.reprint_pending
    assert journal[-1][0] == "receipt_interrupted"
    assert service.pending == ["K7-20261128-0042"]
    assert json.loads((tmp_path / "pending.json").read_text())[0]["duplicate"] is True
    assert service.retry_pending() == []  # still no paper: nothing happens
    sim.load_paper()
    outs = service.retry_pending()
    assert [o.outcome for o in outs] == [REPRINTED_DUPLICATE]
    assert service.retry_pending() == [] and service.pending == []
    assert wait_for(lambda: len(sim.pages) == 1)
    time.sleep(0.2)
    assert len(sim.pages) == 1 and dup_count(sim.pages) == 1  # printed again exactly once
    assert len(sim.torn) == 1 and dup_count(sim.torn) == 0
    assert [k for k, _ in journal] == ["receipt_interrupted", "receipt_reprinted"]
    assert json.loads((tmp_path / "pending.json").read_text()) == []


def test_pending_reprint_survives_a_restart(rig, tmp_path):
    sim, printer, service, journal = rig
    sim.faults.paper_out_after = 300
    service.print_receipt(receipt())
    service.close()
    sim.load_paper()
    again = ReceiptService(printer, None, tmp_path / "pending.json")
    assert again.pending == ["K7-20261128-0042"]
    # The next customer's receipt: the pending duplicate goes first, then the new one.
    out = again.print_receipt(receipt("K7-20261128-0043"))
    assert out.outcome == PRINTED
    assert wait_for(lambda: len(sim.pages) == 2)
    assert dup_count(sim.pages) == 1 and "K7-20261128-0043" in sim.pages[1].text


def test_auto_reprint_when_the_printer_recovers(rig, tmp_path):
    sim, printer, _, _ = rig
    journal = []
    service = ReceiptService(printer, lambda kind, **f: journal.append(kind), auto_reprint=True)
    sim.faults.paper_out_after = 300
    assert service.print_receipt(receipt()).reprint_pending
    printer.start_monitor(interval=0.05)
    try:
        sim.load_paper()
        assert wait_for(lambda: "receipt_reprinted" in journal)
        time.sleep(0.3)
        assert dup_count(sim.pages) == 1 and journal.count("receipt_reprinted") == 1
    finally:
        printer.stop_monitor()
        service.close()


def test_reprint_interrupted_again_stays_pending_and_marked(rig):
    sim, _, service, journal = rig
    sim.faults.paper_out_after = 300
    service.print_receipt(receipt())
    sim.load_paper()
    sim.faults.paper_out_after = 200
    assert service.retry_pending() == []
    assert service.pending == ["K7-20261128-0042"] and journal[-1][0] == "receipt_reprint_failed"
    sim.load_paper()
    assert [o.outcome for o in service.retry_pending()] == [REPRINTED_DUPLICATE]
    assert wait_for(lambda: len(sim.pages) == 1)
    assert dup_count(sim.pages) == 1
    assert all(
        "DUPLICATE / 重打" in t.lines for t in sim.torn[1:]
    )  # the second torn copy was marked too


def test_journal_failure_does_not_lose_the_receipt(rig):
    sim, printer, _, _ = rig

    def broken(kind, **fields):
        raise OSError("disk full")

    service = ReceiptService(printer, broken)
    assert service.print_receipt(receipt()).outcome == PRINTED


def test_late_paper_out_while_the_printer_still_prints_is_reprinted_once(tmp_path):
    """The job is all sent and the status was good after each block, but the roll ends
    while the printer works through its buffer: the GS ( H confirmation never comes."""
    from devices.printer.document import Encoder

    with PrinterSimulator("pty") as sim:
        sim.print_speed = 5000
        total = sum(map(len, Encoder(48).encode(receipt().to_document())))
        sim.faults.paper_out_after = total - 150
        printer = open_printer(sim.url, 115200, status_timeout=1.0, confirm_timeout=2.5)
        journal = []
        service = ReceiptService(
            printer, lambda kind, **f: journal.append(kind), tmp_path / "p.json"
        )
        try:
            out = service.print_receipt(receipt())
            assert (
                out.outcome == OFFER_E_RECEIPT and out.reprint_pending and out.reason == "paperOut"
            )
            sim.load_paper()
            assert [o.outcome for o in service.retry_pending()] == [REPRINTED_DUPLICATE]
            assert wait_for(lambda: len(sim.pages) == 1)
            time.sleep(0.2)
            assert dup_count(sim.pages) == 1 and len(sim.pages) == 1
            assert journal == ["receipt_interrupted", "receipt_reprinted"]
        finally:
            printer.close()


def test_unwritable_or_corrupt_pending_file_loses_nothing(rig, tmp_path):
    sim, printer, _, _ = rig
    corrupt = tmp_path / "corrupt.json"
    corrupt.write_text("{not json")
    service = ReceiptService(printer, None, corrupt)
    assert service.pending == [] and (tmp_path / "corrupt.corrupt").exists()
    service = ReceiptService(printer, None, tmp_path / "no" / "such" / "dir" / "p.json")
    sim.faults.paper_out_after = 300
    out = service.print_receipt(receipt())
    assert out.reprint_pending and service.pending == ["K7-20261128-0042"]  # kept in memory
    sim.load_paper()
    assert [o.outcome for o in service.retry_pending()] == [REPRINTED_DUPLICATE]


def test_pending_reprints_are_sealed_at_rest_and_old_plain_files_resealed(rig, tmp_path):
    import os

    from kiosk.security.sealing import Sealer

    sim, printer, _service, _journal = rig
    sealer = Sealer(os.urandom(32))
    path = tmp_path / "sealed.json"
    sealed = ReceiptService(printer, None, path, sealer=sealer)
    sim.faults.paper_out_after = 300
    assert sealed.print_receipt(receipt()).reprint_pending
    raw = path.read_bytes()
    assert raw.startswith(b"gcm1:")
    for clear in (ACCOUNT.encode(), b"K7-20261128-0042", b"88.00"):
        assert clear not in raw
    sim.load_paper()
    assert ReceiptService(printer, None, path, sealer=sealer).pending == ["K7-20261128-0042"]
    # Another key (or none) cannot read it: kept aside, not deleted.
    assert ReceiptService(printer, None, path, sealer=Sealer(os.urandom(32))).pending == []
    assert path.with_suffix(".corrupt").read_bytes() == raw
    # A plain file written before sealing existed is read, then written back sealed.
    plain = tmp_path / "plain.json"
    plain.write_text(json.dumps([receipt("K7-20261128-0044").marked_duplicate().as_dict()]))
    assert ReceiptService(printer, None, plain, sealer=sealer).pending == ["K7-20261128-0044"]
    assert plain.read_bytes().startswith(b"gcm1:") and b"K7-20261128-0044" not in plain.read_bytes()
