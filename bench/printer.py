"""Receipt printer figures: bytes and time on the wire per receipt, render time.

Writes bench/results/printer.json.  Wire time is computed (10 bits per byte: start, 8
data, stop) and measured: the real driver prints through the simulator on a pty that
reads at the given baud rate, with the DLE EOT status checks between blocks included.
"""

from __future__ import annotations

import json
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from devices.printer import PrinterSimulator, open_printer  # noqa: E402
from devices.printer.document import Encoder  # noqa: E402
from devices.printer.render import render  # noqa: E402
from kiosk.receipts.templates import KINDS, build_receipt  # noqa: E402

DATA = {
    "account_opened": {
        "account_no": "6222020200112345678",
        "holder_name": "张三丰",
        "product": "活期储蓄",
    },
    "account_pending": {"holder_name": "张三丰"},
    "transfer_done": {
        "from_account": "6222020200112345678",
        "to_account": "6217000010012349876",
        "amount": "1234.5",
    },
    "transfer_failed": {
        "from_account": "6222020200112345678",
        "to_account": "6217000010012349876",
        "amount": "50",
        "reason": "余额不足",
    },
    "transfer_pending": {
        "from_account": "6222020200112345678",
        "to_account": "6217000010012349876",
        "amount": "20000",
    },
    "card_application": {
        "application_ref": "CA-2026-000123",
        "card_type": "借记卡",
        "ready_in_days": 5,
    },
    "appointment_ticket": {
        "ticket_no": "A017",
        "service": "个人业务",
        "slot": "14:30-15:00",
        "waiting": 3,
    },
}
BAUDS = (9600, 115200)


def measure_print(receipt, baud: int, columns: int, chinese: bool) -> float:
    with PrinterSimulator("pty", line_baudrate=baud) as sim:
        # A pty buffers ~4 KB whatever the simulated line rate, so an answer can queue
        # behind seconds of data: allow for it (a real port drains on flush()).
        printer = open_printer(sim.url, baud, columns, chinese, status_timeout=10.0)
        try:
            t0 = time.perf_counter()
            result = printer.print_document(receipt.to_document(), "bench")
            elapsed = time.perf_counter() - t0
            assert result.printed, result
        finally:
            printer.close()
    return elapsed


def main() -> None:
    rows = []
    for kind in KINDS:
        for lang in ("zh_CN", "en"):
            receipt = build_receipt(
                kind,
                lang,
                {
                    "reference": "K7-20261128-0001",
                    "time": "2026-11-28 10:00:00",
                    "terminal_id": "K7",
                    **DATA[kind],
                },
            )
            for columns, chinese in ((48, True), (32, False)):
                data = b"".join(Encoder(columns, chinese).encode(receipt.to_document()))
                renders = []
                for _ in range(3):
                    t0 = time.perf_counter()
                    render(data, paper_width_mm=80 if columns == 48 else 58)
                    renders.append(time.perf_counter() - t0)
                row = {
                    "kind": kind,
                    "language": lang,
                    "paper_mm": 80 if columns == 48 else 58,
                    "chinese": "FS & GB18030" if chinese else "raster fallback",
                    "bytes": len(data),
                    "render_png_ms": round(statistics.median(renders) * 1000, 1),
                }
                for baud in BAUDS:
                    row[f"wire_s_computed_{baud}"] = round(len(data) * 10 / baud, 3)
                    row[f"print_s_measured_{baud}"] = round(
                        measure_print(receipt, baud, columns, chinese), 3
                    )
                rows.append(row)
                print(json.dumps(row, ensure_ascii=False), flush=True)
    out = Path(__file__).resolve().parent / "results" / "printer.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({
        "what": "receipt bytes, computed wire time (10 bits/byte), measured print time "
                "through the simulator on a pty reading at the baud rate (includes DLE EOT "
                "checks between blocks), PNG render time (median of 3)",
        "machine": platform.platform(), "python": platform.python_version(), "receipts": rows,
    }, ensure_ascii=False, indent=1))  # fmt: skip
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
